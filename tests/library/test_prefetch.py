"""Reading ahead (the body shard of the article the user is on is parsed before it is opened),
and the summaries read kept out of the cyclic collector's sight."""

from __future__ import annotations

import gc
from pathlib import Path

from tests.library.conftest import wait_for
from tui_news.library import Library
from tui_news.store import open_store
from tui_news.store.layout import shard_of


def test_prefetch_reads_the_shard_and_the_open_uses_it(library_db: Path) -> None:
    library = Library(open_store(library_db))
    store = library.store.articles
    target = library.rows[3].id
    shard = store.meta()["shards"][shard_of(target)]
    assert shard not in store._shard_cache
    library.prefetch(target)
    assert wait_for(lambda: shard in store._shard_cache)
    article = library.article(target)
    assert article is not None and article.id == target and article.blocks
    # Only the latest wish counts: many quick moves end with the last row's shard read.
    for row in list(library.rows)[:10]:
        library.prefetch(row.id)
    last = store.meta()["shards"][shard_of(library.rows[9].id)]
    assert wait_for(lambda: last in store._shard_cache)


def test_summaries_read_are_taken_out_of_the_collectors_sight(library_db: Path) -> None:
    """At 100,000 articles the summaries are ~a million objects: every full collection that
    walked them held the UI for 100-360 ms. Read, they are frozen (`gc.freeze`) at once."""
    library = Library(open_store(library_db))
    try:
        summaries = library.summaries
        assert summaries and all(gc.is_tracked(s) for s in summaries)
        walked = {id(o) for o in gc.get_objects()}  # what a collection walks (not frozen)
        assert not [s.id for s in summaries if id(s) in walked]
        # The id -> summary map (made on the first open) too: a walk goes through every entry.
        by_id = library.by_id
        assert len(by_id) == len(summaries) and gc.is_tracked(by_id)
        assert id(by_id) not in {id(o) for o in gc.get_objects()}
    finally:
        gc.unfreeze()  # (this test process's objects back where they were)
