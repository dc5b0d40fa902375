"""Build a store's word index in a helper process, handed back as memory-mapped arrays.

    python -m tui_news.search.worker DB GENERATION OUT_DIR

The helper reads the store's summaries (of that generation, or it refuses: the store was
reloaded), builds the postings (`postings.build_postings`) and writes them into OUT_DIR as `.npy`
files plus the vocabulary as JSON. The app maps the arrays read-only (`numpy.load`, mmap) and
removes the folder: the pages stay valid while mapped and are read from the page cache only for
the words a search touches. The helper is started without a shell, with no terminal: its
standard streams are /dev/null, its exit status says whether it worked.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from tui_news.search.postings import FIELDS, Postings, postings_for_store
from tui_news.store.layout import kept_index_names

_ARRAYS = ("docs", "fields", "offsets")
#: The files of a kept index, in the order they are written: the vocabulary last, so that a set
#: with its vocabulary is whole.
KEPT_PARTS = ("docs.npy", "fields.npy", "offsets.npy", "vocab.json")


class PostingsBuild:
    """One helper process building postings; `result()` waits and gives them, or None."""

    def __init__(self, process: subprocess.Popen[bytes] | None, out: Path, generation: int) -> None:
        self._process = process
        self._out = out
        #: The store generation whose summaries the helper indexes (and refuses any other).
        self.generation = generation

    @classmethod
    def start(cls, db: Path, generation: int) -> PostingsBuild:
        out = Path(tempfile.mkdtemp(prefix="tui-news-index-"))
        try:
            process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tui_news.search.worker",
                    str(db),
                    str(generation),
                    str(out),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,  # no ctrl+c from the app's terminal; it ends on its own
            )
        except OSError:
            process = None
        return cls(process, out, generation)

    def result(
        self, timeout: float = 600.0, stop: Callable[[], bool] | None = None
    ) -> Postings | None:
        """The postings; None if the helper failed, took over `timeout` s, or `stop()` said
        to give up (then it is killed at once, not waited for)."""
        process = self._process
        if process is None:
            return None
        deadline = time.monotonic() + timeout
        while True:
            try:
                code = process.wait(min(0.1, max(0.0, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if (stop is not None and stop()) or time.monotonic() >= deadline:
                    process.kill()
                    process.wait()
                    return None
        if code != 0:
            return None
        try:
            return read_postings(self._out)
        except (OSError, ValueError, KeyError, orjson.JSONDecodeError):
            return None

    def copy_into(self, folder: Path) -> bool:
        """Keep what `result` read (the helper's files) in the store's bodies folder
        (`copy_postings_into`); call before `close`, which removes them."""
        return copy_postings_into(self._out, folder, self.generation)

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._out, ignore_errors=True)


def kept_names(generation: int) -> list[str]:
    """The names of generation `generation`'s kept index, in `KEPT_PARTS` order."""
    return kept_index_names(generation, KEPT_PARTS)


def copy_postings_into(out: Path, folder: Path, generation: int) -> bool:
    """Keep the postings written into `out` (`write_postings`, from generation `generation`'s
    summaries) in `folder`, the store's bodies folder: each file copied atomically, the
    vocabulary last. Copied, not read back and written again: the app's memory never holds
    them. False when it could not be (a read-only folder, a full disk): nothing depends on it."""
    from tui_news.store.atomic import fsync_dir, write_atomic
    from tui_news.store.storage import StoreWriteError

    try:
        for part, name in zip(KEPT_PARTS, kept_names(generation), strict=True):
            write_atomic(folder / name, out / part, sync_dir=False)
    except (OSError, StoreWriteError):
        return False
    fsync_dir(folder)
    return True


def kept_postings(folder: Path, generation: int) -> Postings | None:
    """Generation `generation`'s kept index in `folder`, checked; None if there is none whole
    and sound (a damaged file is left for the next build to replace)."""
    docs_name, fields_name, offsets_name, vocab_name = kept_names(generation)
    try:
        meta = orjson.loads((folder / vocab_name).read_bytes())
        if not isinstance(meta, dict) or meta.get("generation") != generation:
            return None
        postings = _checked_postings(
            meta,
            np.load(folder / docs_name, mmap_mode="r", allow_pickle=False),
            np.load(folder / fields_name, mmap_mode="r", allow_pickle=False),
            np.load(folder / offsets_name, mmap_mode="r", allow_pickle=False),
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError, orjson.JSONDecodeError):
        return None
    vocab, docs, fields, offsets = postings.vocab, postings.docs, postings.fields, postings.offsets
    # What a search indexes with must be in range: a flipped byte must not become an IndexError
    # in the middle of a keystroke. One pass over each array (~20 ms at 100,000 articles).
    sound = (
        all(isinstance(word, str) for word in vocab)
        and all(a < b for a, b in itertools.pairwise(vocab))  # sorted, no word twice
        and (not len(offsets) or int(offsets[0]) == 0)
        and bool(np.all(np.diff(offsets) >= 0))
        and (not len(docs) or (int(docs.min()) >= 0 and int(docs.max()) < postings.articles))
        and (not len(fields) or (int(fields.min()) >= 0 and int(fields.max()) < len(FIELDS)))
    )
    return postings if sound else None


def write_postings(postings: Postings, out: Path, generation: int) -> None:
    """The files of `KEPT_PARTS` in `out`: postings built from generation `generation`."""
    for name in _ARRAYS:
        np.save(out / f"{name}.npy", getattr(postings, name), allow_pickle=False)
    meta = {"vocab": postings.vocab, "articles": postings.articles, "generation": generation}
    (out / "vocab.json").write_bytes(orjson.dumps(meta))


def read_postings(out: Path) -> Postings:
    meta = orjson.loads((out / "vocab.json").read_bytes())
    arrays = {
        name: np.load(out / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS
    }
    return _checked_postings(meta, arrays["docs"], arrays["fields"], arrays["offsets"])


def _checked_postings(meta: Any, docs: Any, fields: Any, offsets: Any) -> Postings:
    """Postings of the right shape and types (`ValueError` if not); their values unchecked."""
    if not isinstance(meta, dict):
        raise ValueError("postings without their vocabulary")
    vocab, articles = meta["vocab"], meta["articles"]
    if (
        not isinstance(vocab, list)
        or not isinstance(articles, int)
        or articles < 0
        or any(array.ndim != 1 for array in (docs, fields, offsets))
        or docs.dtype != np.int32
        or fields.dtype != np.int8
        or offsets.dtype != np.int64
        or len(offsets) != len(vocab) + 1
        or len(docs) != len(fields)
        or (len(offsets) and int(offsets[-1]) != len(docs))
    ):
        raise ValueError("postings of the wrong shape")
    return Postings(vocab, docs, fields, offsets, articles)


def main(argv: list[str]) -> int:
    db, generation, out = argv
    try:
        postings = postings_for_store(db, int(generation))
        write_postings(postings, Path(out), int(generation))
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
