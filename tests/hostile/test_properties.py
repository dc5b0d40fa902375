"""Properties of the text layer and the parser over arbitrary input (Hypothesis)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_news.loader.files import SUPPORTED_SUFFIXES, LoadError, SourceFile, parse_file
from tui_news.loader.text import NotText, clean_inline, clean_text, decode_bytes

FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
SUFFIXES = sorted(SUPPORTED_SUFFIXES)

# Bytes that reach the interesting paths: escape sequences, C1 bytes, BOMs, markup, structure.
PIECES = [
    b"\x1b[2J",
    b"\x1b]0;t\x07",
    b"\x1b]52;c;aGk=\x1b\\",
    b"\x1bP",
    b"\x1b",
    b"\x9b31m",
    b"\x9d",
    b"\x9c",
    b"\xc2\x9b",
    b"\x00",
    b"\r\n",
    b"\r",
    b"\n\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"---\n",
    b"title: x\n",
    b"&a ",
    b"*a ",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"title": "T"',
    b'"body": "b"',
    b"<rss><channel><item><title>",
    b"</title>",
    b"<p>",
    b"\xe9",
    b"\x93",
    b"Headline Words Here\n\n",
    b"A sentence of body text. ",
]
hostile_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(PIECES) | st.binary(max_size=8), max_size=40).map(b"".join),
)
hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from([p.decode("latin-1") for p in PIECES]) | st.text(max_size=6), max_size=40
    ).map("".join),
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=hostile_bytes, suffix=st.sampled_from(SUFFIXES))
def test_parse_file_raises_only_load_error(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    source = SourceFile(path, str(path), str(path), "folder")
    try:
        result = parse_file(source)
    except LoadError as error:
        assert error.reason and not FORBIDDEN.search(error.reason)
        return
    for article in result.articles:
        for text in _strings(article.to_dict()):
            assert not FORBIDDEN.search(text), (text, data)
    for warning in result.warnings:
        assert not FORBIDDEN.search(warning)


@settings(max_examples=300, deadline=None, database=None)
@given(hostile_text)
def test_clean_text_is_idempotent_and_clean(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert not FORBIDDEN.search(once)
    assert "\r" not in once and "\u202e" not in once
    inline = clean_inline(text, limit=50)
    assert clean_inline(inline, limit=50) == inline
    assert "\n" not in inline and len(inline) <= 50 and not FORBIDDEN.search(inline)


@settings(max_examples=300, deadline=None, database=None)
@given(hostile_bytes)
def test_decode_bytes_raises_only_not_text(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except NotText as error:
        assert str(error).startswith("not text: looks like")
        return
    assert isinstance(text, str)
    text.encode("utf-8", "surrogatepass")
