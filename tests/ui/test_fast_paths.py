"""The UI's shortcuts for speed draw exactly what the plain way draws, and keep behaviour.

The search results build their line segments directly (not through `rich.text.Text`) when every
character is one cell; the search runs inline when it is fast, in a worker when it is not; the
reader renders an article's lines once per width and finds related articles after the paint.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich._wrap import divide_line
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input, OptionList

from tui_news.model import SORTS, Article, Block, Mentions
from tui_news.search import Found, parse_query
from tui_news.search.words import WORD, normalise, word_spans
from tui_news.ui import commands
from tui_news.ui.screens import search as search_module
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.screens.search import SearchScreen
from tui_news.ui.widgets.article_body import ArticleBody
from tui_news.ui.widgets.search_results import SearchResults, _line_segments

from .conftest import HEADLINES as HEADLINES_FOR_PALETTE
from .conftest import AppFactory, open_reader, ready, search_for

BASE = Style(bgcolor="black")
TITLE = Style(color="white")
MATCH = Style(bold=True, underline=True, color="yellow")


def cells(segments: list[Segment]) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in segments for char in segment.text]


def through_rich(pieces: list[tuple[str, Style]], max_width: int) -> list[Segment]:
    """What the results drew before the shortcut: a Text, truncated, rendered."""
    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    text.truncate(max_width, overflow="ellipsis")
    return [Segment(" ", BASE)] + [
        Segment(segment.text, BASE + segment.style if segment.style else BASE)
        for segment in text.render(Console())
        if segment.text != "\n"
    ]


@pytest.mark.parametrize(
    "pieces",
    [
        [("Harbour ", TITLE), ("bridge", TITLE + MATCH), (" reopens after a year", TITLE)],
        [("title ", TITLE), ("Café · naïve – “quoted” … ", TITLE), ("end", MATCH)],
        [("x" * 30, TITLE), ("matched", MATCH), ("y" * 30, TITLE)],
        [("", TITLE), ("only", MATCH)],
        [("wide 東京 text that is long enough to be cut somewhere", TITLE)],
        [("combining e\u0301 and tab\there, long enough to need cutting", TITLE)],
    ],
)
@pytest.mark.parametrize("max_width", [1, 5, 12, 13, 14, 37, 38, 39, 80])
def test_result_line_segments_match_rich(pieces: list[tuple[str, Style]], max_width: int) -> None:
    fast = _line_segments(pieces, max_width, BASE, Console())
    assert cells(fast) == cells(through_rich(pieces, max_width))


async def test_fast_search_runs_inline_and_slow_one_in_a_worker(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        assert app.library.index_ready  # built in the background after the first paint
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        started: list[str] = []
        run_search = screen.run_search

        def spy(ticket: int, raw: str) -> object:
            started.append(raw)
            return run_search(ticket, raw)

        monkeypatch.setattr(screen, "run_search", spy)
        await pilot.press(*"harb")
        # Answered inside the keystroke's handler: shown without waiting for any worker.
        assert screen.last_query == "harb" and screen.hits
        assert not [w for w in app.workers if w.group == "search" and not w.is_finished]
        assert started == []
        monkeypatch.setattr(search_module, "INLINE_BUDGET", 0.0)  # every search is "slow" now
        await pilot.press("o")
        await ready(pilot)
        assert started == ["harbo"]
        assert screen.last_query == "harbo" and screen.hits


async def test_a_late_worker_answer_is_dropped(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await search_for(pilot, "harbour")
        shown = list(screen.hits)
        # A worker's answer for an older keystroke, even for the same text, is not shown.
        screen._deliver(screen._ticket - 1, "harbour", parse_query("harbour"), Found([], 0), 0.0)
        assert screen.hits == shown
        assert screen.query_one(Input).value == "harbour"
        # The answer for the latest keystroke is.
        screen._deliver(screen._ticket, "harbour", parse_query("harbour"), Found([], 0), 0.0)
        assert screen.hits == []


async def test_related_list_arrives_after_the_article_is_shown(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        # Composed with the screen: the body is there before any worker has run.
        assert screen.query_one("#reader-body", ArticleBody).article.id == screen.article_id
        await ready(pilot)
        related = screen.query_one("#related", OptionList)
        assert related.option_count > 0
        # n shows the next article with its own related list, not the previous one's.
        await pilot.press("n")
        await ready(pilot)
        assert screen.query_one("#reader-body", ArticleBody).article.id == screen.article_id
        assert len(screen.query("#related")) == 1


#: Text where a hand-made wrap could part from Rich's: runs of spaces, words longer than the
#: width, wide and zero-width characters, combining marks, line breaks, markup-like text.
TRICKY_TEXTS = [
    "",
    " ",
    "word",
    "two  spaces   and    more     between words that wrap somewhere along the line",
    "   leading spaces and trailing ones   ",
    "a" * 200,
    "short then " + "x" * 90 + " then short again",
    "東京の天気は晴れです。" * 12,
    "emoji 🎉🎉🎉 and flags 🇬🇧 in a sentence that goes on for a while to wrap around",
    "combining e\u0301 e\u0301 e\u0301 " * 10,
    "zero\u200bwidth\u200bjoins\u200bwords",
    "line one\nline two\n\nafter a blank line",
    "[bold]not bold[/] [@click=app.quit]not a link[/] :smile: \\[escaped]",
    "ends with a space ",
    "-" * 30 + " " + "=" * 30 + " hyphenated-words-that-are-long-and-hyphenated-again",
]


def _tricky_articles() -> list[Article]:
    import random

    rng = random.Random(4)
    alphabet = [*"abc xyz  .,-", "東", "🎉", "e\u0301", "\u200b", "\n", "WORDWORDWORD "]
    texts = TRICKY_TEXTS + [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 160))) for _ in range(60)
    ]
    kinds = ["paragraph", "heading", "caption", "quote", "list_item", "list_item", "paragraph"]
    articles = []
    for i in range(0, len(texts), 5):
        chunk = texts[i : i + 5]
        blocks = tuple(Block(kinds[(i + j) % len(kinds)], t) for j, t in enumerate(chunk))  # type: ignore[arg-type]
        articles.append(
            Article(
                id=f"tricky-{i}",
                title=chunk[0] or "untitled",
                dek=chunk[-1] or None,
                blocks=blocks,
                byline="A. Writer",
                mentions=Mentions(("Ada Lovelace",), ("London",), ()),
            )
        )
    return articles


async def test_article_lines_are_what_rich_draws(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's own line maker gives, strip for strip, what Rich's wrap and render give."""
    from tui_news.ui import compat

    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        body = app.screen.query_one("#reader-body", ArticleBody)
        assert body._plain_styles()
        # A Rich without its wrap module: the lines are drawn Rich's way.
        shown = body._render_strips(40)
        with monkeypatch.context() as patch:
            patch.setattr(compat, "divide_line", None)
            assert body._render_strips(40) == shown
        stored = [app.library.article(row.id) for row in app.library.rows]
        articles = [a for a in stored if a is not None] + _tricky_articles()
        # With the theme's styles, then with none at all (a `Text` with no style draws its
        # empty lines otherwise).
        for unstyled in (False, True):
            if unstyled:
                body.get_component_rich_style = lambda *names, partial=False: Style()  # type: ignore[method-assign]
            for article in articles:
                body.article = article
                for width in (1, 2, 3, 4, 5, 8, 13, 20, 39, 40, 61, 77, 78, 100):
                    fast = body._fast_strips(width, divide_line)
                    rich = body._rich_strips(body.render(), width)
                    assert [list(s) for s in fast] == [list(s) for s in rich], (article.id, width)
                    assert [s.cell_length for s in fast] == [s.cell_length for s in rich]


async def test_an_open_styles_the_article_twice(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.css.stylesheet import Stylesheet

    restyled: list[str] = []
    apply = Stylesheet.apply

    def counting_apply(self: Stylesheet, node: object, **kwargs: object) -> None:
        if isinstance(node, ArticleBody):
            restyled.append(node.article.id)
        apply(self, node, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counting_apply)
    monkeypatch.setattr(ReaderScreen, "find_related", lambda self, article_id: None)
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        body = app.screen.query_one("#reader-body", ArticleBody)
        # Mounted, then focused with its scroll. An order rule (`:last-child`) in the reader's
        # TCSS would add two more on every open, each with the ten component classes.
        assert restyled == [body.article.id] * 2


async def test_the_page_ends_in_two_blank_lines(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await ready(pilot)
        body = screen.query_one("#reader-body", ArticleBody)
        box = screen.query_one("#related-box")
        # The related list ends the page, right below the article.
        assert body.styles.margin.bottom == 0 and box.styles.margin.bottom == 2
        assert box.region.y == body.region.bottom
        # The next article ends the page until its own list comes.
        screen.find_related = lambda article_id: None  # type: ignore[method-assign]
        await pilot.press("n")
        await ready(pilot)
        assert not screen.query("#related-box")
        assert screen.query_one("#reader-body", ArticleBody).styles.margin.bottom == 2


async def test_article_lines_follow_a_theme_change(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        body = app.screen.query_one(ArticleBody)
        before = body.render_line(0)
        assert body.article.title in before.text
        await pilot.press("t")
        await ready(pilot)
        after = body.render_line(0)
        assert after.text == before.text
        assert after != before  # restyled for the new theme, not the cached lines
        assert body.get_content_height(body.size, body.size, body.size.width) == body.size.height


@pytest.mark.parametrize(
    "text",
    [
        "Harbour bridge reopens; the HARBOUR master said harbours differ",
        "“Harbour” — the harbour’s bridge… harbour",
        "Café harbour, naïve Harbour and CAFÉ",
        "harbour_x harbour2 harbour",
    ],
)
def test_word_spans_match_normalising_every_word(text: str) -> None:
    # Lives here with the other speed shortcuts the search screen relies on.
    words = frozenset({"harbour", "cafe", "naive"})
    expected = tuple(
        (m.start(), m.end()) for m in WORD.finditer(text) if normalise(m.group()) in words
    )
    assert word_spans(text, words) == expected


async def test_result_lines_follow_each_new_answer(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        results = (await search_for(pilot, "harbour")).query_one(SearchResults)
        assert "Harbour bridge reopens" in results.render_line(0).text
        await pilot.press(*(["backspace"] * 7), *"rail")
        await ready(pilot)
        assert "Rail strike talks" in results.render_line(0).text
        await pilot.press(*(["backspace"] * 4), *"zzzzqqqq")
        await ready(pilot)
        assert results.render_line(0).text.strip() == ""


async def test_a_long_query_scrolls_the_field_to_the_cursor(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        field = (await search_for(pilot, "harbour bridge " * 8)).query_one(Input)
        assert field.scroll_x > 0
        assert field.cursor_screen_offset.x < app.size.width


async def test_filter_only_search_lists_newest_first(ui_db: Path, make_app: AppFactory) -> None:
    # The date order is sorted once and reused; ties keep the index's order, like list.sort.
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        index = app.library.index
        for text in ("category:tech", "is:unread", "after:2000-01-01"):
            query = parse_query(text)
            mask = index.filter_mask(query, app.library.states)
            assert mask is not None
            expected = [i for i in range(len(index)) if mask[i]]
            expected.sort(key=lambda i: index.summaries[i].published or "", reverse=True)
            hits = index.search(query, app.library.states, limit=5)
            assert [h.id for h in hits] == [index.summaries[i].id for i in expected[:5]]


async def test_an_opened_article_is_wrapped_once(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mounting, focusing and resuming the reader restyle its subtree without changing what the
    article is drawn with: its lines are made once, not once per restyle (~10 ms each)."""
    renders: list[int] = []
    render_strips = ArticleBody._render_strips

    def counted_render(self: ArticleBody, width: int) -> list[Strip]:
        renders.append(width)
        return render_strips(self, width)

    monkeypatch.setattr(ArticleBody, "_render_strips", counted_render)
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        assert len(renders) == 1
        await pilot.resize_terminal(100, 30)  # a new width is a new wrap
        await ready(pilot)
        assert len(renders) == 2 and renders[1] > renders[0]


async def test_bench_painted_app_marks_the_list_frame_then_exits(
    ui_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's cold start times the marker's arrival: its app (tests/bench) must write it
    after the first frame with the list's rows, once, and then leave by itself."""
    from textual.drivers.headless_driver import HeadlessDriver

    from tui_news.config import Config
    from tui_news.ui.screens.list_screen import ListScreen

    from .conftest import NOW

    painted = _bench_module("painted_start.py")
    marker = painted.PAINTED_MARKER
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    app = painted.painted_app_class()(ui_db, config=Config(), clock=lambda: NOW)
    rows_when_marked: list[int] = []
    display = app._display

    def watching_display(screen: object, renderable: object) -> None:
        display(screen, renderable)
        if marker in written and not rows_when_marked:
            assert isinstance(screen, ListScreen)
            rows_when_marked.append(len(app.library.rows) if app.library else 0)

    app._display = watching_display
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):  # nothing is pressed: the app asks to exit by itself
            if app.return_code is not None:
                break
            await pilot.pause(0.01)
        assert app.return_code == 0
    assert written.count(marker) == 1
    assert rows_when_marked and rows_when_marked[0] > 0
    # The benchmark waits for these very bytes, and its bare Textual app writes them too.
    bench = _bench_module("run_bench.py")
    assert marker.encode("ascii") == bench.PAINTED_MARKER
    bare_app = bench.BARE_APP.format(marker=marker)
    compile(bare_app, "bare_app.py", "exec")
    assert f"PAINTED_MARKER = {marker!r}" in bare_app


def _bench_module(name: str) -> Any:
    """A script of tests/bench (not a test module: loaded by its path)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / name
    spec = importlib.util.spec_from_file_location(f"tui_news_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_list_filters_masked_in_one_step_keep_the_sort_and_the_rules(
    ui_db: Path, make_app: AppFactory
) -> None:
    """With the index built, a filter's rows are the sort's positions masked by the index in
    one array step; they must be exactly the rows the filter rules give, in the sort's order."""
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        library = app.library
        assert library is not None and library.index_ready
        ids = [s.id for s in library.rows]
        for article_id in ids[::3]:
            library.toggle_read(article_id)
        for article_id in ids[1::4]:
            library.toggle_star(article_id)
        index = library.index
        for sort in SORTS:
            library.set_filter("")
            library.set_sort(sort)
            everything = list(library.rows)
            assert len(everything) == 22
            for raw in (
                "is:unread",
                "is:starred is:read",
                "category:world",
                "harbour",
                "tobias is:unread",
            ):
                query = parse_query(raw)
                matched = index.matches(query, library.states)
                assert matched is not None
                want = [
                    s.id
                    for s in everything
                    if query.matches(library.by_id[s.id], library.state(s.id))
                    and matched[index.position(s.id)]
                ]
                library.set_filter(query)
                assert [s.id for s in library.rows] == want, (sort, raw)
                assert want or raw == "is:starred is:read"


def test_palette_title_scan_goes_a_slice_at_a_time_and_stops_when_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before the index is built, the palette scores every title, but never more than a slice
    while holding the GIL (at 100k one extract over all of them stopped the app ~0.5 s)."""
    from rapidfuzz import fuzz, process

    titles = {f"id{i}": title for i, title in enumerate(HEADLINES_FOR_PALETTE)}
    whole = process.extract("harbor brige", titles, scorer=fuzz.WRatio, limit=20, score_cutoff=55)
    sizes: list[int] = []
    real_extract = process.extract

    def extract(query: str, choices: dict[str, str], **kwargs: Any) -> Any:
        sizes.append(len(choices))
        return real_extract(query, choices, **kwargs)

    monkeypatch.setattr(commands, "SLICE", 3)
    monkeypatch.setattr(process, "extract", extract)
    sliced = commands._scan_titles(titles, "harbor brige", lambda: False)
    assert sizes and max(sizes) <= 3 and sum(sizes) == len(titles)
    assert sorted(sliced, key=lambda m: (-m[1], m[2])) == sorted(whole, key=lambda m: (-m[1], m[2]))
    assert sliced[0][0] == "Harbour bridge reopens after a year of repairs"
    sizes.clear()
    assert commands._scan_titles(titles, "harbor brige", lambda: True) == []
    assert sizes == []


async def test_palette_takes_its_candidates_from_the_index_once_built(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        library = app.library
        assert library is not None and library.index_ready
        scanned: list[str] = []
        monkeypatch.setattr(commands, "_scan_titles", lambda *args: scanned.append("x") or [])
        found = commands.find_titles(library, "harbor bridge", lambda: False)
        assert scanned == []
        assert found[0][0] == "Harbour bridge reopens after a year of repairs"
        # The candidates are the index's best matches: one it does not match is never scored.
        assert all("harbour" in title.lower() or "bridge" in title.lower() for title, _, _ in found)


async def test_filter_facets_count_every_value_and_are_worked_out_once(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        library = app.library
        assert library is not None
        facets = library.facets()
        want: dict[str, Counter[str]] = {name: Counter() for name in facets}
        for s in library.summaries:
            for name, values in (
                ("category", [s.category]),
                ("source", [s.source]),
                ("tag", s.tags),
                ("person", s.mentions.people),
                ("place", s.mentions.places),
            ):
                want[name].update(v for v in values if v)
        assert facets == want
        assert facets["category"] and facets["person"]
        assert library.facets() is facets  # the dialog opens again: nothing is counted again
