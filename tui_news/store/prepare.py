"""What a worker does with one file: read it, compare its digest, parse it, and prepare what
the store keeps of each article (`Prepared`), so that the loading process only files it.

Everything handed to and from a worker is a tuple of plain values: they pickle fast.
"""

from __future__ import annotations

import hashlib
import operator
import os
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from tui_news.loader.files import (
    JsonlPart,
    LoadError,
    SourceFile,
    collector_paused,
    parse_file,
    parse_jsonl_part,
    read_bytes,
)
from tui_news.loader.formats import read_as
from tui_news.model import Article
from tui_news.store.layout import KIND_CODES, SUMMARY_COLUMNS, shard_of

#: A JSON Lines file this big is parsed in parts, over the pool.
SPLIT_JSONL_BYTES = 8 * 1024 * 1024


class Job(NamedTuple):
    """A file to read, compare with the digest it had (`known`) and parse if it changed."""

    source: SourceFile
    info: os.stat_result
    known: str | None


#: One article's summary as the store keeps it: its values in `SUMMARY_COLUMNS` order (lists
#: where JSON has lists), the content key (`ck`) among them. A tuple, not a dict: it pickles at
#: half the size, compares in one step, and a commit turns many into columns with one `zip`.
Row = tuple[Any, ...]
ID, CK, TITLE, CATEGORY, PUBLISHED, SOURCE, MINUTES, ORIGIN = map(
    SUMMARY_COLUMNS.index,
    ("id", "ck", "title", "category", "published", "source", "reading_minutes", "origin"),
)
_ROW_OF = operator.itemgetter(*SUMMARY_COLUMNS)
#: (summary row, body shard, body shard record): what the store keeps of an article, made in
#: the worker so that the loading process only files it. The record is the JSON of
#: {"b": [[kind code, text], ...], "s": summary dict}, as the commit writes it into the body
#: shard: serialised here, in parallel, because the commit runs in one process.
Prepared = tuple[Row, str, bytes]


class Unchanged(NamedTuple):
    """A file whose bytes are as they were (`digest`, its digest): nothing to parse."""

    digest: str


class Failed(NamedTuple):
    """A file that cannot be used (`LoadError`); `parsed`: whether it got as far as parsing."""

    path: str
    reason: str
    transient: bool
    digest: str | None
    parsed: bool

    @classmethod
    def of(cls, error: LoadError, digest: str | None, parsed: bool) -> Failed:
        return cls(error.path, error.reason, error.transient, digest, parsed)

    def error(self) -> LoadError:
        return LoadError(self.path, self.reason, transient=self.transient)


class Parsed(NamedTuple):
    """A file parsed: what the store keeps of each article, and what was wrong in it."""

    digest: str | None
    prepared: list[Prepared]
    warnings: list[str]


#: What became of one file, as a worker hands it back (named tuples: they pickle fast).
Outcome = Unchanged | Failed | Parsed


def prepare(article: Article) -> Prepared:
    """What the store keeps of `article`; its shard record already JSON
    (`orjson.JSONEncodeError` when it cannot be): made where it is parsed, written as it is by
    the commit."""
    summary = article.summary().to_dict()
    record = orjson.dumps(
        {"b": [[KIND_CODES[b.kind], b.text] for b in article.blocks], "s": summary}
    )
    return summary_row(summary, article.content_key()), shard_of(article.id), record


def summary_row(summary: dict[str, Any], content_key: str) -> Row:
    """The `Row` of a summary dict (`ArticleSummary.to_dict`)."""
    return _ROW_OF({**summary, **summary["mentions"], "ck": content_key})  # type: ignore[no-any-return]


def renumbered(item: Prepared, new_id: str) -> Prepared:
    row, _shard, record = item
    # The summary is the record's last member: the only `,"s":` outside a JSON string (in one,
    # a quote is escaped).
    cut = record.rindex(b',"s":') + len(b',"s":')
    summary = orjson.loads(record[cut:-1])
    summary["id"] = new_id
    renamed = (new_id, *row[1:])
    return renamed, shard_of(new_id), record[:cut] + orjson.dumps(summary) + b"}"


#: What a worker is handed for one file: (path, origin, key, folder category, known digest).
#: Plain strings: a `Path` and an `os.stat_result` are slow to pickle and unpickle.
Task = tuple[str, str, str, str | None, str | None]


def task_of(job: Job) -> Task:
    source = job.source
    return (os.fspath(source.path), source.origin, source.key, source.folder_category, job.known)


def work_chunk(tasks: list[Task]) -> list[Outcome]:
    """A chunk of files, in a worker process. Each file's objects are freed as it ends and none
    is in a cycle: the cyclic collector would only walk them."""
    with collector_paused():
        return [
            work_file(SourceFile(path, origin, key, category), known)
            for path, origin, key, category, known in tasks
        ]


def work_here(job: Job) -> Outcome:
    """Read, compare and parse one file (here, not in a worker). Never raises."""
    return work_file(job.source, job.known)


def work_file(source: SourceFile, known: str | None) -> Outcome:
    """Read, compare with the digest it had (`known`) and parse one file. Never raises."""
    read = read_as(source.suffix)
    data: bytes | None = None
    digest: str | None = None
    parsed = False
    try:
        if not read.streams_lines:
            data = read_bytes(source, read.max_bytes)
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if known == digest:
                return Unchanged(digest)
        parsed = True
        result = parse_file(source, data)
        prepared = _prepared(source, result.articles)
    except LoadError as error:
        return Failed.of(error, digest, parsed)
    return Parsed(digest, prepared, result.warnings)


def _prepared(source: SourceFile, articles: Iterable[Article]) -> list[Prepared]:
    try:
        return [prepare(article) for article in articles]
    except orjson.JSONEncodeError as error:  # the loader's cleaning should have made this moot
        raise LoadError(source.origin, f"could not be stored ({error})") from None


def work_part(job: tuple[SourceFile, int, int]) -> JsonlPart | Failed:
    source, start, end = job
    # Tens of thousands of articles made and kept, no cycles: see `building.Loader.run`.
    with collector_paused():
        try:
            part = parse_jsonl_part(source, start, end)
            prepared = _prepared(source, part.articles())
        except LoadError as error:
            return Failed.of(error, None, True)
        part.replace_articles(prepared)
    return part


def splittable(job: Job) -> bool:
    """A JSON Lines file big enough to be parsed in parts by several processes."""
    return read_as(job.source.suffix).streams_lines and job.info.st_size >= SPLIT_JSONL_BYTES


def rows_from_columns(raw: dict[str, list[Any]]) -> dict[str, Row]:
    """id → `Row`, from a summaries file's columns."""
    return {str(row[ID]): row for row in zip(*(raw[name] for name in SUMMARY_COLUMNS), strict=True)}
