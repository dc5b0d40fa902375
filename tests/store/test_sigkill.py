"""A load killed with SIGKILL at random moments leaves the old store or the new one, never a mix.

A small driver process imports tui-news once and forks one child per load, so that each trial
costs a load and not an interpreter start; the test kills the child at a random moment, then
opens the store afresh and checks that its titles are exactly the old set or the new set, and that
every listed article's body is the one that belongs to its title.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.store import ArticleStore

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 60

DRIVER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from tui_news.loader.mentions import extract_mentions
    from tui_news.store import ArticleStore

    extract_mentions(["Warm-up: Angela Merkel met officials in London and Paris."])
    db = Path(sys.argv[1])
    print("ready", flush=True)
    child = None
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "load":
            child = os.fork()
            if child == 0:
                try:
                    ArticleStore(db).load([Path(arg)], wait=30)
                except BaseException:
                    os._exit(3)
                os._exit(0)
            print(child, flush=True)
        elif command == "reap":
            # Reaped only now, after the test's kill: the pid cannot have been reused meanwhile.
            _, status = os.waitpid(child, 0)
            print(status, flush=True)
    """
)

Sets = dict[str, dict[str, str]]


def _make_sets(base: Path, write_corpus: Callable[..., dict[str, str]]) -> Sets:
    """Two versions of a 240-file folder: 60 files changed, 20 only in A, 20 only in B."""
    common = [f"f{i:03d}.txt" for i in range(60, 240)]
    a = write_corpus(base / "A", [f"f{i:03d}.txt" for i in range(60)] + common, tag="a")
    a |= write_corpus(base / "A", [f"old{i:02d}.txt" for i in range(20)], tag="a")
    b = write_corpus(base / "B", [f"f{i:03d}.txt" for i in range(60)], tag="b")
    b |= write_corpus(base / "B", [f"new{i:02d}.txt" for i in range(20)], tag="b")
    # The 180 common files are the same bytes in both sets (copied, so mtimes match too).
    for name in common:
        data = (base / "A" / name).read_bytes()
        (base / "B" / name).write_bytes(data)
        st = (base / "A" / name).stat()
        os.utime(base / "B" / name, ns=(st.st_atime_ns, st.st_mtime_ns))
        b[next(t for t, m in a.items() if m == f"m{Path(name).stem}xa")] = f"m{Path(name).stem}xa"
    return {"A": a, "B": b}


def _snapshot(db: Path) -> dict[str, str]:
    """title -> body of every article in the store, read the way the app reads them."""
    store = ArticleStore(db)
    out: dict[str, str] = {}
    for summary in store.summaries():
        article = store.get(summary.id)
        assert article is not None, f"{summary.title!r} is listed but cannot be opened"
        out[summary.title] = article.body_text
    return out


def _check(snapshot: dict[str, str], expected: dict[str, str], context: str) -> None:
    for title, body in snapshot.items():
        marker = expected[title]
        assert marker in body, f"{context}: {title!r} has another article's body: {body[:120]!r}"


@pytest.mark.slow
def test_sigkill_during_load_leaves_old_or_new_store(
    tmp_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    sets = _make_sets(tmp_path / "sets", write_corpus)
    live = tmp_path / "live"
    db = tmp_path / "store" / "news.json"
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)

    def show(name: str) -> None:
        """Make `live` hold set `name`: only files that differ are written, extra ones removed."""
        live.mkdir(exist_ok=True)
        wanted = {p.name: p for p in (tmp_path / "sets" / name).iterdir()}
        for child in live.iterdir():
            if child.name not in wanted:
                child.unlink()
        for file_name, source in wanted.items():
            target = live / file_name
            data = source.read_bytes()
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)

    # A full load through the real command first: the store starts as set A.
    show("A")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tui_news", "load", str(live), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    current = _snapshot(db)
    assert set(current) == set(sets["A"])
    _check(current, sets["A"], "first load")

    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert driver.stdin is not None and driver.stdout is not None
    try:
        assert driver.stdout.readline().strip() == "ready"

        def run_load(delay: float | None) -> int:
            assert driver.stdin is not None and driver.stdout is not None
            driver.stdin.write(f"load {live}\n")
            driver.stdin.flush()
            pid = int(driver.stdout.readline())
            if delay is not None:
                time.sleep(delay)
                os.kill(pid, signal.SIGKILL)
            driver.stdin.write("reap\n")
            driver.stdin.flush()
            return int(driver.stdout.readline())

        # How long one uninterrupted A -> B load takes here, to spread the kills over it.
        show("B")
        start = time.monotonic()
        assert run_load(None) == 0
        duration = time.monotonic() - start
        current = _snapshot(db)
        assert set(current) == set(sets["B"])

        outcomes = {"old": 0, "new": 0}
        trial = 0
        # Kills spread over the whole load; on a busy machine a load runs longer than the one
        # timed above, so if every kill so far came before the commit, later ones reach further.
        while trial < TRIALS or (not outcomes["new"] and trial < TRIALS + 40):
            old_name = "A" if set(current) == set(sets["A"]) else "B"
            new_name = "B" if old_name == "A" else "A"
            show(new_name)
            stretch = 1.25 if trial < TRIALS else 1.25 * 2 ** ((trial - TRIALS) // 5 + 1)
            delay = rng.uniform(0, duration * stretch)
            status = run_load(delay)
            trial += 1
            context = f"trial {trial} (seed {seed}, kill after {delay:.3f}s, status {status})"
            snapshot = _snapshot(db)
            got = set(snapshot)
            if got == set(sets[old_name]):
                outcomes["old"] += 1
                _check(snapshot, sets[old_name], context)
            elif got == set(sets[new_name]):
                outcomes["new"] += 1
                _check(snapshot, sets[new_name], context)
            else:
                mixed = sorted(got ^ set(sets[new_name]))[:5]
                pytest.fail(f"{context}: the store holds a mix of old and new: {mixed}")
            current = snapshot
        # The delays spread over the whole load: some kills came before the commit, some after.
        assert outcomes["old"] and outcomes["new"], outcomes
    finally:
        driver.stdin.close()
        driver.wait(timeout=30)

    # One more load that finishes: the litter of the killed ones (temp files, orphan shards) goes.
    last = "A" if set(current) == set(sets["B"]) else "B"
    show(last)
    report = ArticleStore(db).load([live])
    assert set(_snapshot(db)) == set(sets[last])
    assert report.files_parsed == 80  # 60 changed files and 20 new ones; the rest unchanged
    assert len(report.removed) == 20
    litter = [p.name for p in db.parent.rglob("*") if p.name.endswith(".tmp")]
    assert litter == []
    meta = ArticleStore(db).meta()
    named = {*meta["shards"].values(), *meta["summaries"], meta["sources"]}
    on_disk = {p.name for p in (db.parent / "news.bodies").iterdir()}
    assert on_disk == named
