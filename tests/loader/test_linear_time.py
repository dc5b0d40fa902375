"""The scraped-text parser's work grows with its input, not with its square: a hard-wrapped
page of a million short lines is a few seconds, not minutes."""

from __future__ import annotations

import random
import time

from tui_news.loader.scraped import parse_scraped_text
from tui_news.loader.text import clean_text


def hard_wrapped_page(lines: int) -> str:
    """A third each: one paragraph wrapped at 40 columns, a line per sentence, and paragraphs
    of five wrapped lines; words from a vocabulary of a thousand."""
    rng = random.Random(lines)
    vocabulary = [f"{rng.choice('bcdfglmnprst')}{rng.choice('aeiou')}{n:x}" for n in range(1000)]

    def words(count: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(count))

    third = lines // 3
    out = ["A Headline For A Long Page", ""]
    out += [words(6) for _ in range(third)]
    out.append("")
    out += [f"{words(7).capitalize()} {n}." for n in range(third)]
    out.append("")
    for n in range(third):
        out.append(words(8) + ("." if n % 5 == 4 else ""))
        if n % 5 == 4:
            out.append("")
    return clean_text("\n".join(out))


def cpu_seconds(text: str) -> float:
    """The least processor time of two parses (the least is the one least disturbed)."""
    times = []
    for _ in range(2):
        start = time.process_time()
        parse_scraped_text(text)
        times.append(time.process_time() - start)
    return min(times)


def test_hard_wrapped_text_parses_in_linear_time() -> None:
    small, large = hard_wrapped_page(6_000), hard_wrapped_page(24_000)
    blocks = parse_scraped_text(large).blocks
    assert len(blocks) > 8_000  # a line per sentence, a paragraph per five lines: all kept
    # Four times the lines: four times the work if linear, sixteen if quadratic.
    ratio = cpu_seconds(large) / cpu_seconds(small)
    assert ratio < 8, f"4x the lines took {ratio:.1f}x the time"
