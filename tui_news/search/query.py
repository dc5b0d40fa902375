"""The query language shared by the search screen and `tui-news search`.

Free words are matched fuzzily; `field:value` words narrow the results:
`category:`, `source:`, `tag:`, `person:`, `place:`, `is:unread`, `is:read`, `is:starred`,
`after:YYYY-MM-DD`, `before:YYYY-MM-DD`. Values with spaces go in quotes (`category:"world news"`).
A word with an unknown field (`foo:bar`) is kept as free text, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from tui_news.model import ArticleState, ArticleSummary

_TERM = re.compile(r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"?|\S*)|"(?P<phrase>[^"]*)"?|(?P<word>\S+)')
_FIELDS = frozenset({"category", "source", "tag", "person", "place", "is", "after", "before"})


@dataclass(frozen=True)
class Query:
    text: str = ""
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    unread: bool | None = None
    starred: bool | None = None
    after: str | None = None
    before: str | None = None
    #: Filter words that could not be used (`after:tomorrow`), to show the user.
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.categories
            or self.sources
            or self.tags
            or self.people
            or self.places
            or self.unread is not None
            or self.starred is not None
            or self.after
            or self.before
        )

    def matches(self, summary: ArticleSummary, state: ArticleState) -> bool:
        """Whether the filters (not the free text) let this article through."""
        if self.categories and _fold(summary.category) not in self.categories:
            return False
        if self.sources and _fold(summary.source) not in self.sources:
            return False
        if self.tags and not set(self.tags) & {_fold(t) for t in summary.tags}:
            return False
        if self.people and not _any_contains(self.people, summary.mentions.people):
            return False
        if self.places and not _any_contains(self.places, summary.mentions.places):
            return False
        if self.unread is not None and state.read == self.unread:
            return False
        if self.starred is not None and state.starred != self.starred:
            return False
        if self.after and not (summary.published and summary.published[:10] > self.after):
            return False
        return not (
            self.before and not (summary.published and summary.published[:10] < self.before)
        )

    def describe(self) -> str:
        """The filters in the query's own syntax, for showing what is active."""
        parts: list[str] = []
        for name, values in (
            ("category", self.categories),
            ("source", self.sources),
            ("tag", self.tags),
            ("person", self.people),
            ("place", self.places),
        ):
            parts.extend(f"{name}:{_quote(v)}" for v in values)
        if self.unread is True:
            parts.append("is:unread")
        if self.unread is False:
            parts.append("is:read")
        if self.starred:
            parts.append("is:starred")
        if self.after:
            parts.append(f"after:{self.after}")
        if self.before:
            parts.append(f"before:{self.before}")
        return " ".join(parts)


def parse_query(raw: str) -> Query:
    words: list[str] = []
    lists: dict[str, list[str]] = {
        "category": [],
        "source": [],
        "tag": [],
        "person": [],
        "place": [],
    }
    unread: bool | None = None
    starred: bool | None = None
    after: str | None = None
    before: str | None = None
    problems: list[str] = []
    for match in _TERM.finditer(raw):
        key = (match.group("key") or "").lower()
        if key in _FIELDS:
            value = (match.group("value") or "").strip('"').strip()
            if not value:
                continue  # still being typed
            if key in lists:
                lists[key].append(value.casefold())
            elif key == "is":
                flag = value.lower()
                if flag == "unread":
                    unread = True
                elif flag == "read":
                    unread = False
                elif flag in ("starred", "star"):
                    starred = True
                else:
                    problems.append(f"is:{value} (use is:unread, is:read or is:starred)")
            else:
                day = _parse_day(value)
                if day is None:
                    problems.append(f"{key}:{value} (use a date like 2025-06-19)")
                elif key == "after":
                    after = day
                else:
                    before = day
        elif match.group("phrase") is not None:
            words.append(match.group("phrase"))
        else:
            words.append(match.group(0))
    return Query(
        text=" ".join(w for w in words if w.strip()),
        categories=tuple(lists["category"]),
        sources=tuple(lists["source"]),
        tags=tuple(lists["tag"]),
        people=tuple(lists["person"]),
        places=tuple(lists["place"]),
        unread=unread,
        starred=starred,
        after=after,
        before=before,
        problems=tuple(problems),
    )


def _parse_day(value: str) -> str | None:
    try:
        return (
            date.fromisoformat(value[:10]).isoformat()
            if len(value) >= 10
            else (
                date(int(value), 1, 1).isoformat() if value.isdigit() and len(value) == 4 else None
            )
        )
    except ValueError:
        return None


def _fold(value: str | None) -> str:
    return (value or "").casefold()


def _any_contains(needles: tuple[str, ...], haystack: tuple[str, ...]) -> bool:
    folded = [h.casefold() for h in haystack]
    return all(any(n in h for h in folded) for n in needles)


def _quote(value: str) -> str:
    return f'"{value}"' if " " in value else value


def filter_summaries(
    summaries: Iterable[ArticleSummary], states: Mapping[str, ArticleState], query: Query
) -> list[ArticleSummary]:
    default = ArticleState()
    return [s for s in summaries if query.matches(s, states.get(s.id, default))]
