"""Articles: `Article` (frozen, cleaned text only) and `ArticleSummary`, the same article without
its body: what the list and the search index need, kept small so that 100,000 of them fit in
memory and load fast."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from tui_news.model.values import as_int, opt_str, str_tuple
from tui_news.model.words import count_split_words

BlockKind = Literal["paragraph", "heading", "quote", "caption", "list_item"]
BLOCK_KINDS: frozenset[str] = frozenset({"paragraph", "heading", "quote", "caption", "list_item"})

#: Words per minute used for `reading_minutes`; the usual figure for adult silent reading.
WORDS_PER_MINUTE = 230


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
            people=str_tuple(data.get("people")),
            places=str_tuple(data.get("places")),
            organizations=str_tuple(data.get("organizations")),
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
            dek=opt_str(data.get("dek")),
            category=opt_str(data.get("category")),
            byline=opt_str(data.get("byline")),
            published=opt_str(data.get("published")),
            source=opt_str(data.get("source")),
            url=opt_str(data.get("url")),
            tags=str_tuple(data.get("tags")),
            mentions=Mentions.from_dict(data.get("mentions")),
            word_count=as_int(data.get("word_count")),
            reading_minutes=as_int(data.get("reading_minutes")),
            origin=opt_str(data.get("origin")),
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
        from hashlib import blake2b  # (imported when used: it loads OpenSSL, slow at start)

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


def make_article_id(key: str) -> str:
    """A stable id from a source key (a url, a feed guid, a file path): same key, same id."""
    from hashlib import blake2b

    return blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def count_words(blocks: Iterable[Block]) -> int:
    """The words of all blocks: what `str.split()` would count, without making the words."""
    # Joined by a newline, which splits like the gap between two blocks.
    return count_split_words("\n".join([block.text for block in blocks]))


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def _lead(blocks: Iterable[Block], limit: int = 240) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            text = block.text
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""
