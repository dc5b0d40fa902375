"""The doctor's findings (`Finding`, `Report`) and how a terminal shows them (`format_report`).

A finding has a severity: `ok`; `warning`, harmless (litter from a killed writer, marks of
articles not loaded now); `problem`, something the user would notice (a body that cannot be
shown, marks that cannot be read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tui_news.loader.files import display_path

Severity = Literal["ok", "warning", "problem"]


@dataclass(frozen=True)
class Finding:
    #: Which check: index, summaries, sources, bodies, litter, lock, state, backup, orphans, access, roots, aside.
    check: str
    severity: Severity
    #: The file or folder the finding is about (absolute).
    path: Path
    #: What it means, in a sentence or two.
    message: str
    #: The command or key that fixes it; None when nothing needs doing.
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "path": display_path(self.path),
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Report:
    db: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "problem"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": display_path(self.db),
            "healthy": self.healthy,
            "problems": len(self.problems),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }


def format_report(report: Report) -> str:
    """The report as plain text for a terminal: one block per finding, problems first."""
    order = {"problem": 0, "warning": 1, "ok": 2}
    lines = [f"tui-news doctor: {display_path(report.db)}", ""]
    for finding in sorted(report.findings, key=lambda f: order[f.severity]):
        lines.append(f"{finding.severity:<8} {display_path(finding.path)}")
        lines.append(f"         {finding.message}")
        if finding.fix and finding.severity != "ok":
            lines.append(f"         fix: {finding.fix}")
    problems, warnings = len(report.problems), len(report.warnings)
    lines.append("")
    if report.healthy and not warnings:
        lines.append("The store is healthy.")
    else:
        lines.append(
            f"{problems} problem{'s' if problems != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}."
            + (" Warnings are harmless." if warnings and not problems else "")
        )
    return "\n".join(lines)
