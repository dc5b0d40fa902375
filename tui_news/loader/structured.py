"""Structured inputs: Markdown with YAML front matter, JSON / JSON Lines articles, RSS and Atom.

Each reader takes already-decoded text (see `text.decode_bytes`) and returns `Draft`s: articles
before ids and mentions are settled. Every string that comes out has been through `clean_text`,
whatever the input claimed to be; the JSON schema is the one `Article.to_dict` writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson

from tui_news.loader.feed_html import html_text, html_to_blocks
from tui_news.loader.page_meta import parse_date
from tui_news.loader.scraped import parse_scraped_text
from tui_news.loader.text import clean_inline, clean_text
from tui_news.model import BLOCK_KINDS, Block

TITLE_LIMIT = 400
FIELD_LIMIT = 300
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_NOT_ID_CHARS = re.compile(r"[^A-Za-z0-9._:-]")
_URL = re.compile(r"^https?://[^\s]+$")


class FormatError(ValueError):
    """The file is of a known kind but its content is not usable; the message says why."""


@dataclass
class Draft:
    """An article as one input described it, before the loader gives it an id and mentions."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    dek: str | None = None
    category: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    #: An id the input itself gave (a JSON `id`, a feed entry's guid), if any.
    given_id: str | None = None
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    #: What was wrong in a field that was dropped (a date that is no date): warnings, not errors.
    problems: list[str] = field(default_factory=list)


def draft_from_scraped(text: str, *, title_on_first_line: bool = False) -> Draft:
    page = parse_scraped_text(text, title_on_first_line=title_on_first_line)
    return Draft(
        title=clean_inline(page.title, limit=TITLE_LIMIT),
        blocks=page.blocks,
        dek=page.dek,
        category=page.category,
        byline=page.byline,
        published=page.published,
        tags=page.tags,
    )


# --- Markdown --------------------------------------------------------------------------------


def read_markdown(text: str) -> Draft:
    meta: Mapping[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _load_front_matter(match.group(1))
        text = text[match.end() :]
    body = _strip_inline_markdown(text)
    draft = draft_from_scraped(body)
    title = _opt_field(meta.get("title"), TITLE_LIMIT)
    if title:
        if draft.title and draft.title != title:
            # The first line was not the title after all: it belongs to the body.
            draft.blocks.insert(0, Block("paragraph", draft.title))
            if draft.dek:
                draft.blocks.insert(1, Block("paragraph", draft.dek))
                draft.dek = None
        draft.title = title
    _apply_meta(draft, meta)
    return draft


def _load_front_matter(raw: str) -> Mapping[str, Any]:
    if len(raw) > 64_000:
        raise FormatError("front matter is larger than 64 KB")
    if raw.count("*") > 200 or raw.count("&") > 200:
        raise FormatError("front matter has too many YAML aliases (an alias bomb?)")
    import yaml  # imported only when a Markdown file has front matter

    try:
        data = yaml.load(raw, Loader=_front_matter_loader())  # a SafeLoader: no tags run
    except RecursionError:
        raise FormatError("front matter is nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise FormatError(f"front matter is not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise FormatError("front matter is not a mapping of fields")
    return data


@lru_cache(maxsize=1)
def _front_matter_loader() -> type:
    """YAML's safe loader with timestamps left as text: `date: 2024-02-30` would fail the whole
    front matter; as text, `parse_date` drops only the bad date."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    def timestamp_as_text(loader: FrontMatterLoader, node: yaml.Node) -> str:
        return str(node.value)

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_as_text)
    return FrontMatterLoader


def _strip_inline_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)


# --- JSON and JSON Lines ---------------------------------------------------------------------


def read_json(text: str) -> list[Draft]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise FormatError(f"not valid JSON ({_json_reason(error)})") from None
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, Mapping):
        return [draft_from_mapping(data)]
    if isinstance(data, list):
        drafts = [draft_from_mapping(item) for item in data if isinstance(item, Mapping)]
        if not drafts and data:
            raise FormatError("JSON list holds no article objects")
        return drafts
    raise FormatError(f"JSON is a {type(data).__name__}, not an article object or a list of them")


def read_json_lines(lines: Iterable[str]) -> Iterator[Draft | FormatError]:
    """One draft per good line; a `FormatError` (naming the line) in place of each bad one."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield FormatError(f"line {number}: not valid JSON ({_json_reason(error)})")
            continue
        if not isinstance(data, Mapping):
            yield FormatError(f"line {number}: a {type(data).__name__}, not an article object")
            continue
        try:
            draft = draft_from_mapping(data)
        except FormatError as error:
            yield FormatError(f"line {number}: {error}")
            continue
        for problem in draft.problems:
            yield FormatError(f"line {number}: {problem}")
        draft.problems = []
        yield draft


def _json_reason(error: orjson.JSONDecodeError) -> str:
    return clean_inline(str(error), limit=120)


def draft_from_mapping(data: Mapping[str, Any]) -> Draft:
    """An article object in the `Article.to_dict` schema; a `body`/`text` string also works."""
    title = _opt_field(data.get("title"), TITLE_LIMIT)
    blocks = _blocks_from_json(data.get("blocks"))
    if not blocks:
        for key in ("body", "text", "content"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                blocks = draft_from_scraped(
                    f"{title or 'x'}\n\n{clean_text(value)}", title_on_first_line=True
                ).blocks
                break
    if not title:
        raise FormatError("article object has no title")
    draft = Draft(title=title, blocks=blocks)
    _apply_meta(draft, data)
    mentions = data.get("mentions")
    if isinstance(mentions, Mapping):
        draft.people = _str_list(mentions.get("people"))
        draft.places = _str_list(mentions.get("places"))
        draft.organizations = _str_list(mentions.get("organizations"))
    given = data.get("id")
    if isinstance(given, str | int) and not isinstance(given, bool):
        cleaned = _NOT_ID_CHARS.sub("", str(given))[:64]
        draft.given_id = cleaned or None
    return draft


def _blocks_from_json(value: Any) -> list[Block]:
    if not isinstance(value, list):
        return []
    blocks: list[Block] = []
    for item in value:
        if type(item) is dict or isinstance(item, Mapping):  # orjson gives dicts: no ABC check
            kind = item.get("kind")
            text = item.get("text")
            if kind in BLOCK_KINDS and isinstance(text, str):
                cleaned = clean_inline(text)
                if cleaned:
                    blocks.append(Block(kind, cleaned))
        elif isinstance(item, str) and clean_inline(item):
            blocks.append(Block("paragraph", clean_inline(item)))
    return blocks


# --- RSS and Atom ----------------------------------------------------------------------------


def read_feed(data: bytes) -> list[Draft]:
    import feedparser

    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = feed.get("entries") or []
    if not entries:
        reason = feed.get("bozo_exception")
        detail = f": {clean_inline(str(reason), limit=120)}" if reason else ""
        raise FormatError(f"feed has no items{detail}")
    channel = feed.get("feed") or {}
    source = _opt_field(channel.get("title"), FIELD_LIMIT)
    drafts: list[Draft] = []
    for entry in entries:
        title = _opt_field(entry.get("title"), TITLE_LIMIT)
        html = ""
        content = entry.get("content")
        if isinstance(content, list) and content:
            html = str(content[0].get("value") or "")
        summary = str(entry.get("summary") or "")
        html = html or summary
        blocks = html_to_blocks(html)
        if not title:
            if not blocks:
                continue
            title = clean_inline(blocks[0].text, limit=120)
        dek = None
        if summary and summary != html:
            dek = _opt_field(html_text(summary), FIELD_LIMIT)
        draft = Draft(title=title, blocks=blocks, dek=dek, source=source)
        draft.url = _opt_url(entry.get("link"))
        draft.byline = _opt_field(entry.get("author"), FIELD_LIMIT)
        for key in ("published", "updated", "created"):
            value = entry.get(key)
            if isinstance(value, str) and value.strip():
                draft.published = _field_date(draft, value)
                break
        draft.tags = [
            t for t in (_opt_field(tag.get("term"), 60) for tag in entry.get("tags") or []) if t
        ]
        guid = entry.get("id") or entry.get("link")
        if isinstance(guid, str) and guid:
            draft.given_id = "feed:" + clean_inline(guid, limit=500)
        drafts.append(draft)
    return drafts


# --- shared field handling -------------------------------------------------------------------


def _apply_meta(draft: Draft, meta: Mapping[str, Any]) -> None:
    dek = (
        meta.get("dek") or meta.get("standfirst") or meta.get("description") or meta.get("summary")
    )
    draft.dek = _opt_field(dek, 600) or draft.dek
    draft.category = _opt_field(meta.get("category") or meta.get("section"), 60) or draft.category
    author = meta.get("byline") or meta.get("author")
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if isinstance(a, str))
    draft.byline = _opt_field(author, FIELD_LIMIT) or draft.byline
    draft.source = _opt_field(meta.get("source") or meta.get("site"), 120) or draft.source
    draft.url = _opt_url(meta.get("url") or meta.get("link")) or draft.url
    when = meta.get("published") or meta.get("date")
    if when is not None and not isinstance(when, bool):
        draft.published = _field_date(draft, str(when)) or draft.published
    tags = meta.get("tags") or meta.get("keywords")
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    tag_list = _str_list(tags)[:30]
    if tag_list:
        draft.tags = tag_list


def _field_date(draft: Draft, value: str) -> str | None:
    """The date a field gives, or None with a problem noted on `draft`."""
    when = parse_date(value)
    if when is None and value.strip():
        draft.problems.append(f"date {clean_inline(value, limit=40)!r} is not a date: left out")
    return when


def _opt_field(value: Any, limit: int) -> str | None:
    if type(value) is not str:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return None
        value = str(value)
    if len(value) <= 120:
        return _short_field(value, limit)
    return clean_inline(value, limit=limit) or None


@lru_cache(maxsize=32_768)
def _short_field(value: str, limit: int) -> str | None:
    """A cleaned short field: categories, sources, tags and names recur across an archive."""
    return clean_inline(value, limit=limit) or None


def _opt_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    url = clean_inline(value, limit=2000)
    return url if _URL.match(url) else None


def _str_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value[:100]:
        text = _opt_field(item, 120)
        if text and text not in out:
            out.append(text)
    return out
