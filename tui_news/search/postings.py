"""The word index (postings): for each normalised word of the summaries' searchable fields,
the articles that hold it and the best-weighted field it is in.

Kept in one compressed-row layout of plain numpy arrays, so it can be built in a helper process
(`postings_for_store`, run by `worker.py`) and handed over, and so scoring is array operations.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui_news.model import ArticleSummary
from tui_news.search.words import WORD, normalise

#: Fields in the order of their weight: a match in the title counts most.
FIELDS: tuple[str, ...] = (
    "title",
    "people",
    "places",
    "organizations",
    "tags",
    "dek",
    "category",
    "source",
    "lead",
)
#: How much a match in each field counts.
WEIGHTS: tuple[float, ...] = (1.0, 0.95, 0.9, 0.9, 0.85, 0.8, 0.7, 0.7, 0.6)


def field_text(summary: ArticleSummary, field_index: int) -> str:
    name = FIELDS[field_index]
    if name in ("people", "places", "organizations"):
        return ", ".join(getattr(summary.mentions, name))
    if name == "tags":
        return ", ".join(summary.tags)
    value = getattr(summary, name)
    return value or ""


@dataclass(frozen=True)
class Postings:
    """The word index: for word `vocab[i]`, the articles `docs[offsets[i]:offsets[i+1]]` (by
    position in the summaries) and the best-weighted field each holds it in. Plain arrays, so
    it can be built in another process and handed over (`postings_for_store`)."""

    vocab: list[str]
    docs: npt.NDArray[np.int32]
    fields: npt.NDArray[np.int8]
    offsets: npt.NDArray[np.int64]
    articles: int


def build_postings(summaries: Sequence[ArticleSummary]) -> Postings:
    nfields = len(FIELDS)
    codes_by_word: dict[str, array[int]] = defaultdict(lambda: array("I"))
    for doc, summary in enumerate(summaries):
        for field_index in range(nfields):
            text = field_text(summary, field_index)
            if not text:
                continue
            code = doc * nfields + field_index
            if text.isascii():
                words = set(WORD.findall(text.lower()))
            else:
                words = {normalise(w) for w in WORD.findall(text)}
            for word in words:
                codes_by_word[word].append(code)
    vocab = sorted(codes_by_word)
    # Memory bounds this (about a hundred codes per article): no int64 array as long as the
    # codes is made, and the per-word arrays are dropped as soon as they are copied.
    lengths = np.fromiter((len(codes_by_word[w]) for w in vocab), dtype=np.int64, count=len(vocab))
    codes = (
        np.concatenate([np.frombuffer(codes_by_word[w], dtype=np.uint32) for w in vocab])
        if vocab
        else np.zeros(0, np.uint32)
    )
    codes_by_word.clear()
    docs = (codes // nfields).astype(np.int32)
    fields = (codes % nfields).astype(np.int8)
    del codes
    # Codes of one word ascend, so an article's first code holds its lowest (best) field:
    # keep a code when it starts a word's run or names another article than the one before.
    starts = np.cumsum(lengths) - lengths
    first = np.ones(len(docs), dtype=bool)
    if len(docs) > 1:
        np.not_equal(docs[1:], docs[:-1], out=first[1:])
    first[starts[lengths > 0]] = True
    counts = np.add.reduceat(first.astype(np.int32), starts) if len(docs) else np.zeros(0, np.int64)
    counts[lengths == 0] = 0
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return Postings(vocab, docs[first], fields[first], offsets, len(summaries))


def postings_for_store(db: str, generation: int) -> Postings:
    """Build the word index from a store's summaries, in a helper process (`worker.py`).

    `generation` is the store's when the caller read its summaries: if a load has committed
    since, this raises `StoreChanged` rather than index other articles."""
    from pathlib import Path

    from tui_news.store.articles import ArticleStore, StoreChanged

    store = ArticleStore(Path(db), readonly=True)
    if store.meta().get("generation") != generation:
        raise StoreChanged(store.path, f"{store.path} was reloaded meanwhile")
    return build_postings(store.summaries())
