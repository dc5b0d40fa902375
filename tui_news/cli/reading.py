"""`tui-news parse`, `list`, `search` and `doctor`: reading files and the store, never writing.

Article text is printed as plain text (it was cleaned on load and is never given to a markup
renderer).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_news.cli.conventions import (
    EXIT_NOTHING,
    EXIT_OK,
    db_path,
    err,
    open_for_reading,
    print_json,
)
from tui_news.model import ArticleState, ArticleSummary, sort_summaries
from tui_news.store import Store

if TYPE_CHECKING:
    from tui_news.search import SearchIndex


def cmd_parse(args: argparse.Namespace) -> int:
    path: Path = args.file
    from tui_news.loader.files import LoadError, SourceFile, absolute_path, display_path, parse_file
    from tui_news.loader.text import clean_inline

    absolute = absolute_path(path)
    folder = clean_inline(absolute.parent.name, limit=60) or None
    source = SourceFile(path, display_path(absolute), str(absolute), folder)
    try:
        result = parse_file(source)
    except LoadError as error:
        err(f"tui-news: {error.path}: {error.reason}")
        return EXIT_NOTHING
    for warning in result.warnings:
        err(f"tui-news: {source.origin}: {warning}")
    articles = [a.to_dict() for a in result.articles]
    if args.json:
        print_json(articles[0] if len(articles) == 1 else articles)
        return EXIT_OK
    for article in result.articles:
        print(article.title)
        if article.dek:
            print(article.dek)
        print()
        for block in article.blocks:
            prefix = {
                "heading": "## ",
                "quote": "> ",
                "caption": "[caption] ",
                "list_item": "- ",
            }.get(block.kind, "")
            print(prefix + block.text)
            print()
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    store = open_for_reading(args)
    states = store.state.all()
    default = ArticleState()
    # The same filter rules as the app's list and `search`'s category: / is: words (imported
    # here: the search package brings numpy, which `load` should not pay for).
    from tui_news.search import Query, filter_summaries

    query = Query()
    if args.category:
        query = query.with_filter("category", args.category)
    if args.unread:
        query = query.with_filter("is", "unread")
    if args.starred:
        query = query.with_filter("is", "starred")
    rows = sort_summaries(filter_summaries(store.articles.summaries(), states, query), args.sort)
    if args.json:
        print_json([_summary_json(s, states.get(s.id, default)) for s in rows])
        return EXIT_OK
    for s in rows:
        state = states.get(s.id, default)
        mark = ("*" if state.starred else " ") + (" " if state.read else "N")
        when = (s.published or "")[:10].ljust(10)
        where = (s.category or s.source or "")[:14].ljust(14)
        print(f"{s.id}  {mark}  {when}  {where}  {s.title}")
    return EXIT_OK


def _summary_json(summary: ArticleSummary, state: ArticleState) -> dict[str, Any]:
    data = summary.to_dict()
    data.pop("lead", None)
    data.update(read=state.read, starred=state.starred)
    return data


def _search_index(store: Store) -> SearchIndex:
    """The store's search index, the app's way (`library/index.py`): with the word postings
    kept beside the store, when they belong to the store as it is now."""
    from tui_news.library.index import build_search_index

    _no_helper, index = build_search_index(store, store.articles.summaries)
    return index


def cmd_search(args: argparse.Namespace) -> int:
    from tui_news.search import parse_query

    store = open_for_reading(args)
    query = parse_query(args.query)
    for problem in query.problems:
        err(f"tui-news: ignored {problem}")
    index = _search_index(store)
    found = index.find(query, store.state.all(), limit=max(1, args.limit))
    hits = found.hits
    if found.total > len(hits):
        # On stderr: the output stays one line (or one JSON object) a hit.
        err(f"tui-news: the best {len(hits)} of {found.total:,} matches (--limit N for more)")
    if args.json:
        print_json(
            [
                {
                    "id": h.id,
                    "title": _title(index, h.id),
                    "score": h.score,
                    "field": h.field,
                    "matched": h.text,
                    "spans": [list(s) for s in h.spans],
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        )
    else:
        for h in hits:
            title = _title(index, h.id)
            print(f"{h.score:5.1f}  {h.field:<13}  {h.id}  {title}")
    return EXIT_OK if hits else EXIT_NOTHING


def _title(index: Any, article_id: str) -> str:
    summary = index.summary(article_id)
    return summary.title if summary else ""


def cmd_doctor(args: argparse.Namespace) -> int:
    from tui_news.store.doctor import examine, format_report

    db = db_path(args)
    fixed = _remove_strays(db, quiet=args.json) if args.fix else None
    report = examine(db)
    if args.json:
        print_json({**report.to_dict(), **({"fixed": fixed} if fixed is not None else {})})
    else:
        print(format_report(report))
    return EXIT_OK if report.healthy else EXIT_NOTHING


def _remove_strays(db: Path, *, quiet: bool) -> dict[str, Any]:
    """`doctor --fix`: delete the store's stray files and say which (before the report)."""
    from tui_news.loader.files import display_path
    from tui_news.store.strays import file_size, remove_strays

    removed, failed = remove_strays(db)
    for stray in failed:
        err(f"tui-news: could not delete {display_path(stray.path)}")
    if not quiet:
        for stray in removed:
            print(f"deleted {display_path(stray.path)} ({file_size(stray.size)})")
        total = file_size(sum(stray.size for stray in removed))
        print(
            f"deleted {len(removed)} stray file{'s' if len(removed) != 1 else ''} ({total})\n"
            if removed
            else "no stray files to delete\n"
        )
    return {
        "removed": [{"path": display_path(s.path), "size": s.size} for s in removed],
        "not_removed": [display_path(s.path) for s in failed],
    }
