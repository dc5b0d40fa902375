"""A `Draft` made an `Article`: the id it gets and the mentions found in its text."""

from __future__ import annotations

from tui_news.loader.mentions import extract_mentions
from tui_news.loader.source import SourceFile
from tui_news.loader.structured import Draft
from tui_news.model import Article, Mentions, make_article_id


def given_article_id(given: str) -> str:
    """The id of an article whose input named one: a feed's guid is hashed (it is a url or
    any string the feed chose), any other given id is kept as it is."""
    return make_article_id(given) if given.startswith("feed:") else given


def file_article_id(source: SourceFile, index: int, many: bool) -> str:
    """The id of the `index`th article of a file whose input named none: from the file's key,
    numbered when the file holds `many` articles."""
    return make_article_id(f"{source.key}#{index}" if many else source.key)


def article_from_draft(draft: Draft, source: SourceFile, article_id: str) -> Article:
    if draft.people or draft.places or draft.organizations:
        mentions = Mentions(tuple(draft.people), tuple(draft.places), tuple(draft.organizations))
    else:
        mentions = extract_mentions([b.text for b in draft.blocks])
    return Article(
        id=article_id,
        title=draft.title,
        blocks=tuple(draft.blocks),
        dek=draft.dek,
        category=draft.category or source.folder_category,
        byline=draft.byline,
        published=draft.published,
        source=draft.source,
        url=draft.url,
        tags=tuple(draft.tags),
        mentions=mentions,
        origin=source.origin,
    )
