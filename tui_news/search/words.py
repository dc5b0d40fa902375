"""What a word is to search: `\\w+` runs, compared case-folded with accents off, and where
the words of a text that match a set of (normalised) words are, for highlighting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)
#: A word character outside ASCII (a letter with an accent, a CJK character…).
NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")


def normalise(word: str) -> str:
    """Case-folded, accents off: 'Café' and 'cafe' are one word to search."""
    if word.isascii():
        return word.lower()
    return _normalise_unicode(word)


@lru_cache(maxsize=200_000)
def _normalise_unicode(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_spans(text: str, words: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Where the words of `text` that normalise to one of `words` are."""
    if not words:
        return ()
    if text.isascii() or not NON_ASCII_WORD_CHAR.search(text):
        # Every word is ASCII (curly quotes and dashes are not word characters), so it
        # normalises to its lower case: one regex pass instead of normalising each word of a
        # (long) lead in Python.
        pattern = _words_pattern(words)
        return () if pattern is None else tuple(m.span() for m in pattern.finditer(text))
    return tuple((m.start(), m.end()) for m in WORD.finditer(text) if normalise(m.group()) in words)


@lru_cache(maxsize=1024)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """Whole ASCII words equal to one of `words` up to case: `normalise` of ASCII is `lower`."""
    ascii_words = sorted(w for w in words if w.isascii())
    if not ascii_words:
        return None
    alternatives = "|".join(re.escape(w) for w in ascii_words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
