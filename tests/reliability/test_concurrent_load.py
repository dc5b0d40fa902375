"""Two `tui-news load`s at once, from other processes, while the app runs on the same store.

The app (Pilot) stars an article; meanwhile two real `tui-news load` processes add new folders at
the same moment (one waits for the other's lock). Then `r` in the app shows every new article,
the star is still there, and the store on disk opens and adds up: no article lost or doubled,
every body readable, the doctor finds nothing wrong.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui_news.config import Config
from tui_news.store import ArticleStore, StateStore
from tui_news.store.doctor import examine
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.widgets.article_list import ArticleList

from .conftest import ROOT, SmallStore, write_articles

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def run_loads_at_once(db: Path, folders: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    """`tui-news load FOLDER --db DB` for each folder, all started together."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TUI_NEWS_DB", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tui_news", "load", str(folder), "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for folder in folders
    ]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    return results


async def test_loads_while_the_app_runs(
    small_store: SmallStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    east = write_articles(
        tmp_path / "east",
        {f"east{i}.txt": f"East Quay Story Number {i} Reaches The Council" for i in range(4)},
    )
    west = write_articles(
        tmp_path / "west",
        {f"west{i}.txt": f"West Pier Story Number {i} Reaches The Council" for i in range(5)},
    )
    old_titles = set(small_store.titles)

    app = TuiNewsApp(small_store.db, config=Config(), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert len(article_list.rows) == 3
        starred = article_list.current_id
        assert starred is not None
        await pilot.press("s")
        await settle(pilot)
        assert StateStore.beside(small_store.db).get(starred).starred

        # The two loads run in other processes; the app's loop keeps running meanwhile.
        results = await asyncio.to_thread(
            run_loads_at_once, small_store.db, [tmp_path / "east", tmp_path / "west"]
        )
        for result in results:
            assert result.returncode == 0, result.stderr
            assert "Traceback" not in result.stderr
        assert sorted(int(r.stdout.split()[0]) for r in results) == [4, 5]  # "N added, ..."

        await pilot.press("r")
        await settle(pilot)
        assert app.library is not None
        shown = {row.title for row in app.screen.query_one(ArticleList).rows}
        assert shown == old_titles | set(east) | set(west)
        assert app.library.counts().total == 3 + 4 + 5
        assert app.library.state(starred).starred  # the user's star survived both loads
        # The starred row still draws its star.
        index = [row.id for row in article_list.rows].index(starred)
        article_list.cursor = index
        await settle(pilot)
        line = "".join(
            s.text for s in article_list.render_line(index - article_list.scroll_offset.y)
        )
        assert "★" in line

    # On disk: the store opens, every article is there once with its own body, marks intact.
    store = ArticleStore(small_store.db)
    summaries = store.summaries()
    assert len(summaries) == len({s.id for s in summaries}) == 12
    markers = {**small_store.titles, **east, **west}
    for summary in summaries:
        article = store.get(summary.id)
        assert article is not None and markers[summary.title] in article.body_text
    assert StateStore.beside(small_store.db).get(starred).starred
    assert set(store.roots()) >= {str(tmp_path / "east"), str(tmp_path / "west")}
    report = examine(small_store.db)
    assert report.healthy and not report.warnings, [f.message for f in report.findings]
