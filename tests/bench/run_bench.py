"""The scale benchmark: build stores of 1k, 10k and 100k synthetic articles and time what users feel.

    python tests/bench/run_bench.py                      # sizes 1000,10000,100000 (~10 min)
    python tests/bench/run_bench.py --quick              # sizes 1000,10000 (~2 min)
    python tests/bench/run_bench.py --sizes 1000,10000,100000 --out /tmp/bench

It prints a table and writes OUT/report.json. Generated data (OUT/data/, reused across runs when
the seed and size match) and stores (OUT/stores/, rebuilt every run: that is the loader figure)
stay under OUT, by default tests/bench/out/ (git-ignored). Every measurement runs in a fresh
child process (`probes.py`), so one figure's caches or memory never leak into another's.
See README.md beside this file for what each figure means and how it is taken.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import select
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from corpus import DEFAULT_SEED, CorpusGenerator, write_jsonl, write_text_tree  # noqa: E402

#: Up to this size a store is built from scraped text files; above it, from one JSON Lines file.
TEXT_MAX = 10_000
CORPUS_VERSION = 1  # bump when corpus.py changes what it writes

TARGETS = {
    "cold_ratio_10k": 1.3,
    "cold_ratio_100k": 2.0,
    "search_p50_10k_ms": 16.0,
    "search_p50_100k_ms": 50.0,
    "open_100k_ms": 50.0,
    "loader_files_per_s": 2000.0,
    "reload_10k_s": 1.0,
    "import_100k_s": 30.0,
    "rss_100k_mb": 500.0,
}

#: What both apps write after their first painted frame (`painted_start.PAINTED_MARKER`).
PAINTED_MARKER = b"\x1b_tui-news-painted\x1b\\"

BARE_APP = """\
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

PAINTED_MARKER = {marker!r}


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        # Once the first frame has gone to the terminal, say so and exit (as tui-news does with
        # painted_start.py once its list's rows are in a frame).
        super()._display(screen, renderable)
        if renderable is not None and not self._painted:
            self._painted = True
            self._driver.write(PAINTED_MARKER)
            self.exit()

    _painted = False


if __name__ == "__main__":
    Bare().run()
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class NotMeasured(Exception):
    """A figure that could not be taken; the message says why and goes in the table."""


# --- child processes ------------------------------------------------------------------------------


def child_env(out: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TUI_NEWS_DB", None)
    # No user config, no user data: the app's defaults, the bench's store.
    env["TUI_NEWS_CONFIG"] = str(out / "no-config.toml")
    env["XDG_CONFIG_HOME"] = str(out / "xdg-config")
    env["XDG_DATA_HOME"] = str(out / "xdg-data")
    # Bytecode is written (as an installed app's is at install): with PYTHONDONTWRITEBYTECODE
    # a module changed since its last .pyc would be compiled again on every timed start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def tui_news_command() -> list[str]:
    script = Path(sys.executable).parent / "tui-news"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tui_news"]


def run_probe(out: Path, *args: str, timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(HERE / "probes.py"), *args]
    try:
        proc = subprocess.run(
            command, env=child_env(out), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise NotMeasured(f"probe {args[0]} took over {timeout:.0f} s") from None
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise NotMeasured(f"probe {args[0]} failed: {tail[:160]}")
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if not lines:
        raise NotMeasured(f"probe {args[0]} printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run_cli(out: Path, *args: str, timeout: float = 1200) -> tuple[float, dict[str, Any]]:
    """`tui-news ARGS --json`: wall time from spawn to exit, and the JSON it printed."""
    command = [*tui_news_command(), *args, "--json"]
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            command, env=child_env(out), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise NotMeasured(f"`tui-news {args[0]}` took over {timeout:.0f} s") from None
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise NotMeasured(
            f"`tui-news {' '.join(args[:1])}` exited {proc.returncode}: {proc.stderr.strip()[-200:]}"
        )
    return elapsed, json.loads(proc.stdout)


def run_in_pty(
    argv: list[str], env: dict[str, str], timeout: float, *, marker: bytes | None = None
) -> float:
    """Run `argv` on a fresh 80x24 pseudo-terminal; seconds from spawn to the first time
    `marker` arrives on it (to exit without one). The process must exit, with status 0."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    tail = bytearray()
    ended: float | None = None
    marked: float | None = None
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.002)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every slave end is closed, the child is gone or going
                    data = b""
                # (searched with what came before: the marker may arrive in two reads)
                if marker and marked is None and marker in tail[-len(marker) :] + data:
                    marked = time.perf_counter()
                tail = (tail + data)[-4000:]
            if proc.poll() is not None:
                ended = time.perf_counter()
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                proc.wait()
                raise NotMeasured(f"did not exit within {timeout:.0f} s")
    finally:
        os.close(master)
    if proc.returncode != 0:
        text = tail.decode("utf-8", "replace")[-300:]
        raise NotMeasured(f"exited with status {proc.returncode}: {text!r}")
    if marker:
        if marked is None:
            raise NotMeasured("exited without saying it had painted")
        return marked - started
    return ended - started


# --- steps ----------------------------------------------------------------------------------------


def generate(out: Path, sizes: list[int], seed: int) -> dict[str, Any]:
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    generator: CorpusGenerator | None = None
    info: dict[str, Any] = {}
    for size in sizes:
        kind = "text" if size <= TEXT_MAX else "jsonl"
        target = data / (f"text-{size}" if kind == "text" else f"corpus-{size}.jsonl")
        stamp = data / f"{target.name}.stamp"
        want = f"v{CORPUS_VERSION} seed={seed} count={size}"
        if stamp.exists() and stamp.read_text() == want and target.exists():
            info[str(size)] = {"kind": kind, "path": str(target), "reused": True}
            continue
        generator = generator or CorpusGenerator(seed)
        log(f"generating {size:,} articles as {kind} -> {target}")
        started = time.perf_counter()
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        written = (
            write_text_tree(generator, target, size)
            if kind == "text"
            else write_jsonl(generator, target, size)
        )
        stamp.write_text(want)
        info[str(size)] = {
            "kind": kind,
            "path": str(target),
            "bytes": written,
            "seconds": time.perf_counter() - started,
        }
    return info


CHUNKS = 10


def split_jsonl(source: Path, parts: int) -> list[Path]:
    """`source` cut into `parts` JSON Lines files of about equal length (made once, then reused)."""
    folder = source.with_name(source.stem + f".{parts}-parts")
    stamp = folder / "stamp"
    want = f"{source.stat().st_size} {source.stat().st_mtime_ns}"
    paths = [folder / f"part-{i:02d}.jsonl" for i in range(parts)]
    if stamp.exists() and stamp.read_text() == want and all(p.exists() for p in paths):
        return paths
    folder.mkdir(exist_ok=True)
    # Streamed, never read whole: this process's peak memory is inherited by every child it
    # starts (Linux keeps ru_maxrss across fork and exec), so it must stay small.
    with open(source, "rb") as handle:
        total = sum(1 for _ in handle)
    per = -(-total // parts)
    with open(source, "rb") as handle:
        for path in paths:
            with open(path, "wb") as part:
                for _ in range(per):
                    line = handle.readline()
                    if not line:
                        break
                    part.write(line)
    stamp.write_text(want)
    return paths


#: The same-run baseline for the loader: a bare Python process that walks the folder, reads
#: every file, decodes it and splits it into lines (no parsing, no store, one process). The
#: build's time over this one says how much the loader costs on top of what any Python reading
#: those files pays on this machine, whatever its speed.
BARE_READ = """\
import os, sys

lines = 0
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            lines += len(handle.read().decode("utf-8", "replace").split("\\n"))
print(lines)
"""


def time_bare_read(out: Path, folder: Path, runs: int) -> float | None:
    """Median seconds of `BARE_READ` over `folder`, spawn to exit; None if it failed."""
    times = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", BARE_READ, str(folder)],
            env=child_env(out),
            capture_output=True,
            timeout=600,
        )
        if proc.returncode != 0:
            return None
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_stores(
    out: Path,
    sizes: list[int],
    data: dict[str, Any],
    reuse: bool,
    import_timeout: float,
    build_runs: int = 1,
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in sizes:
        source = Path(data[str(size)]["path"])
        db = out / "stores" / str(size) / "news.json"
        entry: dict[str, Any] = {"db": str(db), "source": data[str(size)]["kind"]}
        results[str(size)] = entry
        if reuse and db.exists():
            entry["reused"] = True
            continue
        if db.parent.exists():
            shutil.rmtree(db.parent)
        db.parent.mkdir(parents=True)
        log(f"building the {size:,} store from {source.name}")
        timeout = import_timeout if entry["source"] == "jsonl" else 1800
        try:
            seconds, report = run_cli(out, "load", str(source), "--db", str(db), timeout=timeout)
        except NotMeasured as error:
            entry["error"] = str(error)
            if entry["source"] != "jsonl" or "took over" not in str(error):
                continue
            # The one-file import is too slow to wait for: record that, and build the store the
            # other figures need from smaller files (each load merges into the store).
            entry["build_timed_out_s"] = timeout
            log(f"  stopped after {timeout:.0f} s; building the store from {CHUNKS} smaller files")
            shutil.rmtree(db.parent)
            db.parent.mkdir(parents=True)
            started = time.perf_counter()
            try:
                for part in split_jsonl(source, CHUNKS):
                    run_cli(out, "load", str(part), "--db", str(db), timeout=1800)
            except NotMeasured as chunk_error:
                entry["error"] += f"; the chunked build failed too: {chunk_error}"
                continue
            entry["chunked_build_s"] = time.perf_counter() - started
            entry["chunks"] = CHUNKS
            del entry["error"]
            entry["added"] = size
            continue
        entry.update(
            build_s=seconds,
            added=report["added"],
            skipped=len(report["skipped"]),
            duplicates=len(report["duplicates"]),
            files_parsed=report["files_parsed"],
        )
        if entry["source"] == "text":
            # A full build is one noisy sample on a shared machine: the rate is judged on the
            # median of `build_runs` builds, each into a new store.
            builds = [seconds]
            for run in range(2, build_runs + 1):
                log(f"  full build {run} of {build_runs} of the {size:,} store (a new store)")
                extra = out / "stores" / f"{size}-build-{run}" / "news.json"
                shutil.rmtree(extra.parent, ignore_errors=True)
                extra.parent.mkdir(parents=True)
                try:
                    builds.append(run_cli(out, "load", str(source), "--db", str(extra))[0])
                except NotMeasured as error:
                    entry["extra_build_error"] = str(error)
                    break
                finally:
                    shutil.rmtree(extra.parent, ignore_errors=True)
            entry["build_runs_s"] = builds
            entry["bare_read_s"] = time_bare_read(out, source, build_runs)
            entry["build_s"] = statistics.median(builds)
            entry["files_per_s"] = report["files_parsed"] / entry["build_s"]
            log(f"reloading the {size:,} store with nothing changed")
            reload_s, again = run_cli(out, "load", str(source), "--db", str(db))
            entry["reload_cli_s"] = reload_s
            entry["reload_parsed"] = again["files_parsed"]
            try:
                inproc = run_probe(out, "reload", "--db", str(db), timeout=600)
                entry["reload_app_s"] = inproc["reload_s"]
            except NotMeasured as error:
                entry["reload_app_error"] = str(error)
        # Some user state, so is:unread and is:starred filter for real.
        try:
            run_probe(out, "marks", "--db", str(db), "--read", str(min(500, max(10, size // 50))),
                      "--starred", "20", timeout=600)  # fmt: skip
        except NotMeasured as error:
            entry["marks_error"] = str(error)
    return results


def measure_engine(out: Path, size: int, db: Path, repeat: int) -> dict[str, Any]:
    log(f"engine search at {size:,}")
    return run_probe(out, "engine", "--db", str(db), "--repeat", str(repeat), timeout=900)


def measure_state(out: Path, size: int, db: Path) -> dict[str, Any]:
    log(f"marks: one per article at {size:,}")
    return run_probe(out, "state", "--db", str(db), "--repeat", "9", timeout=600)


def measure_rss(out: Path, size: int, db: Path, ui: bool) -> dict[str, Any]:
    log(f"peak memory at {size:,}")
    result: dict[str, Any] = {}
    result.update(run_probe(out, "rss", "--db", str(db), timeout=900))
    if ui:
        try:
            result.update(run_probe(out, "rss", "--db", str(db), "--app", timeout=900))
        except NotMeasured as error:
            result["app_error"] = str(error)
    return result


def measure_cold(out: Path, size: int, db: Path, reps: int) -> dict[str, Any]:
    log(f"cold start at {size:,} ({reps} runs each, app and bare Textual app)")
    bare_script = out / "bare_app.py"
    bare_script.write_text(BARE_APP.format(marker=PAINTED_MARKER.decode("ascii")))
    env = child_env(out)
    app_env = env
    bare: list[float] = []
    app: list[float] = []
    # Interleaved, one warm-up of each first (the OS file cache, .pyc files).
    bare_argv = [sys.executable, str(bare_script)]
    app_argv = [sys.executable, str(HERE / "painted_start.py"), "--db", str(db)]
    run_in_pty(bare_argv, env, 120, marker=PAINTED_MARKER)
    run_in_pty(app_argv, app_env, 600, marker=PAINTED_MARKER)
    for _ in range(reps):
        # Spawn to the first painted frame: what the target names. (Until 2026-11-28 this was
        # spawn to exit, which added both apps' shutdown to both sides of the ratio.)
        bare.append(run_in_pty(bare_argv, env, 120, marker=PAINTED_MARKER))
        app.append(run_in_pty(app_argv, app_env, 600, marker=PAINTED_MARKER))
    bare_med = statistics.median(bare)
    app_med = statistics.median(app)
    return {
        "bare_s": bare,
        "app_s": app,
        "bare_median_s": bare_med,
        "app_median_s": app_med,
        "ratio": app_med / bare_med,
    }


def measure_pilot(out: Path, size: int, db: Path, opens: int) -> dict[str, Any]:
    log(f"app: open an article ({opens}x) and search keystrokes at {size:,}")
    return run_probe(out, "pilot", "--db", str(db), "--repeat", str(opens), timeout=1800)


def ui_available() -> str | None:
    """None when the app can be driven; else why not."""
    app = REPO / "tui_news" / "ui" / "app.py"
    if not app.exists():
        return "tui_news/ui/app.py does not exist yet"
    proc = subprocess.run(
        [sys.executable, "-c", "from tui_news.ui.app import TuiNewsApp"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"tui_news.ui.app does not import: {last[:120]}"
    return None


# --- the report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        import textual

        textual_version = textual.__version__
    except Exception:
        textual_version = "?"
    git = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    return {
        "loadavg_1_5_15": [round(x, 2) for x in load],
        "git_head": git or "?",
        "git_modified": [line[3:] for line in dirty if line.strip()],
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "textual": textual_version,
    }


def _fmt(value: Any, unit: str, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit == "ms" and value < 10:
        digits = max(digits, 2)
    return f"{value:,.{digits}f} {unit}".strip()


def verdict(value: float | None, limit: float, *, at_least: bool = False) -> str:
    if value is None:
        return "not measured"
    ok = value >= limit if at_least else value <= limit
    return "met" if ok else "MISSED"


def build_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) rows for the table."""
    rows: list[tuple[str, str, str, str]] = []
    sizes: list[int] = report["sizes"]
    stores = report.get("stores", {})
    per = report.get("per_size", {})
    t = TARGETS

    def get(size: int, *path: str) -> Any:
        node: Any = per.get(str(size), {})
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def why(size: int, part: str) -> str | None:
        node = per.get(str(size), {}).get(part)
        if isinstance(node, dict) and "error" in node:
            return f"not measured ({node['error']})"
        return None

    # Loader
    for size in sizes:
        store = stores.get(str(size), {})
        if store.get("reused"):
            rows.append((f"loader: build {size:,}", "not measured (--reuse-stores)", "", ""))
            continue
        if "error" in store:
            rows.append((f"loader: build {size:,}", f"not measured ({store['error']})", "", ""))
            continue
        if "build_timed_out_s" in store:
            judged = size == 100_000
            rows.append(
                (
                    f"loader: JSON Lines import, {size:,} articles",
                    f"> {store['build_timed_out_s']:.0f} s (stopped; store then built from "
                    f"{store['chunks']} files of {size // store['chunks']:,} in "
                    f"{store['chunked_build_s']:.0f} s)",
                    f"<= {t['import_100k_s']:g} s" if judged else "",
                    "MISSED" if judged else "",
                )
            )
            continue
        if store.get("source") == "text":
            rate = store.get("files_per_s")
            judged = size == 10_000
            rows.append(
                (
                    f"loader: full build, {size:,} text files",
                    f"{_fmt(rate, 'files/s', 0)} ({_fmt(store.get('build_s'), 's')}"
                    + (
                        f", median of {len(store['build_runs_s'])}: "
                        + " / ".join(f"{b:.1f}" for b in store["build_runs_s"])
                        if len(store.get("build_runs_s", [])) > 1
                        else ""
                    )
                    + ")",
                    f">= {t['loader_files_per_s']:,.0f} files/s" if judged else "",
                    verdict(rate, t["loader_files_per_s"], at_least=True) if judged else "",
                )
            )
            bare = store.get("bare_read_s")
            if bare and store.get("build_s"):
                rows.append(
                    (
                        "  (build / a bare Python read of the same files)",
                        f"{store['build_s'] / bare:.1f} x ({bare:.2f} s: walk, read, decode, "
                        "split lines; one process)",
                        "(info)",
                        "",
                    )
                )
            rows.append(
                (
                    f"loader: reload {size:,} unchanged (CLI)",
                    _fmt(store.get("reload_cli_s"), "s", 2),
                    f"<= {t['reload_10k_s']:g} s" if judged else "",
                    verdict(store.get("reload_cli_s"), t["reload_10k_s"]) if judged else "",
                )
            )
            rows.append(
                (
                    "  (same, Store.reload() in a running process)",
                    _fmt(store.get("reload_app_s"), "s", 2),
                    "",
                    "",
                )
            )
        else:
            judged = size == 100_000
            rows.append(
                (
                    f"loader: JSON Lines import, {size:,} articles",
                    _fmt(store.get("build_s"), "s"),
                    f"<= {t['import_100k_s']:g} s" if judged else "",
                    verdict(store.get("build_s"), t["import_100k_s"]) if judged else "",
                )
            )
    # Engine search
    for size in sizes:
        msg = why(size, "engine")
        if msg:
            rows.append((f"search (engine) p50/p95, {size:,}", msg, "", ""))
            continue
        p50, p95 = get(size, "engine", "p50_ms"), get(size, "engine", "p95_ms")
        rows.append(
            (
                f"search (engine) p50 / p95, {size:,}",
                f"{_fmt(p50, 'ms')} / {_fmt(p95, 'ms')}",
                "(info)",
                "",
            )
        )
        rows.append(
            (
                f"  index build / store open, {size:,}",
                f"{_fmt(get(size, 'engine', 'index_build_s'), 's', 2)} / "
                f"{_fmt((get(size, 'engine', 'open_s') or 0) + (get(size, 'engine', 'summaries_s') or 0), 's', 2)}",
                "(info)",
                "",
            )
        )
    # The user's marks, one per article
    for size in sizes:
        msg = why(size, "state")
        if msg:
            rows.append((f"marks: read / one change, {size:,}", msg, "", ""))
            continue
        rows.append(
            (
                f"marks: read / one change, {size:,} marks",
                f"{_fmt(get(size, 'state', 'open_ms'), 'ms')} / "
                f"{_fmt(get(size, 'state', 'change_ms'), 'ms')}"
                f" ({_fmt(get(size, 'state', 'file_mb'), 'MB', 1)} file)",
                "(info)",
                "",
            )
        )
    # App search keystrokes
    for size in sizes:
        limit = {10_000: t["search_p50_10k_ms"], 100_000: t["search_p50_100k_ms"]}.get(size)
        msg = why(size, "pilot") or (
            f"not measured ({report['ui_missing']})" if report.get("ui_missing") else None
        )
        if msg:
            rows.append((f"search keystroke->results p50/p95, {size:,}", msg, "", ""))
            continue
        p50, p95 = get(size, "pilot", "search_p50_ms"), get(size, "pilot", "search_p95_ms")
        rows.append(
            (
                f"search keystroke->results p50, {size:,}",
                _fmt(p50, "ms"),
                f"<= {limit:g} ms" if limit else "(info)",
                verdict(p50, limit) if limit else "",
            )
        )
        rows.append(
            (
                f"search keystroke->results p95, {size:,}",
                _fmt(p95, "ms"),
                "<= 2 x p50" if limit else "(info)",
                (verdict(p95, 2 * p50) if p50 is not None else "not measured") if limit else "",
            )
        )
    # Open an article
    for size in sizes:
        msg = why(size, "pilot") or (
            f"not measured ({report['ui_missing']})" if report.get("ui_missing") else None
        )
        if msg:
            rows.append((f"open article p50/p95, {size:,}", msg, "", ""))
            continue
        p50, p95 = get(size, "pilot", "open_p50_ms"), get(size, "pilot", "open_p95_ms")
        judged = size == 100_000
        rows.append(
            (
                f"open article (enter->reader) p50 / p95, {size:,}",
                f"{_fmt(p50, 'ms')} / {_fmt(p95, 'ms')}",
                f"<= {t['open_100k_ms']:g} ms (p50)" if judged else "(info)",
                verdict(p50, t["open_100k_ms"]) if judged else "",
            )
        )
    # The list screen over every article: a filter key, the filter dialog, the palette
    for size in sizes:
        if why(size, "pilot") or get(size, "pilot", "unread_toggle_p50_ms") is None:
            continue
        dialog = get(size, "pilot", "filter_dialog_ms") or []
        rows.append(
            (
                f"list: u (only unread) key->list p50, {size:,}",
                _fmt(get(size, "pilot", "unread_toggle_p50_ms"), "ms"),
                "(info)",
                "",
            )
        )
        rows.append(
            (
                f"  filter dialog (f) first / later, {size:,}",
                " / ".join(_fmt(ms, "ms") for ms in dialog[:2]) if dialog else "-",
                "(info)",
                "",
            )
        )
        rows.append(
            (
                f"  palette key->shown p50 / max, {size:,}",
                f"{_fmt(get(size, 'pilot', 'palette_key_p50_ms'), 'ms')} / "
                f"{_fmt(get(size, 'pilot', 'palette_key_max_ms'), 'ms')}",
                "(info)",
                "",
            )
        )
    # Memory
    for size in sizes:
        msg = why(size, "rss")
        if msg:
            rows.append((f"peak RSS, {size:,}", msg, "", ""))
            continue
        core = get(size, "rss", "core_rss_mb")
        app = get(size, "rss", "app_rss_mb")
        judged = size == 100_000
        value = app if app is not None else core
        app_text = (
            _fmt(app, "MB", 0)
            if app is not None
            else f"app not measured ({get(size, 'rss', 'app_error') or report.get('ui_missing') or '?'})"
        )
        helper = get(size, "rss", "helper_rss_mb")
        helper_text = f" (+ index helper process {_fmt(helper, 'MB', 0)})" if helper else ""
        rows.append(
            (
                f"peak RSS app / store+index only, {size:,}",
                f"{app_text}{helper_text} / {_fmt(core, 'MB', 0)}",
                f"<= {t['rss_100k_mb']:g} MB" if judged else "(info)",
                verdict(value, t["rss_100k_mb"]) if judged else "",
            )
        )
    # Cold start
    for size in sizes:
        limit = {10_000: t["cold_ratio_10k"], 100_000: t["cold_ratio_100k"]}.get(size)
        msg = why(size, "cold") or (
            f"not measured ({report['ui_missing']})" if report.get("ui_missing") else None
        )
        if msg:
            rows.append((f"cold start ratio, {size:,}", msg, "", ""))
            continue
        ratio = get(size, "cold", "ratio")
        rows.append(
            (
                f"cold start: app / bare Textual, {size:,}",
                f"{_fmt(ratio, 'x', 2)} ({_fmt(get(size, 'cold', 'app_median_s'), 's', 2)} / "
                f"{_fmt(get(size, 'cold', 'bare_median_s'), 's', 2)})",
                f"<= {limit:g} x" if limit else "(info)",
                verdict(ratio, limit) if limit else "",
            )
        )
    return rows


def render_table(rows: list[tuple[str, str, str, str]]) -> str:
    headers = ("figure", "measured", "target", "verdict")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join([line, rule, *body])


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="run_bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes, comma-separated")
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000 only")
    parser.add_argument(
        "--out", type=Path, default=HERE / "out", help="where data, stores and report go"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--cold-runs", type=int, default=9, help="cold-start runs per size (median)"
    )
    parser.add_argument(
        "--build-runs", type=int, default=3, help="full builds of the text stores (median)"
    )
    parser.add_argument("--opens", type=int, default=20, help="article opens per size")
    parser.add_argument("--engine-repeat", type=int, default=3, help="runs per query (median)")
    parser.add_argument(
        "--reuse-stores",
        action="store_true",
        help="keep stores from a previous run (no loader figures)",
    )
    parser.add_argument("--no-ui", action="store_true", help="skip the app figures")
    parser.add_argument(
        "--import-timeout",
        type=float,
        default=300,
        help="stop the one-file JSON Lines import after this many seconds (10x its target) and "
        "build that store from smaller files instead (default 300)",
    )
    args = parser.parse_args(argv)

    sizes = (
        [1000, 10_000]
        if args.quick
        else sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    )
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "sizes": sizes,
        "seed": args.seed,
        "machine": machine(),
        "targets": TARGETS,
    }
    ui_missing = "skipped (--no-ui)" if args.no_ui else ui_available()
    report["ui_missing"] = ui_missing
    if ui_missing:
        log(f"app figures: not measured ({ui_missing})")

    report["data"] = generate(out, sizes, args.seed)
    report["stores"] = build_stores(
        out, sizes, report["data"], args.reuse_stores, args.import_timeout, args.build_runs
    )
    per: dict[str, Any] = {}
    report["per_size"] = per
    for size in sizes:
        entry: dict[str, Any] = {}
        per[str(size)] = entry
        store = report["stores"][str(size)]
        db = Path(store["db"])
        if "error" in store or not db.exists():
            reason = store.get("error", "no store")
            for part in ("engine", "state", "rss", "cold", "pilot"):
                entry[part] = {"error": f"no store: {reason}"}
            continue
        steps: dict[str, Callable[[], dict[str, Any]]] = {
            "engine": partial(measure_engine, out, size, db, args.engine_repeat),
            "state": partial(measure_state, out, size, db),
            "rss": partial(measure_rss, out, size, db, ui_missing is None),
            "cold": partial(measure_cold, out, size, db, args.cold_runs),
            "pilot": partial(measure_pilot, out, size, db, args.opens),
        }
        for part, measure in steps.items():
            if part in ("cold", "pilot") and ui_missing:
                entry[part] = {"error": ui_missing}
                continue
            try:
                entry[part] = measure()
            except NotMeasured as error:
                log(f"{part} at {size:,}: not measured ({error})")
                entry[part] = {"error": str(error)}
    report["seconds"] = time.perf_counter() - started
    end_state = machine()
    if (end_state["git_head"], end_state["git_modified"]) != (
        report["machine"]["git_head"],
        report["machine"]["git_modified"],
    ):
        report["code_changed_during_run"] = {
            "before": [report["machine"]["git_head"], report["machine"]["git_modified"]],
            "after": [end_state["git_head"], end_state["git_modified"]],
        }
    rows = build_rows(report)
    report["table"] = [
        dict(zip(("figure", "measured", "target", "verdict"), r, strict=True)) for r in rows
    ]
    (out / "report.json").write_text(json.dumps(report, indent=2))
    m = report["machine"]
    print()
    print(
        f"tui-news scale benchmark, {time.strftime('%Y-%m-%d')}, run took {report['seconds']:.0f} s"
    )
    print(
        f"machine: {m['cpu']}, {m['nproc']} CPUs, {m['memory']} RAM; Python {m['python']}, Textual {m['textual']}"
    )
    modified = (
        f" (+ uncommitted changes in {', '.join(m['git_modified'])})" if m["git_modified"] else ""
    )
    print(f"code: tui-news at {m['git_head']}{modified}")
    print(
        f"load average at start: {m['loadavg_1_5_15']}, at end: {end_state['loadavg_1_5_15']}"
        f" (other work on the machine skews every figure)"
    )
    if "code_changed_during_run" in report:
        after = report["code_changed_during_run"]["after"]
        print(f"WARNING: the code changed during the run (now {after[0]}, modified {after[1]}):")
        print("         figures taken before and after the change are mixed; run again.")
    print()
    print(render_table(rows))
    print()
    print(f"report: {out / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
