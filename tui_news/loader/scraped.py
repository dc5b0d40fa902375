"""Parsing news pages that were scraped and saved as plain text.

Such a page is a run of blank-line-separated chunks: maybe a section label, a headline, maybe a
standfirst and a byline/dateline, then paragraphs, sub-headings, photo captions (a caption
sentence followed by a short label), quotes, lists, and the site's junk (share rows, ads,
newsletter prompts, "Related Articles", copyright footers). Lines within one chunk can be
different things, so every rule looks at lines and uses the chunk only as context.

`parse_scraped_text` is pure: text in, a `ParsedPage` out. The loader turns that into an Article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from tui_news.model import Block, BlockKind, beyond_ascii

_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_SENTENCE_ENDERS = tuple(".!?…:;")
_CLOSERS = "'\"’”)]"


def _ends_sentence(text: str) -> bool:
    """`_SENTENCE_END.search(text)`, looking only at the end (a search tries every position)."""
    if text.endswith("\n"):  # `$` also matches before a final newline: leave that to the regex
        return _SENTENCE_END.search(text) is not None
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDERS)


_QUOTE_OPEN = "\"“«„‘'"
_QUOTE_CLOSE = "\"”»“’'"
_BULLET = re.compile(r"^\s*(?:[-*•·◦▪‣–—]|\d{1,3}[.)])\s+(?=\S)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_BULLET_MARKS = "-*•·◦▪‣–—"


def _could_be_bullet(first: str) -> bool:
    """Whether a line starting with `first` could match `_BULLET` (`\\s` is `isspace`, `\\d`
    is `isdecimal`)."""
    return first in _BULLET_MARKS or first.isdecimal() or first.isspace()


def _head(line: str) -> str | None:
    """A line's first three characters lowercased, for `_Starts`; None when one of them is
    beyond ASCII (IGNORECASE matches "ſ" as "s", "K" as "k") or the line does not start with an
    ASCII letter: only a regex can tell then."""
    head = line[:3]
    if head.isascii() and head[:1].isalpha():
        return head.lower()
    return None


class _Starts:
    """What the branches of a case-insensitive regex anchored at the line start begin with:
    one of `words`, or no letter at all. A line whose `_head` could start none of the words is
    no match, told by a look in a set instead of up to a hundred branches tried one by one
    (a branch that matches starts with its word's first three characters). A branch added to
    one of these regexes needs its first word in the regex's list too: the guard tests in
    `tests/loader/test_fast_paths.py` fail until it is there."""

    __slots__ = ("_starts",)

    def __init__(self, words: str) -> None:
        self._starts = frozenset(word[:3] for word in words.split())

    def could_start(self, head: str | None) -> bool:
        starts = self._starts
        return head is None or head in starts or head[:2] in starts or head[:1] in starts


# Whole lines that are site furniture, matched case-insensitively after trimming.
_JUNK_LINE = re.compile(
    r"""^(?:
        share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+(?:on|via)\s+\w+)?
      | (?:facebook|twitter|x|whatsapp|email|e-mail|linkedin|telegram|reddit|pinterest|messenger
         |copy\s+link|copy\s+url|print|mail|tumblr|bluesky|threads|flipboard|sms|link\s+copied)
      | advertisement|advertising|sponsored(?:\s+content)?|ad|ads|promoted|paid\s+content
      | story\s+continues(?:\s+below)?(?:\s+advertisement)?|continue\s+reading(?:\s+below)?
      | scroll\s+to\s+continue(?:\s+with\s+content)?|skip\s+(?:to\s+)?(?:main\s+)?content|skip\s+ad
      | related(?:\s+(?:articles?|stories|news|content|posts|coverage|topics|reading))?
      | more\s+(?:on\s+this\s+story|stories|from\s+\w+(?:\s+\w+)?|news|like\s+this)
      | (?:you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|top\s+stories|latest\s+news|editor'?s\s+picks?)
      | back\s+to\s+top(?:\s+button)?|go\s+to\s+top|top|menu|search|home|close|next|previous|next\s+article|previous\s+article
      | sign\s+up|subscribe(?:\s+now)?|register|log\s+in|login|sign\s+in|join\s+now|download\s+the\s+app|get\s+the\s+app
      | (?:view|show|load|hide|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments?(?:\s*\(\d+\))?
      | comments?(?:\s*\(\d+\))?|\d+\s+comments?|no\s+comments(?:\s+yet)?|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|add\s+a\s+comment|join\s+the\s+(?:conversation|discussion)
      | listen\s+(?:to\s+)?(?:this\s+)?(?:article|story)(?:\s*\d+\s*min(?:ute)?s?)?|\d+\s+min(?:ute)?s?\s+read|print\s+this\s+(?:article|page)
      | (?:image|photo|video)\s+(?:source|caption)|watch|watch\s+video|play\s+video|video|gallery|enlarge\s+this\s+image|expand
      | follow\s+us(?:\s+on\s+.+)?|like\s+us\s+on\s+facebook|click\s+here(?:\s+to\s+.+)?
      | ©.*|\(c\)\s.*|copyright\b.*|all\s+rights\s+reserved\.?|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|privacy\s+policy|cookie\s+(?:policy|settings)|contact\s+us|about\s+us
    )\s*[.:!»›>]*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
#: The words `_JUNK_LINE`'s branches start with.
_JUNK_LINE_STARTS = _Starts(
    "share facebook twitter x whatsapp email e-mail linkedin telegram reddit pinterest messenger copy print mail tumblr bluesky threads flipboard sms link advertisement advertising sponsored ad ads promoted paid story continue scroll skip related more you recommended most trending top latest editor back go menu search home close next previous sign subscribe register log login join download get view show load hide read see comments no leave post add listen image photo video watch play gallery enlarge expand follow like click copyright all terms privacy cookie contact about"
)

# Junk recognised by how the line starts: link lines and prompts whose tail varies.
_JUNK_PREFIX = re.compile(
    r"""^(?:
        (?:read|see|also\s+read|read\s+also|read\s+more|see\s+also|more|related|watch|listen|also\s+see|recommended|further\s+reading)\s*[:|»›>–—-]
      | read\s+more\b|read\s+the\s+full\s+(?:story|article)\b|click\s+here\b
      | (?:sign\s+up|subscribe|register)\b.{0,120}\b(?:newsletter|inbox|email|e-mail|alerts?|updates|briefing)\b
      | (?:get|receive)\b.{0,80}\b(?:in\s+your\s+inbox|newsletter|delivered\s+to\s+your)\b
      | (?:our|the|this|a)\s+(?:daily|weekly|morning|evening|free)?\s*newsletter\b
      | (?:enter\s+your\s+email|your\s+email\s+address|by\s+(?:signing\s+up|subscribing|clicking))\b
      | thank\s+you\s+for\s+(?:subscribing|signing\s+up|reading)\b
      | (?:follow|like)\s+(?:us|\w+)\s+on\s+(?:facebook|twitter|x|instagram|tiktok|youtube|linkedin|telegram|whatsapp|threads|bluesky)\b
      | (?:share|tweet)\s+(?:this|on)\b.{0,40}$
      | (?:copyright|©|\(c\)\s)\s*(?:\d{4}|[A-Z])
      | this\s+(?:article|story)\s+(?:was\s+)?(?:first\s+)?(?:appeared|published|originally)\b.{0,80}$
      | (?:have\s+a\s+(?:news\s+)?tip|got\s+a\s+(?:news\s+)?tip|send\s+us\s+a\s+tip)\b
      | we\s+use\s+cookies\b
      | (?:advertisement|sponsored)\s*[-–—:|]
      | click\s+to\s+(?:share|email|print|open)\b
      | continue\s+reading\s+the\s+(?:main\s+)?(?:story|article)\b
      | (?:originally\s+published|first\s+published)\s+(?:on|in|at|by)\s+[^.]{1,80}$
      | posted\s+in\s+[^.]{1,60}$
      | (?:sign\s+up\s+for|subscribe\s+to)\s+(?:\S+\s+){0,5}\S+\s*[.!]?$
      | \(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b.{0,160}\b(?:editing|writing)\s+by\b
      | (?:published|updated|posted|last\s+updated)\s*:?\s*(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|just\s+now|today|yesterday)\b[^.]{0,40}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
#: The words `_JUNK_PREFIX`'s branches start with.
_JUNK_PREFIX_STARTS = _Starts(
    "read see also more related watch listen recommended further click sign subscribe register get receive our the this a enter your by thank follow like share tweet copyright have got send we advertisement sponsored continue originally first posted additional reporting writing editing published updated last"
)

_SHARE_NETWORK = (
    r"(?:facebook|twitter|x|whatsapp|email|e-mail|linkedin|telegram|reddit|pinterest|messenger"
    r"|copy\s+link|print|mail|bluesky|threads|flipboard|sms|tumblr)"
)
# A row of share buttons on one line: "Share: Facebook | X | Email", "Facebook Twitter WhatsApp".
_SHARE_ROW = re.compile(
    r"^(?:(?P<share>share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+(?:on|via))?)"
    r"\s*[:\-–—|]?\s*)?"
    rf"(?P<networks>{_SHARE_NETWORK}(?:\s*[|,/·•]?\s*{_SHARE_NETWORK})*)\s*$",
    re.IGNORECASE,
)
#: The words `_SHARE_ROW`'s branches start with.
_SHARE_ROW_STARTS = _Starts(
    "share facebook twitter x whatsapp email e-mail linkedin telegram reddit pinterest messenger copy print mail bluesky threads flipboard sms tumblr"
)
# An ad marker dressed up with rules or dashes: "- Advertisement -", "— ADVERTISEMENT —".
_DECORATED_AD = re.compile(
    r"^[\s\-–—_=*•·|]*(?:advertisement|advertising|sponsored(?:\s+content)?|ad|ads)[\s\-–—_=*•·|]*$",
    re.IGNORECASE,
)
#: The words `_DECORATED_AD` starts with (after dashes and rules, which are no letters).
_DECORATED_AD_STARTS = _Starts("advertisement advertising sponsored ad ads")

# Once a page reaches one of these, what follows is lists of other stories and site footer.
_TAIL_MARKER = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|content|posts|coverage))?|more\s+on\s+this\s+story|"
    r"you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|"
    r"more\s+stories|more\s+from\s+\w+(?:\s+\w+)?|top\s+stories|latest\s+news|trending(?:\s+now)?|"
    r"editor'?s\s+picks?)\s*[:.]?\s*$",
    re.IGNORECASE,
)
#: The words `_TAIL_MARKER`'s branches start with.
_TAIL_MARKER_STARTS = _Starts("related more you recommended most top latest trending editor")

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
_CAPTION_PREFIX = re.compile(
    r"^(?:(?:photo|image|picture|pictured|caption|credit|photograph|file\s+photo|illustration|video)"
    r"\s*(?:credit|source|caption)?\s*[:|/–—,-]"
    r"|(?:photo|photograph|picture|image)\s+(?:by|courtesy\s+of)\s+\S"
    r"|\(?(?:getty\s+images|reuters|ap\s+photo|afp|epa|shutterstock|alamy|pa\s+media)\b[^.]{0,60}$)",
    re.IGNORECASE,
)
#: The words `_CAPTION_PREFIX`'s branches start with (after an opening bracket, no letter).
_CAPTION_PREFIX_STARTS = _Starts(
    "photo image picture pictured caption credit photograph file illustration video getty reuters ap afp epa shutterstock alamy pa"
)
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:photo|image|credit)[^)]*\)|(?:photo|image|picture)\s*:\s*\S.*|/\s*(?:getty\s+images|reuters|ap|afp|epa|shutterstock|alamy)\b.*)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "if",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "than",
        "the",
        "to",
        "up",
        "upon",
        "via",
        "vs",
        "with",
    ]
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


@dataclass(slots=True)
class _Line:
    text: str
    chunk: int
    index_in_chunk: int
    chunk_size: int
    #: `_head(text)`, worked out once: three of the line's checks look at it.
    head: str | None


def parse_scraped_text(text: str, *, title_on_first_line: bool = False) -> ParsedPage:
    """Parse one cleaned page (see `tui_news.loader.text.clean_text`).

    With `title_on_first_line`, the first line is the headline whatever it looks like (the layout
    of archives such as the BBC corpus); otherwise a short first line followed by another
    headline-like line is read as the section label.
    """
    page = ParsedPage()
    lines, meta_at = _content_lines(text, page)
    if not lines:
        return page
    lines = _read_header(lines, page, title_on_first_line=title_on_first_line, meta_at=meta_at)
    page.blocks = _read_body(lines)
    return page


def _content_lines(text: str, page: ParsedPage) -> tuple[list[_Line], int | None]:
    """Split into lines with their chunk, pulling out metadata and dropping junk and the tail.

    Also returns where the first byline/dateline stood: the number of content lines before it.
    A chunk is a run of lines that are not blank (each line is looked at once, in one pass).
    """
    out: list[_Line] = []
    meta_at: int | None = None
    in_tail = False
    chunk_no = 0
    in_chunk = False
    kept: list[tuple[str, str | None]] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if in_chunk:
                out += _chunk_lines(kept, chunk_no)
                chunk_no += 1
                in_chunk = False
                kept = []
            continue
        in_chunk = True
        if in_tail:
            # Lists of other headlines; a long paragraph means the article went on after all.
            if len(line) > 200 and _ends_sentence(line):
                in_tail = False
            else:
                continue
        head = _head(line)
        if out and _TAIL_MARKER_STARTS.could_start(head) and _TAIL_MARKER.match(line):
            in_tail = True
            continue
        if _take_metadata(line, page):
            if meta_at is None:
                meta_at = len(out) + len(kept)
            continue
        if _is_junk(line, head):
            continue
        kept.append((line, head))
    if in_chunk:
        out += _chunk_lines(kept, chunk_no)
    return out, meta_at


def _chunk_lines(kept: list[tuple[str, str | None]], chunk_no: int) -> list[_Line]:
    size = len(kept)
    return [_Line(line, chunk_no, i, size, head) for i, (line, head) in enumerate(kept)]


# A newsletter prompt anywhere in a short line ("Want more? Sign up for our newsletter.").
_NEWSLETTER_PROMPT = re.compile(
    r"\b(?:sign\s+up|subscribe)\b.{0,60}\bnewsletters?\b", re.IGNORECASE
)


def _is_junk(line: str, head: str | None) -> bool:
    """Whether `line` is site furniture; `head` is `_head(line)`."""
    if len(line) > 300:
        return False
    if (
        (_JUNK_LINE_STARTS.could_start(head) and _JUNK_LINE.match(line))
        or (_JUNK_PREFIX_STARTS.could_start(head) and _JUNK_PREFIX.match(line))
        or (_DECORATED_AD_STARTS.could_start(head) and _DECORATED_AD.match(line))
    ):
        return True
    # (casefold: whatever the search matches case-insensitively, it folds to "newsletter")
    if len(line) <= 160 and "newsletter" in line.casefold() and _NEWSLETTER_PROMPT.search(line):
        return True
    share = _SHARE_ROW.match(line) if _SHARE_ROW_STARTS.could_start(head) else None
    if share is None:
        return False
    # One network name alone is caught above; a row needs the "Share" prefix or two names.
    networks = re.findall(_SHARE_NETWORK, share.group("networks"), re.IGNORECASE)
    return bool(share.group("share")) or len(networks) >= 2


def _take_metadata(line: str, page: ParsedPage) -> bool:
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
        and not _ends_sentence(line)
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


def _read_header(
    lines: list[_Line], page: ParsedPage, *, title_on_first_line: bool, meta_at: int | None
) -> list[_Line]:
    pos = 0
    if (
        not title_on_first_line
        and len(lines) >= 2
        and _is_section_label(lines[0].text, lines[1].text)
    ):
        page.category = lines[0].text.rstrip(":|»›> ")
        pos = 1
    page.title = lines[pos].text.lstrip("# ").strip()
    pos += 1
    # A line of its own between the headline and the byline/dateline is the standfirst.
    between_title_and_byline = meta_at == pos + 1
    if pos < len(lines) and _is_standfirst(lines, pos, before_byline=between_title_and_byline):
        page.dek = lines[pos].text
        pos += 1
    return lines[pos:]


# Lower-case words that still belong in a section label ("World news", "Life and style").
_LABEL_WORDS = frozenset(
    {
        "news",
        "politics",
        "business",
        "sport",
        "sports",
        "opinion",
        "style",
        "culture",
        "world",
        "science",
        "tech",
        "technology",
        "health",
        "travel",
        "money",
        "analysis",
        "comment",
        "features",
        "weather",
        "football",
        "entertainment",
        "arts",
        "books",
        "media",
        "education",
        "environment",
        "society",
        "life",
        "lifestyle",
        "food",
        "economy",
        "markets",
        "and",
        "&",
        "the",
        "of",
    }
)


def _is_label_words(words: list[str]) -> bool:
    """Section labels are a word or two in Title Case or capitals, not a phrase of prose."""
    return all(
        w[:1].isupper() or not w[:1].isalpha() or w.casefold() in _LABEL_WORDS for w in words[1:]
    ) and (words[0][:1].isupper() or words[0].casefold() in _LABEL_WORDS)


def _is_section_label(first: str, second: str) -> bool:
    words = first.split()
    return (
        1 <= len(words) <= 3
        and _is_label_words(words)
        and len(first) <= 30
        and not _ends_sentence(first)
        and not first.startswith(tuple(_QUOTE_OPEN))
        and len(second.split()) >= max(3, len(words) + 2)
        # The next line must read as a headline, not as a paragraph (a three-word headline
        # followed by body text is a title, not a section label).
        and not second.rstrip('"”’)').endswith(".")
        and len(second) <= 200
    )


def _is_standfirst(lines: list[_Line], pos: int, *, before_byline: bool = False) -> bool:
    line = lines[pos]
    rest = lines[pos + 1 :]
    if line.chunk_size != 1 or not rest or len(line.text) > 400 or _BULLET.match(line.text):
        return False
    if _is_quote_line(line.text):
        return False
    body_paragraphs = [ln for ln in rest if len(ln.text) > 60]
    if not body_paragraphs:
        # A brief: a headline and one paragraph; that paragraph is body.
        return False
    if before_byline or _is_title_case(line.text):
        return True
    return bool(not _ends_sentence(line.text) and len(line.text.split()) >= 6)


def _is_title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in _MINOR_WORDS]
    if len(words) < 4:
        return False
    lower = sum(1 for w in words if not w[0].isupper())
    # Title Case capitalises (nearly) every word; a sentence that is full of names does not.
    return lower <= max(1, len(words) // 8)


def _is_quote_line(text: str) -> bool:
    """A line that is wholly one quotation (a pulled quote, a quoted post), not prose quoting."""
    if text.startswith("> "):
        return True
    body = text.rstrip(" .,")
    if len(body) < 3 or body[0] not in _QUOTE_OPEN or body[-1] not in _QUOTE_CLOSE:
        return False
    if body[0] == body[-1]:  # straight quotes: exactly one pair
        return body.count(body[0]) == 2
    return body.count(body[0]) == 1 and body.count(body[-1]) == 1


def _is_heading_text(text: str) -> bool:
    if len(text) > 110:  # before splitting what is mostly a long paragraph
        return False
    words = text.split()
    if not 1 <= len(words) <= 14:
        return False
    if text.endswith((".", ",", ";", ":")) and not text.endswith("..."):
        return False
    return not (text[0] in _QUOTE_OPEN or text[0].islower())


def _has_caption_credit(text: str) -> bool:
    # Each of its branches needs one of these: a search at every position costs ~8 us a line.
    return ("(" in text or ":" in text or "/" in text) and _CAPTION_CREDIT.search(text) is not None


def _is_label(text: str) -> bool:
    """A photo-caption label: a few words, no sentence punctuation."""
    words = text.split()
    return (
        1 <= len(words) <= 7
        and len(text) <= 60
        and not _ends_sentence(text)
        and not text.endswith(",")
    )


def _read_body(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    seen_paragraphs = _SeenParagraphs()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        text = line.text
        next_line = lines[i + 1] if i + 1 < n else None
        kind: BlockKind
        first = text[:1]
        if first == "#" and _MD_HEADING.match(text):
            blocks.append(Block("heading", _MD_HEADING.sub("", text).strip()))
            i += 1
            continue
        if _could_be_bullet(first) and _BULLET.match(text):
            blocks.append(Block("list_item", _BULLET.sub("", text).strip()))
            i += 1
            continue
        if _is_quote_line(text):
            blocks.append(Block("quote", text[2:].strip() if text.startswith("> ") else text))
            i += 1
            continue
        if (_CAPTION_PREFIX_STARTS.could_start(line.head) and _CAPTION_PREFIX.match(text)) or (
            len(text) < 200 and line.chunk_size <= 2 and _has_caption_credit(text)
        ):
            blocks.append(Block("caption", text))
            i += 1
            continue
        # A caption sentence followed, in the same chunk, by a short label ending the chunk.
        if (
            next_line is not None
            and next_line.chunk == line.chunk
            and next_line.index_in_chunk == next_line.chunk_size - 1
            and line.index_in_chunk == next_line.index_in_chunk - 1
            and _ends_sentence(text)
            and _is_label(next_line.text)
            and len(text) <= 400
        ):
            blocks.append(Block("caption", text))
            blocks.append(Block("caption", next_line.text))
            i += 2
            continue
        if (
            line.chunk_size == 1
            and next_line is not None
            and _is_heading_text(text)
            and not _ends_sentence(text.rstrip("?!"))
            and (text.endswith(("?", "!")) is False or len(text.split()) <= 10)
        ):
            blocks.append(Block("heading", text))
            i += 1
            continue
        kind = "paragraph"
        # A line repeated from an earlier paragraph (a pull quote, a caption) is not body twice.
        if _is_repeat(text, seen_paragraphs):
            if len(text) <= 400:
                blocks.append(Block("caption", text))
            i += 1
            continue
        # Hard-wrapped text: continuation lines of one paragraph within a chunk.
        while (
            i + 1 < n and lines[i + 1].chunk == line.chunk and _continues(text, lines[i + 1].text)
        ):
            i += 1
            text = f"{text} {lines[i].text}"
        seen_paragraphs.append(_norm(text))
        blocks.append(Block(kind, text))
        i += 1
    return _merge_duplicates(blocks)


def _continues(previous: str, current: str) -> bool:
    if (_could_be_bullet(current[:1]) and _BULLET.match(current)) or _is_quote_line(current):
        return False
    if _ends_sentence(previous):
        return False
    return current[:1].islower() or len(previous) >= 50


#: ASCII bytes lowercased, and those that are not word characters (`\\W`) made spaces.
_ASCII_FOLD = bytes(
    ord(chr(code).lower()) if chr(code).isalnum() or chr(code) == "_" else 0x20
    for code in range(128)
) + bytes(range(128, 256))
_SPACES = re.compile(rb"  +")


@lru_cache(maxsize=512)
def _norm(text: str) -> str:
    """Casefolded words, one space apart: what makes two paragraphs the same paragraph."""
    # Cached: a paragraph is compared as a repeat, remembered, then checked for doubles.
    # `re.sub(r"\W+", " ", text.casefold()).strip()` in C passes over the UTF-8 bytes (3x
    # faster than the regex): ASCII bytes are folded by one table; beyond ASCII, the text is
    # casefolded and its few characters that are no word characters (curly quotes, dashes)
    # become spaces first.
    if text.isascii():
        raw = text.encode("ascii")
    else:
        raw = text.casefold().encode("utf-8", "surrogatepass")
        for char in set(beyond_ascii(raw)):
            if not char.isalnum():  # what `\W` matches, beyond ASCII
                raw = raw.replace(char.encode("utf-8", "surrogatepass"), b" ")
    folded = _SPACES.sub(b" ", raw.translate(_ASCII_FOLD))
    return folded.strip().decode("utf-8", "surrogatepass")


class _SeenParagraphs:
    """The normalised paragraphs read so far, searchable at once (normal forms hold no newline)."""

    __slots__ = ("_joined", "_parts")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._joined: str | None = ""

    def append(self, norm: str) -> None:
        self._parts.append(norm)
        self._joined = None

    def holds(self, norm: str) -> bool:
        """Whether `norm` is part of a paragraph seen before (never of two joined ones)."""
        if self._joined is None:
            self._joined = "\n".join(self._parts)
        return norm in self._joined


def _is_repeat(text: str, seen: _SeenParagraphs) -> bool:
    norm = _norm(text)
    if len(norm) < 40:
        return False
    return seen.holds(norm)


def _merge_duplicates(blocks: list[Block]) -> list[Block]:
    """Drop exact repeats of a block of the same kind (scrapes often double a paragraph)."""
    seen: set[tuple[str, str]] = set()
    out: list[Block] = []
    for block in blocks:
        # Only a paragraph or a quote is ever dropped, and only for one of its own kind.
        if block.kind in ("paragraph", "quote"):
            key = (block.kind, _norm(block.text))
            if len(key[1]) >= 40 and key in seen:
                continue
            seen.add(key)
        out.append(block)
    return out
