"""Parsing news pages that were scraped and saved as plain text.

Such a page is a run of blank-line-separated chunks: maybe a section label, a headline, maybe a
standfirst and a byline/dateline, then paragraphs, sub-headings, photo captions (a caption
sentence followed by a short label), quotes, lists, and the site's junk (share rows, ads,
newsletter prompts, "Related Articles", copyright footers). Lines within one chunk can be
different things, so every rule looks at lines and uses the chunk only as context.

`parse_scraped_text` is pure: text in, a `ParsedPage` out. The loader turns that into an Article.
What a single line is lives in `page_lines`, the byline, dateline and tags in `page_meta`; this
module reads a page's structure: header, then body blocks, with repeats dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_news.loader.page_lines import (
    BULLET,
    CAPTION_PREFIX,
    CAPTION_PREFIX_STARTS,
    MD_HEADING,
    QUOTE_OPEN,
    TAIL_MARKER,
    TAIL_MARKER_STARTS,
    could_be_bullet,
    ends_sentence,
    has_caption_credit,
    is_junk,
    is_quote_line,
    line_head,
)
from tui_news.loader.page_meta import ParsedPage, take_metadata
from tui_news.loader.repeats import SeenParagraphs, paragraph_norm
from tui_news.model import Block, BlockKind

__all__ = ["ParsedPage", "parse_scraped_text"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_MINOR_WORDS = frozenset(
    "a an and as at but by for from if in into nor of on or over per than the to up "
    "upon via vs with".split()
)


@dataclass(slots=True)
class _Line:
    text: str
    chunk: int
    index_in_chunk: int
    chunk_size: int
    #: `line_head(text)`, worked out once: three of the line's checks look at it.
    head: str | None


def parse_scraped_text(text: str, *, title_on_first_line: bool = False) -> ParsedPage:
    """Parse one cleaned page (see `tui_news.loader.text.clean_text`).

    With `title_on_first_line`, the first line is the headline whatever it looks like (the layout
    of archives such as the BBC corpus); otherwise a short first line followed by another
    headline-like line is read as the section label.
    """
    page = ParsedPage()
    lines, meta_at = _content_lines(text, page)
    if not lines:
        return page
    lines = _read_header(lines, page, title_on_first_line=title_on_first_line, meta_at=meta_at)
    page.blocks = _read_body(lines)
    return page


def _content_lines(text: str, page: ParsedPage) -> tuple[list[_Line], int | None]:
    """Split into lines with their chunk, pulling out metadata and dropping junk and the tail.

    Also returns where the first byline/dateline stood: the number of content lines before it.
    A chunk is a run of lines that are not blank (each line is looked at once, in one pass).
    """
    out: list[_Line] = []
    meta_at: int | None = None
    in_tail = False
    chunk_no = 0
    in_chunk = False
    kept: list[tuple[str, str | None]] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if in_chunk:
                out += _chunk_lines(kept, chunk_no)
                chunk_no += 1
                in_chunk = False
                kept = []
            continue
        in_chunk = True
        if in_tail:
            # Lists of other headlines; a long paragraph means the article went on after all.
            if len(line) > 200 and ends_sentence(line):
                in_tail = False
            else:
                continue
        head = line_head(line)
        if out and TAIL_MARKER_STARTS.could_start(head) and TAIL_MARKER.match(line):
            in_tail = True
            continue
        if take_metadata(line, page):
            if meta_at is None:
                meta_at = len(out) + len(kept)
            continue
        if is_junk(line, head):
            continue
        kept.append((line, head))
    if in_chunk:
        out += _chunk_lines(kept, chunk_no)
    return out, meta_at


def _chunk_lines(kept: list[tuple[str, str | None]], chunk_no: int) -> list[_Line]:
    size = len(kept)
    return [_Line(line, chunk_no, i, size, head) for i, (line, head) in enumerate(kept)]


def _read_header(
    lines: list[_Line], page: ParsedPage, *, title_on_first_line: bool, meta_at: int | None
) -> list[_Line]:
    pos = 0
    if (
        not title_on_first_line
        and len(lines) >= 2
        and _is_section_label(lines[0].text, lines[1].text)
    ):
        page.category = lines[0].text.rstrip(":|»›> ")
        pos = 1
    page.title = lines[pos].text.lstrip("# ").strip()
    pos += 1
    # A line of its own between the headline and the byline/dateline is the standfirst.
    between_title_and_byline = meta_at == pos + 1
    if pos < len(lines) and _is_standfirst(lines, pos, before_byline=between_title_and_byline):
        page.dek = lines[pos].text
        pos += 1
    return lines[pos:]


# Lower-case words that still belong in a section label ("World news", "Life and style").
_LABEL_WORDS = frozenset(
    "news politics business sport sports opinion style culture world science tech "
    "technology health travel money analysis comment features weather football "
    "entertainment arts books media education environment society life lifestyle food "
    "economy markets and & the of".split()
)


def _is_label_words(words: list[str]) -> bool:
    """Section labels are a word or two in Title Case or capitals, not a phrase of prose."""
    return all(
        w[:1].isupper() or not w[:1].isalpha() or w.casefold() in _LABEL_WORDS for w in words[1:]
    ) and (words[0][:1].isupper() or words[0].casefold() in _LABEL_WORDS)


def _is_section_label(first: str, second: str) -> bool:
    words = first.split()
    return (
        1 <= len(words) <= 3
        and _is_label_words(words)
        and len(first) <= 30
        and not ends_sentence(first)
        and not first.startswith(tuple(QUOTE_OPEN))
        and len(second.split()) >= max(3, len(words) + 2)
        # The next line must read as a headline, not as a paragraph (a three-word headline
        # followed by body text is a title, not a section label).
        and not second.rstrip('"”’)').endswith(".")
        and len(second) <= 200
    )


def _is_standfirst(lines: list[_Line], pos: int, *, before_byline: bool = False) -> bool:
    line = lines[pos]
    rest = lines[pos + 1 :]
    if line.chunk_size != 1 or not rest or len(line.text) > 400 or BULLET.match(line.text):
        return False
    if is_quote_line(line.text):
        return False
    body_paragraphs = [ln for ln in rest if len(ln.text) > 60]
    if not body_paragraphs:
        # A brief: a headline and one paragraph; that paragraph is body.
        return False
    if before_byline or _is_title_case(line.text):
        return True
    return bool(not ends_sentence(line.text) and len(line.text.split()) >= 6)


def _is_title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in _MINOR_WORDS]
    if len(words) < 4:
        return False
    lower = sum(1 for w in words if not w[0].isupper())
    # Title Case capitalises (nearly) every word; a sentence that is full of names does not.
    return lower <= max(1, len(words) // 8)


def _is_heading_text(text: str) -> bool:
    if len(text) > 110:  # before splitting what is mostly a long paragraph
        return False
    words = text.split()
    if not 1 <= len(words) <= 14:
        return False
    if text.endswith((".", ",", ";", ":")) and not text.endswith("..."):
        return False
    return not (text[0] in QUOTE_OPEN or text[0].islower())


def _is_label(text: str) -> bool:
    """A photo-caption label: a few words, no sentence punctuation."""
    words = text.split()
    return (
        1 <= len(words) <= 7
        and len(text) <= 60
        and not ends_sentence(text)
        and not text.endswith(",")
    )


def _read_body(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    seen_paragraphs = SeenParagraphs()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        text = line.text
        next_line = lines[i + 1] if i + 1 < n else None
        kind: BlockKind
        first = text[:1]
        if first == "#" and MD_HEADING.match(text):
            blocks.append(Block("heading", MD_HEADING.sub("", text).strip()))
            i += 1
            continue
        if could_be_bullet(first) and BULLET.match(text):
            blocks.append(Block("list_item", BULLET.sub("", text).strip()))
            i += 1
            continue
        if is_quote_line(text):
            blocks.append(Block("quote", text[2:].strip() if text.startswith("> ") else text))
            i += 1
            continue
        if (CAPTION_PREFIX_STARTS.could_start(line.head) and CAPTION_PREFIX.match(text)) or (
            len(text) < 200 and line.chunk_size <= 2 and has_caption_credit(text)
        ):
            blocks.append(Block("caption", text))
            i += 1
            continue
        # A caption sentence followed, in the same chunk, by a short label ending the chunk.
        if (
            next_line is not None
            and next_line.chunk == line.chunk
            and next_line.index_in_chunk == next_line.chunk_size - 1
            and line.index_in_chunk == next_line.index_in_chunk - 1
            and ends_sentence(text)
            and _is_label(next_line.text)
            and len(text) <= 400
        ):
            blocks.append(Block("caption", text))
            blocks.append(Block("caption", next_line.text))
            i += 2
            continue
        if (
            line.chunk_size == 1
            and next_line is not None
            and _is_heading_text(text)
            and not ends_sentence(text.rstrip("?!"))
            and (text.endswith(("?", "!")) is False or len(text.split()) <= 10)
        ):
            blocks.append(Block("heading", text))
            i += 1
            continue
        kind = "paragraph"
        # A line repeated from an earlier paragraph (a pull quote, a caption) is not body twice.
        if _is_repeat(text, seen_paragraphs):
            if len(text) <= 400:
                blocks.append(Block("caption", text))
            i += 1
            continue
        # Hard-wrapped text: continuation lines of one paragraph within a chunk, joined once
        # (joining line by line would copy the paragraph so far for each line). Whether a line
        # continues looks at the end of the line before and the length so far.
        parts = [text]
        length = len(text)
        while (
            i + 1 < n
            and lines[i + 1].chunk == line.chunk
            and _continues(parts[-1], length, lines[i + 1].text)
        ):
            i += 1
            parts.append(lines[i].text)
            length += 1 + len(lines[i].text)
        if len(parts) > 1:
            text = " ".join(parts)
        seen_paragraphs.append(paragraph_norm(text))
        blocks.append(Block(kind, text))
        i += 1
    return _merge_duplicates(blocks)


def _continues(last_line: str, length: int, current: str) -> bool:
    """Whether `current` goes on the paragraph so far (`length` characters, ending with
    `last_line`: a sentence's end never spans the space between two lines)."""
    if (could_be_bullet(current[:1]) and BULLET.match(current)) or is_quote_line(current):
        return False
    if ends_sentence(last_line):
        return False
    return current[:1].islower() or length >= 50


def _is_repeat(text: str, seen: SeenParagraphs) -> bool:
    norm = paragraph_norm(text)
    if len(norm) < 40:
        return False
    return seen.holds(norm)


def _merge_duplicates(blocks: list[Block]) -> list[Block]:
    """Drop exact repeats of a block of the same kind (scrapes often double a paragraph)."""
    seen: set[tuple[str, str]] = set()
    out: list[Block] = []
    for block in blocks:
        # Only a paragraph or a quote is ever dropped, and only for one of its own kind.
        if block.kind in ("paragraph", "quote"):
            key = (block.kind, paragraph_norm(block.text))
            if len(key[1]) >= 40 and key in seen:
                continue
            seen.add(key)
        out.append(block)
    return out
