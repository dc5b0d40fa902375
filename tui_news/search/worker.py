"""Build a store's word index in a helper process, handed back as memory-mapped arrays.

    python -m tui_news.search.worker DB GENERATION OUT_DIR

The helper reads the store's summaries (of that generation, or it refuses: the store was
reloaded), builds the postings (`engine.build_postings`) and writes them into OUT_DIR as `.npy`
files plus the vocabulary as JSON. The app maps the arrays read-only (`numpy.load`, mmap) and
removes the folder: the pages stay valid while mapped and are read from the page cache only for
the words a search touches. The helper is started without a shell, with no terminal: its
standard streams are /dev/null, its exit status says whether it worked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import orjson

from tui_news.search.engine import Postings, postings_for_store

_ARRAYS = ("docs", "fields", "offsets")


class PostingsBuild:
    """One helper process building postings; `result()` waits and gives them, or None."""

    def __init__(self, process: subprocess.Popen[bytes] | None, out: Path) -> None:
        self._process = process
        self._out = out

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
        return cls(process, out)

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

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._out, ignore_errors=True)


def write_postings(postings: Postings, out: Path) -> None:
    for name in _ARRAYS:
        np.save(out / f"{name}.npy", getattr(postings, name), allow_pickle=False)
    meta = {"vocab": postings.vocab, "articles": postings.articles}
    (out / "vocab.json").write_bytes(orjson.dumps(meta))


def read_postings(out: Path) -> Postings:
    meta = orjson.loads((out / "vocab.json").read_bytes())
    arrays = {
        name: np.load(out / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS
    }
    vocab, articles = meta["vocab"], meta["articles"]
    docs, fields, offsets = arrays["docs"], arrays["fields"], arrays["offsets"]
    if (
        not isinstance(vocab, list)
        or not isinstance(articles, int)
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
        write_postings(postings, Path(out))
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
