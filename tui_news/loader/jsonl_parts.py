"""A big JSON Lines file parsed in parts, by several processes, as `parse_file` reads it whole.

`jsonl_split_points` cuts the file into runs of whole lines, `parse_jsonl_part` parses one run,
and `join_jsonl_parts` puts the parts together in order: line numbers and the ids of items
without one depend on what came before, so they are settled there.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tui_news.loader.articles import article_from_draft, file_article_id, given_article_id
from tui_news.loader.formats import JSON_LINES
from tui_news.loader.reading import as_load_error, collector_paused, open_regular, read_lines
from tui_news.loader.source import LoadError, SourceFile
from tui_news.loader.structured import FormatError, read_json_lines


class PartItem(StrEnum):
    """What one item of a `JsonlPart` is: the first value of its tuple."""

    #: (WARNING, line in this part, message): a line that is no article object.
    WARNING = "warning"
    #: (UNTITLED,): an article object without a title.
    UNTITLED = "untitled"
    #: (ARTICLE, whether its id must be numbered, article).
    ARTICLE = "article"


@dataclass
class JsonlPart:
    """A run of a JSON Lines file's lines parsed on its own (`parse_jsonl_part`), to be put
    together with the other parts in order (`join_jsonl_parts`)."""

    #: One tuple a line, in order, tagged by its `PartItem`.
    items: list[tuple[Any, ...]] = field(default_factory=list)
    lines: int = 0

    def articles(self) -> list[Any]:
        """The part's articles, in order."""
        return [item[2] for item in self.items if item[0] == PartItem.ARTICLE]

    def replace_articles(self, replacements: Iterable[Any]) -> None:
        """Put `replacements` in the places of `articles()`, one for one, in order (the store
        keeps its prepared records in their places, to be joined like articles)."""
        new = iter(replacements)
        self.items = [
            (item[0], item[1], next(new)) if item[0] == PartItem.ARTICLE else item
            for item in self.items
        ]


def jsonl_split_points(source: SourceFile, parts: int) -> list[int]:
    """Byte offsets that cut the file into about `parts` runs of whole lines."""
    points = [0]
    with open_regular(source) as raw_handle, io.BufferedReader(raw_handle) as handle:
        size = os.fstat(handle.fileno()).st_size
        for k in range(1, parts):
            handle.seek(max(points[-1], size * k // parts))
            if handle.tell() > 0:
                handle.readline()  # to the start of the next line
            offset = handle.tell()
            if offset >= size:
                break
            if offset > points[-1]:
                points.append(offset)
    return [*points, size]


def parse_jsonl_part(source: SourceFile, start: int, end: int) -> JsonlPart:
    """Parse the lines from byte `start` to `end` (both line starts). Raises `LoadError`."""
    part = JsonlPart()
    lines = read_lines(source, JSON_LINES.max_bytes, start, end)

    def counted() -> Iterator[str]:
        for line in lines:
            part.lines += 1
            yield line

    with as_load_error(source), collector_paused():
        _read_part(source, counted(), part)
    return part


def _read_part(source: SourceFile, lines: Iterator[str], part: JsonlPart) -> None:
    for item in read_json_lines(lines):
        if isinstance(item, FormatError):
            part.items.append((PartItem.WARNING, part.lines, str(item).split(": ", 1)[-1]))
        elif not item.title:
            part.items.append((PartItem.UNTITLED,))
        else:
            given = item.given_id
            article_id = given_article_id(given) if given else ""
            part.items.append(
                (PartItem.ARTICLE, not given, article_from_draft(item, source, article_id))
            )


def join_jsonl_parts(
    source: SourceFile,
    parts: Iterable[JsonlPart],
    renumber: Callable[[Any, str], Any] = lambda article, new_id: dataclasses.replace(
        article, id=new_id
    ),
) -> tuple[list[Any], list[str]]:
    """The parts of one file as `parse_file` would have read it whole: its articles (with the
    ids of items that have none numbered through the whole file, by `renumber`) and warnings
    (lines numbered through the whole file). Raises `LoadError` like `parse_file`."""
    warnings: list[str] = []
    items: list[tuple[Any, ...]] = []
    offset = 0
    for part in parts:
        for item in part.items:
            if item[0] == PartItem.WARNING:
                warnings.append(f"line {offset + item[1]}: {item[2]}")
            else:
                items.append(item)
        offset += part.lines
    if not items:
        raise LoadError(
            source.origin,
            "no article objects in this JSON Lines file"
            + (f" ({warnings[0]})" if warnings else ""),
        )
    many = len(items) > 1
    articles: list[Any] = []
    for index, item in enumerate(items):
        if item[0] == PartItem.UNTITLED:
            warnings.append(f"item {index + 1} has no title")
            continue
        _kind, numbered, article = item
        if numbered:
            article = renumber(article, file_article_id(source, index, many))
        articles.append(article)
    if not articles:
        raise LoadError(
            source.origin,
            "no usable articles" + (f" ({warnings[0]})" if warnings else ""),
        )
    return articles, warnings
