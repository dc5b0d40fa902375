"""The input formats the loader reads: one `Format` per kind of file, all in `FORMATS`.

A format is a name, the file suffixes it claims, the most bytes a file of it may hold and a
reader that turns a `FileInput` into `Draft`s. Adding one is a module with its reader plus one
entry in `FORMATS`: what the walk picks up, the size limits and `parse_file`'s dispatch all
come from this table, and the store asks `format_for` rather than knowing suffixes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tui_news.loader.reading import FileInput
from tui_news.loader.structured import (
    Draft,
    FormatError,
    draft_from_scraped,
    read_feed,
    read_json,
    read_json_lines,
    read_markdown,
)

MB = 1024 * 1024

Reader = Callable[[FileInput], list[Draft]]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    #: Lowercased, with the dot, as `SourceFile.suffix` gives them.
    suffixes: frozenset[str]
    #: A file of this format holding more bytes is refused unread.
    max_bytes: int
    read: Reader
    #: The reader takes the file line by line (`FileInput.lines`), so the store may split a big
    #: file between processes by lines, and need not read it whole first.
    streams_lines: bool = False
    #: A file of one article must have body text (a scraped page of only a title is boilerplate);
    #: a structured file says what it holds, body or not.
    needs_body: bool = False


def _read_scraped(file: FileInput) -> list[Draft]:
    return [draft_from_scraped(file.text())]


def _read_markdown(file: FileInput) -> list[Draft]:
    return [read_markdown(file.text())]


def _read_json(file: FileInput) -> list[Draft]:
    return read_json(file.text())


def _read_feed(file: FileInput) -> list[Draft]:
    return read_feed(file.data())


def _read_json_lines(file: FileInput) -> list[Draft]:
    drafts: list[Draft] = []
    warnings = file.warnings
    for item in read_json_lines(file.lines()):
        if isinstance(item, FormatError):
            warnings.append(str(item))
        else:
            drafts.append(item)
    if not drafts:
        raise FormatError(
            "no article objects in this JSON Lines file" + (f" ({warnings[0]})" if warnings else "")
        )
    return drafts


#: A page saved as text: also how a file of no known suffix, named on its own, is read.
SCRAPED_TEXT = Format(
    "scraped text", frozenset({".txt", ".text", ".news"}), 16 * MB, _read_scraped, needs_body=True
)
MARKDOWN = Format(
    "Markdown", frozenset({".md", ".markdown"}), 16 * MB, _read_markdown, needs_body=True
)
JSON = Format("JSON", frozenset({".json"}), 256 * MB, _read_json)
JSON_LINES = Format(
    "JSON Lines", frozenset({".jsonl", ".ndjson"}), 4096 * MB, _read_json_lines, streams_lines=True
)
FEED = Format(
    "RSS or Atom feed", frozenset({".xml", ".rss", ".atom", ".rdf"}), 256 * MB, _read_feed
)


class Formats:
    """Formats by suffix; refuses two formats that claim one suffix."""

    __slots__ = ("_by_suffix", "all", "suffixes")

    def __init__(self, formats: Iterable[Format]) -> None:
        self.all = tuple(formats)
        by_suffix: dict[str, Format] = {}
        for fmt in self.all:
            for suffix in fmt.suffixes:
                if suffix in by_suffix:
                    raise ValueError(
                        f"{suffix} is claimed by {by_suffix[suffix].name} and {fmt.name}"
                    )
                by_suffix[suffix] = fmt
        self._by_suffix = by_suffix
        #: Every suffix some format reads: what the walk picks up.
        self.suffixes = frozenset(by_suffix)

    def get(self, suffix: str) -> Format | None:
        return self._by_suffix.get(suffix)


#: Every format the loader reads.
FORMATS = Formats([SCRAPED_TEXT, MARKDOWN, JSON, JSON_LINES, FEED])


def format_for(suffix: str) -> Format | None:
    """The format of files with `suffix` (lowercased, with the dot), or None for none."""
    return FORMATS.get(suffix)


def read_as(suffix: str) -> Format:
    """The format a file with `suffix` is read as: its own, else scraped text (a file of no
    known suffix is only loaded when named on its own)."""
    return FORMATS.get(suffix) or SCRAPED_TEXT
