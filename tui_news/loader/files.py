"""From paths on disk to Articles: finding files, telling their format, and parsing each one.

`discover` walks the paths it is given (files and folder trees) and yields what it found, or why
it passed something over. `parse_file` reads one file and returns its articles; it raises
`LoadError` with a one-line reason for a file that cannot be used, and never anything else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_news.loader.mentions import extract_mentions
from tui_news.loader.structured import (
    Draft,
    FormatError,
    draft_from_scraped,
    read_feed,
    read_json,
    read_json_lines,
    read_markdown,
)
from tui_news.loader.text import NotText, clean_inline, clean_text, decode_bytes, decode_text
from tui_news.model import Article, Mentions, make_article_id

#: A scraped page or Markdown file larger than this is not an article (JSON Lines may be larger).
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_JSONL_BYTES = 4 * 1024 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt", ".text", ".news"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
)
_NOT_ARTICLES = re.compile(
    r"^(?:readme|license|licence|copying|changelog|authors|notice)(?:\..*)?$", re.IGNORECASE
)


class LoadError(Exception):
    """A file that could not be loaded, with the reason in words a user can act on."""

    def __init__(self, path: str, reason: str, *, transient: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        #: The file could not be read this time (permissions, I/O): worth trying again later,
        #: unlike a file whose content is unusable.
        self.transient = transient


@dataclass(frozen=True, slots=True)
class SourceFile:
    #: Where to read it. The walk gives a string: a `Path` a file was ~40 % of a reload's walk.
    path: str | Path
    #: The path as shown to the user (and stored as `origin`): cleaned of control characters.
    origin: str
    #: What article ids are derived from: stable for the same source across runs and installs.
    key: str
    #: The folder's name, for articles that do not name a category themselves.
    folder_category: str | None
    #: The stat() the walk already made (a reload of 10,000 files should not make 20,000).
    info: os.stat_result | None = field(default=None, compare=False)

    @property
    def suffix(self) -> str:
        """The file name's extension, lowercased ("" for none): `Path.suffix`, without a `Path`."""
        name = os.path.basename(os.fspath(self.path))
        dot = name.rfind(".")
        return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


@dataclass(frozen=True, slots=True)
class Skipped:
    origin: str
    reason: str


@dataclass
class FileResult:
    articles: list[Article] = field(default_factory=list)
    #: Problems inside a file that still loaded (a bad line in a JSON Lines file).
    warnings: list[str] = field(default_factory=list)


def display_path(path: Path | str) -> str:
    """A path fit to print: control characters and escapes made visible, never sent raw."""
    text = os.fsdecode(path) if isinstance(path, Path) else path
    if text.isprintable():  # no control character, no lone surrogate: nothing to show otherwise
        return text
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def discover(
    paths: Iterable[Path], *, bundled_root: Path | None = None
) -> Iterator[SourceFile | Skipped]:
    """Every supported file under `paths`, in a stable order; `Skipped` for what cannot be used."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            yield Skipped(display_path(path), _os_reason(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, seen, bundled_root)
        elif stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            yield _source(path, path.parent, bundled_root, info)
        else:
            yield Skipped(display_path(path), "not a regular file")


def _walk(
    root: Path, seen: set[tuple[int, int]], bundled_root: Path | None
) -> Iterator[SourceFile | Skipped]:
    errors: list[OSError] = []
    bundled = os.path.abspath(bundled_root) if bundled_root is not None else None
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # Per folder, not per file: its absolute path and its name as a category.
        absolute_folder = os.path.abspath(folder)
        category = clean_inline(os.path.basename(absolute_folder), limit=60) or None
        in_bundled = bundled is not None and (
            absolute_folder == bundled or absolute_folder.startswith(bundled + os.sep)
        )
        # The walk's own path (not the absolute one: ".." after a symlink differs).
        folder_prefix = os.path.join(folder, "")
        absolute_prefix = os.path.join(absolute_folder, "")
        for name in sorted(files):
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in SUPPORTED_SUFFIXES:
                continue
            path = folder_prefix + name
            if _NOT_ARTICLES.match(name):
                yield Skipped(display_path(path), "not an article (a README or licence file)")
                continue
            try:
                info = os.stat(path)
            except OSError as error:
                yield Skipped(display_path(path), _os_reason(error))
                continue
            if not stat.S_ISREG(info.st_mode):
                yield Skipped(display_path(path), "not a regular file")
                continue
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            if in_bundled:
                yield _source(Path(path), Path(folder), bundled_root, info)
            else:
                absolute = absolute_prefix + name
                yield SourceFile(path, display_path(absolute), absolute, category, info)
    for walk_error in errors:
        yield Skipped(display_path(walk_error.filename or root), _os_reason(walk_error))


def _source(
    path: Path, folder: Path, bundled_root: Path | None, info: os.stat_result | None = None
) -> SourceFile:
    absolute = absolute_path(path)
    key = os.fsdecode(absolute)
    if bundled_root is not None:
        with contextlib.suppress(ValueError):
            key = "bundled:" + absolute.relative_to(absolute_path(bundled_root)).as_posix()
    category = clean_inline(os.fsdecode(absolute_path(folder).name), limit=60) or None
    return SourceFile(path, display_path(absolute), key, category, info)


def absolute_path(path: Path | str) -> Path:
    """Absolute and normalised ('a/../b' is 'b'): one path, one key, however it was typed."""
    return Path(os.path.abspath(path))


def _os_reason(error: OSError) -> str:
    return clean_inline(error.strerror or str(error), limit=200).lower() or "cannot be read"


def read_bytes(source: SourceFile, limit: int) -> bytes:
    """The file's bytes; `LoadError` when it cannot be read or holds more than `limit`."""
    try:
        with open(source.path, "rb", buffering=0) as handle:
            data = _read_up_to(handle, limit + 1)
    except OSError as error:
        raise LoadError(source.origin, _os_reason(error), transient=True) from None
    if len(data) > limit:
        raise LoadError(
            source.origin, f"too large for this kind of file (over {limit // (1024 * 1024)} MB)"
        )
    return data


def _read_up_to(handle: io.FileIO, most: int) -> bytes:
    """At most `most` bytes, in a buffer the size the file says it is (`read(most)` would
    allocate and free `most` bytes each time: 16 MB, for a 5 KB file, costs more than reading
    it), then on to the end or `most` for a file that grew or does not know its size."""
    want = min(os.fstat(handle.fileno()).st_size + 1, most)
    data = handle.read(want)
    if len(data) < want:  # the end of the file: the usual case
        return data
    parts = [data]
    total = len(data)
    while total < most:
        more = handle.read(min(most - total, 1 << 20))
        if not more:
            break
        parts.append(more)
        total += len(more)
    return b"".join(parts)


def parse_file(source: SourceFile, data: bytes | None = None) -> FileResult:
    """Parse one file into articles. Raises `LoadError`; never any other exception."""
    with _as_load_error(source):
        if source.suffix in JSONL_SUFFIXES:
            with collector_paused():
                return _parse(source, data)
        return _parse(source, data)


@contextlib.contextmanager
def _as_load_error(source: SourceFile) -> Iterator[None]:
    """Any failure inside becomes a `LoadError` naming the file: a parser bug or a hostile
    file must not stop the rest of a load."""
    try:
        yield
    except LoadError:
        raise
    except (NotText, FormatError) as error:
        raise LoadError(source.origin, str(error)) from None
    except RecursionError:
        raise LoadError(source.origin, "nested too deeply to read") from None
    except MemoryError:
        raise LoadError(source.origin, "too large to read into memory") from None
    except Exception as error:
        raise LoadError(
            source.origin,
            f"could not be parsed ({type(error).__name__}: {clean_inline(str(error), limit=160)})",
        ) from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (if it ran), for reading one big archive.

    Nests: an inner pause leaves the collector off when an outer one paused it.

    A JSON Lines file of 100,000 articles makes a million objects, none of them in a cycle, and
    every full collection on the way walks all those made before: a third of the parse time.
    When it ends, what was made meanwhile goes to the oldest generation at once (freeze, then
    unfreeze): the first young collection would otherwise walk all of it (~0.1 s a 10,000-file
    load); a cycle among it is collected with the oldest generation.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _parse(source: SourceFile, data: bytes | None) -> FileResult:
    suffix = source.suffix
    result = FileResult()
    if suffix in JSONL_SUFFIXES:
        drafts: list[Draft] = []
        for item in read_json_lines(_iter_lines(source)):
            if isinstance(item, FormatError):
                result.warnings.append(str(item))
            else:
                drafts.append(item)
        if not drafts:
            raise LoadError(
                source.origin,
                "no article objects in this JSON Lines file"
                + (f" ({result.warnings[0]})" if result.warnings else ""),
            )
    elif suffix in FEED_SUFFIXES:
        data = data if data is not None else read_bytes(source, MAX_JSON_BYTES)
        drafts = read_feed(data)
    else:
        limit = MAX_JSON_BYTES if suffix in JSON_SUFFIXES else MAX_TEXT_BYTES
        data = data if data is not None else read_bytes(source, limit)
        text = decode_text(data)
        if not text.strip():
            raise LoadError(source.origin, "empty: no text in this file")
        if suffix in JSON_SUFFIXES:
            drafts = read_json(text)
        elif suffix in MARKDOWN_SUFFIXES:
            drafts = [read_markdown(text)]
        else:
            drafts = [draft_from_scraped(text)]
    many = len(drafts) > 1
    for index, draft in enumerate(drafts):
        if not draft.title:
            result.warnings.append(f"item {index + 1} has no title")
            continue
        if (
            not draft.blocks
            and not draft.dek
            and not many
            and suffix not in FEED_SUFFIXES
            and suffix not in JSON_SUFFIXES | JSONL_SUFFIXES
        ):
            raise LoadError(
                source.origin, "no article text: only a title, or only site boilerplate"
            )
        key = draft.given_id or (f"{source.key}#{index}" if many else source.key)
        result.articles.append(
            _article(
                draft,
                source,
                make_article_id(key)
                if not draft.given_id or draft.given_id.startswith("feed:")
                else draft.given_id,
            )
        )
    if not result.articles:
        raise LoadError(
            source.origin,
            "no usable articles" + (f" ({result.warnings[0]})" if result.warnings else ""),
        )
    return result


def _iter_lines(source: SourceFile, start: int = 0, end: int | None = None) -> Iterator[str]:
    """The file's lines, decoded and cleaned; from byte `start` (a line start) to `end`."""
    try:
        size = os.stat(source.path).st_size
        if size > MAX_JSONL_BYTES:
            raise LoadError(source.origin, "too large (over 4 GB)")
        with open(source.path, "rb") as handle:
            handle.seek(start)
            for raw in handle:
                if end is not None:
                    if start >= end:
                        break
                    start += len(raw)
                line = raw.rstrip(b"\r\n")
                try:
                    text = line.decode("utf-8")  # the usual case; the sniffing below is per file
                except UnicodeDecodeError:
                    try:
                        text = decode_bytes(line)
                    except NotText:
                        text = "\x00"  # reported as invalid JSON by the reader
                yield clean_text(text)
    except OSError as error:
        raise LoadError(source.origin, _os_reason(error), transient=True) from None


def _article(draft: Draft, source: SourceFile, article_id: str) -> Article:
    if draft.people or draft.places or draft.organizations:
        mentions = Mentions(tuple(draft.people), tuple(draft.places), tuple(draft.organizations))
    else:
        mentions = extract_mentions([b.text for b in draft.blocks])
    return Article(
        id=article_id,
        title=draft.title,
        blocks=tuple(draft.blocks),
        dek=draft.dek,
        category=draft.category or source.folder_category,
        byline=draft.byline,
        published=draft.published,
        source=draft.source,
        url=draft.url,
        tags=tuple(draft.tags),
        mentions=mentions,
        origin=source.origin,
    )


@dataclass
class JsonlPart:
    """A run of a JSON Lines file's lines parsed on its own (`parse_jsonl_part`), to be put
    together with the other parts in order (`join_jsonl_parts`): line numbers and the ids of
    items without one depend on what came before, so they are settled there."""

    #: In order: ("warning", line in this part, message), ("untitled",) or
    #: ("article", whether its id must be numbered, article).
    items: list[tuple[Any, ...]] = field(default_factory=list)
    lines: int = 0


def jsonl_split_points(source: SourceFile, parts: int) -> list[int]:
    """Byte offsets that cut the file into about `parts` runs of whole lines."""
    size = os.stat(source.path).st_size
    points = [0]
    with open(source.path, "rb") as handle:
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
    lines = _iter_lines(source, start, end)

    def counted() -> Iterator[str]:
        for line in lines:
            part.lines += 1
            yield line

    with _as_load_error(source), collector_paused():
        _read_part(source, counted(), part)
    return part


def _read_part(source: SourceFile, lines: Iterator[str], part: JsonlPart) -> None:
    for item in read_json_lines(lines):
        if isinstance(item, FormatError):
            part.items.append(("warning", part.lines, str(item).split(": ", 1)[-1]))
        elif not item.title:
            part.items.append(("untitled",))
        else:
            given = item.given_id
            article_id = (
                "" if not given else make_article_id(given) if given.startswith("feed:") else given
            )
            part.items.append(("article", not given, _article(item, source, article_id)))


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
            if item[0] == "warning":
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
        if item[0] == "untitled":
            warnings.append(f"item {index + 1} has no title")
            continue
        _kind, numbered, article = item
        if numbered:
            key = f"{source.key}#{index}" if many else source.key
            article = renumber(article, make_article_id(key))
        articles.append(article)
    if not articles:
        raise LoadError(
            source.origin,
            "no usable articles" + (f" ({warnings[0]})" if warnings else ""),
        )
    return articles, warnings
