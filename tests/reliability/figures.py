"""Print the README's "Reliability" figures, read from the tests themselves (not a test file).

    python tests/reliability/figures.py

Hostile cases and their expected outcome come from tests/hostile/make_corpus.py, the number of
SIGKILL trials from tests/store/test_sigkill.py, the rename and move cases from
tests/store/test_moves.py, the doctor's checks from tui_news/store/doctor.py
and the pty and Pilot checks from the test functions collected here.
"""

from __future__ import annotations

import ast
import importlib.util
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def hostile_cases() -> Counter[str]:
    spec = importlib.util.spec_from_file_location(
        "figures_make_corpus", ROOT / "tests" / "hostile" / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as scratch:
        cases = module.write_hostile_corpus(Path(scratch), big_file=False)
    statuses = Counter(str(c["status"]) for c in cases.values())
    statuses["skipped"] += 1  # the 50 MB file, written only when the test runs
    return statuses


def module_constant(path: Path, name: str) -> object:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not in {path}")


def test_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    ]


def doctor_checks() -> list[str]:
    source = (ROOT / "tui_news" / "store" / "doctor.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    return [
        node.name.removeprefix("check_")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
    ]


def main() -> None:
    statuses = hostile_cases()
    trials = module_constant(ROOT / "tests" / "store" / "test_sigkill.py", "TRIALS")
    here = ROOT / "tests" / "reliability"
    print(f"hostile cases: {sum(statuses.values())} {dict(sorted(statuses.items()))}")
    print(f"SIGKILL trials per run: {trials}")
    for path in [
        ROOT / "tests" / "store" / "test_atomic_writes.py",
        ROOT / "tests" / "store" / "test_state_file.py",
        ROOT / "tests" / "store" / "test_moves.py",
        *sorted(here.glob("test_*.py")),
        ROOT / "tests" / "ui" / "test_hostile_screens.py",
    ]:
        names = test_names(path)
        print(f"{path.relative_to(ROOT)}: {len(names)} test functions {names}")
    screens = (ROOT / "tests" / "ui" / "__snapshots__" / "test_hostile_screens").glob("*.svg")
    shown = module_constant(ROOT / "tests" / "ui" / "test_hostile_screens.py", "CASES")
    assert isinstance(shown, tuple)
    print(f"hostile files in the screen tests: {len(shown)}")
    print(f"hostile screen snapshots: {len(list(screens))}")
    print(f"doctor checks: {doctor_checks()}")


if __name__ == "__main__":
    main()
