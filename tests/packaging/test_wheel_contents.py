"""A built wheel carries the seeds and styles, and works installed away from the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from this checkout and unpacked into a folder of its own."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work),
            str(ROOT),
        ],
        check=True,
    )
    wheels = list(work.glob("tui_news-*.whl"))
    assert len(wheels) == 1
    site = work / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheels[0]),
        ],
        check=True,
    )
    return site


def run_installed(site: Path, cwd: Path, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "TUI_NEWS_DB": str(db)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_wheel_holds_seeds_and_styles(installed: Path) -> None:
    bundled = installed / "tui_news" / "_bundled"
    assert (bundled / "seeds" / "000_9751a25479bb027a.txt").read_bytes() == (
        ROOT / "seeds" / "000_9751a25479bb027a.txt"
    ).read_bytes()
    styles = sorted(p.name for p in (bundled / "styles").glob("*.tcss"))
    assert styles == sorted(p.name for p in (ROOT / "styles").glob("*.tcss"))


def test_installed_package_finds_its_files_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import json, tui_news, tui_news.resources as r;"
        "print(json.dumps([tui_news.__file__, str(r.seeds_dir()), str(r.styles_dir())]))"
    )
    result = run_installed(installed, elsewhere, "-c", probe, db=tmp_path / "db" / "news.json")
    assert result.returncode == 0, result.stderr
    module, seeds, styles = json.loads(result.stdout)
    for path in (module, seeds, styles):
        assert Path(path).is_relative_to(installed), f"{path} is not from the installed wheel"


def test_installed_cli_builds_a_store_from_the_bundled_seeds(
    installed: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db" / "news.json"
    # Only the app and `load` make a store (`list` refuses a missing one): open it as the app does.
    build = "import tui_news.store as s; s.open_store(s.default_db_path())"
    result = run_installed(installed, tmp_path, "-c", build, db=db)
    assert result.returncode == 0, result.stderr
    result = run_installed(installed, tmp_path, "-m", "tui_news", "list", "--json", db=db)
    assert result.returncode == 0, result.stderr
    titles = [row["title"] for row in json.loads(result.stdout)]
    assert titles == [
        "Backchannel Diplomacy: U.S. and Iran Hold Direct Talks Amid Escalating Israel-Iran War"
    ]
