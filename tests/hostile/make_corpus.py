"""Generate the hostile-input corpus: every way a seed folder can be wrong, written fresh each run.

`write_hostile_corpus(folder)` writes the files and returns what a load must make of each one:

    {case name: {"path": Path, "status": "loaded" | "skipped" | "duplicate" | "partial",
                 "titles": [exact stored titles], "body": [texts the body must hold],
                 "absent": [texts no stored string of it may hold],
                 "reason": regex the stderr reason must match}}

Nothing here is a committed binary: PNGs, gzip streams, random bytes and odd names are all made
here. Run it as a script (`python make_corpus.py FOLDER`) to get the folder for a manual look.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
import sys
import unicodedata
from pathlib import Path
from typing import Any

BODY = (
    "The council met on Tuesday to discuss the budget for next year, and members agreed on "
    "most points after a long debate.\n\n"
    "A second session followed in the afternoon, when the finance committee explained what the "
    "plan would mean for schools and roads.\n\n"
    "A final vote is expected next month, after a public consultation."
)

Expect = dict[str, Any]


def article(title: str, *paragraphs: str) -> str:
    """A page the scraped-text parser reads as `title` followed by a body."""
    return "\n\n".join([title, *paragraphs, BODY]) + "\n"


def write_hostile_corpus(folder: Path, *, big_file: bool = True) -> dict[str, Expect]:
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Expect] = {}

    def put(name: str, data: bytes | str, **expect: Any) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect.setdefault("titles", [])
        expect.setdefault("body", [])
        expect.setdefault("absent", [])
        cases[name] = {"path": path, **expect}
        return path

    def loaded(name: str, data: bytes | str, title: str, *body: str, **more: Any) -> None:
        put(name, data, status="loaded", titles=[title], body=list(body), **more)

    def skipped(name: str, data: bytes | str, reason: str) -> None:
        put(name, data, status="skipped", reason=reason)

    # --- a plain article, as a baseline ------------------------------------------------------
    loaded("good/plain.txt", article("Plain Baseline Story"), "Plain Baseline Story", "council met")

    # --- encodings ---------------------------------------------------------------------------
    skipped("enc/empty.txt", b"", "empty")
    skipped("enc/whitespace.txt", b" \t\r\n\n \xc2\xa0\n\t  \n", "empty")
    skipped("enc/bom-only.txt", codecs.BOM_UTF8, "empty")
    skipped("enc/utf16-bom-only.txt", codecs.BOM_UTF16_LE, "empty")
    text = article("Grüße aus Köln – UTF-16", "Straße, Œuvre, naïve café.")
    loaded(
        "enc/utf16-le.txt",
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "Grüße aus Köln – UTF-16",
        "Straße, Œuvre, naïve café.",
    )
    text = article("Grüße aus Köln – UTF-16 BE", "Ärger über Öl und Übermut.")
    loaded(
        "enc/utf16-be.txt",
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "Grüße aus Köln – UTF-16 BE",
        "Ärger über Öl und Übermut.",
    )
    loaded(
        "enc/cp1252.txt",
        article("Caf\u00e9 \u201cQuoted\u201d \u2013 Windows", "Price \u20ac5 \u2026 done.").encode(
            "cp1252"
        ),
        "Café “Quoted” – Windows",
        "Price €5 … done.",
    )
    loaded(
        "enc/latin1.txt",
        article("Ærø og Øresund på Latin-1", "Smørrebrød, straße, señor, façade.").encode(
            "latin-1"
        ),
        "Ærø og Øresund på Latin-1",
        "Smørrebrød, straße, señor, façade.",
    )
    mixed = (
        b"Mixed Encodings In One File\n\n"
        + "UTF-8 line: café déjà vu.".encode()
        + b"\n\ncp1252 line: caf\xe9 \x93quoted\x94 na\xefve.\n\n"
        + BODY.encode()
    )
    loaded(
        "enc/mixed.txt",
        mixed,
        "Mixed Encodings In One File",
        "UTF-8 line: café déjà vu.",
        "cp1252 line: café “quoted” naïve.",
    )
    loaded(
        "enc/cut-multibyte.txt",
        (article("Cut Off At The End") + "Ends with a euro €").encode()[:-2],
        "Cut Off At The End",
        "council met",
    )
    loaded(
        "enc/nul-bytes.txt",
        b"NUL\x00 Bytes Title\n\nA paragraph with a NUL\x00 byte inside it.\n\n" + BODY.encode(),
        "NUL Bytes Title",
        "A paragraph with a NUL byte inside it.",
    )

    # --- not text ----------------------------------------------------------------------------
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    skipped("bin/image.txt", png, "PNG")
    skipped("bin/archive.txt", gzip.compress(article("Inside A Gzip").encode()), "gzip")
    rng = random.Random(1234)
    skipped("bin/random.txt", bytes(rng.randrange(256) for _ in range(8192)), "binary data")
    skipped("bin/random.md", bytes(rng.randrange(256) for _ in range(4096)), "binary data")
    skipped("bin/random.json", bytes(rng.randrange(256) for _ in range(4096)), "binary data")

    # --- shape -------------------------------------------------------------------------------
    if big_file:
        path = folder / "shape/fifty-mb.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"A Fifty Megabyte Page\n\n")
            chunk = (BODY.replace("\n\n", " ") + "\n\n").encode() * 2000
            while handle.tell() < 50 * 1024 * 1024:
                handle.write(chunk)
        cases["shape/fifty-mb.txt"] = {
            "path": path,
            "status": "skipped",
            "reason": "too large .*over 16 MB",
            "titles": [],
            "body": [],
            "absent": [],
        }
    long_line = ("word " * 210_000).strip() + "."
    loaded(
        "shape/one-mb-line.txt",
        "A One Megabyte Line\n\n" + long_line + "\n",
        "A One Megabyte Line",
        "word word word",
    )
    loaded(
        "shape/crlf.txt",
        article("Windows Line Ends Story", "Second line here.").replace("\n", "\r\n"),
        "Windows Line Ends Story",
        "Second line here.",
    )
    loaded(
        "shape/lone-cr.txt",
        article("Old Mac Line Ends Story", "Classic line here.").replace("\n", "\r"),
        "Old Mac Line Ends Story",
        "Classic line here.",
    )
    loaded(
        "shape/mixed-endings.txt",
        "Mixed Line Ends Story\r\n\r\nOne ending.\n\nAnother ending.\r\rA third.\r\n\n"
        + BODY.replace("\n\n", "\r\n\r\n"),
        "Mixed Line Ends Story",
        "council met",
    )
    skipped(
        "shape/only-boilerplate.txt",
        "Share\n\nAdvertisement\n\nSubscribe now\n\nRead more: another story\n\nCopyright 2024 News Corp\n",
        "no usable articles|no article text",
    )
    skipped("shape/only-title.txt", "Just A Title And Nothing Else\n", "only a title")
    put(
        "shape/long-title.txt",
        ("Headline " * 1111)[:10_000] + "\n\n" + BODY + "\n",
        status="loaded",
        titles=[],
        body=["council met"],
        max_title=400,
    )

    # --- terminal escapes in titles and bodies -----------------------------------------------
    esc = "\x1b"
    loaded(
        "esc/csi.txt",
        f"{esc}[2J{esc}[HClear {esc}[31;1mScreen{esc}[0m Title{esc}[10A\n\n"
        f"Cursor {esc}[5;10Hmoves {esc}[?25lhidden {esc}[K here.\n\n{BODY}",
        "Clear Screen Title",
        "Cursor moves hidden here.",
        absent=["[2J", "[31", "[?25l", "[5;10H"],
    )
    loaded(
        "esc/osc-title.txt",
        f"Window {esc}]0;pwned window title\x07Title Story\n\n"
        f"Body {esc}]2;other title{esc}\\text.\n\n{BODY}",
        "Window Title Story",
        "Body text.",
        absent=["pwned", "other title", "]0;", "]2;"],
    )
    loaded(
        "esc/osc52.txt",
        f"Clipboard {esc}]52;c;cm0gLXJmIH4K\x07Story\n\n"
        f"Paste {esc}]52;p;ZWNobyBob3N0aWxl{esc}\\this.\n\n{BODY}",
        "Clipboard Story",
        "Paste this.",
        absent=["52;", "cm0gLXJmIH4K", "ZWNobyBob3N0aWxl"],
    )
    loaded(
        "esc/osc8.txt",
        f"{esc}]8;;https://evil.invalid/{esc}\\Hyperlink Story{esc}]8;;{esc}\\\n\n"
        f"A {esc}]8;id=1;https://evil.invalid/x\x07link{esc}]8;;\x07 in the body.\n\n{BODY}",
        "Hyperlink Story",
        "A link in the body.",
        absent=["evil.invalid", "8;;"],
    )
    loaded(
        "esc/dcs-apc.txt",
        f"Device {esc}P1$r0m{esc}\\Control {esc}_apc payload{esc}\\Story\n\n"
        f"Private {esc}^pm message{esc}\\and {esc}Xsos string{esc}\\strings.\n\n{BODY}",
        "Device Control Story",
        "Private and strings.",
        absent=["1$r0m", "apc payload", "pm message", "sos string"],
    )
    loaded(
        "esc/unterminated-osc.txt",
        f"Unterminated OSC Story\n\n{BODY}\n\nTrailing {esc}]0;this title never ends and eats the rest",
        "Unterminated OSC Story",
        "council met",
        absent=["never ends", "]0;"],
    )
    loaded(
        "esc/c1-eight-bit.txt",
        b"Eight Bit \x9b2J C1 Story\n\nRaw C1 \x9b31m bytes and \x9d0;title\x9c here.\n\n"
        + BODY.encode("cp1252")
        + b"\n\nA cp1252 \x9bquote\x8b and c\x9cur stay.",
        "Eight Bit C1 Story",
        "Raw C1 bytes and here.",
        "A cp1252 ›quote‹ and cœur stay.",
        absent=["2J", "31m", "0;title"],
    )
    loaded(
        "esc/c1-unicode.txt",
        "Unicode \u009b2JC1 Story\n\nEncoded \u009b31mC1 \u009d0;title\u009c controls.\n\n" + BODY,
        "Unicode C1 Story",
        "Encoded C1 controls.",
        absent=["2J", "31m", "0;title"],
    )
    loaded(
        "esc/reset.txt",
        f"{esc}cReset {esc}7Saved {esc}8Story {esc}(0Chars{esc}(B\n\nA full {esc}creset.\n\n{BODY}",
        "Reset Saved Story Chars",
        "A full reset.",
    )
    loaded(
        "esc/c0-and-del.txt",
        "Bell\x07 Back\x08space\x7f Story\n\nForm\x0cfeed and vertical\x0btab\x01\x02\x03.\n\n"
        + BODY,
        "Bell Backspace Story",
        "council met",
    )

    # --- Unicode -----------------------------------------------------------------------------
    loaded(
        "uni/bidi.txt",
        "Bidi \u202eevil\u202c Override \u2066isolate\u2069 Story\n\n"
        "Text \u202dforced\u202c and \u200fmarks\u200e here.\n\n" + BODY,
        "Bidi evil Override isolate Story",
        "Text forced and marks here.",
    )
    loaded(
        "uni/zero-width.txt",
        "Zero\u200bWidth\u2060 Joiner\ufeff Story\n\nIn\u200bvisible\u2063 marks.\n\n" + BODY,
        "ZeroWidth Joiner Story",
        "Invisible marks.",
    )
    zalgo = "Z" + "\u0301\u0316\u0334\u0358" * 40 + "algo"
    loaded(
        "uni/combining.txt",
        f"Stacked {zalgo} Marks\n\nCombining e\u0301 composes.\n\n" + BODY,
        unicodedata.normalize("NFC", f"Stacked {zalgo} Marks"),  # marks in canonical order
        "Combining é composes.",
    )
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    flags = "\U0001f1ef\U0001f1f5\U0001f1fa\U0001f1e6"
    loaded(
        "uni/emoji.txt",
        f"Emoji {family} Family {flags} Flags\n\nSkin \U0001f44d\U0001f3fd and {family}.\n\n"
        + BODY,
        f"Emoji {family} Family {flags} Flags",
        f"Skin \U0001f44d\U0001f3fd and {family}.",
    )
    loaded(
        "uni/cjk.txt",
        "東京で新しい図書館が開館\n\n市は月曜日に新しい図書館を開いたと発表した。\n\n" + BODY,
        "東京で新しい図書館が開館",
        "市は月曜日に新しい図書館を開いたと発表した。",
    )
    loaded(
        "uni/rtl.txt",
        "مرحبا بالعالم ושלום עולם\n\nالمجلس اجتمع يوم الثلاثاء. המועצה התכנסה ביום שלישי.\n\n"
        + BODY,
        "مرحبا بالعالم ושלום עולם",
        "המועצה התכנסה ביום שלישי.",
    )

    # --- text that looks like markup: stored literally ---------------------------------------
    loaded(
        "markup/rich.txt",
        "[bold]Breaking[/bold] [/] News [link=https://example.invalid]here[/link]\n\n"
        "Click [@click=app.quit]this[/] or [red on white]that[/].\n\n" + BODY,
        "[bold]Breaking[/bold] [/] News [link=https://example.invalid]here[/link]",
        "Click [@click=app.quit]this[/] or [red on white]that[/].",
    )

    # --- structured input gone wrong ---------------------------------------------------------
    skipped("data/wrong-shape.json", '{"articles": 5, "items": "no"}', "no title|no article")
    skipped("data/list-of-numbers.json", "[1, 2, 3]", "no article objects")
    skipped("data/deep.json", "[" * 5000 + "]" * 5000, "not valid JSON")
    body_json = BODY.replace("\n", "\\n")
    put(
        "data/one-bad-line.jsonl",
        f'{{"title": "Good Line One", "body": "{body_json}"}}\n'
        '{"title": "broken", "body": \n'
        f'{{"title": "Good Line Three", "body": "Third text. {body_json}"}}\n'
        "[1, 2]\n",
        status="partial",
        titles=["Good Line One", "Good Line Three"],
        body=["council met"],
        reason="line 2: not valid JSON",
    )
    skipped(
        "data/malformed.rss",
        "<?xml version='1.0'?><rss><channel><title>Feed</ti<<<item>&bogus;",
        "feed has no items|no usable articles",
    )
    skipped("data/not-xml.rss", "<<<>>> this is not a feed at all", "feed has no items")
    bomb = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefghi"):
        prev = "abcdefgh"[level]
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    loaded(
        "data/alias-bomb.md",
        "\n".join([*bomb, "title: Alias Bomb Story", "tags: *i", "author: *i", "---", "", BODY]),
        "Alias Bomb Story",
        "council met",
    )
    big_bomb = ["---", "a: &a [x]"] + [f"k{i}: &k{i} [*a, *a, *a]" for i in range(120)]
    skipped(
        "data/alias-flood.md",
        "\n".join([*big_bomb, "title: Flood", "---", "", BODY]),
        "alias",
    )
    skipped(
        "data/deep-front-matter.md",
        "---\ntitle: " + "[" * 1200 + "]" * 1200 + "\n---\n\n" + BODY,
        "nested too deeply",
    )
    skipped("data/bad-yaml.md", "---\ntitle: [unclosed\n: : :\n---\n\n" + BODY, "not valid YAML")

    # --- the file system ---------------------------------------------------------------------
    loaded(
        "fs/name with  spaces.txt",
        article("Spaces In The Name"),
        "Spaces In The Name",
        "council met",
    )
    loaded("fs/new\nline.txt", article("Newline In The Name"), "Newline In The Name", "council met")
    loaded(
        "fs/\x1b[2J\x1b]0;owned\x07esc.txt",
        article("Escapes In The Name"),
        "Escapes In The Name",
        "council met",
    )
    skipped("fs/bad \x1b]52;c;aGk=\x07\x9bname.txt", b"", "empty")
    loaded(
        os.fsdecode(b"fs/latin-1 caf\xe9.txt"),
        article("Undecodable Bytes In The Name"),
        "Undecodable Bytes In The Name",
        "council met",
    )
    (folder / "fs").mkdir(exist_ok=True)
    os.symlink("loop-b.txt", folder / "fs/loop-a.txt")
    os.symlink("loop-a.txt", folder / "fs/loop-b.txt")
    for name in ("fs/loop-a.txt", "fs/loop-b.txt"):
        cases[name] = {
            "path": folder / name,
            "status": "skipped",
            "reason": "symbolic links",
            "titles": [],
            "body": [],
            "absent": [],
        }
    os.symlink("..", folder / "fs/up")  # a folder loop: not followed
    os.symlink(".", folder / "fs/self")
    same = article("The Same Article Twice", "Word for word the same.")
    put("fs/dup/first.txt", same, status="loaded", titles=["The Same Article Twice"], body=[])
    put("fs/dup/second copy.txt", same, status="duplicate", of="fs/dup/first.txt")
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case, expect in write_hostile_corpus(target).items():
        print(f"{expect['status']:>9}  {case!a}")
