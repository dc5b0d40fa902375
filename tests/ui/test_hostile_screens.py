"""The nastiest hostile seed files (tests/hostile/make_corpus.py) in the real screens.

Snapshots of the list at 80×24 and of the reader on the worst articles, from a store at a fixed
path built from a handful of the hostile files, each looked at as a PNG before it was committed:
escape sequences are gone, markup-looking text is shown as typed, bidi overrides do not flip the
line, stacked combining marks stay on their letter, wide characters keep the columns aligned and a
10,000-character title is cut to 400 characters and wraps. The Pilot tests check that the
characters drawn are exactly the stored (cleaned) text, and that no control character is drawn.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual.pilot import Pilot

from tui_news.model import ArticleSummary
from tui_news.store import ArticleStore
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.formatting import fit
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.widgets.article_body import ArticleBody
from tui_news.ui.widgets.article_list import ArticleList

from .conftest import SNAPSHOT_ROOT, AppFactory, Snap, settle

HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "make_corpus.py"
#: The hostile files shown: escapes in title and body, bidi, marks, CJK, emoji, RTL, markup, length.
CASES = (
    "esc/csi.txt",
    "esc/osc-title.txt",
    "esc/osc52.txt",
    "esc/osc8.txt",
    "esc/dcs-apc.txt",
    "esc/c1-eight-bit.txt",
    "uni/bidi.txt",
    "uni/combining.txt",
    "uni/cjk.txt",
    "uni/emoji.txt",
    "uni/rtl.txt",
    "markup/rich.txt",
    "shape/long-title.txt",
)
#: No C0 control, no DEL, no C1, no bidi override or isolate (what could move or restyle text).
DRAWN_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ui_hostile_make_corpus", HOSTILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _make_corpus()


def build_hostile_store(root: Path, scratch: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The chosen hostile files copied under `root` (a fixed path) and loaded there."""
    cases = make_corpus.write_hostile_corpus(scratch / "corpus", big_file=False)
    if root.exists():
        shutil.rmtree(root)
    for name in CASES:
        target = root / "input" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cases[name]["path"], target)
    db = root / "news.json"
    report = ArticleStore(db).load([root / "input"], remember_roots=False)
    assert report.added == len(CASES) and not report.skipped
    return db, {name: cases[name] for name in CASES}


@pytest.fixture(scope="module")
def hostile_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Built once per worker; each test gets a copy at its own fixed path (opening an article
    marks it read). No path of the master is ever drawn, so it may live anywhere."""
    scratch = tmp_path_factory.mktemp("hostile-screens")
    return build_hostile_store(scratch / "master", scratch)


def copy_store(master: Path, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(master.parent, root, symlinks=True)
    return root / master.name


@pytest.fixture
def hostile_db(request: pytest.FixtureRequest, hostile_master: tuple[Path, Any]) -> Path:
    return copy_store(hostile_master[0], SNAPSHOT_ROOT / request.node.name)


def by_origin(db: Path, case: str) -> ArticleSummary:
    suffix = "/input/" + case
    (summary,) = [s for s in ArticleStore(db).summaries() if (s.origin or "").endswith(suffix)]
    return summary


def open_case(case: str) -> Callable[[Pilot[Any]], Any]:
    """Open one article straight from the list, the way enter does, and let it draw."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, TuiNewsApp)
        summary = by_origin(app.db_path, case)
        app.open_article(summary.id)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)

    return run_before


async def list_ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


# --- snapshots -------------------------------------------------------------------------------


def test_hostile_list_80x24(snap_compare: Snap, hostile_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(make_app(hostile_db), terminal_size=(80, 24), run_before=list_ready)


def test_hostile_reader_long_title(
    snap_compare: Snap, hostile_db: Path, make_app: AppFactory
) -> None:
    run_before = open_case("shape/long-title.txt")
    assert snap_compare(make_app(hostile_db), terminal_size=(80, 24), run_before=run_before)


def test_hostile_reader_escapes(snap_compare: Snap, hostile_db: Path, make_app: AppFactory) -> None:
    run_before = open_case("esc/csi.txt")
    assert snap_compare(make_app(hostile_db), terminal_size=(80, 24), run_before=run_before)


def test_hostile_reader_combining_marks(
    snap_compare: Snap, hostile_db: Path, make_app: AppFactory
) -> None:
    run_before = open_case("uni/combining.txt")
    assert snap_compare(make_app(hostile_db), terminal_size=(80, 24), run_before=run_before)


def test_hostile_reader_emoji(snap_compare: Snap, hostile_db: Path, make_app: AppFactory) -> None:
    run_before = open_case("uni/emoji.txt")
    assert snap_compare(make_app(hostile_db), terminal_size=(80, 24), run_before=run_before)


# --- what is drawn is the stored text --------------------------------------------------------


def strip_text(strip: Any) -> str:
    return "".join(segment.text for segment in strip)


def squash(text: str) -> str:
    return " ".join(text.split())


async def test_list_draws_the_stored_titles(
    tmp_path: Path, make_app: AppFactory, hostile_master: tuple[Path, dict[str, Any]]
) -> None:
    db, cases = copy_store(hostile_master[0], tmp_path / "store"), hostile_master[1]
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await list_ready(pilot)
        article_list = app.screen.query_one(ArticleList)
        rows = list(article_list.rows)
        assert len(rows) == len(CASES)
        width = article_list.scrollable_content_region.width
        title_width = width - (2 + 2 + 1 + 14 + 1 + 10 + 1 + 4)
        shown: dict[str, str] = {}
        for y, row in enumerate(rows):
            line = strip_text(article_list.render_line(y))
            assert not DRAWN_FORBIDDEN.search(line), f"control character drawn: {line!r}"
            # The title's cells are the stored title cut (with an ellipsis) to the column.
            assert line[4:].startswith(fit(row.title, title_width)), (line, row.title)
            # List rows carry only what the list draws; the rest is in the library's summaries.
            assert app.library is not None
            shown[app.library.by_id[row.id].origin or ""] = line
    for case, expect in cases.items():
        stored = by_origin(db, case).title
        if expect["titles"]:
            assert stored == expect["titles"][0]  # the cleaned title the loader promises
        (line,) = [text for origin, text in shown.items() if origin.endswith("/" + case)]
        for gone in expect["absent"]:
            assert gone not in line
    markup = next(line for origin, line in shown.items() if origin.endswith("markup/rich.txt"))
    assert "[bold]Breaking[/bold] [/] News" in markup  # shown as typed, not as bold


async def test_reader_draws_the_stored_text(
    tmp_path: Path, make_app: AppFactory, hostile_master: tuple[Path, dict[str, Any]]
) -> None:
    """Each article opened in turn in one app: the reader draws exactly what the store holds."""
    db, cases = copy_store(hostile_master[0], tmp_path / "store"), hostile_master[1]
    store = ArticleStore(db)
    app = make_app(db)
    drawn_by_case: dict[str, list[str]] = {}
    order = [by_origin(db, case).id for case in CASES]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_article(order[0], order)  # then n walks CASES in order, as in the list
        for index, case in enumerate(CASES):
            if index:
                await pilot.press("n")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            assert screen.article_id == order[index], case
            body = screen.query_one(ArticleBody)
            assert body.article.id == order[index]
            drawn_by_case[case] = [strip_text(body.render_line(y)) for y in range(body.size.height)]
    for case, lines in drawn_by_case.items():
        expect = cases[case]
        article = store.get(by_origin(db, case).id)
        assert article is not None
        for line in lines:
            assert not DRAWN_FORBIDDEN.search(line), f"control character drawn in {case}: {line!r}"
        drawn = "\n".join(lines)
        flat = squash(drawn)
        # Every stored string is drawn as it is stored: the title, then each block, in order.
        position = 0
        for text in [article.title, *(block.text for block in article.blocks)]:
            found = flat.find(squash(text), position)
            assert found >= 0, f"{case}: {squash(text)[:80]!r} not drawn as stored"
            position = found + len(squash(text))
        for wanted in expect["body"]:
            assert squash(unicodedata.normalize("NFC", wanted)) in flat, (case, wanted)
        for gone in expect["absent"]:
            assert gone not in drawn, (case, gone)
        if expect["titles"]:
            assert article.title == expect["titles"][0]
        if case == "shape/long-title.txt":
            assert 0 < len(article.title) <= expect["max_title"]
            assert lines[0].strip().startswith("Headline Headline")
        if case == "markup/rich.txt":
            assert "Click [@click=app.quit]this[/] or [red on white]that[/]." in flat
