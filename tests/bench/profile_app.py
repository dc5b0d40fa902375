"""Where the app's time goes: cProfile around one of the benchmark's app steps.

    python tests/bench/profile_app.py search --db tests/bench/out/stores/10000/news.json
    python tests/bench/profile_app.py open   --db tests/bench/out/stores/100000/news.json
    python tests/bench/profile_app.py start  --db tests/bench/out/stores/100000/news.json

`search` and `open` profile the UI thread while the step runs (the search engine itself runs in a
worker thread: profile it with `python -m cProfile` on `probes.py engine`); `start` profiles opening
the store and building the list's data as the app's start-up worker does; `memory` prints the
resident memory after each step of opening a store and building the index. Prints the top
functions by cumulative and by own time, and writes the raw profile to --save (snakeviz, pstats).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import probes


async def profile_search(db: Path, profiler: cProfile.Profile, queries: tuple[str, ...]) -> None:
    from textual.widgets import Input

    from tui_news.ui.screens.search import SearchScreen

    app = probes._make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        frames = probes._FrameWatch(app)
        await probes._wait_until(pilot, lambda: probes._list_painted(app, frames), 300)
        await probes._workers_idle(app)
        probes._send_key(app, "slash")
        await probes._wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), 30)
        await pilot.pause()
        screen = app.screen
        field = screen.query_one(Input)
        profiler.enable()
        for query in queries:
            field.value = ""
            await probes._workers_idle(app)
            for n, char in enumerate(query, start=1):
                typed = query[:n]
                probes._send_key(app, char)
                await probes._frame_after(
                    frames,
                    lambda typed=typed: screen.last_query == typed and field.value == typed,
                    typed,
                )
        profiler.disable()


async def profile_open(db: Path, profiler: cProfile.Profile, count: int) -> None:
    from tui_news.ui.screens.reader import ReaderScreen

    app = probes._make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        frames = probes._FrameWatch(app)
        await probes._wait_until(pilot, lambda: probes._list_painted(app, frames), 300)
        await probes._workers_idle(app)
        await pilot.pause()
        for i in range(count):
            if i:
                probes._send_key(app, "j")
                await pilot.pause()
            profiler.enable()
            probes._send_key(app, "enter")
            await probes._frame_after(
                frames,
                lambda: (
                    isinstance(app.screen, ReaderScreen)
                    and app.screen.article is not None
                    and bool(app.screen.query("#reader-body"))
                    and bool(app.screen.query("#reader-body").first().region)
                ),
                "the reader",
            )
            profiler.disable()
            await pilot.pause()
            probes._send_key(app, "escape")
            await probes._frame_after(frames, lambda: probes._list_painted(app, frames), "list")
            await pilot.pause()


def profile_start(db: Path, profiler: cProfile.Profile) -> None:
    from tui_news.library import Library
    from tui_news.store import open_store

    profiler.enable()
    started = time.perf_counter()
    store = open_store(db)
    library = Library(store)
    library.counts()
    print(f"open_store + Library + counts: {time.perf_counter() - started:.2f} s", file=sys.stderr)
    profiler.disable()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def memory_stages(db: Path) -> None:
    """Resident memory after each step of opening a store, as the app does it."""
    import gc

    stages: list[tuple[str, float]] = [("python + imports", 0.0)]
    from tui_news.search import SearchIndex
    from tui_news.store import open_store

    stages[0] = ("python + core imports", _rss_mb())
    store = open_store(db)
    columns = store.articles.columns()  # what the first paint reads
    stages.append((f"list columns of {len(columns):,} articles", _rss_mb()))
    summaries = store.articles.summaries()  # one summaries file at a time
    gc.collect()
    stages.append((f"{len(summaries):,} ArticleSummary objects", _rss_mb()))
    index = SearchIndex(summaries)
    gc.collect()
    stages.append(("SearchIndex built", _rss_mb()))
    previous = 0.0
    for name, mb in stages:
        print(f"{mb:8.0f} MB  (+{mb - previous:6.0f})  {name}")
        previous = mb
    del index


def main() -> int:
    parser = argparse.ArgumentParser(prog="profile_app.py")
    parser.add_argument("what", choices=["search", "open", "start", "memory"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--count", type=int, default=10, help="opens, or queries from the set")
    parser.add_argument("--save", type=Path, help="write the raw profile here")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("TUI_NEWS_CONFIG", "/nonexistent/tui-news-bench.toml")
    profiler = cProfile.Profile()
    if args.what == "memory":
        memory_stages(args.db)
        return 0
    if args.what == "search":
        asyncio.run(profile_search(args.db, profiler, probes.QUERIES[: args.count]))
    elif args.what == "open":
        asyncio.run(profile_open(args.db, profiler, args.count))
    else:
        profile_start(args.db, profiler)
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"threads alive at the end: {threading.active_count()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
