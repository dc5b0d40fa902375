"""The measurements that run in a fresh child process, one per call (see `run_bench.py`).

Each probe prints one JSON object on its last stdout line. Run by hand for a closer look:

    python tests/bench/probes.py engine --db OUT/stores/10000/news.json
    python tests/bench/probes.py rss --db OUT/stores/100000/news.json [--app]
    python tests/bench/probes.py reload --db OUT/stores/10000/news.json
    python tests/bench/probes.py pilot --db OUT/stores/100000/news.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

#: The fixed query set: free words (real and typo'd), names, places, prefixes as typed, filters.
QUERIES: tuple[str, ...] = (
    # plain words
    "inflation",
    "ceasefire talks",
    "interest rates",
    "heatwave",
    "semiconductors",
    "hospital waiting lists",
    "election campaign",
    "wildfires",
    "artificial intelligence",
    "pensions",
    # typos
    "inflaton",
    "ceasfire",
    "electon campain",
    "semiconducter",
    "hosptial",
    "goverment",
    "immigraton",
    "refugess",
    "artifical inteligence",
    "climte",
    # names and places
    "Sarah Okafor",
    "Kenji Tanaka",
    "Fatima Haddad",
    "Whitaker",
    "Priya Sharma",
    "Tehran",
    "Buenos Aires",
    "Nairobi",
    "Mohammed Rahman",
    "Olga Petrov",
    # a word still being typed (prefix of the last word)
    "infl",
    "semic",
    "ceasefire ta",
    # filters alone and with words
    "category:tech",
    "category:sport football",
    "is:unread",
    "is:unread inflation",
    "is:starred",
    "after:2024-01-01",
    "after:2024-01-01 election",
    "before:2023-01-01 strikes",
    'source:"the daily ledger"',
    "tag:energy",
    "person:okafor",
    "place:london",
    "category:politics after:2025-01-01",
    "category:health is:unread hospital",
    'tag:"climate change" flooding',
    # long and odd
    "prime minister warns of rising energy bills as winter approaches",
    "zzzz qqqq",
)


def _pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _maxrss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / (1024.0 * 1024.0)


def _hwm_mb() -> float | None:
    """VmHWM: this process's own peak RSS (ru_maxrss also counts the parent's, up to the fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def _emit(result: dict[str, Any]) -> None:
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


# --- engine search --------------------------------------------------------------------------------


def probe_engine(db: Path, repeat: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    from tui_news.search import SearchIndex, parse_query
    from tui_news.store import open_store

    t_import = time.perf_counter()
    store = open_store(db, build_if_missing=False)
    t_open = time.perf_counter()
    summaries = store.articles.summaries()
    t_summaries = time.perf_counter()
    index = SearchIndex(summaries)
    t_index = time.perf_counter()
    states = store.state.all()
    for q in QUERIES:  # warm-up: lazy imports, caches
        index.search(q, states)
    per_query: list[dict[str, Any]] = []
    for q in QUERIES:
        times = []
        hits = 0
        for _ in range(repeat):
            s = time.perf_counter()
            # What a caller does per keystroke: parse, then search with the current marks.
            result = index.search(parse_query(q), states)
            times.append((time.perf_counter() - s) * 1000.0)
            hits = len(result)
        per_query.append({"query": q, "ms": statistics.median(times), "hits": hits})
    ms = [p["ms"] for p in per_query]
    return {
        "articles": len(summaries),
        "vocabulary": len(getattr(index, "_vocab", ())),
        "import_s": t_import - t0,
        "open_s": t_open - t_import,
        "summaries_s": t_summaries - t_open,
        "index_build_s": t_index - t_summaries,
        "p50_ms": _pct(ms, 50),
        "p95_ms": _pct(ms, 95),
        "max_ms": max(ms),
        "queries": per_query,
        "no_hits": [p["query"] for p in per_query if p["hits"] == 0],
    }


# --- peak memory ------------------------------------------------------------------------------------


def probe_rss(db: Path, with_app: bool) -> dict[str, Any]:
    """Peak RSS of a fresh process: the store opened and the index built, or the whole app."""
    if with_app:
        result = asyncio.run(_app_until_painted(db))
        result["app_rss_mb"] = _maxrss_mb()
        result["app_hwm_mb"] = _hwm_mb()
        # The search index's helper process (tui_news/search/worker.py), reported beside the
        # app's own figure: it is memory the machine needs for a while after start too.
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["helper_rss_mb"] = children / 1024.0 if children else None
        return result
    from tui_news.search import SearchIndex
    from tui_news.store import open_store

    store = open_store(db, build_if_missing=False)
    index = SearchIndex(store.articles.summaries())
    return {"articles": len(index), "core_rss_mb": _maxrss_mb(), "core_hwm_mb": _hwm_mb()}


async def _app_until_painted(db: Path) -> dict[str, Any]:
    """Run the app headless (80x24) until the list shows real rows, then until the index is built."""
    app = _make_app(db)
    # Watch frames from the start: the list's rows may be in the very first frame.
    frames = _FrameWatch(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_until(pilot, lambda: _list_painted(app, frames), LIST_TIMEOUT)
        painted_mb = _maxrss_mb()
        await _index_built(app)
        await pilot.pause()
        return {"painted_rss_mb": painted_mb}


# --- the app, driven headless -----------------------------------------------------------------
# This part knows how tui_news/ui is built (README.md, "How the app figures are taken"):
# - the list is painted when app.library is set and the ArticleList shows its rows;
# - the reader has rendered when app.screen is a ReaderScreen whose ArticleBody has a region;
# - search results are shown when SearchScreen.last_query equals the input's value (set by
#   SearchScreen._show, which the search worker calls on the UI thread).
# "Painted" means: a frame was sent to the (headless) driver after that condition held.

LIST_TIMEOUT = 300.0
STEP_TIMEOUT = 30.0


def _make_app(db: Path) -> Any:
    from tui_news.config import Config
    from tui_news.ui.app import TuiNewsApp

    return TuiNewsApp(db, config=Config())


class _FrameWatch:
    """Counts the frames the app sends to its driver, and when the last one went out."""

    def __init__(self, app: Any) -> None:
        self.count = 0
        self.last = 0.0
        self.waiting: list[tuple[Any, list[float]]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.count += 1
            self.last = time.perf_counter()
            for predicate, box in list(self.waiting):
                if not box and predicate():
                    box.append(self.last)
                    self.waiting.remove((predicate, box))

        app._display = display

    def first_frame_where(self, predicate: Any) -> list[float]:
        """A box that gets the time of the first frame after which `predicate()` holds."""
        box: list[float] = []
        self.waiting.append((predicate, box))
        return box


def _list_painted(app: Any, frames: _FrameWatch) -> bool:
    from tui_news.ui.widgets.article_list import ArticleList

    if app.library is None or frames.count == 0:
        return False
    screen = app.list_screen
    if screen is None or app.screen is not screen:
        return False
    article_list = screen.query_one(ArticleList)
    return bool(article_list.rows) and bool(article_list.display) and bool(article_list.region)


async def _index_built(app: Any, timeout: float = LIST_TIMEOUT) -> None:
    """The search index is built and every worker has finished. The index's worker starts
    after the first paint (`call_after_refresh`): right after the list is painted there may be
    no worker yet, so "no worker running" alone is not "built"."""
    deadline = time.perf_counter() + timeout
    while app.library is None or not app.library.index_ready:
        if time.perf_counter() > deadline:
            raise TimeoutError("the search index was not built in time")
        await asyncio.sleep(0.005)
    await _workers_idle(app, max(1.0, deadline - time.perf_counter()))


async def _workers_idle(app: Any, timeout: float = LIST_TIMEOUT) -> None:
    """Every worker finished (a cancelled search worker counts; `wait_for_complete` raises on it)."""
    deadline = time.perf_counter() + timeout
    while any(not worker.is_finished for worker in app.workers):
        if time.perf_counter() > deadline:
            raise TimeoutError("workers still running")
        await asyncio.sleep(0.001)


async def _wait_until(pilot: Any, condition: Any, timeout: float, step: float = 0.001) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(step)


def _send_key(app: Any, key: str) -> None:
    """One key press, as Pilot sends it but without Pilot's idle waits (20 ms or more each)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _frame_after(
    frames: _FrameWatch, predicate: Any, what: str, timeout: float = STEP_TIMEOUT
) -> float:
    """Time of the first frame drawn once `predicate()` holds (it may already hold)."""
    box = frames.first_frame_where(predicate)
    deadline = time.perf_counter() + timeout
    while not box:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no frame showed {what} within {timeout:.0f} s")
        await asyncio.sleep(0.0005)
    return box[0]


async def probe_pilot(db: Path, repeat: int) -> dict[str, Any]:
    from textual.widgets import Input

    from tui_news.ui.screens.reader import ReaderScreen
    from tui_news.ui.screens.search import SearchScreen
    from tui_news.ui.widgets.article_list import ArticleList

    result: dict[str, Any] = {}
    app = _make_app(db)
    started = time.perf_counter()
    # Watch frames from the start: the list's rows may be in the very first frame.
    frames = _FrameWatch(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait_until(pilot, lambda: _list_painted(app, frames), LIST_TIMEOUT)
        result["list_painted_s"] = time.perf_counter() - started
        await _index_built(app)  # opening shows related articles; nothing else is running
        await pilot.pause()
        result["index_ready_s"] = time.perf_counter() - started
        result["articles"] = len(app.library.summaries)

        # --- open an article: enter on the list until the reader has drawn its body ------------
        opens: list[float] = []
        for i in range(repeat):
            if i:
                _send_key(app, "j")  # a different article each time
                await pilot.pause()
            assert isinstance(app.focused, ArticleList), app.focused
            expected = app.focused.current_id

            def reader_shown(expected: str | None = expected) -> bool:
                # The reader is up with the article that was highlighted, its body laid out.
                screen = app.screen
                if not isinstance(screen, ReaderScreen) or screen.article is None:
                    return False
                if screen.article.id != expected:
                    return False
                body = screen.query("#reader-body")
                return bool(body) and bool(body.first().region)

            t0 = time.perf_counter()
            _send_key(app, "enter")
            t1 = await _frame_after(frames, reader_shown, "the reader")
            opens.append((t1 - t0) * 1000.0)
            await pilot.pause()
            _send_key(app, "escape")
            await _frame_after(frames, lambda: _list_painted(app, frames), "the list again")
            await pilot.pause()
        result["open_ms"] = opens
        result["open_p50_ms"] = _pct(opens, 50)
        result["open_p95_ms"] = _pct(opens, 95)

        # --- search: "/" then type; time from the last key to the results on screen ------------
        _send_key(app, "slash")
        await _wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), STEP_TIMEOUT)
        await pilot.pause()
        screen = app.screen
        field = screen.query_one(Input)
        per_query: list[dict[str, Any]] = []
        for query in QUERIES:
            field.value = ""
            await _workers_idle(app)
            await pilot.pause()
            for n, char in enumerate(query, start=1):
                typed = query[:n]

                def shown(typed: str = typed) -> bool:
                    return screen.last_query == typed and field.value == typed

                t0 = time.perf_counter()
                _send_key(app, char)
                t1 = await _frame_after(frames, shown, f"results for {typed!r}")
                if n == len(query):
                    per_query.append(
                        {
                            "query": query,
                            "ms": (t1 - t0) * 1000.0,
                            "engine_ms": screen.last_elapsed * 1000.0,
                            "hits": len(screen.hits),
                        }
                    )
        ms = [q["ms"] for q in per_query]
        result["search_queries"] = per_query
        result["search_p50_ms"] = _pct(ms, 50)
        result["search_p95_ms"] = _pct(ms, 95)
        result["search_engine_p50_ms"] = _pct([q["engine_ms"] for q in per_query], 50)
        _send_key(app, "escape")
        await _wait_until(pilot, lambda: app.screen is app.list_screen, STEP_TIMEOUT)
        await pilot.pause()
        result.update(await _list_filter_and_palette(app, pilot, frames))
    return result


#: Typed into the command palette, a key at a time.
PALETTE_TEXT = "election"


async def _list_filter_and_palette(app: Any, pilot: Any, frames: _FrameWatch) -> dict[str, Any]:
    """Three things the list screen does over every article: `u` (only unread, and back), the
    filter dialog (`f`, first and later opens), and a key typed into the command palette (from
    the key to the frame that shows it in the palette's field: the palette's article finder
    once held the app still ~0.5 s a keystroke at 100k)."""
    from textual.command import CommandPalette
    from textual.widgets import Input

    from tui_news.ui.screens.dialogs import FilterScreen

    result: dict[str, Any] = {}
    list_screen = app.list_screen

    def bar() -> str:
        return str(list_screen.query_one("#filter-bar").render())

    toggles: list[float] = []
    for i in range(10):
        want_unread = i % 2 == 0

        def filtered(want_unread: bool = want_unread) -> bool:
            return ("unread" in app.library.query.values("is")) is want_unread and (
                ("is:unread" in bar()) is want_unread
            )

        t0 = time.perf_counter()
        _send_key(app, "u")
        t1 = await _frame_after(frames, filtered, "the list filtered by u")
        toggles.append((t1 - t0) * 1000.0)
        await pilot.pause()
    result["unread_toggle_ms"] = toggles
    result["unread_toggle_p50_ms"] = _pct(toggles, 50)

    dialog: list[float] = []
    for _ in range(3):
        t0 = time.perf_counter()
        _send_key(app, "f")
        t1 = await _frame_after(
            frames, lambda: isinstance(app.screen, FilterScreen), "the filter dialog"
        )
        dialog.append((t1 - t0) * 1000.0)
        await pilot.pause()
        _send_key(app, "escape")
        await _wait_until(pilot, lambda: app.screen is list_screen, STEP_TIMEOUT)
        await pilot.pause()
    result["filter_dialog_ms"] = dialog

    _send_key(app, "ctrl+p")
    await _wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), STEP_TIMEOUT)
    await pilot.pause()
    field = app.screen.query_one(Input)
    keys: list[float] = []
    for n, char in enumerate(PALETTE_TEXT, start=1):
        typed = PALETTE_TEXT[:n]
        t0 = time.perf_counter()
        _send_key(app, char)
        t1 = await _frame_after(
            frames, lambda typed=typed: field.value == typed, f"{typed!r} in the palette"
        )
        keys.append((t1 - t0) * 1000.0)
        await asyncio.sleep(0.05)  # a typist's pace: the search for this key is under way
    await _workers_idle(app)
    result["palette_key_ms"] = keys
    result["palette_key_p50_ms"] = _pct(keys, 50)
    result["palette_key_max_ms"] = max(keys)
    _send_key(app, "escape")
    await pilot.pause()
    return result


def probe_reload(db: Path) -> dict[str, Any]:
    """`Store.reload()` in a process that has the store open: what the app's reload costs."""
    from tui_news.store import open_store

    t0 = time.perf_counter()
    store = open_store(db, build_if_missing=False)
    len(store.articles)
    t_open = time.perf_counter()
    report = store.reload()
    t_reload = time.perf_counter()
    return {
        "open_s": t_open - t0,
        "reload_s": t_reload - t_open,
        "unchanged": report.unchanged,
        "added": report.added,
        "updated": report.updated,
        "files_parsed": report.files_parsed,
    }


def probe_marks(db: Path, read: int, starred: int) -> dict[str, Any]:
    """Give the store some user state, so `is:unread` and `is:starred` have work to do."""
    from tui_news.store import open_store

    store = open_store(db, build_if_missing=False)
    ids = sorted(s.id for s in store.articles.summaries())
    step = max(1, len(ids) // max(1, read))
    t0 = time.perf_counter()
    marked = 0
    for article_id in ids[::step][:read]:
        store.state.mark_read(article_id)
        marked += 1
    for article_id in ids[1::step][:starred]:
        store.state.set_starred(article_id, True)
    return {"read": marked, "starred": starred, "seconds": time.perf_counter() - t0}


def probe_state(db: Path, repeat: int) -> dict[str, Any]:
    """The user's marks at scale: a state file with one mark per article of the store (read,
    opened at some time; every tenth starred), beside a copy-free temp path, not the store's
    own. How long reading it takes (each app start does) and a change (each keypress that
    marks, and each article opened)."""
    import tempfile

    import orjson

    from tui_news.store import StateStore, open_store

    ids = list(open_store(db, build_if_missing=False).articles.columns().ids)
    table = {
        article_id: {
            "read": True,
            "starred": i % 10 == 0,
            "position": i % 40,
            "last_opened": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:{i % 60:02d}:00+0000",
        }
        for i, article_id in enumerate(ids)
    }
    payload = {"meta": {"state": {"kind": "tui-news state", "schema": 1}}, "state": table}
    with tempfile.TemporaryDirectory(prefix="tui-news-state-") as folder:
        path = Path(folder) / "news.state.json"
        path.write_bytes(orjson.dumps(payload))
        opens = []
        for _ in range(3):
            t0 = time.perf_counter()
            state = StateStore(path)
            opens.append(time.perf_counter() - t0)
        changes = []
        for i in range(max(1, repeat)):
            t0 = time.perf_counter()
            state.toggle_star(ids[(i * 7919) % len(ids)])
            changes.append(time.perf_counter() - t0)
        return {
            "marks": len(table),
            "file_mb": path.stat().st_size / 1e6,
            "open_ms": statistics.median(opens) * 1000,
            "change_ms": statistics.median(changes) * 1000,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="probes.py")
    parser.add_argument("probe", choices=["engine", "rss", "reload", "marks", "state", "pilot"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument(
        "--repeat", type=int, default=3, help="engine: runs per query; pilot: opens"
    )
    parser.add_argument("--app", action="store_true")
    parser.add_argument("--read", type=int, default=200)
    parser.add_argument("--starred", type=int, default=20)
    args = parser.parse_args(argv)
    if args.probe == "engine":
        _emit(probe_engine(args.db, args.repeat))
    elif args.probe == "rss":
        _emit(probe_rss(args.db, args.app))
    elif args.probe == "reload":
        _emit(probe_reload(args.db))
    elif args.probe == "marks":
        _emit(probe_marks(args.db, args.read, args.starred))
    elif args.probe == "state":
        _emit(probe_state(args.db, args.repeat))
    elif args.probe == "pilot":
        _emit(asyncio.run(probe_pilot(args.db, args.repeat)))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    sys.exit(main())
