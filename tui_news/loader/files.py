"""From a file on disk to Articles: `parse_file` reads one file in its format and returns its
articles; it raises `LoadError` with a one-line reason for a file that cannot be used, and
never anything else.

The names the store and the CLI import from here (`discover`, `SourceFile`, `read_bytes`, the
JSON Lines parts...) live in the modules beside this one and are re-exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_news.loader.articles import article_from_draft, file_article_id, given_article_id
from tui_news.loader.discovery import discover
from tui_news.loader.formats import (
    FORMATS,
    Format,
    read_as,
)
from tui_news.loader.jsonl_parts import (
    JsonlPart,
    join_jsonl_parts,
    jsonl_split_points,
    parse_jsonl_part,
)
from tui_news.loader.reading import FileInput, as_load_error, collector_paused, read_bytes
from tui_news.loader.source import (
    LoadError,
    Skipped,
    SourceFile,
    absolute_path,
    display_path,
)
from tui_news.model import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileResult",
    "JsonlPart",
    "LoadError",
    "Skipped",
    "SourceFile",
    "absolute_path",
    "collector_paused",
    "discover",
    "display_path",
    "join_jsonl_parts",
    "jsonl_split_points",
    "parse_file",
    "parse_jsonl_part",
    "read_bytes",
]

SUPPORTED_SUFFIXES = FORMATS.suffixes


@dataclass
class FileResult:
    articles: list[Article] = field(default_factory=list)
    #: Problems inside a file that still loaded (a bad line in a JSON Lines file).
    warnings: list[str] = field(default_factory=list)


def parse_file(source: SourceFile, data: bytes | None = None) -> FileResult:
    """Parse one file into articles (from `data` when its bytes were read already).
    Raises `LoadError`; never any other exception."""
    fmt = read_as(source.suffix)
    file = FileInput(source, fmt.max_bytes, data)
    with as_load_error(source):
        if fmt.streams_lines:  # an archive of many articles: see `collector_paused`
            with collector_paused():
                return _parse(fmt, file)
        return _parse(fmt, file)


def _parse(fmt: Format, file: FileInput) -> FileResult:
    drafts = fmt.read(file)
    source = file.source
    warnings = file.warnings
    result = FileResult(warnings=warnings)
    needs_body = fmt.needs_body
    many = len(drafts) > 1
    for index, draft in enumerate(drafts):
        for problem in draft.problems:
            warnings.append(f"item {index + 1}: {problem}" if many else problem)
        if not draft.title:
            warnings.append(f"item {index + 1} has no title")
            continue
        if needs_body and not many and not draft.blocks and not draft.dek:
            raise LoadError(
                source.origin, "no article text: only a title, or only site boilerplate"
            )
        given = draft.given_id
        article_id = given_article_id(given) if given else file_article_id(source, index, many)
        result.articles.append(article_from_draft(draft, source, article_id))
    if not result.articles:
        raise LoadError(
            source.origin,
            "no usable articles" + (f" ({warnings[0]})" if warnings else ""),
        )
    return result
