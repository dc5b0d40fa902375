"""The loader's single-process cost: parse_file per scraped text file and per JSON Lines record.

    python tests/bench/loader_parse.py                      # 2,000 text files, 10,000 records
    python tests/bench/loader_parse.py --text 10000 --jsonl 0 --profile

Reads the corpus `run_bench.py` generates (`tests/bench/out/data`, or `--data`). Times are CPU
times of this process (`time.process_time`), so that other work on a shared machine inflates
them less than wall-clock times; compare runs made in the same minute. Also prints the
one-off costs: importing the loader, and the first text file (the mention finder's word lists).
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / "out" / "data")
    parser.add_argument("--text", type=int, default=2000, help="text files to parse (0: none)")
    parser.add_argument("--jsonl", type=int, default=10_000, help="JSON Lines records (0: none)")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    args = parser.parse_args()

    start = time.process_time()
    from tui_news.loader.files import SourceFile, discover, parse_file

    print(f"import tui_news.loader.files: {1000 * (time.process_time() - start):.0f} ms")

    if args.text:
        folder = next(
            (args.data / f"text-{n}" for n in (10_000, 1000) if (args.data / f"text-{n}").is_dir()),
            None,
        )
        if folder is None:
            raise SystemExit(f"no text-N folder in {args.data}: run run_bench.py once")
        sources = [
            s for s in itertools.islice(discover([folder]), args.text) if isinstance(s, SourceFile)
        ]
        datas = [Path(s.path).read_bytes() for s in sources]
        start = time.process_time()
        parse_file(sources[0], datas[0])
        print(f"first text file (word lists): {1000 * (time.process_time() - start):.0f} ms")
        profile = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profile:
            profile.enable()
        for source, data in zip(sources, datas, strict=True):
            parse_file(source, data)
        if profile:
            profile.disable()
        spent = time.process_time() - start
        print(f"text: {1000 * spent / len(sources):.3f} ms per file ({len(sources)} files)")
        if profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)

    if args.jsonl:
        big = max(args.data.glob("corpus-*.jsonl"), key=lambda p: p.stat().st_size, default=None)
        if big is None:
            raise SystemExit(f"no corpus-N.jsonl in {args.data}: run run_bench.py once")
        sample = Path(f"/tmp/tui-news-loader-bench-{args.jsonl}.jsonl")
        if not sample.exists():
            with big.open("rb") as whole, sample.open("wb") as part:
                part.writelines(itertools.islice(whole, args.jsonl))
        (source,) = (s for s in discover([sample]) if isinstance(s, SourceFile))
        profile = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profile:
            profile.enable()
        result = parse_file(source)
        if profile:
            profile.disable()
        spent = time.process_time() - start
        count = len(result.articles)
        print(f"jsonl: {1000 * spent / count:.3f} ms per record ({count} records)")
        if profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
