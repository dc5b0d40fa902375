"""The article store: the article data read (`reader.ArticleReader`) and loaded into, under
its write lock (`load`, `forget`, `rebuild`: `building.py`).

Article data is rebuildable from the folders it was loaded from; nothing here touches user
state (`state.py`). The files are laid out as `layout.py` says. A load writes every new file
under a fresh generation name first and then replaces the index, which names them: that rename
is the commit point, so a kill at any moment leaves the old store or the new one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from tui_news.store.atomic import sweep_temp_files, write_lock
from tui_news.store.load_report import LoadReport, ProgressCallback
from tui_news.store.reader import ArticleReader, Stopped
from tui_news.store.storage import StoreChanged, StoreError, StoreWriteError

#: (An alias kept for callers of the old private name; new code uses `layout.shard_of`.)


class ArticleStore(ArticleReader):
    """The article data of the store at `path`: read it (`ArticleReader`), load into it."""

    def load(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Load seed files into the store: new and changed files parsed, unchanged ones skipped.

        `workers`: processes that parse files (default: one per CPU; 1 parses here)."""
        from tui_news.store.building import Loader  # (the parsers: only when a load runs)

        with self._writing(wait):
            loader = Loader(self, paths, bundled_root, progress, remember_roots, workers=workers)
            return loader.run()

    def forget(
        self, roots: Sequence[Path], *, bundled_root: Path | None = None, wait: float = 10.0
    ) -> tuple[LoadReport, list[Path]]:
        """Stop loading `roots` (folders or files this store was loaded from, there or not):
        the articles of their files leave the store (unless another loaded folder holds the
        file), and no reload brings them back; user state is untouched. (The report, the
        roots that were not loaded ones.) `bundled_root`: the bundled seeds' folder, whose
        files are keyed apart (`tui-news forget` of that folder drops them)."""
        from tui_news.store.building import Loader

        with self._writing(wait):
            loader = Loader(self, [], bundled_root, None, remember_roots=False, workers=1)
            unknown = loader.forget(roots)
            return loader.report, unknown

    @contextlib.contextmanager
    def _writing(self, wait: float) -> Iterator[None]:
        """Under the write lock, with the file as it is on disk now (another process may have
        loaded meanwhile), of this version, and no temp file a killed writer left."""
        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self.refresh()
            sweep_temp_files(self.path)
            yield

    def rebuild(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Throw the article data away and load again (user state is elsewhere and untouched).

        The new store is committed in one step, like any load: a kill part-way leaves the old
        store. Works on a store of another schema version or a damaged one (it replaces it).
        """
        from tui_news.store.building import Loader, new_meta

        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self.reread()
            sweep_temp_files(self.path)
            try:
                data = self.index.read() or {}
                previous = data.get("meta", {}).get("store")
            except StoreError:
                previous = None
            previous = previous if isinstance(previous, dict) else {}
            roots = previous.get("roots")
            fresh = (
                new_meta(r for r in roots if isinstance(r, str))
                if isinstance(roots, list)
                else new_meta()
            )
            with contextlib.suppress(TypeError, ValueError):
                fresh["generation"] = int(previous.get("generation", 0))
            # What the file holds (maybe another version, maybe damaged) is not read again.
            self.hold({}, verified=True)
            loader = Loader(
                self, paths, bundled_root, progress, remember_roots, fresh=fresh, workers=workers
            )
            try:
                return loader.run()
            except BaseException:
                self.reread()
                raise

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise StoreWriteError(
                self.path, f"{self.path} is open read-only here: nothing can be loaded into it"
            )


__all__ = ["ArticleStore", "LoadReport", "Stopped", "StoreChanged"]
