"""What a load decides once every file is walked: which articles moved, which are copies, which go.

An article id is the user's handle on an article (marks are keyed by it), so content identity
decides, within one load: an article whose file vanished (or dropped it) and whose content
appears at another origin keeps its id there, and the load reports a move. Nothing leaves the
store while the walk is still going: the file that takes an article over may come later in it.

A copy of an article another file holds is not stored twice; its file's record names the
article it copies (`same`), so that when the original goes, the copy is read again and takes
the article over. A file whose articles were given another file's ids keeps which ids it was
given (`aka`: derived id -> kept id), so that an edit after a move keeps them too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from tui_news.loader.files import SourceFile, display_path
from tui_news.store.load_report import LoadReport
from tui_news.store.prepare import (
    CK,
    ID,
    ORIGIN,
    Job,
    Outcome,
    Prepared,
    Row,
    renumbered,
    work_here,
)


@dataclass(frozen=True)
class Copy:
    """An article whose content `owner` holds, from the file of source key `skey`."""

    skey: str
    origin: str
    item: Prepared
    owner: str


@dataclass
class Pending:
    """A load's undecided articles, until `MovingLoad.settle`."""

    #: id -> the origin of the file that let it go (vanished, or no longer holds it).
    leaving: dict[str, str] = field(default_factory=dict)
    copies: list[Copy] = field(default_factory=list)
    #: The walk's unchanged files, by source key: one is read again when an article it copies
    #: or lists goes from another file.
    holding: dict[str, SourceFile] = field(default_factory=dict)
    #: Ids whose content this load changed (a copy of the old content is an article again).
    rewritten: set[str] = field(default_factory=set)
    #: (origin, ids) of the files that vanished.
    vanished: list[tuple[str, list[str]]] = field(default_factory=list)


class MovingLoad:
    """The part of a load (`building.Loader`) that settles moves, copies and removals."""

    report: LoadReport
    sources: dict[str, dict[str, Any]]
    pending: Pending

    @property
    def articles(self) -> dict[str, Row]:
        raise NotImplementedError

    def _store(self, item: Prepared) -> None:
        raise NotImplementedError

    def _put(self, item: Prepared) -> None:
        raise NotImplementedError

    def _take(self, job: Job, outcome: Outcome) -> None:
        raise NotImplementedError

    def _remove_article(self, article_id: str) -> None:
        raise NotImplementedError

    def let_go(self, article_id: str, origin: str) -> None:
        """`origin` no longer holds `article_id`: it leaves the store unless another file does."""
        self.pending.leaving.setdefault(article_id, origin)

    def settle(self) -> None:
        """Decide every article left undecided by the walk (see the module's docstring)."""
        pending = self.pending
        if pending.leaving:
            self._keep_listed()
        if pending.leaving or pending.rewritten:
            self._read_holders(set(pending.leaving) | pending.rewritten)
        for copy in pending.copies:
            self._settle_copy(copy)
        pending.copies.clear()
        removed = set(pending.leaving)
        for article_id in removed:
            self._remove_article(article_id)
        pending.leaving.clear()
        if removed:
            self._forget_copied(removed)
        for origin, ids in pending.vanished:
            if not ids or not removed.isdisjoint(ids):
                self.report.removed.append(display_path(origin))
        pending.vanished.clear()
        self.report.moved = list(dict.fromkeys(self.report.moved))

    def _forget_copied(self, removed: set[str]) -> None:
        """A file that copied a removed article and was not read again (a `forget`) is read at
        the next load, where what it holds is an article of its own."""
        for record in self.sources.values():
            same = record.get("same")
            if same and not removed.isdisjoint(same):
                record["same"] = [i for i in same if i not in removed]
                record.update(mtime_ns=None, digest=None)

    def _keep_listed(self) -> None:
        """An article another file lists (its id given by that file too) stays, moved there;
        that file is read again when the article's origin is the file that went."""
        leaving = self.pending.leaving
        listed: dict[str, str] = {}
        for skey, record in self.sources.items():
            for article_id in record.get("ids", ()):
                if article_id in leaving:
                    listed.setdefault(article_id, skey)
        for article_id, skey in listed.items():
            row = self.articles.get(article_id)
            if row is not None and row[ORIGIN] == leaving[article_id]:
                self._read_again(skey)
        for article_id in listed:
            origin = leaving.pop(article_id)
            row = self.articles.get(article_id)
            if row is not None and row[ORIGIN] and row[ORIGIN] != origin:
                self.report.moved.append((origin, str(row[ORIGIN])))

    def _read_holders(self, wanted: set[str]) -> None:
        for skey in list(self.pending.holding):
            record = self.sources.get(skey)
            if record is not None and not wanted.isdisjoint(record.get("same", ())):
                self._read_again(skey)

    def _read_again(self, skey: str) -> None:
        """Parse again an unchanged file of this load's walk (once)."""
        source = self.pending.holding.pop(skey, None)
        if source is None:
            return
        try:
            info = os.stat(source.path)
        except OSError:
            return
        job = Job(source, info, None)
        self._take(job, work_here(job))

    def _settle_copy(self, copy: Copy) -> None:
        record = self.sources[copy.skey]
        row = copy.item[0]
        owner_row = self.articles.get(copy.owner)
        if (
            owner_row is None
            or owner_row[CK] != row[CK]
            or (row[ID] == copy.owner and copy.owner not in self.pending.leaving)
        ):
            # What it copied is gone or was rewritten: an article of its own. Or the same id
            # given in two files that both stay (feed snapshots): both list it, the last read
            # is its origin.
            self._put(copy.item)
            if row[ID] not in record["ids"]:
                record["ids"].append(row[ID])
        elif copy.owner in self.pending.leaving:
            moved_from = self.pending.leaving.pop(copy.owner)
            item = copy.item
            if row[ID] != copy.owner:
                item = renumbered(item, copy.owner)
                record.setdefault("aka", {})[row[ID]] = copy.owner
            self._store(item)
            record["ids"].append(copy.owner)
            self.report.moved.append((moved_from, copy.origin))
        else:
            self.report.duplicates.append((copy.origin, str(owner_row[ORIGIN] or copy.owner)))
            same = record.setdefault("same", [])
            if copy.owner not in same:
                same.append(copy.owner)
