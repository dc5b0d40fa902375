"""Nothing from an article reaches the terminal as a control sequence: the app's real output bytes.

The app runs under a pseudo-terminal (80×24, xterm-256color) twice with the same keys: once on
the hostile corpus, once on a clean twin of it (the same titles and texts, minus the injected
sequences). Every escape sequence written is parsed and sorted by kind; the hostile run may only
use the kinds Textual used in the clean run, and must not hold any of the injected payloads.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui_news.store import ArticleStore

from .conftest import HostileStore, TerminalApp

#: Searches that open the worst articles (then every article is opened in turn with `n`).
QUERIES = ("clipboard story",)
#: The exact sequences make_corpus injects (a terminal would act on any of them).
INJECTED = (
    "\x1b]0;pwned window title\x07",
    "\x1b]2;other title\x1b\\",
    "\x1b]52;c;cm0gLXJmIH4K\x07",
    "\x1b]52;p;ZWNobyBob3N0aWxl\x1b\\",
    "\x1b]8;;https://evil.invalid/",
    "\x1b]8;id=1;https://evil.invalid/x\x07",
    "\x1bP1$r0m",
    "\x1b_apc payload",
    "\x1b^pm message",
    "\x1bXsos string",
    "\x1b]0;this title never ends",
    "\x1b[31;1mScreen",
    "\x1b[5;10Hmoves",
    "\x1b[10A",
    "\x1bcReset",
    "\x1bc",
    "\x1b7Saved",
    "\x1b(0Chars",
    "\x9b2J",
    "\x9d0;title",
)
#: Payload words: never in the output at all, escape sequence or text.
PAYLOADS = (
    "pwned",
    "other title",
    "cm0gLXJmIH4K",
    "ZWNobyBob3N0aWxl",
    "evil.invalid",
    "1$r0m",
    "apc payload",
    "pm message",
    "sos string",
    "never ends",
    "owned",
)


@dataclass
class Sequences:
    kinds: set[str] = field(default_factory=set)
    osc: set[str] = field(default_factory=set)
    text: str = ""
    raw: list[str] = field(default_factory=list)


CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CSI_PARAM = re.compile(r"[\x30-\x3f]*")
_CSI_INTER = re.compile(r"[\x20-\x2f]*")


def scan(output: bytes) -> Sequences:
    """Every escape sequence in `output`, by kind, and the text left when they are taken out."""
    data = output.decode("utf-8", "surrogateescape")
    found = Sequences()
    text: list[str] = []
    i = 0
    n = len(data)
    while i < n:
        char = data[i]
        if char != "\x1b":
            text.append(char)
            i += 1
            continue
        start = i
        i += 1
        if i >= n:
            found.kinds.add("ESC at the end")
            break
        intro = data[i]
        if intro == "[":
            i += 1
            params = _CSI_PARAM.match(data, i)
            assert params is not None
            i = params.end()
            inter = _CSI_INTER.match(data, i)
            assert inter is not None
            i = inter.end()
            final = data[i] if i < n else ""
            i += 1
            p = params.group()
            private = p[:1] if p[:1] in "<=>?" else ""
            # Private modes are told apart by number (?1049h is not ?25l); other CSIs by name.
            detail = p if private == "?" else private
            found.kinds.add(f"CSI {detail}{inter.group()}{final}")
        elif intro in "]P_^X":
            i += 1
            end = i
            while end < n and data[end] != "\x07" and data[end : end + 2] != "\x1b\\":
                end += 1
            body = data[i:end]
            i = end + (1 if end < n and data[end] == "\x07" else 2)
            if intro == "]":
                number = body.split(";", 1)[0]
                found.kinds.add(f"OSC {number}")
                found.osc.add(body)
            else:
                found.kinds.add({"P": "DCS", "_": "APC", "^": "PM", "X": "SOS"}[intro])
        else:
            inter = _CSI_INTER.match(data, i)
            assert inter is not None
            i = inter.end()
            final = data[i] if i < n else ""
            i += 1
            found.kinds.add(f"ESC {inter.group()}{final}")
        found.raw.append(data[start:i])
    found.text = "".join(text)
    return found


def write_clean_twin(db: Path, path: Path) -> None:
    """The hostile store's articles as JSON Lines: the same titles, texts and categories.

    They are what the loader made of the hostile files; that no control character is left in
    them is checked here (and, file by file, by tests/hostile), so the twin is clean text.
    """
    store = ArticleStore(db)
    rows = []
    for summary in store.summaries():
        article = store.get(summary.id)
        assert article is not None
        strings = [article.title, *(b.text for b in article.blocks)]
        assert not any(CONTROL.search(s) for s in strings), article.title
        rows.append(
            {
                "id": article.id,
                "title": article.title,
                "category": article.category,
                "blocks": [{"kind": b.kind, "text": b.text} for b in article.blocks],
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def drive(app: TerminalApp, count: int) -> int:
    """The same keys for both runs: the search screen, then every article in turn, then quit."""
    app.wait_for(b"total")
    app.wait_quiet()
    app.send("G")  # the cursor to the last row: every title has been drawn
    app.send("g")
    for query in QUERIES:
        mark = app.mark()
        app.send("/")
        app.wait_for(b"Type to search", since=mark)
        mark = app.mark()
        app.type(query)
        app.wait_for(b"result", since=mark)
        mark = app.mark()
        app.send("\r")
        app.wait_for(b"article 1 of", since=mark)
        app.send(" ")
        mark = app.mark()
        app.escape()  # back to the search
        app.wait_for(b"result", since=mark)
        mark = app.mark()
        app.escape()  # back to the list
        app.wait_for(b"total", since=mark)
    # Every article, one after the other (n walks the list's order), each drawn before the next.
    mark = app.mark()
    app.send("\r", quiet=0.01)
    app.wait_for(b"article 1 of", since=mark)
    for number in range(2, count + 1):
        mark = app.mark()
        app.send("n", quiet=0.01)
        app.wait_for(f"article {number} of".encode(), since=mark)
    app.wait_quiet()
    mark = app.mark()
    app.escape()
    app.wait_for(b"total", since=mark)
    app.send("q")
    return app.wait_exit(timeout=10)


def test_no_sequence_from_article_text_reaches_the_terminal(
    hostile_store: HostileStore,
    tmp_path: Path,
    terminal: Callable[..., TerminalApp],
) -> None:
    clean_db = tmp_path / "clean" / "news.json"
    write_clean_twin(hostile_store.db, tmp_path / "clean-input" / "articles.jsonl")
    report = ArticleStore(clean_db).load([tmp_path / "clean-input"])
    assert not report.skipped and not report.duplicates
    hostile_titles = {s.title for s in ArticleStore(hostile_store.db).summaries()}
    clean_titles = {s.title for s in ArticleStore(clean_db).summaries()}
    assert hostile_titles == clean_titles  # the twin really is the same articles

    started = time.monotonic()
    clean_app = terminal(clean_db)
    hostile_app = terminal(hostile_store.db)
    with ThreadPoolExecutor(max_workers=2) as pool:
        count = len(hostile_titles)
        clean_run = pool.submit(drive, clean_app, count)
        hostile_run = pool.submit(drive, hostile_app, count)
        assert clean_run.result(timeout=90) == 0
        assert hostile_run.result(timeout=90) == 0
    assert time.monotonic() - started < 90

    clean = scan(clean_app.output)
    hostile = scan(hostile_app.output)

    # The runs did what they claim: the hostile articles were drawn, list and reader.
    for words in ("Clipboard Story", "Hyperlink Story", "Paste this.", "Private and strings."):
        assert words in hostile.text, f"{words!r} was never drawn: the test did not reach it"

    # What Textual writes itself (seen in the clean run): no title, no clipboard, no link.
    assert not {"OSC 0", "OSC 1", "OSC 2", "OSC 8", "OSC 52"} & clean.kinds, clean.kinds

    # The hostile run uses only the kinds of sequence Textual used on clean text...
    assert hostile.kinds <= clean.kinds, sorted(hostile.kinds - clean.kinds)
    assert hostile.osc <= clean.osc, sorted(hostile.osc - clean.osc)
    # ...and, named one by one: no window title, clipboard, hyperlink, string sequences or reset.
    for kind in ("OSC 0", "OSC 1", "OSC 2", "OSC 8", "OSC 52", "DCS", "APC", "PM", "SOS", "ESC c"):
        assert kind not in hostile.kinds, kind

    # No 8-bit C1 control, raw (outside UTF-8) or as a UTF-8 encoded code point.
    decoded = hostile_app.output.decode("utf-8", "surrogateescape")
    assert not re.search("[\udc80-\udc9f]", decoded), "a raw C1 byte was written"
    assert not re.search("[\x80-\x9f]", decoded), "a C1 control character was written"

    # None of the injected sequences or their payloads, anywhere.
    for sequence in INJECTED:
        assert sequence not in decoded, f"injected {sequence!r} reached the terminal"
    for payload in PAYLOADS:
        assert payload not in decoded, f"payload {payload!r} reached the terminal"
    for name, expect in hostile_store.cases.items():
        if name.startswith("esc/"):
            for absent in expect["absent"]:
                assert absent not in hostile.text, f"{name}: {absent!r} was drawn"


@pytest.mark.parametrize(
    ("output", "kinds"),
    [
        (b"a\x1b[31;1mb\x1b[?1049hc", {"CSI m", "CSI ?1049h"}),
        (b"\x1b]0;title\x07x\x1b]52;c;aGk=\x1b\\", {"OSC 0", "OSC 52"}),
        (b"\x1bP1$r0m\x1b\\\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\", {"DCS", "APC", "PM", "SOS"}),
        (b"\x1bc\x1b7\x1b(0", {"ESC c", "ESC 7", "ESC (0"}),
        (b"\x1b[>1u\x1b[<u\x1b[?2026$p", {"CSI >u", "CSI <u", "CSI ?2026$p"}),
    ],
)
def test_scanner_sorts_sequences_by_kind(output: bytes, kinds: set[str]) -> None:
    """The scanner the test above trusts: each kind is recognised and taken out of the text."""
    found = scan(output)
    assert found.kinds == kinds
    assert "\x1b" not in found.text
    assert not re.search(r"title|aGk|r0m|apc|pm|sos", found.text)
