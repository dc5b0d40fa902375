"""What a load did (`LoadReport`), and how it says how far it is (`ProgressCallback`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_news.loader.files import Skipped

#: (files done, files in all or 0 while the walk goes on, the file's origin)
ProgressCallback = Callable[[int, int, str], None]


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    #: (origin before, origin now) of each file whose articles moved, keeping their ids.
    moved: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files_parsed: int = 0
    files_seen: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.moved)
