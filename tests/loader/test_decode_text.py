"""decode_bytes and clean_text on the byte patterns hostile files are made of."""

from __future__ import annotations

import codecs

import pytest

from tui_news.loader.text import NotText, clean_inline, clean_text, decode_bytes


def _read(data: bytes) -> str:
    return clean_text(decode_bytes(data))


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "café".encode(), "café"),
        (codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le"), "Grüße"),
        (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "Grüße"),
        (codecs.BOM_UTF32_LE + "漢字".encode("utf-32-le"), "漢字"),
        ("plain ASCII text here".encode("utf-16-le"), "plain ASCII text here"),
        (b"caf\xe9 \x93q\x94 \x80", "café “q” €"),
        ("é".encode() + b" \xe9", "é é"),
        ("end €".encode()[:-1], "end â‚"),
    ],
    ids=["utf8-bom", "utf16le", "utf16be", "utf32", "utf16-no-bom", "cp1252", "mixed", "cut"],
)
def test_decodings(data: bytes, text: str) -> None:
    assert decode_bytes(data) == text


def test_cut_multibyte_leaves_no_control() -> None:
    assert _read("end €".encode()[:-1]) == "end â‚"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(50), "PNG"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_not_text(data: bytes, what: str) -> None:
    with pytest.raises(NotText, match=what):
        decode_bytes(data)


def test_raw_eight_bit_csi_is_removed_whole() -> None:
    assert _read(b"a \x9b2J\x9b31;1mb \x9b?25lc") == "a b c"


def test_raw_eight_bit_string_with_raw_st_is_removed_whole() -> None:
    """0x9d opens an OSC and 0x9c (cp1252 "œ") closes it: the text after it survives."""
    assert _read(b"keep \x9d0;evil title\x9c this") == "keep this"
    assert _read(b"keep \x1b]0;evil\x9c this and more text") == "keep this and more text"


def test_cp1252_punctuation_is_not_taken_for_controls() -> None:
    assert _read(b"\x9bquoted\x8b, c\x9cur, \x9cuvre") == "›quoted‹, cœur, œuvre"


def test_clean_inline_caps_and_collapses() -> None:
    assert clean_inline(" a \t b\n\nc \u00a0 d ", limit=6) == "a b c…"
