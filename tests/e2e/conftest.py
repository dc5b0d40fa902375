"""Fixtures for the end-to-end tests: tui-news installed from a wheel, a store, tmux.

The installed app is built once per test run (shared by pytest-xdist workers through a lock):
a wheel of this checkout (`pip wheel --no-deps`), installed with its dependencies from the
package index into a fresh virtual environment, exactly as a user installs it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

# The helper module beside this file (tests run with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_support import (
    ROOT,
    InstalledApp,
    Tmux,
    Workspace,
    build_store,
    clean_env,
    need_tool,
    run,
    write_articles,
)

VENV_BUILD_TIMEOUT = 420


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: end-to-end: the installed app in tmux, over SSH, in a browser"
    )


def _build_venv(where: Path) -> Path:
    assert (ROOT / "pyproject.toml").is_file(), f"no pyproject.toml in {ROOT}"
    wheels = where / "wheels"
    venv = where / "venv"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # A wheel of this checkout. Without build isolation when hatchling is here (a dev
    # dependency): that saves downloading the build backend again.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run([*pip, "wheel", "--no-deps", *isolation, "-w", wheels, ROOT], timeout=180)
    (wheel,) = wheels.glob("tui_news-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=120)
    # The runner's pip installs into the new environment (`--python`): no pip bootstrap needed.
    run([*pip, "--python", venv / "bin" / "python", "install", wheel], timeout=VENV_BUILD_TIMEOUT)
    return venv


@pytest.fixture(scope="session")
def installed_app(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> InstalledApp:
    """tui-news installed non-editable from a wheel into a fresh venv; one per test run."""
    base = tmp_path_factory.getbasetemp()
    under_xdist = hasattr(request.config, "workerinput")
    shared = base.parent if under_xdist else base
    where = shared / "e2e-installed"
    done = where / "done"
    with FileLock(str(shared / "e2e-installed.lock"), timeout=VENV_BUILD_TIMEOUT + 240):
        if not done.exists():
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            _build_venv(where)
            done.write_text("ok\n", encoding="utf-8")
    app = InstalledApp(where / "venv")
    # The installed package, not this checkout: its seeds and styles come from the wheel.
    located = run(
        [app.python, "-c", "import tui_news.resources as r; print(r.seeds_dir())"],
        cwd=where,
        timeout=60,
    ).stdout
    assert "site-packages" in located, located
    return app


@pytest.fixture(scope="session")
def template_store(installed_app: InstalledApp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a store built from the bundled seed plus three fixture articles."""
    home = tmp_path_factory.mktemp("e2e-template")
    articles = write_articles(home / "news")
    build_store(installed_app.tui_news, articles, home / "store" / "news.json", clean_env(home))
    return home / "store"


@pytest.fixture
def workspace(template_store: Path, tmp_path: Path) -> Workspace:
    """A home folder of its own and a fresh copy of the store (tests star and read articles)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(template_store, home / "store")
    return Workspace(home, home / "store" / "news.json")


@pytest.fixture
def tmux_factory(tmp_path: Path) -> Iterator[Callable[..., Tmux]]:
    """Make tmux servers (private socket, no config); every one is killed at teardown."""
    binary = need_tool("tmux", "tmux")
    made: list[Tmux] = []

    def make(width: int = 80, height: int = 24) -> Tmux:
        workdir = tmp_path / f"tmux-{len(made)}"
        workdir.mkdir()
        tmux = Tmux(binary, workdir, width=width, height=height)
        made.append(tmux)
        return tmux

    yield make
    for tmux in made:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            tmux.kill()
