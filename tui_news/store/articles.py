"""The article store: the article data read (`reader.ArticleReader`) and loaded into, under
its write lock (`load`, `forget`, `rebuild`: `building.py`).

Article data is rebuildable from the folders it was loaded from; nothing here touches user
state (`state.py`). The files are laid out as `layout.py` says. A load writes every new file
under a fresh generation name first and then replaces the index, which names them: that rename
is the commit point, so a kill at any moment leaves the old store or the new one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tui_news.loader.files import Skipped, absolute_path, display_path
from tui_news.store.atomic import sweep_temp_files, write_lock
from tui_news.store.identity import refuse_non_store
from tui_news.store.layout import unstore_key
from tui_news.store.load_report import LoadReport, ProgressCallback
from tui_news.store.reader import ArticleReader, Stopped
from tui_news.store.roots import read_roots, remember_roots
from tui_news.store.storage import StoreChanged, StoreError, StoreWriteError

#: (An alias kept for callers of the old private name; new code uses `layout.shard_of`.)


class ArticleStore(ArticleReader):
    """The article data of the store at `path`: read it (`ArticleReader`), load into it."""

    def load(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Load seed files into the store: new and changed files parsed, unchanged ones skipped.

        `workers`: processes that parse files (default: one per CPU; 1 parses here)."""
        from tui_news.store.building import Loader  # (the parsers: only when a load runs)

        with self._writing(wait):
            loader = Loader(self, paths, bundled_root, progress, remember_roots, workers=workers)
            report = loader.run()
            self._remember_roots(loader.meta, report)
            return report

    def forget(
        self, roots: Sequence[Path], *, bundled_root: Path | None = None, wait: float = 10.0
    ) -> tuple[LoadReport, list[Path]]:
        """Stop loading `roots` (folders or files this store was loaded from, there or not):
        the articles of their files leave the store (unless another loaded folder holds the
        file), and no reload brings them back; user state is untouched. (The report, the
        roots that were not loaded ones.) `bundled_root`: the bundled seeds' folder, whose
        files are keyed apart (`tui-news forget` of that folder drops them)."""
        from tui_news.store.building import Loader

        with self._writing(wait):
            loader = Loader(self, [], bundled_root, None, remember_roots=False, workers=1)
            unknown = loader.forget(roots)
            self._remember_roots(loader.meta, loader.report)
            return loader.report, unknown

    @contextlib.contextmanager
    def _writing(self, wait: float) -> Iterator[None]:
        """Under the write lock, with the file as it is on disk now (another process may have
        loaded meanwhile), of this version, and no temp file a killed writer left."""
        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self.refresh()
            sweep_temp_files(self.path)
            yield

    def rebuild(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Throw the article data away and load again every folder and file the store was
        loaded from (`roots.py`: the index's list, and the one kept beside it for when the index
        is damaged), and `paths`. A root that is not there now stays remembered and is reported
        in `LoadReport.skipped`. User state is elsewhere and untouched.

        The new store is committed in one step, like any load: a kill part-way leaves the old
        store. Works on a store of another schema version or a damaged one (it replaces it),
        never on a path that is not a tui-news store (`identity.refuse_non_store`).
        """
        from tui_news.store.building import Loader, new_meta

        self._refuse_if_readonly()
        refuse_non_store(self.path)
        with write_lock(self.path, wait=wait):
            self.reread()
            sweep_temp_files(self.path)
            try:
                data = self.index.read() or {}
                previous = data.get("meta", {}).get("store")
            except StoreError:
                previous = None
            previous = previous if isinstance(previous, dict) else {}
            listed = previous.get("roots")
            known = [r for r in listed if isinstance(r, str)] if isinstance(listed, list) else []
            known = list(dict.fromkeys([*known, *(read_roots(self.path) or [])]))
            fresh = new_meta(known)
            with contextlib.suppress(TypeError, ValueError):
                fresh["generation"] = int(previous.get("generation", 0))
            there, gone = _split_roots(known)
            # What the file holds (maybe another version, maybe damaged) is not read again.
            self.hold({}, verified=True)
            loader = Loader(
                self,
                _unique([*there, *paths]),
                bundled_root,
                progress,
                remember_roots,
                fresh=fresh,
                workers=workers,
            )
            try:
                report = loader.run()
            except BaseException:
                self.reread()
                raise
            report.skipped += [
                Skipped(display_path(root), "not there now (a folder it was loaded from)")
                for root in gone
            ]
            self._remember_roots(loader.meta, report)
            return report

    def _remember_roots(self, meta: dict[str, Any], report: LoadReport) -> None:
        """Keep the roots `meta` names beside the store; a failure is a warning (the load
        itself is committed)."""
        roots = meta.get("roots")
        if not isinstance(roots, list):
            return
        try:
            remember_roots(self.path, [r for r in roots if isinstance(r, str)])
        except StoreError as error:
            report.warnings.append(
                (display_path(self.path), f"the loaded folders are not remembered apart: {error}")
            )

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise StoreWriteError(
                self.path, f"{self.path} is open read-only here: nothing can be loaded into it"
            )


def _split_roots(stored: list[str]) -> tuple[list[Path], list[Path]]:
    """The roots (stored keys) that are there now, and those that are not."""
    roots = [Path(unstore_key(r)) for r in stored]
    there = [r for r in roots if r.exists()]
    return there, [r for r in roots if r not in there]


def _unique(paths: Sequence[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in paths:
        absolute = absolute_path(path)
        if absolute not in seen:
            seen.add(absolute)
            unique.append(path)
    return unique


__all__ = ["ArticleStore", "LoadReport", "Stopped", "StoreChanged"]
