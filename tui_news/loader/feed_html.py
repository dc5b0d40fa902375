"""The HTML of a feed item's content or summary as article blocks: headings, quotes, list items,
captions and paragraphs, with scripts and styles left out and every text cleaned."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser

from tui_news.loader.text import clean_inline
from tui_news.model import Block, BlockKind


class _BlockHTMLParser(HTMLParser):
    _KINDS: Mapping[str, BlockKind] = {
        "h1": "heading",
        "h2": "heading",
        "h3": "heading",
        "h4": "heading",
        "h5": "heading",
        "h6": "heading",
        "blockquote": "quote",
        "li": "list_item",
        "figcaption": "caption",
        "p": "paragraph",
        "div": "paragraph",
        "pre": "paragraph",
    }
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._kind: list[BlockKind] = ["paragraph"]
        self._buffer: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._KINDS:
            self._flush()
            kind = self._KINDS[tag]
            # A <p> inside a <blockquote> or <li> is still part of the quote or the item.
            if kind == "paragraph" and self._kind[-1] != "paragraph":
                kind = self._kind[-1]
            self._kind.append(kind)
        elif tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._KINDS:
            self._flush()
            if len(self._kind) > 1:
                self._kind.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = clean_inline("".join(self._buffer))
        self._buffer.clear()
        if text:
            self.blocks.append(Block(self._kind[-1], text))

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_blocks(html: str) -> list[Block]:
    if not html.strip():
        return []
    if "<" not in html:
        return [
            Block("paragraph", p)
            for p in (clean_inline(x) for x in re.split(r"\n\s*\n", html))
            if p
        ]
    parser = _BlockHTMLParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def html_text(html: str) -> str:
    return " ".join(block.text for block in html_to_blocks(html))
