"""`tui-news doctor`: a healthy store passes; each kind of damage is found, named and explained.

Each test damages a real store the way a crash, a full disk or a stray editor would, then runs
the real command (`main([...])`, one run through a fresh interpreter for the exit code) and
checks the exit code, the severity, that the message names the damaged file, and the fix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from filelock import FileLock

import tui_news.store.doctor as doctor_module
from tui_news.cli import main
from tui_news.store import SCHEMA_VERSION, ArticleStore, StateStore

from .conftest import ROOT, SmallStore


def run_doctor(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    """(exit code, --json report, plain-text report) from the real command."""
    code = main(["doctor", "--db", str(db), "--json"])
    report = json.loads(capsys.readouterr().out)
    text_code = main(["doctor", "--db", str(db)])
    text = capsys.readouterr().out
    assert text_code == code
    return code, report, text


def findings(
    report: dict[str, Any], severity: str, check: str | None = None
) -> list[dict[str, Any]]:
    return [
        f
        for f in report["findings"]
        if f["severity"] == severity and (check is None or f["check"] == check)
    ]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def store(small_store: SmallStore) -> SmallStore:
    """The small store with marks saved twice (so the state file has its `.bak`)."""
    state = StateStore.beside(small_store.db)
    ids = [s.id for s in ArticleStore(small_store.db).summaries()]
    state.mark_read(ids[0])
    state.set_starred(ids[1], True)
    return small_store


def test_healthy_store(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(store.db.parent)
    code, report, text = run_doctor(store.db, capsys)
    assert code == 0
    assert report["healthy"] and report["problems"] == 0 and report["warnings"] == 0
    assert {f["severity"] for f in report["findings"]} == {"ok"}
    checks = {f["check"] for f in report["findings"]}
    assert {
        "index",
        "summaries",
        "sources",
        "bodies",
        "litter",
        "state",
        "backup",
        "roots",
        "head",
    } <= checks
    (index,) = findings(report, "ok", "index")
    assert f"schema {SCHEMA_VERSION}" in index["message"] and "3 articles" in index["message"]
    (state,) = findings(report, "ok", "state")
    assert "2 articles marked (1 read, 1 starred)" in state["message"]
    assert "The store is healthy." in text
    # The doctor only looks: not a byte of the store changed, no file was added.
    assert tree(store.db.parent) == before


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "nowhere" / "news.json"
    code, report, _ = run_doctor(db, capsys)
    assert code == 1
    (problem,) = findings(report, "problem")
    assert problem["path"] == str(db) and "tui-news load" in problem["fix"]
    assert not db.parent.exists()  # nothing was built


def test_deleted_shard(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    bodies = store.db.parent / "news.bodies"
    shard = sorted(bodies.iterdir())[0]
    lost = len(orjson.loads(shard.read_bytes())["bodies"])
    shard.unlink()
    code, report, text = run_doctor(store.db, capsys)
    assert code == 1
    named = [f for f in findings(report, "problem", "bodies") if f["path"] == str(shard)]
    assert len(named) == 1 and "missing" in named[0]["message"]
    (total,) = [f for f in findings(report, "problem", "bodies") if f["path"] == str(bodies)]
    assert f"{lost} of 3 article bodies are missing" in total["message"]
    # The fix is a command that can be pasted: it names this store and the folder it came from.
    fix = named[0]["fix"]
    assert f"tui-news load --rebuild --db {store.db} {store.folder}" in fix
    assert str(shard) in text and "fix: run `tui-news load --rebuild" in text
    # ...and it works.
    assert main(["load", "--rebuild", "--db", str(store.db), str(store.folder)]) == 0
    capsys.readouterr()
    assert main(["doctor", "--db", str(store.db)]) == 0


def test_body_missing_from_its_shard(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    shard = sorted((store.db.parent / "news.bodies").iterdir())[0]
    data = orjson.loads(shard.read_bytes())
    data["bodies"] = dict(list(data["bodies"].items())[1:])
    shard.write_bytes(orjson.dumps(data))
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    (named,) = [f for f in findings(report, "problem", "bodies") if f["path"] == str(shard)]
    assert "lacks the bodies of 1 of" in named["message"]


def test_truncated_index(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    raw = store.db.read_bytes()
    store.db.write_bytes(raw[: len(raw) // 2])
    code, report, text = run_doctor(store.db, capsys)
    assert code == 1
    (problem,) = findings(report, "problem", "index")
    assert problem["path"] == str(store.db)
    assert "not valid JSON" in problem["message"] and "cut short" in problem["message"]
    assert "tui-news load --rebuild" in problem["fix"] and "rebuild" in problem["fix"]
    assert "marks" in problem["fix"]  # says the marks survive
    # The marks are still checked (and fine) when the index is broken.
    assert findings(report, "ok", "state")
    assert f"problem  {store.db}" in text


def test_garbage_state_file(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    state = store.db.with_name("news.state.json")
    state.write_bytes(b"\x00\x17garbage{{{")
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    (problem,) = findings(report, "problem", "state")
    assert problem["path"] == str(state)
    assert "restore the last good copy of your marks" in problem["fix"]
    # The backup is there and good, so the fix will work: the doctor says so.
    (backup,) = findings(report, "ok", "backup")
    assert backup["path"] == str(state) + ".bak" and "1 article marked" in backup["message"]


def test_garbage_state_and_no_backup(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    state = store.db.with_name("news.state.json")
    state.write_text("[1, 2")
    Path(str(state) + ".bak").unlink()
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    (backup,) = findings(report, "problem", "backup")
    assert "no last good copy" in backup["message"]


@pytest.mark.parametrize("which", ["index", "state"])
def test_wrong_schema(which: str, store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    path = store.db if which == "index" else store.db.with_name("news.state.json")
    data = orjson.loads(path.read_bytes())
    record = data["meta"]["store" if which == "index" else "state"]
    record["schema"] = 99
    path.write_bytes(orjson.dumps(data))
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    (problem,) = findings(report, "problem", which)
    assert problem["path"] == str(path) and "schema 99" in problem["message"]
    if which == "index":
        assert "tui-news load --rebuild" in problem["fix"]
    else:
        assert "restore the last good copy" in problem["fix"]


def test_not_a_store(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    store.db.write_text('{"_default": {"1": {"hello": "world"}}}')
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    (problem,) = findings(report, "problem", "index")
    assert "not a tui-news article store" in problem["message"]


def test_leftover_temp_files(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    """What a writer killed mid-save leaves: harmless, reported as warnings, exit 0."""
    folder = store.db.parent
    litter = [
        folder / ".news.json.k2j3h4.tmp",
        folder / ".news.head.json.q1w2e3.tmp",
        folder / ".news.state.json.x9y8z7.tmp",
        folder / "news.state.json.bak.tmp",
        folder / "news.bodies" / ".3f-7.json.abcd.tmp",
        folder / "news.bodies" / "3f-999.json",  # written by a load killed before its commit
    ]
    for path in litter:
        path.write_bytes(b'{"half": ')
    code, report, text = run_doctor(store.db, capsys)
    assert code == 0
    warned = {f["path"] for f in findings(report, "warning", "litter")}
    assert warned == {str(p) for p in litter}
    assert all("nothing uses it" in f["message"] for f in findings(report, "warning", "litter"))
    assert "0 problems, 6 warnings. Warnings are harmless." in text
    # The fix it names does remove them (a load that changes something sweeps the folder).
    (store.folder / "delta.txt").write_text((store.folder / "alpha.txt").read_text() + "\nMore.\n")
    assert main(["load", "--db", str(store.db), str(store.folder)]) == 0
    capsys.readouterr()
    assert not [p for p in litter if p.exists() and p.parent.name == "news.bodies"]
    assert not litter[0].exists()  # the index's own temp file, swept under the load's lock
    assert not litter[1].exists()  # the first page's


def test_kept_search_index(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    """The word index the app keeps (search/worker.py): the current generation's is the
    store's own; one kept for another generation is a harmless stray, which a load removes."""
    from tests.search.test_kept_index import keep
    from tui_news.search.engine import build_postings

    articles = ArticleStore(store.db)
    generation = articles.meta()["generation"]
    postings = build_postings(articles.summaries())
    assert keep(postings, articles.bodies_dir, generation)
    code, report, _text = run_doctor(store.db, capsys)
    assert code == 0 and not findings(report, "warning")
    assert keep(postings, articles.bodies_dir, generation + 5)
    code, report, text = run_doctor(store.db, capsys)
    stale = findings(report, "warning", "litter")
    assert code == 0 and len(stale) == 4
    assert "0 problems, 4 warnings. Warnings are harmless." in text
    assert all(f"index-{generation + 5}." in f["path"] for f in stale)
    assert all("search index kept for an earlier version" in f["message"] for f in stale)
    (store.folder / "delta.txt").write_text((store.folder / "alpha.txt").read_text() + "\nMore.\n")
    assert main(["load", "--db", str(store.db), str(store.folder)]) == 0
    capsys.readouterr()
    assert not list(articles.bodies_dir.glob("index-*"))


def test_stale_or_missing_first_page(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    """A first page that does not match the index only slows the start: a warning, and the
    load the fix names writes it anew."""
    head = store.db.with_name("news.head.json")
    info = os.stat(store.db)
    os.utime(store.db, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))  # a restored copy
    code, report, _text = run_doctor(store.db, capsys)
    assert code == 0
    (stale,) = findings(report, "warning", "head")
    assert stale["path"] == str(head) and "start slower" in stale["message"]
    assert "tui-news load" in stale["fix"]
    assert main(["load", "--db", str(store.db), str(store.folder)]) == 0  # nothing changed
    capsys.readouterr()
    assert findings(run_doctor(store.db, capsys)[1], "ok", "head")
    head.unlink()
    (missing,) = findings(run_doctor(store.db, capsys)[1], "ok", "head")
    assert "No first page yet" in missing["message"]


def test_missing_root(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    moved = store.folder.with_name("moved-away")
    shutil.move(store.folder, moved)
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 0  # the articles are all still there and readable
    (warning,) = findings(report, "warning", "roots")
    assert warning["path"] == str(store.folder) and "gone" in warning["message"]
    # A rebuild command offered for other damage leaves out the folder that is not there.
    next(store.db.parent.glob("news.bodies/[0-9a-f][0-9a-f]-*.json")).unlink()
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 1
    fix = findings(report, "problem", "bodies")[0]["fix"]
    assert fix.endswith("FOLDER…`") and str(store.folder) not in fix


def test_missing_root_fix_forgets_it(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    """The fix the doctor names for a folder that is gone is a command that works."""
    import shlex

    shutil.rmtree(store.folder)
    _code, report, _ = run_doctor(store.db, capsys)
    (warning,) = findings(report, "warning", "roots")
    command = warning["fix"].split("`")[1]
    assert command == f"tui-news forget {shlex.quote(str(store.folder))}"
    assert main([*shlex.split(command)[1:], "--db", str(store.db)]) == 0
    capsys.readouterr()
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 0 and not findings(report, "warning", "roots")
    assert ArticleStore(store.db).summaries() == []


def test_orphan_marks_are_counted(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    state = StateStore.beside(store.db)
    state.set_starred("not-loaded-1", True)
    state.mark_read("not-loaded-2")
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 0
    (orphans,) = findings(report, "ok", "orphans")
    assert orphans["message"].startswith("2 marked article(s) are not in the store now")


def test_lock_held_by_another_writer(store: SmallStore, capsys: pytest.CaptureFixture[str]) -> None:
    lock = FileLock(str(store.db) + ".lock", timeout=1)
    with lock:
        code, report, _ = run_doctor(store.db, capsys)
    assert code == 0
    (busy,) = findings(report, "warning", "lock")
    assert busy["path"] == str(store.db) + ".lock" and "StoreBusy" in busy["message"]
    # Released: a lock file left behind is reported as harmless.
    _, report, _ = run_doctor(store.db, capsys)
    assert not findings(report, "warning", "lock")


def test_readonly_folder(
    store: SmallStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod does not stop root, so the doctor is told the folder cannot be written.
    monkeypatch.setattr(doctor_module, "is_readonly", lambda path: path == store.db)
    code, report, _ = run_doctor(store.db, capsys)
    assert code == 0
    (warning,) = findings(report, "warning", "access")
    assert "read-only" in warning["message"] and "chmod u+w" in warning["fix"]


def test_exit_code_from_a_fresh_process(store: SmallStore) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tui_news", "doctor", "--db", str(store.db)]
    healthy = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    store.db.write_bytes(store.db.read_bytes()[:40])
    broken = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert broken.returncode == 1
    assert str(store.db) in broken.stdout and "problem" in broken.stdout


def test_control_characters_in_the_path_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "odd\x1b]0;x\x07" / "news.json"
    code = main(["doctor", "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;x\\x07" in out
