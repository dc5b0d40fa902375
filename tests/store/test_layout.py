"""Schema 2's files: the list columns the first paint reads, the summaries beside them, the
process pool that parses big loads, and what happens when one of the files is damaged."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import orjson
import pytest

import tui_news.store.commit as commit
import tui_news.store.dispatch as dispatch
import tui_news.store.prepare as prepare
from tests.store.conftest import WriteCorpus
from tui_news.model import SORTS, sort_summaries
from tui_news.store import ArticleStore, StoreChanged, StoreCorrupt
from tui_news.store.doctor import examine


def _dated_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    sources = ["Daily Post", "evening star", None]
    for i in range(count):
        lines = [f"{'Zeta' if i % 3 else 'alpha'} Report {i:03d} Reaches The Council", ""]
        if i % 4:
            lines += [f"Published: 2024-0{1 + i % 9}-{10 + i % 17:02d}", ""]
        source = sources[i % 3]
        if source:
            lines += [f"Source: {source}", ""]
        lines += [
            f"The committee reviewed report {i} on Tuesday and agreed to publish it in full. "
            "Officials said the findings would shape the plans for next year.",
            "",
            "A final vote is expected next month, after a public consultation.",
        ]
        (folder / f"n{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_list_columns_match_the_summaries_and_every_sort(tmp_path: Path) -> None:
    _dated_corpus(tmp_path / "news", 40)
    store = ArticleStore(tmp_path / "news.json")
    store.load([tmp_path / "news"], workers=1)
    columns = store.columns()
    summaries = store.summaries()
    assert columns.ids == [s.id for s in summaries]  # same positions in both files
    assert columns.titles == [s.title for s in summaries]
    assert columns.where == [s.category or s.source for s in summaries]
    assert columns.minutes == [s.reading_minutes for s in summaries]
    for sort in SORTS:
        expected = [s.id for s in sort_summaries(summaries, sort)]
        assert [columns.ids[i] for i in columns.orders[sort]] == expected, sort
    # A first-paint row carries what the list draws.
    first = columns.partial(columns.orders["date"][0])
    full = next(s for s in summaries if s.id == first.id)
    assert (first.title, first.published, first.reading_minutes) == (
        full.title,
        full.published,
        full.reading_minutes,
    )


def test_the_index_file_holds_no_bodies_summaries_or_sources(tmp_path: Path) -> None:
    _dated_corpus(tmp_path / "news", 5)
    db = tmp_path / "news.json"
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    data = orjson.loads(db.read_bytes())
    assert set(data) == {"meta", "list"}
    assert "officials said" not in db.read_text(encoding="utf-8").lower()
    meta = data["meta"]["store"]
    assert all((db.parent / "news.bodies" / n).is_file() for n in meta["summaries"])
    assert (db.parent / "news.bodies" / meta["sources"]).is_file()


def test_pool_and_single_process_build_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus
) -> None:
    monkeypatch.setattr(dispatch, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(dispatch, "CHUNK_FILES", 7)  # several chunks, one partial
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(30)])
    (tmp_path / "news" / "bad.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    one = ArticleStore(tmp_path / "one.json")
    two = ArticleStore(tmp_path / "two.json")
    report_one = one.load([tmp_path / "news"], workers=1)
    report_two = two.load([tmp_path / "news"], workers=2)
    assert report_one.added == report_two.added == 30
    assert [s.origin for s in report_one.skipped] == [s.origin for s in report_two.skipped]
    assert len(report_two.skipped) == 1 and report_two.skipped[0].origin.endswith("bad.txt")
    assert one.columns() == two.columns()
    assert one.summaries() == two.summaries()
    for article_id in one.columns().ids:
        assert one.get(article_id) == two.get(article_id)


def test_a_broken_pool_falls_back_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus
) -> None:
    class Broken:
        def submit(self, *args: object, **kwargs: object) -> object:
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(dispatch.ParsePool, "_pool", lambda self, files, split=0: Broken())
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(5)])
    report = ArticleStore(tmp_path / "news.json").load([tmp_path / "news"], workers=2)
    assert report.added == 5 and not report.skipped


def test_a_pool_that_breaks_half_way_leaves_the_rest_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus
) -> None:
    """Chunks done before a worker died are kept; the broken chunk and the rest parse here."""

    class DiesOnSecondChunk:
        def __init__(self) -> None:
            self.chunks = 0

        def submit(self, fn: Any, *args: Any) -> Future[Any]:
            self.chunks += 1
            future: Future[Any] = Future()
            if self.chunks == 2:
                future.set_exception(BrokenProcessPool("a worker was killed"))
            else:
                future.set_result(fn(*args))
            return future

        def shutdown(self, **kwargs: object) -> None:
            pass

    pool = DiesOnSecondChunk()
    monkeypatch.setattr(dispatch, "CHUNK_FILES", 3)
    monkeypatch.setattr(dispatch.ParsePool, "_pool", lambda self, files, split=0: pool)
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(10)])
    report = ArticleStore(tmp_path / "news.json").load([tmp_path / "news"], workers=2)
    assert pool.chunks == 4  # all handed out at once; the pool then left alone
    assert report.added == 10 and report.files_parsed == 10 and not report.skipped
    assert len(ArticleStore(tmp_path / "news.json")) == 10


def test_the_pool_is_handed_a_few_chunks_ahead_not_the_whole_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus
) -> None:
    """A million files must not all wait in the pool's queue, nor their results in memory."""
    out: list[Future[Any]] = []
    most_out = 0

    class Taken(Future[Any]):
        def result(self, timeout: float | None = None) -> Any:
            out.remove(self)
            return super().result(timeout)

    class Pool:
        def submit(self, fn: Any, *args: Any) -> Future[Any]:
            nonlocal most_out
            future: Future[Any] = Taken()
            future.set_result(fn(*args))
            out.append(future)
            most_out = max(most_out, len(out))
            return future

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(dispatch, "CHUNK_FILES", 3)
    monkeypatch.setattr(dispatch, "CHUNKS_AHEAD", 1)  # two workers: two chunks out at most
    monkeypatch.setattr(dispatch.ParsePool, "_pool", lambda self, files, split=0: Pool())
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(20)])
    report = ArticleStore(tmp_path / "news.json").load([tmp_path / "news"], workers=2)
    assert report.added == 20 and not report.skipped
    assert most_out == 2 and not out


def test_unchanged_reload_reads_neither_summaries_nor_files(
    tmp_path: Path, write_corpus: WriteCorpus
) -> None:
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(6)])
    db = tmp_path / "news.json"
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    (name,) = ArticleStore(db).meta()["summaries"]
    summaries = db.parent / "news.bodies" / name
    summaries.chmod(0)  # reading it would fail: an unchanged reload must not need it
    try:
        report = ArticleStore(db).load([tmp_path / "news"], workers=1)
    finally:
        summaries.chmod(0o644)
    assert report.files_parsed == 0 and report.unchanged == 6 and not report.changed


def test_missing_summaries_file_is_named_never_silent(
    tmp_path: Path, write_corpus: WriteCorpus
) -> None:
    write_corpus(tmp_path / "news", ["a.txt", "b.txt"])
    db = tmp_path / "news.json"
    store = ArticleStore(db)
    store.load([tmp_path / "news"], workers=1)
    (name,) = store.meta()["summaries"]
    (db.parent / "news.bodies" / name).unlink()
    fresh = ArticleStore(db)
    assert len(fresh.columns()) == 2  # the list can still be drawn
    with pytest.raises(StoreCorrupt) as caught:
        fresh.summaries()
    assert name in caught.value.message and "rebuild" in caught.value.message
    assert caught.value.path == db  # the app offers its set-aside-and-rebuild for this file
    report = examine(db)
    (problem,) = [f for f in report.problems if f.check == "summaries"]
    assert "search and filters" in problem.message and problem.fix


def test_summaries_replaced_by_another_load_says_changed(
    tmp_path: Path, write_corpus: WriteCorpus
) -> None:
    write_corpus(tmp_path / "news", ["a.txt", "b.txt"])
    db = tmp_path / "news.json"
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    reader = ArticleStore(db)
    assert len(reader.columns()) == 2
    write_corpus(tmp_path / "news", ["c.txt"])
    ArticleStore(db).load([tmp_path / "news"], workers=1)  # another process, say
    with pytest.raises(StoreChanged):
        reader.summaries()
    reader.refresh()
    assert len(reader.summaries()) == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda cols: cols.pop("title"),
        lambda cols: cols["id"].append("extra"),
        lambda cols: cols["orders"].__setitem__("date", [0, 0]),
        lambda cols: cols["minutes"].__setitem__(0, "five"),
        lambda cols: cols["title"].__setitem__(1, 7),
    ],
    ids=["no-title-column", "ragged", "order-not-permutation", "minutes-text", "title-number"],
)
def test_damaged_list_columns_are_a_clear_error(
    tmp_path: Path, write_corpus: WriteCorpus, damage: object
) -> None:
    write_corpus(tmp_path / "news", ["a.txt", "b.txt"])
    db = tmp_path / "news.json"
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    data = orjson.loads(db.read_bytes())
    damage(data["list"]["columns"])  # type: ignore[operator]
    db.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreCorrupt) as caught:
        ArticleStore(db).columns()
    assert str(db) in caught.value.message and "damaged" in caught.value.message
    assert any(f.check == "index" for f in examine(db).problems)


def test_summaries_are_split_into_files_read_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus
) -> None:
    monkeypatch.setattr(commit, "SUMMARY_CHUNK", 7)
    write_corpus(tmp_path / "news", [f"f{i:02d}.txt" for i in range(30)])
    db = tmp_path / "news.json"
    store = ArticleStore(db)
    store.load([tmp_path / "news"], workers=1)
    names = store.meta()["summaries"]
    assert len(names) == 5  # 7 + 7 + 7 + 7 + 2
    assert [s.id for s in store.summaries()] == store.columns().ids
    assert [len(c["id"]) for c in store.summary_chunks()] == [7, 7, 7, 7, 2]
    assert not examine(db).problems
    # A change to one file rewrites the summaries; the old ones go, nothing stray is left.
    write_corpus(tmp_path / "news", ["f00.txt"], tag="b")
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    new_names = ArticleStore(db).meta()["summaries"]
    on_disk = {p.name for p in (db.parent / "news.bodies").glob("summaries-*")}
    assert on_disk == set(new_names) and not on_disk & set(names)
    # One chunk gone: named, never a silent short list.
    (db.parent / "news.bodies" / new_names[2]).unlink()
    with pytest.raises(StoreCorrupt, match=new_names[2]):
        ArticleStore(db).summaries()
    assert [f.check for f in examine(db).problems] == ["summaries"]


def test_big_json_lines_file_parsed_in_parts_gives_what_one_pass_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[bytes] = []
    for i in range(60):
        record: dict[str, object] = {
            "title": f"Item {i} Reaches The Council",
            "blocks": [{"kind": "paragraph", "text": f"The council met about item {i} today."}],
        }
        if i % 3 == 0:
            record["id"] = f"given-{i}"
        elif i % 7 == 0:
            record["id"] = f"feed:guid-{i}"
        if i % 11 == 0:
            record["title"] = ""  # untitled: a warning that still takes an item number
        lines.append(orjson.dumps(record))
        if i % 13 == 0:
            lines.append(b"{not json")
        if i % 17 == 0:
            lines.append(b"")
    archive = tmp_path / "archive.jsonl"
    archive.write_bytes(b"\n".join(lines) + b"\n")
    whole = ArticleStore(tmp_path / "one.json")
    report_whole = whole.load([archive], workers=1)
    monkeypatch.setattr(prepare, "SPLIT_JSONL_BYTES", 1)
    parts = ArticleStore(tmp_path / "two.json")
    report_parts = parts.load([archive], workers=2)
    assert report_whole.warnings == report_parts.warnings
    assert any("line " in w for _, w in report_parts.warnings)
    assert any("has no title" in w for _, w in report_parts.warnings)
    assert report_whole.added == report_parts.added == 60 - 6
    assert whole.columns() == parts.columns()
    assert whole.summaries() == parts.summaries()
    assert {"given-3", "given-6"} <= set(parts.columns().ids)
    # Each article read from its body shard, where the parts' numbered ids were written in.
    for article_id in whole.columns().ids:
        article = parts.get(article_id)
        assert article is not None and article.id == article_id
        assert article == whole.get(article_id)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_every_file_once_and_ends_at_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_corpus: WriteCorpus, workers: int
) -> None:
    monkeypatch.setattr(dispatch, "POOL_MIN_FILES", 4)
    monkeypatch.setattr(dispatch, "CHUNK_FILES", 3)
    write_corpus(tmp_path / "news", [f"f{i}.txt" for i in range(12)])
    store = ArticleStore(tmp_path / "news.json")
    calls: list[tuple[int, int, str]] = []
    store.load([tmp_path / "news"], workers=workers, progress=lambda *c: calls.append(c))
    # Parsing: each file once, in the walk's order, out of the total.
    parsed = [c for c in calls if c[1]]
    assert [c[0] for c in parsed] == list(range(1, 13)) and {c[1] for c in parsed} == {12}
    assert [Path(c[2]).name for c in parsed] == sorted(f"f{i}.txt" for i in range(12))
    calls.clear()
    store.load([tmp_path / "news"], workers=workers, progress=lambda *c: calls.append(c))
    # Nothing changed: the walk's count, while the total is not known yet.
    assert [(c[0], c[1]) for c in calls] == [(n, 0) for n in range(1, 13)]


# --- Body shards: one record a line, so that opening one article parses only its line ----------


def _json_store(tmp_path: Path) -> tuple[ArticleStore, list[str]]:
    """A store of five articles from one JSON file, and their ids in the file's order."""
    folder = tmp_path / "news"
    folder.mkdir(parents=True)
    given = ['q"uote', "back\\slash", "naïve-日本", "plain-id", "line\\nbreak"]
    items = [
        {"id": i, "title": f"Story {n}", "body": f"Paragraph {n} of the story.\n\nMore text {n}."}
        for n, i in enumerate(given)
    ]
    (folder / "items.json").write_bytes(orjson.dumps(items))
    store = ArticleStore(tmp_path / "news.json")
    store.load([folder], workers=1)
    by_title = {s.title: s.id for s in store.summaries()}
    return store, [by_title[f"Story {n}"] for n in range(len(given))]


def test_shards_are_written_one_record_a_line_and_stay_tinydb_files(tmp_path: Path) -> None:
    from tui_news.store.storage import is_line_shard, read_json_file

    store, ids = _json_store(tmp_path)
    bodies: dict[str, Any] = {}
    for name in store.meta()["shards"].values():
        raw = (store.bodies_dir / name).read_bytes()
        assert is_line_shard(raw)
        table = read_json_file(store.bodies_dir / name)
        assert table is not None and set(table) == {"bodies"}
        assert raw.count(b"\n") == len(table["bodies"]) + 1  # a line each, then the end
        bodies.update(table["bodies"])
    assert sorted(bodies) == sorted(ids)
    for n, article_id in enumerate(ids):
        article = store.get(article_id)
        assert article is not None and article.id == article_id
        assert [b.text for b in article.blocks] == [
            f"Paragraph {n} of the story.",
            f"More text {n}.",
        ]
    assert store.get("no-such-id") is None


def test_an_open_parses_only_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui_news.store.reader as reader_module
    from tui_news.store.layout import shard_of

    store, ids = _json_store(tmp_path)
    parsed: list[int] = []
    real_loads = orjson.loads

    def counting_loads(data: Any) -> Any:
        parsed.append(len(data))
        return real_loads(data)

    monkeypatch.setattr(reader_module, "parse_json_bytes", None)  # no whole-file parse
    monkeypatch.setattr("tui_news.store.storage.orjson.loads", counting_loads)
    article = store.get(ids[1])
    assert article is not None and article.id == ids[1]
    shard = store.bodies_dir / store.meta()["shards"][shard_of(ids[1])]
    assert parsed and max(parsed) < shard.stat().st_size - 20


def test_shards_in_other_layouts_and_damaged_shards(tmp_path: Path) -> None:
    store, ids = _json_store(tmp_path)
    from tui_news.store.layout import shard_of as shard_prefix

    def shard_of(article_id: str) -> Path:
        return store.bodies_dir / store.meta()["shards"][shard_prefix(article_id)]

    # An older store's shard, written by orjson in one line: parsed whole, still opens.
    path = shard_of(ids[0])
    table = orjson.loads(path.read_bytes())
    path.write_bytes(orjson.dumps(table))
    store._shard_cache.clear()
    article = store.get(ids[0])
    assert article is not None and article.id == ids[0]
    # Cut short: not a whole shard, so parsed whole, so corrupt: nothing (the doctor says why).
    raw = orjson.dumps(table, option=orjson.OPT_INDENT_2)
    path.write_bytes(b'{"bodies":{\n' + raw[: len(raw) // 2])
    store._shard_cache.clear()
    assert store.get(ids[0]) is None
    # Whole-looking but with its record's line damaged: the whole file is read, and is corrupt.
    path = shard_of(ids[3])
    good = path.read_bytes()
    marker = b'\n"plain-id":'
    start = good.index(marker) + len(marker)
    path.write_bytes(good[:start] + b"{damaged" + good[start + 8 :])
    store._shard_cache.clear()
    assert store.get(ids[3]) is None
    path.write_bytes(good)
    store._shard_cache.clear()
    assert store.get(ids[3]) is not None
