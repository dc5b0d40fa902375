"""What the user did with each article: `ArticleState`, and `States`, the marks by article id. It
lives in its own file (see `store`) and never in the article data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, overload

from tui_news.model.values import as_int, opt_str


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
            position=max(0, as_int(data.get("position"))),
            last_opened=opt_str(data.get("last_opened")),
        )


_T = TypeVar("_T")


class States(MutableMapping[str, ArticleState]):
    """The user's marks by article id, from the state file's table (JSON values): each made into
    an `ArticleState` when first asked for.

    A state file holds a mark for every article read, 100,000 after years of reading: too many
    to make when the app starts, which needs only the counts. `flagged` says which are read or
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
