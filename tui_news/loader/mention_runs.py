"""Finding the runs of capitalised words in a text, in one pass of the regex engine, so that the
mention finder's Python sees only the few runs, never every word.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from tui_news.loader.mention_words import CALENDAR_WORDS, CONNECTORS
from tui_news.model import beyond_ascii

# --- Finding capitalised runs ------------------------------------------------------------------
#
# The reference reading splits a text into sentences (at whitespace after . ! ? and at newlines),
# splits each sentence into `TOKEN`s and walks them (`_capitalised_runs`). `_run_patterns` find
# the same runs in one pass of the regex engine over the text, so Python only sees the few runs:
#
# * a capitalised token is `[A-Z][\w’'.-]*`, taken whole;
# * two of them are in one run when only non-token characters lie between them (whitespace that
#   does not end a sentence, and word characters no token starts with, such as "é" or "_"), or a
#   lone connector ("of", "van") that is not followed by a calendar word, or a lone "-";
# * numbers (`\d[\w.,]*`) are matched as such, so that no run starts inside "2024Q1";
# * a run is at its sentence's start when nothing but non-token characters stands between it and
#   the start of the text or of its sentence (`at_sentence_start`).
#
# The reference also counts as capitalised a punctuation token that starts with an uppercase
# symbol (the circled and squared letters Ⓐ, 🅰...); a text holding one of those takes the
# reference path (`_ODD_CAPITALS`, `_slow_text_mentions`).

_WORD_CHAR = r"[\w’'.\-]"
_CAPITALISED = rf"[A-Z]{_WORD_CHAR}*+"
#: Characters that no token starts with and that do not end a sentence.
_GAP = r"(?:[^\W\da-zA-Z]|(?<![.!?])[^\S\n])*+"
_CONNECTOR = "(?:{})(?![a-z])".format("|".join(sorted(CONNECTORS, key=lambda w: (-len(w), w))))
_CALENDAR = "(?:{})(?!{})".format(
    "|".join("".join(f"[{c}{c.upper()}]" for c in word) for word in sorted(CALENDAR_WORDS)),
    _WORD_CHAR,
)
#: What a connector or a hyphen can start with: a look at one character skips trying them all
#: after most words.
_CONNECTOR_START = "[{}-]".format("".join(sorted({word[0] for word in CONNECTORS})))
_RUN_TAIL = rf"""
    (?:{_GAP}(?:(?={_CONNECTOR_START})
                (?:{_CONNECTOR}{_GAP}(?!{_CALENDAR})|-(?![^\w\s]){_GAP}))?+{_CAPITALISED})*+
"""
#: Symbols that `str.isupper` calls uppercase though they are no word characters (Ⓐ, 🄰, 🅐, 🅰).
_ODD_CAPITALS = "\u24b6-\u24cf\U0001f130-\U0001f149\U0001f150-\U0001f169\U0001f170-\U0001f189"
# One character class first, so that the regex engine skips to candidates at C speed; what was
# found is told by its first character: a capital starts a run, a digit a number (matched only so
# that no run starts inside it), an odd capital sends the text to the reference reading.
_RUN_PATTERN = r"""
    [{first}]
    (?: (?<=[A-Z]) {word}*+ {tail}
      | (?<=\d) [\w.,]*+
      |
    )
"""


@lru_cache(maxsize=1)
def _run_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(for any text, for ASCII text: no other digits, no odd capitals, a faster scan).

    Compiled on first use: a process that reads no article text never pays for them.
    """
    return (
        re.compile(
            _RUN_PATTERN.format(first=f"\\dA-Z{_ODD_CAPITALS}", word=_WORD_CHAR, tail=_RUN_TAIL),
            re.VERBOSE,
        ),
        re.compile(
            _RUN_PATTERN.format(first="0-9A-Z", word=_WORD_CHAR, tail=_RUN_TAIL), re.VERBOSE
        ),
    )


#: A digit other than 0-9 (beyond ASCII, `\\d` is one): only the pattern for any text reads it.
_DIGIT = re.compile(r"\d")
#: An odd capital: a text holding one takes the reference reading.
_ODD_CAPITAL = re.compile(f"[{_ODD_CAPITALS}]")


def find_runs(text: str) -> list[str] | None:
    """The runs (and numbers) `_run_patterns` find in `text`: with the faster pattern for ASCII
    text when `text` has no character the two patterns tell apart (curly quotes and accents are
    no such characters). None for a text holding an odd capital: every odd capital starts a
    match of its own (it is neither a word character nor a space, so no run or number takes it
    in), which would send the text to the reference reading anyway."""
    any_text, ascii_text = _run_patterns()
    if not text.isascii():
        beyond = beyond_ascii(text.encode("utf-8", "surrogatepass"))
        if _ODD_CAPITAL.search(beyond):
            return None
        if _DIGIT.search(beyond):
            return any_text.findall(text)
    return _ascii_runs(ascii_text, text)


#: 1 for each ASCII capital and digit, 0 for every other byte.
_ASCII_STARTS = bytes(int(chr(b) in string.ascii_uppercase + string.digits) for b in range(256))


def _ascii_runs(pattern: re.Pattern[str], text: str) -> list[str]:
    """`pattern.findall(text)` for the pattern for ASCII text, without the regex engine's scan.

    To find where a match may start, the regex engine tests a character class at every position
    of the text. Every match starts with an ASCII capital or digit: C passes mark those
    (encoding with "replace" keeps one byte a character), `bytes.find` goes from one mark to the
    next, and each search starts there, where `findall`'s own search would have got to anyway.
    """
    marks = text.encode("ascii", "replace").translate(_ASCII_STARTS)
    find = marks.find
    search = pattern.search
    runs: list[str] = []
    start = find(1)
    while start >= 0:
        found = search(text, start)  # (a match at `start` itself: the last branch is empty)
        if found is None:
            break
        runs.append(found[0])
        start = find(1, found.end())
    return runs


_SKIPPED_CHAR = re.compile(r"[^\W\da-zA-Z]").match


def at_sentence_start(text: str, start: int) -> bool:
    """Whether only non-token characters stand between `start` and its sentence's start."""
    j = start
    while j > 0:
        char = text[j - 1]
        if char == "\n":
            return True
        if char.isspace():
            if j >= 2 and text[j - 2] in ".!?":
                return True
        elif not _SKIPPED_CHAR(char):
            return False
        j -= 1
    return True
