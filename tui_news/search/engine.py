"""Fuzzy, ranked, typo-tolerant search over article summaries (rapidfuzz), and "related" lists.

The index is built once from the summaries: every word of the title, standfirst, mentions, tags,
category, source and lead is normalised (case-folded, accents off) into a vocabulary, and each
word keeps a compact posting list of (article, field). A query word is matched against the
vocabulary (exact, prefix for the word being typed, and rapidfuzz similarity among words of a
similar length for typos), so the cost of a search follows the vocabulary and the hits, not the
number of articles times their text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui_news.model import ArticleState, ArticleSummary
from tui_news.search.query import Query, parse_query

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
_WEIGHTS: tuple[float, ...] = (1.0, 0.95, 0.9, 0.9, 0.85, 0.8, 0.7, 0.7, 0.6)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    #: 0–100: how well the query matched (100 = every word exactly, in the title).
    score: float
    #: Which field matched best ("title", "people", "lead", …, or "filter" for filters only).
    field: str
    #: That field's text, and the (start, end) spans in it that matched, for highlighting.
    text: str
    spans: tuple[tuple[int, int], ...]
    #: A one-line extract to show under the title.
    snippet: str


def normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def field_text(summary: ArticleSummary, field_index: int) -> str:
    name = FIELDS[field_index]
    if name in ("people", "places", "organizations"):
        return ", ".join(getattr(summary.mentions, name))
    if name == "tags":
        return ", ".join(summary.tags)
    value = getattr(summary, name)
    return value or ""


class SearchIndex:
    def __init__(self, summaries: Sequence[ArticleSummary]) -> None:
        self.summaries = list(summaries)
        self._by_id = {s.id: i for i, s in enumerate(self.summaries)}
        postings: dict[str, array[int]] = defaultdict(lambda: array("I"))
        nfields = len(FIELDS)
        for doc, summary in enumerate(self.summaries):
            for field_index in range(nfields):
                text = field_text(summary, field_index)
                if not text:
                    continue
                code = doc * nfields + field_index
                for word in set(_WORD.findall(text)):
                    postings[normalise(word)].append(code)
        self._postings: dict[str, array[int]] = dict(postings)
        self._vocab: list[str] = sorted(self._postings)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._vocab:
            by_length[len(word)].append(word)
        self._by_length = dict(by_length)

    def __len__(self) -> int:
        return len(self.summaries)

    def summary(self, article_id: str) -> ArticleSummary | None:
        index = self._by_id.get(article_id)
        return None if index is None else self.summaries[index]

    # --- matching words -----------------------------------------------------------------------

    def _word_matches(self, word: str, *, is_last: bool) -> dict[str, float]:
        """Vocabulary words that match one query word, with a similarity from 0 to 1."""
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if is_last and len(word) >= 2:
            start = bisect.bisect_left(self._vocab, word)
            for candidate in self._vocab[start : start + 300]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, 0.92 if len(word) >= 3 else 0.8)
        if len(word) >= 4:
            cutoff = 80.0 if len(word) <= 5 else 75.0
            spread = 1 if len(word) <= 5 else 2
            for length in range(len(word) - spread, len(word) + spread + 1):
                choices = self._by_length.get(length)
                if not choices:
                    continue
                for candidate, similarity, _ in process.extract(
                    word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
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
        if isinstance(query, str):
            query = parse_query(query)
        states = states or {}
        default = ArticleState()
        allowed = None
        if query.has_filters:
            allowed = {
                i
                for i, s in enumerate(self.summaries)
                if query.matches(s, states.get(s.id, default))
            }
        words = [normalise(w) for w in _WORD.findall(query.text)]
        if not words:
            if allowed is None:
                return []
            ordered = sorted(allowed, key=lambda i: self.summaries[i].published or "", reverse=True)
            return [self._filter_hit(i) for i in ordered[:limit]]
        nfields = len(FIELDS)
        # best[doc][k] = (weighted similarity, field, vocabulary word) for query word k
        best: dict[int, list[tuple[float, int, str] | None]] = {}
        for k, word in enumerate(words):
            matches = self._word_matches(word, is_last=k == len(words) - 1)
            for vocab_word, similarity in matches.items():
                for code in self._postings[vocab_word]:
                    doc, field_index = divmod(code, nfields)
                    if allowed is not None and doc not in allowed:
                        continue
                    value = similarity * _WEIGHTS[field_index]
                    slots = best.get(doc)
                    if slots is None:
                        slots = best[doc] = [None] * len(words)
                    current = slots[k]
                    if current is None or value > current[0]:
                        slots[k] = (value, field_index, vocab_word)
        phrase = " ".join(words)
        scored: list[tuple[float, int]] = []
        for doc, slots in best.items():
            total = sum(s[0] for s in slots if s is not None)
            covered = sum(1 for s in slots if s is not None)
            score = 100.0 * total / len(words)
            if covered < len(words):
                score *= 0.5 * covered / len(words)
            if len(words) > 1 and phrase in normalise(self.summaries[doc].title):
                score = min(100.0, score + 10.0)
            scored.append((score, doc))
        scored.sort(key=lambda item: (-item[0], self.summaries[item[1]].title))
        return [self._hit(doc, score, best[doc]) for score, doc in scored[:limit]]

    def _filter_hit(self, doc: int) -> SearchHit:
        summary = self.summaries[doc]
        return SearchHit(summary.id, 100.0, "filter", summary.title, (), _snippet(summary))

    def _hit(self, doc: int, score: float, slots: list[tuple[float, int, str] | None]) -> SearchHit:
        summary = self.summaries[doc]
        field_counts: dict[int, float] = defaultdict(float)
        for slot in slots:
            if slot is not None:
                field_counts[slot[1]] += slot[0]
        field_index = max(field_counts, key=lambda f: (field_counts[f], -f))
        text = field_text(summary, field_index)
        matched = {slot[2] for slot in slots if slot is not None}
        spans = tuple(
            (m.start(), m.end()) for m in _WORD.finditer(text) if normalise(m.group()) in matched
        )
        # The title is always shown; when another field matched, also highlight the title words.
        return SearchHit(
            summary.id, round(score, 1), FIELDS[field_index], text, spans, _snippet(summary)
        )

    def title_spans(self, hit: SearchHit, query: Query | str) -> tuple[tuple[int, int], ...]:
        """Spans of the title that match the query's words (exact, prefix or close)."""
        if isinstance(query, str):
            query = parse_query(query)
        summary = self.summaries[self._by_id[hit.id]]
        words = [normalise(w) for w in _WORD.findall(query.text)]
        spans: list[tuple[int, int]] = []
        for m in _WORD.finditer(summary.title):
            token = normalise(m.group())
            if any(
                token == w
                or (len(w) >= 2 and token.startswith(w))
                or (len(w) >= 4 and fuzz.ratio(token, w) >= 75)
                for w in words
            ):
                spans.append((m.start(), m.end()))
        return tuple(spans)

    # --- related ------------------------------------------------------------------------------

    def related(self, article_id: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """Most similar articles by title and mentions (rapidfuzz token_set_ratio)."""
        doc = self._by_id.get(article_id)
        if doc is None:
            return []
        target = self.summaries[doc]
        nfields = len(FIELDS)
        candidates: dict[int, int] = defaultdict(int)
        keys = {normalise(w) for w in _WORD.findall(_profile(target)) if len(w) > 3}
        for key in keys:
            codes = self._postings.get(key)
            if codes is None or len(codes) > max(50, len(self.summaries) // 10):
                continue  # too common to say anything
            for code in codes:
                other = code // nfields
                if other != doc:
                    candidates[other] += 1
        shortlist = sorted(candidates, key=lambda d: -candidates[d])[:300]
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


def _snippet(summary: ArticleSummary, width: int = 160) -> str:
    text = summary.dek or summary.lead or ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def search_summaries(
    summaries: Iterable[ArticleSummary], query: str, *, limit: int = 50
) -> list[SearchHit]:
    """One-off search (the CLI): build an index and query it."""
    return SearchIndex(list(summaries)).search(query, limit=limit)
