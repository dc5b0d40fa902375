"""The state file: recovered from its backup when damaged (never reset silently), and shared
safely by two running apps."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tui_news.store.state as state_module
from tui_news.model import ArticleState, States, flagged
from tui_news.store import StateStore, StoreCorrupt, StoreWriteError, recover_state


def _damage(path: Path) -> bytes:
    damaged = path.read_bytes()[:-7]
    path.write_bytes(damaged)
    return damaged


def test_corrupt_state_is_restored_from_backup(db_path: Path) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("first")
    state.set_starred("second", True)
    state.set_position("third", 12)  # the backup now holds first and second
    damaged = _damage(state.path)

    with pytest.raises(StoreCorrupt) as caught:
        StateStore.beside(db_path)
    assert str(state.path) in caught.value.message

    message = recover_state(state.path)
    asides = sorted(state.path.parent.glob("news.state.json.corrupt-*"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == damaged, "the damaged file was not kept as it was"
    assert str(asides[0]) in message
    assert str(state.backup_path) in message and "2 marked articles" in message

    restored = StateStore.beside(db_path)
    assert restored.get("first").read and restored.get("second").starred
    assert restored.get("third").position == 0  # the last change was only in the damaged file


def test_corrupt_state_without_backup_says_so(db_path: Path) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("only")  # first save: there was nothing to back up
    assert not state.backup_path.exists()
    damaged = _damage(state.path)
    message = recover_state(state.path)
    assert "no good backup" in message
    aside = next(state.path.parent.glob("news.state.json.corrupt-*"))
    assert str(aside) in message and aside.read_bytes() == damaged
    assert not state.path.exists()
    assert StateStore.beside(db_path).all() == {}


def test_corrupt_backup_is_not_restored(db_path: Path) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("a")
    state.mark_read("b")
    state.backup_path.write_bytes(b"{not json")
    _damage(state.path)
    message = recover_state(state.path)
    assert "no good backup" in message
    assert not state.path.exists()


def _mark_many(state: StateStore, prefix: str, count: int) -> None:
    for i in range(count):
        state.mark_read(f"{prefix}{i}")
        if i % 3 == 0:
            state.toggle_star(f"{prefix}{i}")


def test_two_state_stores_in_threads_lose_no_marks(db_path: Path) -> None:
    one, two = StateStore.beside(db_path), StateStore.beside(db_path)
    threads = [
        threading.Thread(target=_mark_many, args=(one, "one-", 40)),
        threading.Thread(target=_mark_many, args=(two, "two-", 40)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = StateStore.beside(db_path).all()
    assert {k for k, v in final.items() if v.read} == {
        f"{p}{i}" for p in ("one-", "two-") for i in range(40)
    }
    assert {k for k, v in final.items() if v.starred} == {
        f"{p}{i}" for p in ("one-", "two-") for i in range(0, 40, 3)
    }


MARKER = """
import sys
from pathlib import Path
from tui_news.store import StateStore
state = StateStore(Path(sys.argv[1]))
for i in range(30):
    state.mark_read(f"{sys.argv[2]}{i}")
"""


def test_two_processes_lose_no_marks(db_path: Path, run_python: Callable[..., Any]) -> None:
    import subprocess
    import sys

    path = StateStore.beside(db_path).path
    path.parent.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[2]
    import os

    env = {**os.environ, "PYTHONPATH": str(root)}
    procs = [
        subprocess.Popen([sys.executable, "-c", MARKER, str(path), prefix], env=env)
        for prefix in ("p-", "q-")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    final = StateStore(path).all()
    assert set(final) == {f"{p}{i}" for p in ("p-", "q-") for i in range(30)}
    assert list(path.parent.glob("*.tmp")) == []


def test_stale_state_object_applies_its_change_to_the_fresh_file(db_path: Path) -> None:
    mine, theirs = StateStore.beside(db_path), StateStore.beside(db_path)
    theirs.set_starred("x", True)
    mine.mark_read("y")  # `mine` never saw x starred; its save must not drop it
    assert StateStore.beside(db_path).get("x").starred
    assert mine.get("x").starred


def test_a_change_parses_the_file_again_only_when_another_writer_replaced_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 100,000 marks, parsing the whole file for every keypress took ~1 s: a change reads
    the file only when it is not the one this process last read or wrote."""
    mine, theirs = StateStore.beside(db_path), StateStore.beside(db_path)
    mine.mark_read("a")
    reads: list[Path] = []
    real_read = state_module.read_json_file

    def counting_read(path: Path) -> Any:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(state_module, "read_json_file", counting_read)
    mine.set_starred("b", True)
    mine.set_position("a", 7)
    assert reads == []
    theirs.set_starred("c", True)  # theirs had not seen mine's saves: it reads them first
    assert reads == [mine.path]
    mine.mark_read("d")  # a new file (another writer's): read once, its star kept
    assert reads == [mine.path, mine.path]
    final = StateStore.beside(db_path).all()
    assert final["a"] == ArticleState(read=True, position=7)
    assert final["b"].starred and final["c"].starred and final["d"].read
    # An edit of the file in place (same inode, another size) is seen too.
    raw = json.loads(mine.path.read_text())
    raw["state"]["e"] = {"read": True, "starred": True, "position": 0, "last_opened": None}
    mine.path.write_text(json.dumps(raw))
    mine.mark_read("f")
    assert mine.get("e").starred and StateStore.beside(db_path).get("e").starred


def test_a_change_that_cannot_be_saved_leaves_memory_as_the_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("a")

    def refuse(path: Path, tables: Any, **kwargs: Any) -> None:
        raise StoreWriteError(state.path, "disk full")

    with monkeypatch.context() as patch:
        patch.setattr(state_module, "write_json_file", refuse)
        with pytest.raises(StoreWriteError):
            state.set_starred("b", True)
    assert not state.get("b").starred
    state.mark_read("c")  # the next save writes what the file had, and this change only
    assert set(StateStore.beside(db_path).all()) == {"a", "c"}


@given(
    st.dictionaries(
        st.sampled_from(["read", "starred", "position", "last_opened", "other"]),
        st.one_of(
            st.none(), st.booleans(), st.integers(-5, 10**12), st.text(max_size=5), st.floats()
        ),
    )
    | st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.booleans()))
)
def test_the_fast_read_of_a_state_entry_is_the_careful_one(entry: Any) -> None:
    assert ArticleState.from_store(entry) == ArticleState.from_dict(entry)


ENTRY = st.one_of(
    st.dictionaries(
        st.sampled_from(["read", "starred", "position", "last_opened"]),
        st.one_of(st.none(), st.booleans(), st.integers(-3, 50), st.text(max_size=3)),
    ),
    st.none(),
    st.integers(),
    st.text(max_size=3),
)


@given(st.dictionaries(st.text(max_size=4), ENTRY, max_size=12))
def test_states_read_from_the_table_are_the_careful_reading(table: dict[str, Any]) -> None:
    states = States(dict(table))
    careful = {key: ArticleState.from_dict(entry) for key, entry in table.items()}
    assert dict(states.items()) == careful
    assert sorted(states.flagged("read")) == sorted(k for k, s in careful.items() if s.read)
    assert sorted(flagged(states, "starred")) == sorted(k for k, s in careful.items() if s.starred)
    assert states.get("not there") is None and "not there" not in states
    # A change goes to the table as the store writes it, and is read back the same.
    states["new"] = ArticleState(read=True, position=3)
    assert states.table["new"] == ArticleState(read=True, position=3).to_dict()
    assert "new" in states.flagged("read")
    copy = states.copy()
    del states["new"]
    assert "new" not in states.table and copy["new"].position == 3


def test_starting_makes_no_mark_it_is_not_asked_for(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100,000 marks made into objects at every start took ~0.3 s of it: only the marks asked
    for (the rows on screen) are made; counts come from the table."""
    path = StateStore.beside(db_path).path
    path.parent.mkdir(parents=True, exist_ok=True)
    table = {f"a{i}": {"read": i % 2 == 0, "starred": i % 7 == 0, "position": 0,
                       "last_opened": None} for i in range(1_000)}  # fmt: skip
    path.write_text(
        json.dumps({"meta": {"state": {"kind": "tui-news state", "schema": 1}}, "state": table})
    )
    made: list[Any] = []
    real = ArticleState.from_store

    def counting(data: Any) -> ArticleState:
        made.append(data)
        return real(data)

    monkeypatch.setattr(ArticleState, "from_store", staticmethod(counting))
    states = StateStore(path).all()
    assert len(flagged(states, "read")) == 500 and len(flagged(states, "starred")) == 143
    assert made == []
    assert states["a4"].read and not states["a5"].read
    assert len(made) == 2
