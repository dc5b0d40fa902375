"""The search index for a store: the one way the app and the CLI get it.

An index's word postings are the slow part to build. A store's kept postings (written beside it
by an earlier build, `search/worker.py`) are used when they belong to the store's current
generation; otherwise, for a big store and when asked, a helper process builds them while this
thread reads the summaries, so the two run on two CPUs and this process never holds the GIL for
the build; else they are built here, in `SearchIndex`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_news.model import ArticleSummary
from tui_news.store import Stopped, Store

if TYPE_CHECKING:
    from tui_news.search.engine import SearchIndex
    from tui_news.search.worker import PostingsBuild

#: From this many articles on, the app builds the word postings in a helper process.
INDEX_HELPER_MIN = 5_000


def _never() -> bool:
    return False


def helper_pays(articles: int) -> bool:
    """Whether a store of `articles` articles is big enough to start a helper process for."""
    return articles >= INDEX_HELPER_MIN


def build_search_index(
    store: Store,
    summaries: Callable[[], list[ArticleSummary]],
    *,
    helper: bool = False,
    stop: Callable[[], bool] = _never,
) -> tuple[PostingsBuild | None, SearchIndex]:
    """The store's index over `summaries()` (which must be the store's current summaries).

    Also the helper whose postings the index uses, if `helper` allowed one and it delivered:
    the caller keeps its files (`save_index_beside_store`) and then closes it. `stop()` true while
    waiting for the helper raises `Stopped` (the app is quitting).
    """
    from tui_news.search.engine import SearchIndex
    from tui_news.search.worker import PostingsBuild, kept_postings

    articles = store.articles
    generation = articles.meta().get("generation")
    build = postings = None
    if isinstance(generation, int):
        postings = kept_postings(articles.bodies_dir, generation)
        if postings is None and helper:
            build = PostingsBuild.start(store.path, generation)
    try:
        read = summaries()
        if build is not None:
            postings = build.result(stop=stop)
        if stop():  # quitting: not the whole index built here instead of the helper
            raise Stopped("the search index build was stopped")
        if articles.meta().get("generation") != generation:
            postings = None  # a load committed meanwhile: built here, from the summaries
        index = SearchIndex(read, postings)
    except BaseException:
        if build is not None:
            build.close()
        raise
    if build is not None and (postings is None or index.postings is not postings):
        build.close()  # nothing of the helper's in use: nothing to keep
        build = None
    return build, index


def save_index_beside_store(store: Store, build: PostingsBuild) -> None:
    """Keep the helper's postings beside the store, for the next start (and the CLI) to map
    instead of building them. Not for a read-only store."""
    if not store.articles.readonly:
        build.copy_into(store.articles.bodies_dir)
