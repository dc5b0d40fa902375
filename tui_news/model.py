"""The article model: the one JSON shape that the loader, the store, the CLI and tests share.

An `Article` is frozen and holds only cleaned text. `ArticleSummary` is the same article without
its body: what the list and the search index need, kept small so that 100,000 of them fit in
memory and load fast. `ArticleState` is what the user did with an article; it lives in its own
file (see `store`) and never in the article data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast, overload

BlockKind = Literal["paragraph", "heading", "quote", "caption", "list_item"]
BLOCK_KINDS: frozenset[str] = frozenset({"paragraph", "heading", "quote", "caption", "list_item"})

#: Words per minute used for `reading_minutes`; the usual figure for adult silent reading.
WORDS_PER_MINUTE = 230
#: The orders a list of articles can be shown in.
SORTS: tuple[str, ...] = ("date", "title", "source")


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Mentions:
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        return {
            "people": list(self.people),
            "places": list(self.places),
            "organizations": list(self.organizations),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Mentions:
        if not isinstance(data, Mapping):
            return cls()
        return cls(
            people=_str_tuple(data.get("people")),
            places=_str_tuple(data.get("places")),
            organizations=_str_tuple(data.get("organizations")),
        )


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """Everything about an article except its body: one row of the list and the search index."""

    id: str
    title: str
    dek: str | None = None
    category: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    mentions: Mentions = field(default_factory=Mentions)
    word_count: int = 0
    reading_minutes: int = 0
    origin: str | None = None
    #: The first words of the body, for search snippets and previews.
    lead: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "dek": self.dek,
            "category": self.category,
            "byline": self.byline,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "tags": list(self.tags),
            "mentions": self.mentions.to_dict(),
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "origin": self.origin,
            "lead": self.lead,
        }

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> ArticleSummary:
        """Fast path for dicts the store wrote with `to_dict` (start-up builds 100,000 of these).

        Anything not of that exact shape (a hand-edited or older store) takes `from_dict`.
        """
        try:
            mentions = data["mentions"]
            summary = cls(
                data["id"], data["title"], data["dek"], data["category"], data["byline"],
                data["published"], data["source"], data["url"], tuple(data["tags"]),
                Mentions(tuple(mentions["people"]), tuple(mentions["places"]), tuple(mentions["organizations"])),
                data["word_count"], data["reading_minutes"], data["origin"], data["lead"],
            )  # fmt: skip
        except (KeyError, TypeError):
            return cls.from_dict(data)
        if type(summary.id) is not str or type(summary.title) is not str:
            return cls.from_dict(data)
        return summary

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleSummary:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or ""),
            dek=_opt_str(data.get("dek")),
            category=_opt_str(data.get("category")),
            byline=_opt_str(data.get("byline")),
            published=_opt_str(data.get("published")),
            source=_opt_str(data.get("source")),
            url=_opt_str(data.get("url")),
            tags=_str_tuple(data.get("tags")),
            mentions=Mentions.from_dict(data.get("mentions")),
            word_count=_int(data.get("word_count")),
            reading_minutes=_int(data.get("reading_minutes")),
            origin=_opt_str(data.get("origin")),
            lead=str(data.get("lead") or ""),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """A whole article. `to_dict()` is the public JSON contract (`tui-news parse FILE --json`)."""

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    dek: str | None = None
    category: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    mentions: Mentions = field(default_factory=Mentions)
    origin: str | None = None

    @property
    def word_count(self) -> int:
        return count_words(self.blocks)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    @property
    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def content_key(self) -> str:
        """A digest of what a reader sees; two files with the same key hold the same article."""
        from hashlib import blake2b  # (imported when used: it loads OpenSSL, ~10 ms)

        # The title, then each block after a NUL: one string, encoded once.
        text = "\x00".join([self.title.casefold(), *[block.text for block in self.blocks]])
        return blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def summary(self) -> ArticleSummary:
        words = self.word_count
        return ArticleSummary(
            id=self.id,
            title=self.title,
            dek=self.dek,
            category=self.category,
            byline=self.byline,
            published=self.published,
            source=self.source,
            url=self.url,
            tags=self.tags,
            mentions=self.mentions,
            word_count=words,
            reading_minutes=reading_minutes(words),
            origin=self.origin,
            lead=_lead(self.blocks),
        )

    def to_dict(self) -> dict[str, Any]:
        data = self.summary().to_dict()
        del data["lead"]
        # The contract's order: blocks come before the figures derived from them.
        tail = {key: data.pop(key) for key in ("word_count", "reading_minutes", "origin")}
        data["blocks"] = [block.to_dict() for block in self.blocks]
        data.update(tail)
        return data

    @classmethod
    def from_summary(cls, summary: ArticleSummary, blocks: tuple[Block, ...]) -> Article:
        return cls(
            id=summary.id,
            title=summary.title,
            blocks=blocks,
            dek=summary.dek,
            category=summary.category,
            byline=summary.byline,
            published=summary.published,
            source=summary.source,
            url=summary.url,
            tags=summary.tags,
            mentions=summary.mentions,
            origin=summary.origin,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Build from a trusted dict (one the store wrote). Untrusted input goes through the loader."""
        blocks = tuple(
            Block(cast(BlockKind, b["kind"]), str(b["text"]))
            for b in data.get("blocks") or ()
            if isinstance(b, Mapping) and b.get("kind") in BLOCK_KINDS
        )
        return cls.from_summary(ArticleSummary.from_dict(data), blocks)


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the user did with one article. Kept apart from article data, keyed by article id."""

    read: bool = False
    starred: bool = False
    #: Scroll offset in the reader, in lines from the top.
    position: int = 0
    #: ISO 8601 time the article was last opened, or None.
    last_opened: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "starred": self.starred,
            "position": self.position,
            "last_opened": self.last_opened,
        }

    @classmethod
    def from_store(cls, data: Any) -> ArticleState:
        """Fast path for entries the store wrote with `to_dict` (100,000 marks are read at
        start): anything not of that exact shape takes `from_dict`."""
        if data.__class__ is dict:
            read = data.get("read")
            starred = data.get("starred")
            position = data.get("position")
            last_opened = data.get("last_opened")
            if (
                read.__class__ is bool
                and starred.__class__ is bool
                and position.__class__ is int
                and position >= 0
                and (last_opened is None or (last_opened.__class__ is str and last_opened))
            ):
                return cls(read, starred, position, last_opened)
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> ArticleState:
        if not isinstance(data, Mapping):
            return cls()
        return cls(
            read=bool(data.get("read", False)),
            starred=bool(data.get("starred", False)),
            position=max(0, _int(data.get("position"))),
            last_opened=_opt_str(data.get("last_opened")),
        )


_T = TypeVar("_T")


class States(MutableMapping[str, ArticleState]):
    """The user's marks by article id, from the state file's table (JSON values): each made into
    an `ArticleState` when first asked for.

    A state file holds a mark for every article read, 100,000 after years of reading; making
    them all when the app starts took ~0.3 s of every start. `flagged` says which are read or
    starred (the counts, the unread filter) from the table, without making any.
    """

    __slots__ = ("_made", "_table")

    def __init__(self, table: dict[str, Any] | None = None) -> None:
        self._table: dict[str, Any] = {} if table is None else table
        self._made: dict[str, ArticleState] = {}

    @property
    def table(self) -> dict[str, Any]:
        """The marks as the state file holds them (not a copy)."""
        return self._table

    def __getitem__(self, article_id: str) -> ArticleState:
        made = self._made.get(article_id)
        if made is None:
            made = self._made[article_id] = ArticleState.from_store(self._table[article_id])
        return made

    @overload
    def get(self, article_id: str, /) -> ArticleState | None: ...
    @overload
    def get(self, article_id: str, default: ArticleState | _T, /) -> ArticleState | _T: ...
    def get(self, article_id: str, default: object = None, /) -> object:
        made = self._made.get(article_id)
        if made is not None:
            return made
        return self[article_id] if article_id in self._table else default

    def __setitem__(self, article_id: str, state: ArticleState) -> None:
        self._table[article_id] = state.to_dict()
        self._made[article_id] = state

    def __delitem__(self, article_id: str) -> None:
        del self._table[article_id]
        self._made.pop(article_id, None)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def copy(self) -> States:
        """Another mapping of the same marks (what is made so far shared: it is immutable)."""
        other = States(dict(self._table))
        other._made = dict(self._made)
        return other

    def flagged(self, flag: Literal["read", "starred"]) -> list[str]:
        """The ids whose mark has `flag` set, as `ArticleState.from_dict` reads it."""
        # A snapshot first (one C call): a search in a worker thread asks this while the UI
        # thread may mark an article, and a dict must not change size under a Python loop.
        return [
            article_id
            for article_id, entry in list(self._table.items())
            if entry.__class__ is dict and entry.get(flag, False)
        ]


def flagged(states: Mapping[str, ArticleState], flag: Literal["read", "starred"]) -> list[str]:
    """The ids of `states` whose mark has `flag` set: from the table when it is `States`."""
    if isinstance(states, States):
        return states.flagged(flag)
    return [article_id for article_id, state in list(states.items()) if getattr(state, flag)]


def make_article_id(key: str) -> str:
    """A stable id from a source key (a url, a feed guid, a file path): same key, same id."""
    from hashlib import blake2b

    return blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def counted(count: int, noun: str) -> str:
    """'1 article', '2,000 articles': a count with its noun, singular for one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def count_words(blocks: Iterable[Block]) -> int:
    """The words of all blocks: what `str.split()` would count, without making the words."""
    # Joined by a newline, which splits like the gap between two blocks.
    return count_split_words("\n".join([block.text for block in blocks]))


#: Each ASCII byte as b" " when `str.split` splits at it, else b"x"; every other byte b"x".
_WORD_BYTES = bytes(0x20 if chr(b).isspace() else 0x78 for b in range(128)) + b"x" * 128
_ASCII_BYTES = bytes(range(128))


def beyond_ascii(utf8: bytes) -> str:
    """The characters of UTF-8 text (`surrogatepass`) that are not ASCII, in order, in two C
    passes: UTF-8 spends no ASCII byte on them, so dropping the ASCII bytes leaves theirs."""
    return utf8.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def count_split_words(text: str) -> int:
    """`len(text.split())`, counted in C passes over the UTF-8 bytes (no list of words)."""
    raw = text.encode("utf-8", "surrogatepass")
    # Whitespace beyond ASCII (no-break spaces...) is more than one byte: count the slow way.
    if not text.isascii() and any(char.isspace() for char in set(beyond_ascii(raw))):
        return len(text.split())
    marks = raw.translate(_WORD_BYTES)
    return marks.count(b" x") + marks.startswith(b"x")


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def _lead(blocks: Iterable[Block], limit: int = 240) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            text = block.text
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text or None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _str_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if isinstance(v, str | int | float) and str(v))


def sort_summaries(rows: Iterable[ArticleSummary], sort: str) -> list[ArticleSummary]:
    """Rows in one of `SORTS`: date (newest first, undated last), title, or source."""
    rows = list(rows)
    order = sort_positions(
        [s.title for s in rows],
        [s.published for s in rows],
        [s.source or s.category for s in rows],
        sort,
    )
    return [rows[i] for i in order]


def sort_positions(
    titles: Sequence[str],
    published: Sequence[str | None],
    sources: Sequence[str | None],
    sort: str,
) -> list[int]:
    """The positions of rows in one of `SORTS`, from their columns (the store precomputes these).

    date: newest first, undated after dated ones by title; title: A to Z ignoring case;
    source: by source (else category), then title.
    """
    n = len(titles)
    if sort == "title":
        folded = [t.casefold() for t in titles]
        return sorted(range(n), key=folded.__getitem__)
    if sort == "source":
        keys = [((sources[i] or "~").casefold(), titles[i].casefold()) for i in range(n)]
        return sorted(range(n), key=keys.__getitem__)
    dated = [i for i in range(n) if published[i]]
    dated.sort(key=lambda i: (published[i] or "", titles[i]), reverse=True)
    undated = [i for i in range(n) if not published[i]]
    undated.sort(key=lambda i: titles[i].casefold())
    return dated + undated
