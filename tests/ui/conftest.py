"""A small fictional news store for the UI tests, built the way users build theirs (`load`).

Snapshots must not change from run to run: the store lives at a fixed path per test, the clock
is fixed, and the store is built before the app starts (so no "built a new store" toast).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui_news.config import Config
from tui_news.resources import seeds_dir
from tui_news.store import ArticleStore
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens.dialogs import StoreProblemScreen
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.screens.search import SearchScreen

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
#: Fixed, not tempfile.gettempdir(): the empty-store snapshot shows the store path.
SNAPSHOT_ROOT = Path("/tmp/tui-news-snapshots")

CATEGORIES = ("World", "Tech", "Business", "Sport", "Science")
SOURCES = ("Harbour Gazette", "Northern Wire", "The Daily Lantern")
PEOPLE = ("Mara Quill", "Tobias Fenn", "Ines Calder", "Rowan Pike", "Lena Hart")
HEADLINES = (
    "Harbour bridge reopens after a year of repairs",
    "Council approves plan for night buses",
    "Chip maker unveils a quieter laptop fan",
    "Rail strike talks resume on Monday",
    "Local team wins the coastal cup in extra time",
    "Scientists map the oldest reef in the bay",
    "Bakery chain opens its hundredth shop",
    "Storm warning lifted for the northern coast",
    "New library wing doubles reading space",
    "Startup raises funds for solar roof tiles",
    "Marathon record falls on a cool morning",
    "Museum returns a lost painting to its village",
    "Ferry timetable changes from next week",
    "Researchers grow tomatoes in sea water",
    "City trials quiet zones near schools",
    "Phone makers agree on one charger",
    "River clean-up volunteers collect two tonnes",
    "Chess prodigy draws with the champion",
    "Wind farm powers ten thousand homes",
    "Old cinema to become a concert hall",
)
MARKUP_TITLE = "[bold]Not bold[/] and [@click=app.quit]not a link[/]"


def article(i: int, title: str) -> dict[str, object]:
    published = NOW - timedelta(hours=5 * i * i)
    person = PEOPLE[i % len(PEOPLE)]
    paragraphs = [
        f"{person} said on {published:%A} that the work on {title.lower()} had gone to plan. "
        "Residents who spoke to reporters were pleased, though some asked about the cost.",
        "The council will publish the full figures next month, after an audit by an outside firm. "
        "Until then, officials said, the estimates given at the start still stand.",
    ]
    blocks: list[dict[str, str]] = [{"kind": "paragraph", "text": p} for p in paragraphs]
    blocks.insert(1, {"kind": "heading", "text": "What happens next"})
    blocks.append(
        {"kind": "quote", "text": f"“We are proud of what the town has done,” {person} said."}
    )
    blocks.append({"kind": "list_item", "text": "Open days start in August."})
    blocks.append({"kind": "list_item", "text": "Tickets are free for residents."})
    blocks.append({"kind": "caption", "text": f"{person} at the opening. Photo: Staff"})
    blocks += [
        {
            "kind": "paragraph",
            "text": f"Paragraph {n} of the longer report, kept here so that the reader has something to scroll through on a small terminal.",
        }
        for n in range(1, 13)
    ]
    return {
        "id": f"fixture-{i:02d}",
        "title": title,
        "dek": f"A standfirst for story {i}, which tells you why it matters."
        if i % 3 == 0
        else None,
        "category": CATEGORIES[i % len(CATEGORIES)],
        "source": SOURCES[i % len(SOURCES)],
        "byline": f"By {PEOPLE[(i + 2) % len(PEOPLE)]}",
        "published": published.isoformat(),
        "url": f"https://news.example.invalid/story/{i}" if i % 2 == 0 else None,
        "tags": ["local", CATEGORIES[i % len(CATEGORIES)].lower()],
        "mentions": {"people": [person], "places": ["Port Aven"], "organizations": []},
        "blocks": blocks,
    }


def write_fixture_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    rows = [article(i, title) for i, title in enumerate(HEADLINES)]
    rows.append(article(len(HEADLINES), MARKUP_TITLE))
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def build_store(root: Path, *, empty: bool = False) -> Path:
    if root.exists():
        shutil.rmtree(root)
    db = root / "news.json"
    store = ArticleStore(db)
    if empty:
        store.load([], remember_roots=False)
        return db
    articles = write_fixture_articles(root / "input")
    store.load([articles, seeds_dir()], bundled_root=seeds_dir())
    return db


@pytest.fixture
def ui_db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store")


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "empty", empty=True)


@pytest.fixture
def markup_title() -> str:
    return MARKUP_TITLE


@pytest.fixture
def fixed_db(request: pytest.FixtureRequest) -> Path:
    """A store at a path that is the same on every run (snapshots show no tmp names)."""
    return build_store(SNAPSHOT_ROOT / request.node.name)


@pytest.fixture
def fixed_empty_db(request: pytest.FixtureRequest) -> Path:
    return build_store(SNAPSHOT_ROOT / request.node.name, empty=True)


#: The `make_app` fixture's type, and pytest-textual-snapshot's `snap_compare`.
AppFactory = Callable[..., TuiNewsApp]
Snap = Callable[..., bool]


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let the app's workers (store, index) finish and the screen catch up, `rounds` times."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def ready(pilot: Pilot[Any]) -> None:
    await settle(pilot, rounds=2)


async def take_the_store_fix(pilot: Pilot[Any], named: str) -> None:
    """Once ready, the store-problem dialog is up and names `named`; `enter` takes the fix it
    offers and the list comes back."""
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StoreProblemScreen)
    assert named in screen.message
    await pilot.press("enter")
    await ready(pilot)
    assert isinstance(pilot.app.screen, ListScreen)


async def open_reader(pilot: Pilot[Any]) -> ReaderScreen:
    """`enter` on the list once the app is ready; the reader once it has settled."""
    await ready(pilot)
    await pilot.press("enter")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def search_for(pilot: Pilot[Any], text: str) -> SearchScreen:
    """`/` and `text` typed on the list; the search screen once its answer is shown."""
    await pilot.press("slash", *text)
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppFactory:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def factory(db: Path, **kwargs: object) -> TuiNewsApp:
        config = kwargs.pop("config", None) or Config()
        return TuiNewsApp(db, config=config, clock=lambda: NOW, **kwargs)  # type: ignore[arg-type]

    return factory
