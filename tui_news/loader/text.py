"""Turning untrusted bytes into clean text: decoding, binary sniffing and control-character removal.

Everything a seed file says passes through here before any parser looks at it. What comes out
holds no C0/C1 control character (other than newline), no terminal escape sequence (removed
whole, not just its ESC), no bidi override, and only `\\n` line ends.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from tui_news.model import beyond_ascii

# ESC-introduced sequences, removed whole so that no "[2J" residue is left behind:
# CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings (up to BEL or ST, or the end of the text if
# unterminated), and two-character escapes such as `ESC c` (full reset) or `ESC 7`.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI ... final byte
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)   # OSC, DCS, SOS, PM, APC strings
    | \x9b[0-?]*[ -/]*[@-~]?                 # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)   # 8-bit string introducers
    | \x1b[ -/]*[0-~]?                       # other escapes: ESC c, ESC 7, ESC ( B ...
    """,
    re.VERBOSE,
)

# Characters that are never kept: C0 controls but newline and tab, DEL, C1 controls, bidi
# embeddings/overrides/isolates (they reorder what the terminal shows), and invisible marks that
# only hide text (zero-width space, word joiner, BOMs left inside the text, interlinear anchors).
#: Spaces on both sides of one or more removed sequences (marked with NUL while they go).
_ESCAPE_GAP = re.compile(r" \x00+ ")
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_LINE_SEPARATORS = re.compile("\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


class NotText(ValueError):
    """The bytes are not text in any encoding the loader reads; the message says what they are."""


# In bytes that are not UTF-8, a raw 0x9b followed by CSI parameters is an 8-bit CSI (`\x9b2J`),
# not cp1252's "›"; a raw 0x9c that ends an open 8-bit or 7-bit string (OSC, DCS...) is ST, not
# "œ". Read as controls, the escape-sequence filter removes them whole.
_RAW_CSI_TAIL = re.compile(rb"[0-9;:<=>?]+[ -/]*[@-~]")
_RAW_STRING_START = re.compile(rb"[\x90\x9d]|\x1b[\]P_^X]")
_RAW_STRING_END = re.compile(rb"[\x07\x9c]|\x1b\\")
_LOOKBACK = 4096


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data: bytes = error.object
    # cp1252 leaves five bytes undefined; Latin-1 maps them (to C1 controls, removed later).
    chars = []
    for position in range(error.start, error.end):
        byte = data[position]
        if byte == 0x9B and _RAW_CSI_TAIL.match(data, position + 1, position + 64):
            chars.append("\x9b")
        elif byte == 0x9C and _ends_open_string(data, position):
            chars.append("\x9c")
        else:
            chars.append(_decode_one_byte(byte))
    return "".join(chars), error.end


def _ends_open_string(data: bytes, position: int) -> bool:
    start = max(0, position - _LOOKBACK)
    opened = closed = -1
    for match in _RAW_STRING_START.finditer(data, start, position):
        opened = match.start()
    for match in _RAW_STRING_END.finditer(data, start, position):
        closed = match.start()
    return opened > closed


def _decode_one_byte(byte: int) -> str:
    raw = bytes([byte])
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


codecs.register_error("tui_news_cp1252", _cp1252_fallback)


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13)) + b"\x7f"


#: Every magic number above, for one `bytes.startswith` call.
_MAGIC_PREFIXES = tuple(magic for magic, _what in _MAGIC)


def sniff_binary(data: bytes) -> str | None:
    """Say what the bytes are when they are plainly not text, else None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    sample = data[:65536]
    if not sample or _utf16_without_bom(sample):
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.05:
        return "binary data (too many control bytes to be text)"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NULs fall on one side of mostly-ASCII text."""
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: BOMs (UTF-8, UTF-16, UTF-32), UTF-8, else cp1252 byte by byte.

    Invalid UTF-8 falls back to cp1252 only for the bytes that are invalid, so a file that mixes a
    UTF-8 line with a cp1252 one keeps both readable. Raises `NotText` for binary data.
    """
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return data.decode("utf-32", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="tui_news_cp1252")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    what = sniff_binary(data)
    if what:
        raise NotText(f"not text: looks like {what}")
    utf16 = _utf16_without_bom(data[:65536])
    if utf16:
        return data.decode(utf16, errors="replace")
    return data.decode("utf-8", errors="tui_news_cp1252")


def decode_text(data: bytes) -> str:
    """`clean_text(decode_bytes(data))`, in a few C passes for most files: UTF-8 (or ASCII) with
    no control byte but newlines, no magic number, and beyond ASCII only characters that need
    no cleaning and cannot change under NFC (`_plain_char`). Anything else takes the long way.
    """
    if _no_controls(data) and not data.startswith(_MAGIC_PREFIXES):
        # No control byte: no BOM but UTF-8's, not binary (`sniff_binary`), not UTF-16 (no NUL).
        if data.isascii():
            return _rstrip_spaced_lines(data.decode("ascii"))
        try:
            text = data.decode("utf-8")  # strict: a lone surrogate or bad byte goes the long way
        except UnicodeDecodeError:
            pass
        else:
            beyond = set(beyond_ascii(data))
            if all(map(_plain_char, beyond)):
                if any(char.isspace() for char in beyond):  # a no-break space may end a line
                    return _rstrip_lines(text)
                return _rstrip_spaced_lines(text)
    return clean_text(decode_bytes(data))


def _no_controls(raw: bytes) -> bool:
    """No ASCII control byte but the newline in `raw` (counted in C)."""
    return len(raw.translate(None, _ASCII_CONTROLS_BUT_NEWLINE)) == len(raw)


def _rstrip_spaced_lines(text: str) -> str:
    """`_rstrip_lines` of a text whose only whitespace is the space and the newline: a line
    ends in whitespace only where a space comes before a newline or ends the text."""
    return _rstrip_lines(text) if " \n" in text or text.endswith(" ") else text


@lru_cache(maxsize=4096)
def _plain_char(char: str) -> bool:
    """A character beyond ASCII that `clean_text` keeps as it is wherever it stands.

    Nothing to remove (`_NEEDS_CLEANING`), and NFC leaves any text of such characters and ASCII
    as it is: a starter (combining class 0) that NFC keeps (`is_normalized`: no singleton or
    excluded composition) from blocks where no starter composes with the character before it
    (the NFC_QC=Maybe starters are in Indic scripts, Hangul jamo and beyond: U+09BE onwards).
    UAX #15: a text of characters whose NFC quick check is Yes, all of class 0, is in NFC.
    """
    return (
        _NEEDS_CLEANING.search(char) is None
        and unicodedata.combining(char) == 0
        and unicodedata.is_normalized("NFC", char)
        and (char < "\u0900" or "\u1e00" <= char < "\u2c00")
    )


#: Every character `clean_text` would remove, convert or act on (tabs, line separators, escape
#: and C1 introducers, dropped marks, lone surrogates): text without them needs no cleaning.
_NEEDS_CLEANING = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
#: ASCII characters `str.isprintable` refuses, but for the newline (deleted to count them: bytes
#: are counted in C far faster than `isprintable` walks a long string).
_ASCII_CONTROLS_BUT_NEWLINE = bytes(range(0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"
#: What `clean_inline` collapses, when it is more than a lone space.
_INLINE_SPACE_TO_COLLAPSE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ")


def clean_text(text: str) -> str:
    """Normalise line ends, strip escape sequences and control characters, NFC-compose.

    Keeps newlines; tabs become spaces; trailing spaces go. Safe to show in a terminal as is.
    """
    if text.isascii():
        raw = text.encode("ascii")
        if _no_controls(raw):
            # Most text: nothing to remove or compose (a big archive cleans millions of strings).
            return _rstrip_lines(text)
    elif _plain_beyond_ascii(text) or (
        _nothing_to_remove(text) and unicodedata.is_normalized("NFC", text)
    ):
        # Curly quotes, accents: still nothing to remove or compose.
        return _rstrip_lines(text)
    text = _LINE_SEPARATORS.sub("\n", text)
    if "\x1b" in text or "\x9b" in text or "\x90" in text or "\x9d" in text or "\x9e" in text:
        # "Breaking\x1b[2J news" must not read "Breaking  news": close the gap a removal left.
        text = _ESCAPE_GAP.sub(" ", _ESCAPE_SEQUENCE.sub("\x00", text)).replace("\x00", "")
    text = text.replace("\t", " ")
    text = _DROP.sub("", text)
    text = _strip_surrogates(text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _plain_beyond_ascii(text: str) -> bool:
    """No control character but newlines, and beyond ASCII only `_plain_char`s: told from the
    UTF-8 bytes and the few characters beyond ASCII (no walk of the whole text in Python's
    character tables, as `isprintable` and `is_normalized` do)."""
    raw = text.encode("utf-8", "surrogatepass")
    return _no_controls(raw) and all(map(_plain_char, set(beyond_ascii(raw))))


def _nothing_to_remove(text: str) -> bool:
    """No character `clean_text` acts on (but newlines) in a non-ASCII `text`."""
    # isprintable walks a string faster than a regex search; it also refuses no-break and other
    # spaces, which the search then lets through.
    if (text.replace("\n", " ") if "\n" in text else text).isprintable():
        return True
    return _NEEDS_CLEANING.search(text) is None


def _rstrip_lines(text: str) -> str:
    """Each line without its trailing whitespace (the text itself when no line has any)."""
    if "\n" not in text:
        return text.rstrip() if text[-1:].isspace() else text
    lines = text.split("\n")
    if any(line[-1:].isspace() for line in lines):
        return "\n".join(line.rstrip() for line in lines)
    return text


def _is_printable_ascii(text: str) -> bool:
    """`text.isprintable()` for an ASCII `text`, counted in C."""
    raw = text.encode("ascii")
    return len(raw.translate(None, _ASCII_CONTROLS)) == len(raw)


def clean_inline(text: str, *, limit: int | None = None) -> str:
    """Clean text meant for one line (a title, a byline, a tag): whitespace collapsed, capped."""
    if text.isascii():
        clean = text.isprintable() if len(text) < 80 else _is_printable_ascii(text)
    else:  # printable leaves " " the only space: the same shortcut holds once composed
        clean = text.isprintable() and unicodedata.is_normalized("NFC", text)
    if clean:
        text = (
            " ".join(text.split()) if "  " in text or text[:1] == " " or text[-1:] == " " else text
        )
    else:
        text = clean_text(text).replace("\n", " ")
        if _INLINE_SPACE_TO_COLLAPSE.search(text):
            text = _INLINE_SPACE.sub(" ", text)
        text = text.strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _strip_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="ignore").decode("utf-8")
    return text
