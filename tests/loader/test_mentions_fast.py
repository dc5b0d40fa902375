"""The fast mention finder reads exactly what the reference reading reads; its word lists cache.

`extract_mentions` finds capitalised runs with one regex over each text; `_slow_text_mentions`
is the reference (sentences, tokens, a walk over every token). They must agree on any text.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_news.loader import lexicon, mention_runs, mentions
from tui_news.model import Mentions


def reference(texts: list[str]) -> Mentions:
    found: tuple[dict[str, None], dict[str, None], dict[str, None]] = ({}, {}, {})
    names = lexicon.get_lexicon()
    for text in texts:
        for kind, name in mentions._slow_text_mentions(text, names):
            found[kind].setdefault(name, None)
    return Mentions(tuple(found[0]), tuple(found[1]), tuple(found[2]))


# Words and characters where the two readings could part: names, titles, connectors, calendar
# words, sentence ends, hyphens, numbers, word characters no token starts with, odd capitals.
PIECES = [
    *"Smith John Mary of the and for on van de del bin al May MAY march Monday".split(),
    *"President Mr. Dr U.S. US UK Bank Ministry Defence Times London Paris York New".split(),
    *"Tel Aviv Hong Kong Jean-Luc O'Neil iPhone x a. 2024Q1 3.5 Sheikh Reuters".split(),
    *"Lagos Reading Bath Nice Mobile Sale Bo".split(),
    *["-", " - ", ".", "!", "?", " ", "  ", "\n", "\t", ",", "’s", "'", "“", "”", "é", "É"],
    *["_", "ß", "İ", "ſ", "K", "Ⅻ", "٣", "２", "\u00a0", "\u2028", "\x85", "Ⓐ", "🅰", "🄰"],
]
piece_texts = st.lists(
    st.sampled_from(PIECES).map(lambda p: p + " ") | st.sampled_from(PIECES), max_size=30
).map("".join)
char_texts = st.text(alphabet=st.sampled_from(sorted(set("".join(PIECES)))), max_size=60)


@settings(max_examples=1000, deadline=None)
@given(st.lists(piece_texts | char_texts, min_size=1, max_size=3))
def test_fast_reading_matches_the_reference(texts: list[str]) -> None:
    assert mentions.extract_mentions(texts) == reference(texts)


@pytest.mark.parametrize(
    "text",
    [
        "President Joe Biden met Ministry of Defence officials in London on Monday.",
        "Mr. Smith said. Paris is big. The Bank of May and Bank of England.",
        "Jean - Luc Picard and John Smith of the Times, 2024Q1 Results.",
        "x. \n  Lagos Mayor é London _ Paris",
        "Ⓐ Smith met John Smith",
        "Sheikh Mohammed bin Rashid al Maktoum visited Hong Kong",
    ],
)
def test_known_sentences_match_the_reference(text: str) -> None:
    assert mentions.extract_mentions([text]) == reference([text])


@settings(max_examples=500, deadline=None)
@given(piece_texts | char_texts | st.text(max_size=80))
def test_ascii_runs_are_what_findall_finds(text: str) -> None:
    # Jumping from one capital or digit to the next finds the same matches as the engine's
    # own scan, whatever lies between them (accents, astral characters, lone surrogates).
    _any_text, ascii_text = mention_runs._run_patterns()
    assert mention_runs._ascii_runs(ascii_text, text) == ascii_text.findall(text)


def test_ascii_runs_start_only_at_ascii_capitals_and_digits() -> None:
    starts = {chr(b) for b in range(256) if mention_runs._ASCII_STARTS[b]}
    assert starts == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    _any_text, ascii_text = mention_runs._run_patterns()
    text = "é 2024Q1 “Ada” Lovelace of London, ÉTAT x_Y \udcff Bank of England"
    assert (
        mention_runs._ascii_runs(ascii_text, text)
        == ascii_text.findall(text)
        == ["2024Q1", "Ada", "Lovelace of London", "TAT", "Y", "Bank of England"]
    )


def test_odd_capitals_are_every_uppercase_non_word_character() -> None:
    odd = re.compile(f"[{mention_runs._ODD_CAPITALS}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isupper() and not re.match(r"[\w\s]", char):
            assert odd.match(char), f"U+{code:04X} is uppercase punctuation missing from the list"


# --- The lexicon cache -----------------------------------------------------------------------


SMALL = {
    "regions": ["France"],
    "cities": ["Lyon"],
    "very_big": [],
    "first_names": ["john"],
}


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def small_libraries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Stand-in libraries (reading the real ones takes a second): counts the derivations."""
    calls: list[int] = []

    def build() -> dict[str, list[str]]:
        calls.append(1)
        return {key: list(value) for key, value in SMALL.items()}

    monkeypatch.setattr(lexicon, "_build_lexicon_data", build)
    return calls


def test_lexicon_is_derived_once_then_read_from_the_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = lexicon._lexicon_data()
    files = list(cache_home.rglob("lexicon-*.txt"))
    assert len(files) == 1
    assert "john" in built["first_names"] and "France" in built["regions"]

    def no_build() -> dict[str, list[str]]:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(lexicon, "_build_lexicon_data", no_build)
    assert lexicon._lexicon_data() == built


def test_lexicon_matches_the_libraries(cache_home: Path) -> None:
    import gender_guesser.detector as gender

    data = lexicon._lexicon_data()
    names = frozenset(data["first_names"])
    detector = gender.Detector(case_sensitive=False)
    for word in ["John", "mary", "Xyzzyq", "Ali", "Smith", "Jean-Luc", "Zoë"]:
        assert (word.lower() in names) == (detector.get_gender(word) != "unknown")


def test_a_damaged_cache_is_rebuilt(cache_home: Path, small_libraries: list[int]) -> None:
    assert lexicon._lexicon_data() == SMALL
    (path,) = cache_home.rglob("lexicon-*.txt")
    good = path.read_bytes()
    damages = [
        b"",
        b"{",
        b"tui-news lexicon 999 1 1 0 1\nFrance\nLyon\njohn\n-- end --",
        b"tui-news lexicon 1 1 1 x 1\nFrance\nLyon\njohn\n-- end --",
        good[:-3],  # cut short
        good + b"\nextra",
        good.replace(b"France", b"\xff\xfe"),
    ]
    for damage in damages:
        path.write_bytes(damage)
        assert lexicon._lexicon_data() == SMALL
        assert lexicon._read_lexicon(path) == SMALL
    assert len(small_libraries) == 1 + len(damages)


def test_an_unwritable_cache_folder_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_libraries: list[int]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert lexicon._lexicon_data() == SMALL
    assert lexicon._lexicon_data() == SMALL
    assert len(small_libraries) == 2
    assert not list(tmp_path.rglob("lexicon-*.txt"))


def test_another_library_version_gets_its_own_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, small_libraries: list[int]
) -> None:
    lexicon._lexicon_data()
    (first,) = cache_home.rglob("lexicon-*.txt")
    monkeypatch.setattr(lexicon, "_LEXICON_SCHEMA", lexicon._LEXICON_SCHEMA + 100)
    lexicon._lexicon_data()
    # Both stay (two virtualenvs may share the cache folder) until one is a month old.
    assert len(list(cache_home.rglob("lexicon-*.txt"))) == 2
    long_ago = time.time() - 40 * 24 * 3600
    os.utime(first, (long_ago, long_ago))
    monkeypatch.setattr(lexicon, "_LEXICON_SCHEMA", lexicon._LEXICON_SCHEMA + 1)
    lexicon._lexicon_data()
    assert len(list(cache_home.rglob("lexicon-*.txt"))) == 2
    assert not first.exists()
