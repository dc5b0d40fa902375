"""The store's imports go one way: its reading side never imports its writing side, and no
module takes another module's private names from the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READING = ("layout", "storage", "columns", "reader", "head")
WRITING = ("atomic", "articles", "building", "dispatch", "prepare", "commit")


def imported(module: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in `module`, at any depth (type-only ones too)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            found.append((node.module, names))
            found += [(f"{node.module}.{name}", []) for name in names]
    return found


@pytest.mark.parametrize("name", READING)
def test_reading_modules_never_import_writing_ones(name: str) -> None:
    forbidden = {f"tui_news.store.{w}" for w in WRITING} | {"tui_news.process_pool"}
    modules = {module for module, _names in imported(ROOT / "tui_news" / "store" / f"{name}.py")}
    assert not modules & forbidden
    assert not any(module.startswith("tui_news.loader") for module in modules)


def test_no_module_takes_a_private_name_from_the_store() -> None:
    taken = [
        (str(path.relative_to(ROOT)), module, name)
        for path in (ROOT / "tui_news").rglob("*.py")
        for module, names in imported(path)
        if module.startswith("tui_news.store")
        for name in names
        if name.startswith("_")
    ]
    assert not taken
