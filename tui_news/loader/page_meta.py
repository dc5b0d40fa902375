"""What a scraped page says about itself: the lines that are its byline, dateline or tags
(`take_metadata`), the dates they hold (`parse_date`), and the `ParsedPage` they fill in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from tui_news.loader.page_lines import ends_sentence
from tui_news.model import Block

_BYLINE = re.compile(
    r"^(?:by|written\s+by|words\s+by|reporting\s+by|story\s+by|author:)\s+(?P<name>[^\d].{1,120})$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?:published|updated|posted|last\s+updated|first\s+published|modified|date|posted\s+on|published\s+on|updated\s+on)"
    r"\s*(?:on|at)?\s*[:\-–—]?\s*(?P<when>.{4,80})$",
    re.IGNORECASE,
)
_TAGS = re.compile(
    r"^(?:tags?|topics?|keywords?|filed\s+under|categories)\s*[:\-–—]\s*(?P<tags>.+)$",
    re.IGNORECASE,
)


@dataclass
class ParsedPage:
    """What the text of one scraped page says, before it becomes an Article."""

    title: str = ""
    dek: str | None = None
    category: str | None = None
    byline: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def take_metadata(line: str, page: ParsedPage) -> bool:
    if len(line) > 160:
        return False
    match = _BYLINE.match(line)
    if match and page.byline is None and _looks_like_name_list(match.group("name")):
        byline, when = _split_byline_date(match.group("name"))
        page.byline = byline
        if when and page.published is None:
            page.published = when
        return True
    match = _DATELINE.match(line)
    if match:
        when_text = match.group("when")
        by = _BY_NAME.search(when_text)
        if by and _looks_like_name_list(by.group("name")):
            when_text = when_text[: by.start()]
        when = parse_date(when_text)
        if when:
            if by and page.byline is None and _looks_like_name_list(by.group("name")):
                page.byline = by.group("name").strip(" ,.")
            if page.published is None or line.lower().startswith("published"):
                page.published = when
            return True
    match = _TAGS.match(line)
    if match and not page.tags:
        page.tags = [
            t for t in (s.strip(" .#") for s in _TAG_SEPARATOR.split(match.group("tags"))) if t
        ][:30]
        return bool(page.tags)
    if (
        page.published is None
        and len(line) <= 40
        and _DIGIT.search(line)
        and not ends_sentence(line)
    ):
        when = parse_date(line, strict=True)
        if when:
            page.published = when
            return True
    return False


def _looks_like_name_list(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not words or len(words) > 14:
        return False
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals >= max(1, len(words) // 2)


def _split_byline_date(text: str) -> tuple[str, str | None]:
    for sep in ("|", " - ", " – ", " — ", " · ", " • ", ", ", " on ", " at "):
        if sep in text:
            name, rest = text.split(sep, 1)
            when = parse_date(rest.strip())
            if when:
                return name.strip(" ,"), when
    return text.strip(" ,"), None


_BY_NAME = re.compile(r"\s+by\s+(?P<name>[^\d].{1,120})$", re.IGNORECASE)
_TAG_SEPARATOR = re.compile(r"[,;|]")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
_WORD_OF_3 = re.compile(r"[^\W\d_]{3,}")
_DAY_NUMBER = re.compile(r"\d{1,2}")
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_date(text: str, *, strict: bool = False) -> str | None:
    """An ISO 8601 string for a human date ('June 19, 2025 10:04 GMT', '2025-06-19'), else None.

    `strict` refuses text with words other than date words, for bare lines that might be prose.
    """
    text = text.strip().rstrip(".")
    # Without a year, dateutil would take this year's: a date that was never in the text.
    if not text or len(text) > 80 or not _YEAR.search(text):
        return None
    if text[0] in _MINUS or _BEFORE_CHRIST.search(text):  # a year before year 1 is no date
        return None
    try:
        return _parse_date(text, strict)
    except (ValueError, OverflowError):  # a UTC offset of a day or more fails on isoformat()
        return None


_MINUS = "-−–"
_BEFORE_CHRIST = re.compile(r"\b(?:BCE?|B\.C\.(?:E\.)?)(?!\w)", re.IGNORECASE)


def _parse_date(text: str, strict: bool) -> str | None:
    if _ISO_DATE.match(text):
        # Archives and feeds mostly say ISO 8601: no need for dateutil's fuzzy parser.
        try:
            iso = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return iso.isoformat() if 1900 <= iso.year <= 2200 else None
    from dateutil import parser as date_parser  # imported only when a date is not ISO 8601

    try:
        when, rest = date_parser.parse(text, fuzzy_with_tokens=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if strict and any(_WORD_OF_3.search(token) for token in rest if token.strip(" ,|-")):
        return None
    if not 1900 <= when.year <= 2200:
        return None
    if _DAY_NUMBER.fullmatch(text):
        return None
    return when.isoformat()
