"""The store's layout on disk: every file name, generation, shard, kind code and column.

For a store at `news.json` (schema 2):
- `news.json`, the index: TinyDB tables `meta` (document `store`: kind, schema, generation, the
  shard map, the summaries and sources files, the loaded roots) and `list` (document `columns`:
  `LIST_COLUMNS` plus each sort's row order). What the app's first paint needs and no more.
- `news.bodies/summaries-G-K.json`: every article's summary as `SUMMARY_COLUMNS`, in the
  index's order, `SUMMARY_CHUNK` rows a file (table `summaries`, document `columns`).
- `news.bodies/sources-G.json`: one record per seed file, for incremental loads (table `sources`).
- `news.bodies/XX-G.json`: article bodies in 256 shards by id hash (`shard_of`), table `bodies`,
  one record a line (`SHARD_HEAD`, `SHARD_TAIL`): {"b": [[kind code, text], ...], "s": summary}.
- `news.bodies/index-G.PART`: the search index kept for generation G (`kept_index_names`).
- `news.head.json`: the list's first rows, a cache of the index (`head.py`).
- `news.roots.json`: the folders and files the store was loaded from, kept apart from the article
  data (as the marks are) so that a rebuild of a damaged index loads them again (`roots.py`).
- `news.state.json` (+ `.bak`): the user's marks (`state.py`); `NAME.lock`: a file's write lock;
  `.NAME.RANDOM.tmp`: a writer's temp file; `NAME.corrupt-STAMP`: a damaged file set aside.

G is the generation of the commit that wrote a file: a name is never reused, so a reader holding
an older index finds its files gone rather than changed.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from tui_news.model import BlockKind

SCHEMA_VERSION = 2
STORE_KIND = "tui-news articles"
STATE_SCHEMA = 1
STATE_KIND = "tui-news state"
ROOTS_SCHEMA = 1
ROOTS_KIND = "tui-news roots"

#: The columns of the index's `list` document, and of the summaries files (same positions).
LIST_COLUMNS: tuple[str, ...] = ("id", "title", "where", "published", "minutes")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "ck", "title", "dek", "category", "byline", "published", "source", "url", "tags",
    "people", "places", "organizations", "word_count", "reading_minutes", "origin", "lead",
)  # fmt: skip
#: Rows per summaries file.
SUMMARY_CHUNK = 10_000

#: A block's kind as a body shard spells it, and back.
KIND_CODES: dict[str, str] = {
    "paragraph": "p",
    "heading": "h",
    "quote": "q",
    "caption": "c",
    "list_item": "l",
}
CODE_KINDS: dict[str, BlockKind] = {v: cast(BlockKind, k) for k, v in KIND_CODES.items()}

#: A body shard as `write_shard` writes it: one record a line, so that a line start is always a
#: record start (JSON strings hold no raw newline) and one article is read by its line.
SHARD_HEAD = b'{"bodies":{\n'
SHARD_TAIL = b"\n}}"

#: Every file named for a generation; group 1 or 2 is the generation.
GENERATION_FILE = re.compile(
    r"^(?:(?:[0-9a-f]{2}|summaries|sources)-([0-9]{1,18})(?:-[0-9]{1,9})?\.json"
    r"|index-([0-9]{1,18})\.[a-z]+\.(?:npy|json))$"
)
SHARD_FILE = re.compile(r"^[0-9a-f]{2}-[0-9]{1,18}\.json$")
#: The search index kept for one generation; group 1 is the generation.
KEPT_INDEX_FILE = re.compile(r"^index-([0-9]{1,18})\.[a-z]+\.(?:npy|json)$")
CORRUPT_ASIDE = re.compile(r"\.corrupt-\d{8}-\d{6}$")
TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class StoreFiles:
    """The files of the store whose index is `index` (`news.json`)."""

    index: Path

    @property
    def bodies(self) -> Path:
        return self.index.with_name(self.index.stem + ".bodies")

    @property
    def head(self) -> Path:
        return self.index.with_name(self.index.stem + ".head.json")

    @property
    def roots(self) -> Path:
        return self.index.with_name(self.index.stem + ".roots.json")

    @property
    def state(self) -> Path:
        return self.index.with_name(self.index.stem + ".state.json")

    @property
    def state_backup(self) -> Path:
        return backup_path(self.state)


def backup_path(path: Path) -> Path:
    """The last good copy of `path` (the state file's)."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def aside_path(path: Path, stamp: str) -> Path:
    """Where a damaged `path` is set aside (`stamp`: `%Y%m%d-%H%M%S`)."""
    return path.with_name(f"{path.name}.corrupt-{stamp}")


def is_aside_of(name: str, path: Path) -> bool:
    """Whether the file `name` (in `path`'s folder) is a damaged `path` set aside."""
    return name.startswith(f"{path.name}.corrupt-") and bool(CORRUPT_ASIDE.search(name))


def temp_prefix(path: Path) -> str:
    """The start of the names of `path`'s temp files (`.NAME.RANDOM.tmp`)."""
    return f".{path.name}."


def is_temp_of(name: str, path: Path) -> bool:
    """Whether the file `name` (in `path`'s folder) is a temp file of a writer of `path`."""
    return name.startswith(temp_prefix(path)) and name.endswith(TEMP_SUFFIX)


def temp_target(name: str) -> str | None:
    """The name of the file that the temp file `name` (`.NAME.RANDOM.tmp`) was written to
    replace, or None when `name` is not a writer's temp file."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return None
    target, dot, random = name[1 : -len(TEMP_SUFFIX)].rpartition(".")
    return target if dot and target and random else None


def is_stray_beside(name: str, files: StoreFiles) -> bool:
    """Whether `name`, in the store's folder, is a temp file a writer of one of the store's own
    files left (the index, the first page, the marks, their last good copy)."""
    own = {files.index.name, files.head.name, files.state.name, files.state_backup.name}
    return temp_target(name) in own or name == files.state_backup.name + TEMP_SUFFIX


def is_stray_body_file(name: str, referenced: set[str] | None) -> bool:
    """Whether `name`, in the bodies folder, is a store file nothing uses: a temp file of a
    generation's file, or (`referenced`: the names the index uses, None when it is unreadable)
    a generation's file the index does not name (written by a load that failed or was killed
    before its commit). A kept search index is not one (`KEPT_INDEX_FILE`)."""
    target = temp_target(name)
    if target is not None:
        return generation_of(target) is not None
    if referenced is None or KEPT_INDEX_FILE.match(name):
        return False
    return generation_of(name) is not None and name not in referenced


def shard_of(article_id: str) -> str:
    """The body shard (two hex digits) an article's body lives in."""
    from hashlib import blake2b  # (not on the start path: it loads OpenSSL)

    return blake2b(article_id.encode("utf-8"), digest_size=1).hexdigest()


def shard_name(shard: str, generation: int) -> str:
    return f"{shard}-{generation}.json"


def summaries_name(generation: int, k: int) -> str:
    return f"summaries-{generation}-{k}.json"


def sources_name(generation: int) -> str:
    return f"sources-{generation}.json"


def kept_index_names(generation: int, parts: tuple[str, ...]) -> list[str]:
    """The names of generation `generation`'s kept search index, one per part
    (`docs.npy`, …, `vocab.json`), in `parts` order."""
    return [f"index-{generation}.{part}" for part in parts]


def generation_of(name: str) -> int | None:
    """The generation a file in the bodies folder is named for, or None."""
    match = GENERATION_FILE.match(name)
    return int(match.group(1) or match.group(2)) if match else None


# A source key or root is a file system path, which may hold control characters or (on POSIX)
# bytes that are not UTF-8 (surrogate escapes): neither may be written to the store as is.
_UNSAFE_KEY = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPED_KEY = "esc:"


def store_key(key: str) -> str:
    """`key` fit to store: unchanged when it is plain text, else `esc:` and %-escaped bytes.

    Reversible (`unstore_key`) and one-to-one, so a file keeps its record across loads.
    """
    if not _UNSAFE_KEY.search(key) and not key.startswith(_ESCAPED_KEY):
        return key
    raw = key.encode("utf-8", "surrogateescape")
    return _ESCAPED_KEY + urllib.parse.quote(raw, safe="/:@+=,;~ ")


def unstore_key(stored: str) -> str:
    if not stored.startswith(_ESCAPED_KEY):
        return stored
    raw = urllib.parse.unquote_to_bytes(stored[len(_ESCAPED_KEY) :])
    return raw.decode("utf-8", "surrogateescape")
