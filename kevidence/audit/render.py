"""Renderers of an audit report: each turns the one list of findings into a format."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from kevidence.audit.model import AuditReport, Finding, Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def render_text(report: AuditReport, colour: bool = False) -> str:
    """Findings grouped by file, one per line as ``file:line: CODE severity slug: message``."""
    if not report.findings:
        return "No findings.\n"
    lines: list[str] = []

    def file_of(finding: Finding) -> str:
        return finding.location.file or "<input>" if finding.location else "<input>"

    for file, group in groupby(report.findings, key=file_of):
        lines.append(file)
        for finding in group:
            where = f"{file}:{finding.location.line}" if finding.location and finding.location.line else file
            severity = finding.severity.value
            if colour:
                severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
            lines.append(f"  {where}: {finding.rule} {severity} [{finding.name}] {finding.message}")
        lines.append("")
    counts = report.summary["by_severity"]
    parts = [f"{counts[s.value]} {s.value}{'s' if counts[s.value] != 1 else ''}" for s in Severity]
    lines.append(f"{report.summary['total']} findings: {', '.join(parts)}.")
    return "\n".join(lines) + "\n"


def render_json(report: AuditReport, colour: bool = False) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON."""
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json}
