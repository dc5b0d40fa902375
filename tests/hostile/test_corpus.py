"""Every hostile file, loaded through the real command: good articles in, bad files named with a
reason, nothing escapes, and no control character ever reaches the store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tui_news.cli import main
from tui_news.loader.files import display_path
from tui_news.store import ArticleStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# The case names, known without writing the big file (it is added by name).


def _case_names() -> list[str]:
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("hostile_names", HERE / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as scratch:
        cases = module.write_hostile_corpus(Path(scratch), big_file=False)
    return [*sorted(cases), "shape/fifty-mb.txt"]


CASES = _case_names()


def _by_origin(store: ArticleStore) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for summary in store.summaries():
        out.setdefault(summary.origin or "", []).append(summary)
    return out


def test_load_finishes(hostile_load: Any) -> None:
    assert hostile_load.code == 0, hostile_load.err
    assert "Traceback" not in hostile_load.err
    assert re.match(
        r"^\d+ added, 0 updated, 0 unchanged, 0 removed, \d+ skipped, 1 duplicates",
        hostile_load.out,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.encode("unicode_escape").decode() for c in CASES])
def test_case(hostile_load: Any, case: str) -> None:
    expect = hostile_load.cases[case]
    origin = display_path(expect["path"].absolute())
    store = ArticleStore(hostile_load.db)
    articles = [store.get(s.id) for s in _by_origin(store).get(origin, [])]
    named = [
        line
        for line in hostile_load.err.splitlines()
        if line.startswith((f"skipped {origin}: ", f"duplicate {origin}: ", f"warning {origin}: "))
    ]
    status = expect["status"]
    if status in ("loaded", "partial"):
        assert articles, f"{case}: not in the store; stderr says {named}"
        titles = [a.title for a in articles]
        if expect["titles"]:
            assert titles == expect["titles"]
        if "max_title" in expect:
            assert all(0 < len(t) <= expect["max_title"] for t in titles)
        text = "\n".join(a.title + "\n" + a.body_text for a in articles if a)
        text = " ".join(text.split())  # where a sequence was cut out, two spaces may meet
        for wanted in expect["body"]:
            assert wanted in text, f"{case}: {wanted!r} missing from {text[:300]!r}"
        for unwanted in expect["absent"]:
            assert unwanted not in text, f"{case}: {unwanted!r} was kept"
        if status == "loaded":
            assert named == [], f"{case}: loaded but named on stderr: {named}"
        else:
            assert any(re.search(expect["reason"], line) for line in named), named
    elif status == "skipped":
        assert not articles, f"{case}: a bad file gave articles {[a.title for a in articles]}"
        assert named, f"{case}: not named on stderr"
        assert any(line.startswith(f"skipped {origin}: ") for line in named), named
        assert re.search(expect["reason"], named[0]), f"{case}: reason {named[0]!r}"
    elif status == "duplicate":
        of = display_path((hostile_load.folder / expect["of"]).absolute())
        assert not articles
        assert named == [f"duplicate {origin}: same article as {of}"]
    else:  # pragma: no cover
        pytest.fail(f"unknown status {status}")


def test_no_control_character_is_stored(hostile_load: Any) -> None:
    import importlib

    conftest = importlib.import_module(type(hostile_load).__module__)
    found = conftest.control_chars_in_store(hostile_load.db)
    assert found == []


def test_every_good_article_is_in_the_store(hostile_load: Any) -> None:
    store = ArticleStore(hostile_load.db)
    wanted = sum(
        len(e["titles"]) or 1
        for e in hostile_load.cases.values()
        if e["status"] in ("loaded", "partial")
    )
    assert len(store) == wanted


def test_output_carries_no_raw_escape(hostile_load: Any) -> None:
    """Names with escape sequences are printed with the escapes visible, never raw."""
    for stream in (hostile_load.out, hostile_load.err):
        assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream
    assert "fs/bad \\x1b]52;c;aGk=\\x07\\x9bname.txt: empty" in hostile_load.err


def test_list_prints_no_raw_escape(hostile_load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--db", str(hostile_load.db)]) == 0
    out = capsys.readouterr().out
    assert "Clear Screen Title" in out and "[@click" not in out  # (that one is in a body)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    assert main(["search", "hyperlink", "--db", str(hostile_load.db)]) == 0
    assert "Hyperlink Story" in capsys.readouterr().out


def test_second_load_parses_nothing_and_names_the_same_files(
    hostile_load: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(hostile_load.folder), "--db", str(hostile_load.db)]) == 0
    captured = capsys.readouterr()
    assert "(0 files parsed)" in captured.out
    first = sorted(x for x in hostile_load.err.splitlines() if x.startswith("skipped"))
    again = sorted(x for x in captured.err.splitlines() if x.startswith("skipped"))
    assert again == first


def test_load_with_capsys_and_subprocess(
    tmp_path: Path, corpus_module: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same corpus through `python -m tui_news`, and through `main` with capsys."""
    folder = tmp_path / "corpus"
    cases = corpus_module.write_hostile_corpus(folder, big_file=False)
    db = tmp_path / "sub" / "news.json"
    done = subprocess.run(
        [sys.executable, "-m", "tui_news", "load", str(folder), "--db", str(db), "--json"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TUI_NEWS_DB": str(db)},
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", done.stdout + done.stderr)
    import json

    report = json.loads(done.stdout)
    skipped = {s["path"] for s in report["skipped"]}
    for name, expect in cases.items():
        if expect["status"] == "skipped":
            assert display_path(expect["path"].absolute()) in skipped, name

    db2 = tmp_path / "inproc" / "news.json"
    assert main(["load", str(folder), "--db", str(db2)]) == 0
    captured = capsys.readouterr()
    assert sorted(captured.err.splitlines()) == sorted(done.stderr.decode().splitlines())
    assert {s.title for s in ArticleStore(db).summaries()} == {
        s.title for s in ArticleStore(db2).summaries()
    }
