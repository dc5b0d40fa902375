"""What makes two paragraphs of a scraped page the same (`paragraph_norm`), and the paragraphs
read so far, asked whether a line repeats part of one (`SeenParagraphs`)."""

from __future__ import annotations

import re
from functools import lru_cache

from tui_news.model import beyond_ascii

#: ASCII bytes lowercased, and those that are not word characters (`\\W`) made spaces.
_ASCII_FOLD = bytes(
    ord(chr(code).lower()) if chr(code).isalnum() or chr(code) == "_" else 0x20
    for code in range(128)
) + bytes(range(128, 256))
_SPACES = re.compile(rb"  +")


@lru_cache(maxsize=512)
def paragraph_norm(text: str) -> str:
    """Casefolded words, one space apart: what makes two paragraphs the same paragraph."""
    # Cached: a paragraph is compared as a repeat, remembered, then checked for doubles.
    # `re.sub(r"\W+", " ", text.casefold()).strip()` in C passes over the UTF-8 bytes (no
    # regex on the hot path): ASCII bytes are folded by one table; beyond ASCII, the text is
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


class SeenParagraphs:
    """The normalised paragraphs read so far, and for each word the pieces of them that hold it.

    Whether a line repeats one looks only at the few pieces holding the line's rarest inner
    word, never at all the text read so far: a hard-wrapped page asks for each of its lines,
    and searching everything each time made a page of a million lines take minutes. A piece is
    at most `_PIECE` characters of one paragraph, overlapping the next by `_OVERLAP`, so that a
    repeat of up to `_OVERLAP` characters lies whole in one piece. Normal forms are words one
    space apart: a repeat's inner words are whole words of the piece holding it.
    """

    __slots__ = ("_by_word", "_piece_words", "_pieces")

    _PIECE = 4096
    _OVERLAP = 1024
    #: At most this many of the newest pieces holding the rarest word are looked at, and of
    #: those at most `_SEARCHED` holding the other inner words searched: a page of one word
    #: repeated costs the same per line as any other.
    _NEWEST = 32
    _SEARCHED = 8

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._piece_words: list[set[str]] = []
        self._by_word: dict[str, list[int]] = {}

    def append(self, norm: str) -> None:
        step = self._PIECE - self._OVERLAP
        start = 0
        while True:
            piece = norm[start : start + self._PIECE]
            number = len(self._pieces)
            words = set(piece.split(" "))
            self._pieces.append(piece)
            self._piece_words.append(words)
            by_word = self._by_word
            for word in words:
                holders = by_word.get(word)
                if holders is None:
                    by_word[word] = [number]
                else:
                    holders.append(number)
            if start + self._PIECE >= len(norm):
                break
            start += step

    def holds(self, norm: str) -> bool:
        """Whether `norm` is part of a paragraph seen before (never of two joined ones)."""
        pieces = self._pieces
        words = norm.split(" ")
        if len(words) < 3:  # no whole word to look it up by: the newest pieces only
            return any(norm in piece for piece in pieces[-self._SEARCHED :])
        holders: list[tuple[int, str, list[int]]] = []
        for word in set(words[1:-1]):
            found = self._by_word.get(word)
            if found is None:
                return False
            holders.append((len(found), word, found))
        holders.sort()
        others = {word for _count, word, _found in holders[1:4]}
        piece_words = self._piece_words
        candidates = [
            number for number in holders[0][2][-self._NEWEST :] if others <= piece_words[number]
        ]
        return any(norm in pieces[number] for number in candidates[-self._SEARCHED :])
