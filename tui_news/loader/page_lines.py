"""What one line of a scraped page is, by its look alone: site furniture (share rows, ads,
newsletter prompts, copyright footers), the marker after which a page lists other stories, a
caption's prefix or credit, a bullet, a quotation, the end of a sentence.

The long case-insensitive regexes here are tried on every line of every page, so each has a
`LineStarts` guard that turns away, by a set lookup, lines that could start none of its branches.
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_SENTENCE_ENDERS = tuple(".!?…:;")
_CLOSERS = "'\"’”)]"


def ends_sentence(text: str) -> bool:
    """`SENTENCE_END.search(text)`, looking only at the end (a search tries every position)."""
    if text.endswith("\n"):  # `$` also matches before a final newline: leave that to the regex
        return SENTENCE_END.search(text) is not None
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDERS)


QUOTE_OPEN = "\"“«„‘'"
QUOTE_CLOSE = "\"”»“’'"
BULLET = re.compile(r"^\s*(?:[-*•·◦▪‣–—]|\d{1,3}[.)])\s+(?=\S)")
MD_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_BULLET_MARKS = "-*•·◦▪‣–—"


def could_be_bullet(first: str) -> bool:
    """Whether a line starting with `first` could match `BULLET` (`\\s` is `isspace`, `\\d`
    is `isdecimal`)."""
    return first in _BULLET_MARKS or first.isdecimal() or first.isspace()


def line_head(line: str) -> str | None:
    """A line's first three characters lowercased, for `LineStarts`; None when one of them is
    beyond ASCII (IGNORECASE matches "ſ" as "s", "K" as "k") or the line does not start with an
    ASCII letter: only a regex can tell then."""
    head = line[:3]
    if head.isascii() and head[:1].isalpha():
        return head.lower()
    return None


class LineStarts:
    """What the branches of a case-insensitive regex anchored at the line start begin with:
    one of `words`, or no letter at all. A line whose `line_head` could start none of the words is
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
JUNK_LINE = re.compile(
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
#: The words `JUNK_LINE`'s branches start with.
JUNK_LINE_STARTS = LineStarts(
    "share facebook twitter x whatsapp email e-mail linkedin telegram reddit pinterest messenger copy print mail tumblr bluesky threads flipboard sms link advertisement advertising sponsored ad ads promoted paid story continue scroll skip related more you recommended most trending top latest editor back go menu search home close next previous sign subscribe register log login join download get view show load hide read see comments no leave post add listen image photo video watch play gallery enlarge expand follow like click copyright all terms privacy cookie contact about"
)

# Junk recognised by how the line starts: link lines and prompts whose tail varies.
JUNK_PREFIX = re.compile(
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
#: The words `JUNK_PREFIX`'s branches start with.
JUNK_PREFIX_STARTS = LineStarts(
    "read see also more related watch listen recommended further click sign subscribe register get receive our the this a enter your by thank follow like share tweet copyright have got send we advertisement sponsored continue originally first posted additional reporting writing editing published updated last"
)

_SHARE_NETWORK = (
    r"(?:facebook|twitter|x|whatsapp|email|e-mail|linkedin|telegram|reddit|pinterest|messenger"
    r"|copy\s+link|print|mail|bluesky|threads|flipboard|sms|tumblr)"
)
# A row of share buttons on one line: "Share: Facebook | X | Email", "Facebook Twitter WhatsApp".
SHARE_ROW = re.compile(
    r"^(?:(?P<share>share(?:\s+(?:this|the)\s+(?:article|story|page|post))?(?:\s+(?:on|via))?)"
    r"\s*[:\-–—|]?\s*)?"
    rf"(?P<networks>{_SHARE_NETWORK}(?:\s*[|,/·•]?\s*{_SHARE_NETWORK})*)\s*$",
    re.IGNORECASE,
)
#: The words `SHARE_ROW`'s branches start with.
SHARE_ROW_STARTS = LineStarts(
    "share facebook twitter x whatsapp email e-mail linkedin telegram reddit pinterest messenger copy print mail bluesky threads flipboard sms tumblr"
)
# An ad marker dressed up with rules or dashes: "- Advertisement -", "— ADVERTISEMENT —".
DECORATED_AD = re.compile(
    r"^[\s\-–—_=*•·|]*(?:advertisement|advertising|sponsored(?:\s+content)?|ad|ads)[\s\-–—_=*•·|]*$",
    re.IGNORECASE,
)
#: The words `DECORATED_AD` starts with (after dashes and rules, which are no letters).
DECORATED_AD_STARTS = LineStarts("advertisement advertising sponsored ad ads")

# Once a page reaches one of these, what follows is lists of other stories and site footer.
TAIL_MARKER = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|news|content|posts|coverage))?|more\s+on\s+this\s+story|"
    r"you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|"
    r"more\s+stories|more\s+from\s+\w+(?:\s+\w+)?|top\s+stories|latest\s+news|trending(?:\s+now)?|"
    r"editor'?s\s+picks?)\s*[:.]?\s*$",
    re.IGNORECASE,
)
#: The words `TAIL_MARKER`'s branches start with.
TAIL_MARKER_STARTS = LineStarts("related more you recommended most top latest trending editor")

CAPTION_PREFIX = re.compile(
    r"^(?:(?:photo|image|picture|pictured|caption|credit|photograph|file\s+photo|illustration|video)"
    r"\s*(?:credit|source|caption)?\s*[:|/–—,-]"
    r"|(?:photo|photograph|picture|image)\s+(?:by|courtesy\s+of)\s+\S"
    r"|\(?(?:getty\s+images|reuters|ap\s+photo|afp|epa|shutterstock|alamy|pa\s+media)\b[^.]{0,60}$)",
    re.IGNORECASE,
)
#: The words `CAPTION_PREFIX`'s branches start with (after an opening bracket, no letter).
CAPTION_PREFIX_STARTS = LineStarts(
    "photo image picture pictured caption credit photograph file illustration video getty reuters ap afp epa shutterstock alamy pa"
)
CAPTION_CREDIT = re.compile(
    r"(?:\((?:photo|image|credit)[^)]*\)|(?:photo|image|picture)\s*:\s*\S.*|/\s*(?:getty\s+images|reuters|ap|afp|epa|shutterstock|alamy)\b.*)$",
    re.IGNORECASE,
)
# A newsletter prompt anywhere in a short line ("Want more? Sign up for our newsletter.").
NEWSLETTER_PROMPT = re.compile(r"\b(?:sign\s+up|subscribe)\b.{0,60}\bnewsletters?\b", re.IGNORECASE)


def is_junk(line: str, head: str | None) -> bool:
    """Whether `line` is site furniture; `head` is `line_head(line)`."""
    if len(line) > 300:
        return False
    if (
        (JUNK_LINE_STARTS.could_start(head) and JUNK_LINE.match(line))
        or (JUNK_PREFIX_STARTS.could_start(head) and JUNK_PREFIX.match(line))
        or (DECORATED_AD_STARTS.could_start(head) and DECORATED_AD.match(line))
    ):
        return True
    # (casefold: whatever the search matches case-insensitively, it folds to "newsletter")
    if len(line) <= 160 and "newsletter" in line.casefold() and NEWSLETTER_PROMPT.search(line):
        return True
    share = SHARE_ROW.match(line) if SHARE_ROW_STARTS.could_start(head) else None
    if share is None:
        return False
    # One network name alone is caught above; a row needs the "Share" prefix or two names.
    networks = re.findall(_SHARE_NETWORK, share.group("networks"), re.IGNORECASE)
    return bool(share.group("share")) or len(networks) >= 2


def is_quote_line(text: str) -> bool:
    """A line that is wholly one quotation (a pulled quote, a quoted post), not prose quoting."""
    if text.startswith("> "):
        return True
    body = text.rstrip(" .,")
    if len(body) < 3 or body[0] not in QUOTE_OPEN or body[-1] not in QUOTE_CLOSE:
        return False
    if body[0] == body[-1]:  # straight quotes: exactly one pair
        return body.count(body[0]) == 2
    return body.count(body[0]) == 1 and body.count(body[-1]) == 1


def has_caption_credit(text: str) -> bool:
    # Each of its branches needs one of these: they are cheap to look for, and the regex search
    # tries every position of the line.
    return ("(" in text or ":" in text or "/" in text) and CAPTION_CREDIT.search(text) is not None
