"""Fuzzy, ranked, typo-tolerant search over article summaries (rapidfuzz), and "related" lists.

The index holds the word index (`postings.py`) and the filter words' columns (`columns.py`). A
query word is matched against the vocabulary (exact, prefix for the word being typed, and
rapidfuzz similarity among words of a similar length for typos), so the cost of a search follows
the vocabulary and the hits, not the number of articles times their text. Scoring and filtering
are array operations over the postings' rows and the columns, never a Python loop per posting.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from tui_news.model import ArticleState, ArticleSummary
from tui_news.search.filters import FILTERS
from tui_news.search.hits import Found, SearchHit, filter_hit, word_hit
from tui_news.search.postings import (
    FIELDS,
    WEIGHTS,
    Postings,
    build_postings,
    postings_for_store,
)
from tui_news.search.query import Query, parse_query
from tui_news.search.words import WORD, normalise, word_spans

# Names other modules and tests import from here.
__all__ = [
    "FIELDS",
    "Found",
    "Postings",
    "SearchHit",
    "SearchIndex",
    "build_postings",
    "normalise",
    "postings_for_store",
]

_WEIGHT_ARRAY = np.array(WEIGHTS, dtype=np.float32)
#: Words in more than this share of articles are skipped when looking for related articles.
_RELATED_COMMON = 0.1


#: Per query word, for each article: the best match's value, its field and its vocabulary word.
_Slot = tuple[npt.NDArray[np.float32], npt.NDArray[np.int8], npt.NDArray[np.int32]]


class SearchIndex:
    def __init__(
        self, summaries: Sequence[ArticleSummary], postings: Postings | None = None
    ) -> None:
        """The index over `summaries`; `postings`, when given, must have been built from the
        same summaries in the same order (e.g. by `postings_for_store` in another process)."""
        self.summaries = list(summaries)
        self._by_id = {s.id: i for i, s in enumerate(self.summaries)}
        if postings is None or postings.articles != len(self.summaries):
            postings = build_postings(self.summaries)
        #: The word index in use (the one given, or the one built here).
        self.postings = postings
        self._vocab: list[str] = postings.vocab
        self._docs: npt.NDArray[np.int32] = postings.docs
        self._fields: npt.NDArray[np.int8] = postings.fields
        self._offsets: npt.NDArray[np.int64] = postings.offsets
        self._word_id = {word: i for i, word in enumerate(self._vocab)}
        # Typo candidates: words of about the same length that share the first or the second
        # letter (a typo rarely changes both), so rapidfuzz compares a few hundred words, not all.
        buckets: dict[tuple[int, int, str], list[str]] = defaultdict(list)
        for word in self._vocab:
            buckets[(len(word), 0, word[0])].append(word)
            if len(word) > 1:
                buckets[(len(word), 1, word[1])].append(word)
        self._buckets = dict(buckets)
        self._match_cache: dict[tuple[str, bool], dict[str, float]] = {}
        self._by_date: npt.NDArray[np.intp] | None = None
        self._build_filter_columns()

    def _row(self, word: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
        i = self._word_id[word]
        start, end = self._offsets[i], self._offsets[i + 1]
        return self._docs[start:end], self._fields[start:end]

    def _build_filter_columns(self) -> None:
        """One column per filter word (words with one `column_key` share it)."""
        columns: dict[str, Any] = {}
        for entry in FILTERS:
            if entry.column_key not in columns:
                columns[entry.column_key] = entry.column(self.summaries, self._by_id)
        self._columns = columns

    def __len__(self) -> int:
        return len(self.summaries)

    def position(self, article_id: str) -> int:
        """The article's row in this index (for `filter_mask`)."""
        return self._by_id[article_id]

    def summary(self, article_id: str) -> ArticleSummary | None:
        index = self._by_id.get(article_id)
        return None if index is None else self.summaries[index]

    # --- filters ------------------------------------------------------------------------------

    def filter_mask(
        self, query: Query, states: Mapping[str, ArticleState]
    ) -> npt.NDArray[np.bool_] | None:
        """Which articles the query's filters let through (each word's rule, as `Query.matches`
        applies it to one article)."""
        if not query.has_filters:
            return None
        mask = np.ones(len(self.summaries), dtype=bool)
        for entry, values in query.groups:
            mask &= entry.mask(self._columns[entry.column_key], values, states)
        return mask

    # --- matching words -----------------------------------------------------------------------

    def _word_matches(self, word: str, *, is_last: bool) -> dict[str, float]:
        """Vocabulary words that match one query word, with a similarity from 0 to 1."""
        cached = self._match_cache.get((word, is_last))
        if cached is None:
            if len(self._match_cache) > 5000:
                self._match_cache.clear()
            cached = self._match_cache[(word, is_last)] = self._find_word_matches(
                word, is_last=is_last
            )
        return cached

    def _find_word_matches(self, word: str, *, is_last: bool) -> dict[str, float]:
        found: dict[str, float] = {}
        if word in self._word_id:
            found[word] = 1.0
        if is_last and len(word) >= 2:
            # The word being typed: complete it, but a two-letter start matches too much to use all.
            start = bisect.bisect_left(self._vocab, word)
            for candidate in self._vocab[start : start + (60 if len(word) == 2 else 300)]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, 0.92 if len(word) >= 3 else 0.8)
        if len(word) >= 4:
            cutoff = 80.0 if len(word) <= 5 else 75.0
            spread = 1 if len(word) <= 5 else 2
            choices: set[str] = set()
            for length in range(len(word) - spread, len(word) + spread + 1):
                choices.update(self._buckets.get((length, 0, word[0]), ()))
                choices.update(self._buckets.get((length, 1, word[1]), ()))
            if choices:
                for candidate, similarity, _ in process.extract(
                    word, sorted(choices), scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
                ):
                    score = 0.85 * similarity / 100.0
                    if score > found.get(candidate, 0.0):
                        found[candidate] = score
        return found

    # --- searching ----------------------------------------------------------------------------

    def search(
        self,
        query: Query | str,
        states: Mapping[str, ArticleState] | None = None,
        *,
        limit: int = 50,
    ) -> list[SearchHit]:
        """The best `limit` matches, best first (`find` also says how many matched)."""
        return self.find(query, states, limit=limit).hits

    def find(
        self,
        query: Query | str,
        states: Mapping[str, ArticleState] | None = None,
        *,
        limit: int = 50,
    ) -> Found:
        """The best `limit` matches, best first, and how many articles match in all."""
        ranked, total, slots = self._ranked(query, states, limit)
        if slots is None:
            return Found([self._filter_hit(doc) for _, doc in ranked], total)
        return Found([self._hit(doc, value, slots) for value, doc in ranked], total)

    def best_ids(
        self,
        query: Query | str,
        states: Mapping[str, ArticleState] | None = None,
        *,
        limit: int = 50,
    ) -> list[str]:
        """The ids of `find`'s hits, without what a hit shows (its field, spans and snippet)."""
        return [self.summaries[doc].id for _, doc in self._ranked(query, states, limit)[0]]

    def _ranked(
        self, query: Query | str, states: Mapping[str, ArticleState] | None, limit: int
    ) -> tuple[list[tuple[float, int]], int, list[_Slot] | None]:
        """The best `limit` (score, index row), best first; how many articles match in all;
        the per-word slots a hit is made from (None for a query of filters only)."""
        allowed, words = self._parsed(query, states)
        if not words:
            if allowed is None:
                return [], 0, None
            by_date = self._newest_first()
            chosen = by_date[allowed[by_date]]
            return [(100.0, doc) for doc in chosen[:limit].tolist()], len(chosen), None
        score, every, slots = self._scores(words, allowed)
        candidates = np.nonzero(score > 0)[0]
        keep = 4 * limit
        if len(candidates) > keep:
            # Keep the best ones, with every tie of the last place (ties: newest first).
            cut = len(candidates) - keep
            threshold = np.partition(score[candidates], cut)[cut]
            candidates = candidates[score[candidates] >= threshold]
        phrase = " ".join(words)
        ranked: list[tuple[float, str, str, int]] = []
        for doc in candidates.tolist():
            value = float(score[doc])
            summary = self.summaries[doc]
            if len(words) > 1 and phrase in normalise(summary.title):
                value = min(100.0, value + 10.0)
            ranked.append((value, summary.published or "", summary.title, doc))
        # Best score first; equal scores (common for a typo that is equally close to many
        # words) newest first, as a news reader lists them, then by title. Stable sorts, so
        # each one keeps the order of the one before within its ties.
        ranked.sort(key=lambda row: row[2])
        ranked.sort(key=lambda row: row[1], reverse=True)
        ranked.sort(key=lambda row: row[0], reverse=True)
        best = [(value, doc) for value, _, _, doc in ranked[:limit]]
        return best, int(np.count_nonzero(every)), slots

    def matches(
        self, query: Query | str, states: Mapping[str, ArticleState] | None = None
    ) -> npt.NDArray[np.bool_] | None:
        """The articles that match every word of the query (each fuzzily) and its filters, by
        index row: what `find` counts. None for a query with neither words nor filters."""
        allowed, words = self._parsed(query, states)
        if not words:
            return allowed
        return self._scores(words, allowed)[1]

    def _parsed(
        self, query: Query | str, states: Mapping[str, ArticleState] | None
    ) -> tuple[npt.NDArray[np.bool_] | None, list[str]]:
        """What the query's filters let through (None: everything) and its normalised words."""
        if isinstance(query, str):
            query = parse_query(query)
        return self.filter_mask(query, states or {}), [
            normalise(w) for w in WORD.findall(query.text)
        ]

    def _scores(
        self, words: list[str], allowed: npt.NDArray[np.bool_] | None
    ) -> tuple[npt.NDArray[np.floating[Any]], npt.NDArray[np.bool_], list[_Slot]]:
        """Each article's score for the (normalised) query words (0 where the filters keep it
        out), which articles match every word, and per word the best (value, field, vocabulary
        word) in each article.

        An article that matches only some of the words scores less than half what it would
        with all of them, so for a short query it ranks after every article that matches all."""
        n = len(self.summaries)
        total = np.zeros(n, dtype=np.float32)
        covered = np.zeros(n, dtype=np.int16)
        slots: list[_Slot] = []
        for k, word in enumerate(words):
            best = np.zeros(n, dtype=np.float32)
            best_field = np.zeros(n, dtype=np.int8)
            best_word = np.full(n, -1, dtype=np.int32)
            for vocab_word, similarity in self._word_matches(
                word, is_last=k == len(words) - 1
            ).items():
                docs, fields = self._row(vocab_word)
                values = similarity * _WEIGHT_ARRAY[fields]
                better = values > best[docs]
                docs = docs[better]
                best[docs] = values[better]
                best_field[docs] = fields[better]
                best_word[docs] = self._word_id[vocab_word]
            slots.append((best, best_field, best_word))
            total += best
            covered += best > 0
        score = 100.0 * total / len(words)
        partial = covered < len(words)
        score = np.where(partial, score * 0.5 * covered / len(words), score)
        every = ~partial
        if allowed is not None:
            score = np.where(allowed, score, 0.0)
            every &= allowed
        return score, every, slots

    def _newest_first(self) -> npt.NDArray[np.intp]:
        """Every article, newest first; equal dates keep the index's order (a stable sort).

        Sorted once, on the first filter-only query, and kept: sorting the matches by a Python
        key on every such query is too slow for a keystroke in a large store.
        """
        if self._by_date is None:
            published = np.array([s.published or "" for s in self.summaries], dtype=np.str_)
            _, rank = np.unique(published, return_inverse=True)
            self._by_date = np.argsort(-rank.reshape(-1).astype(np.int64), kind="stable")
        return self._by_date

    def _filter_hit(self, doc: int) -> SearchHit:
        return filter_hit(self.summaries[doc])

    def _hit(self, doc: int, score: float, slots: list[_Slot]) -> SearchHit:
        summary = self.summaries[doc]
        field_weight: dict[int, float] = defaultdict(float)
        matched: set[str] = set()
        for best, best_field, best_word in slots:
            if best[doc] > 0:
                field_weight[int(best_field[doc])] += float(best[doc])
                matched.add(self._vocab[int(best_word[doc])])
        return word_hit(summary, score, field_weight, frozenset(matched))

    def title_spans(self, hit: SearchHit, query: Query | str) -> tuple[tuple[int, int], ...]:
        """Spans of the title holding a word the ranking matched to one of the query's words
        (by the same rules: exact, the word being typed as a prefix, or close), so a title
        highlights what made it a hit."""
        if isinstance(query, str):
            query = parse_query(query)
        summary = self.summaries[self._by_id[hit.id]]
        words = [normalise(w) for w in WORD.findall(query.text)]
        matched = frozenset(
            vocab_word
            for k, word in enumerate(words)
            for vocab_word in self._word_matches(word, is_last=k == len(words) - 1)
        )
        return word_spans(summary.title, matched)

    # --- related ------------------------------------------------------------------------------

    def related(self, article_id: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """Most similar articles by title and mentions (rapidfuzz token_set_ratio)."""
        doc = self._by_id.get(article_id)
        if doc is None:
            return []
        target = self.summaries[doc]
        counts = np.zeros(len(self.summaries), dtype=np.int32)
        keys = {normalise(w) for w in WORD.findall(_profile(target)) if len(w) > 3}
        for key in keys:
            if key not in self._word_id:
                continue
            docs, _ = self._row(key)
            if len(docs) > max(50, len(self.summaries) * _RELATED_COMMON):
                continue  # too common to say anything
            counts[docs] += 1
        counts[doc] = 0
        # Most shared words first, ties in index order (a stable sort), as arrays: a large
        # store gives tens of thousands of candidates.
        candidates = np.nonzero(counts)[0]
        order = np.argsort(-counts[candidates], kind="stable")
        shortlist = candidates[order][:300].tolist()
        profile = _profile(target)
        results = process.extract(
            profile,
            {d: _profile(self.summaries[d]) for d in shortlist},
            scorer=fuzz.token_set_ratio,
            limit=limit,
            score_cutoff=30,
        )
        return [(self.summaries[d].id, float(score)) for _, score, d in results]


def _profile(summary: ArticleSummary) -> str:
    mentions = summary.mentions
    return " ".join(
        [summary.title, *mentions.people, *mentions.places, *mentions.organizations, *summary.tags]
    )
