"""Counting words in C passes over UTF-8 bytes, and a count said in words."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """'1 article', '2,000 articles': a count with its noun, singular for one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


#: Each ASCII byte as b" " when `str.split` splits at it, else b"x"; every other byte b"x".
_WORD_BYTES = bytes(0x20 if chr(b).isspace() else 0x78 for b in range(128)) + b"x" * 128
_ASCII_BYTES = bytes(range(128))


def beyond_ascii(utf8: bytes) -> str:
    """The characters of UTF-8 text (`surrogatepass`) that are not ASCII, in order, in two C
    passes: UTF-8 spends no ASCII byte on them, so dropping the ASCII bytes leaves theirs."""
    return utf8.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def count_split_words(text: str) -> int:
    """`len(text.split())`, counted in C passes over the UTF-8 bytes (no list of words)."""
    raw = text.encode("utf-8", "surrogatepass")
    # Whitespace beyond ASCII (no-break spaces...) is more than one byte: count the slow way.
    if not text.isascii() and any(char.isspace() for char in set(beyond_ascii(raw))):
        return len(text.split())
    marks = raw.translate(_WORD_BYTES)
    return marks.count(b" x") + marks.startswith(b"x")
