"""Renderers of an audit report: each turns the one list of findings into a format.

``text`` for people at a terminal, ``json`` for scripts, ``markdown`` for review comments,
``github`` for workflow annotations and ``sarif`` (2.1.0) for code-scanning tools.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import Any

from kevidence.audit.model import AuditReport, Finding, Severity
from kevidence.audit.registry import Rule, iter_rules

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD = "\033[1m"
_RESET = "\033[0m"
NO_FILE = "<knowledge base>"

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/kevidence/"


def _file_of(finding: Finding) -> str:
    return (finding.location.file if finding.location else None) or NO_FILE


def _line_of(finding: Finding) -> int | None:
    return finding.location.line if finding.location else None


def _line_column(finding: Finding) -> str:
    """``line`` or ``line:column`` (a finding in an article knows its column)."""
    line = _line_of(finding)
    if not line:
        return ""
    column = finding.location.column if finding.location else None
    return f"{line}:{column}" if column else str(line)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _totals(report: AuditReport) -> str:
    counts = report.summary["by_severity"]
    parts = [_plural(counts[s.value], s.value) for s in Severity]
    return f"{_plural(report.summary['total'], 'finding')}: {', '.join(parts)}."


def render_text(report: AuditReport, colour: bool = False) -> str:
    """Findings grouped by file, one per line as ``file:line: CODE severity [slug] message``."""
    lines: list[str] = []
    for file, group in groupby(report.findings, key=_file_of):
        lines.append(f"{_BOLD}{file}{_RESET}" if colour else file)
        for finding in group:
            line = _line_column(finding)
            where = f"{file}:{line}" if line else file
            severity = finding.severity.value
            if colour:
                severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
            lines.append(f"  {where}: {finding.rule} {severity} [{finding.name}] {finding.message}")
        lines.append("")
    retractions = report.inputs.get("retractions")
    if retractions:
        lines.append(f"Retractions checked against {retractions['file']} (sha256 {retractions['sha256']}).")
    if not report.findings:
        lines.append("No findings.")
    else:
        lines.append(_totals(report))
        lines.append("Run 'kevidence rules CODE' for what a rule checks and how to fix it.")
    return "\n".join(lines) + "\n"


def render_json(report: AuditReport, colour: bool = False) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON."""
    return report.to_json() + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: AuditReport, colour: bool = False) -> str:
    """A Markdown report: totals, then one table per file."""
    out = ["# kevidence audit", "", _totals(report) if report.findings else "No findings.", ""]
    retractions = report.inputs.get("retractions")
    if retractions:
        out += [f"Retractions checked against `{retractions['file']}` (sha256 `{retractions['sha256']}`).", ""]
    for file, group in groupby(report.findings, key=_file_of):
        out += [f"## `{file}`", "", "| Line | Severity | Rule | Subject | Message |", "|---:|---|---|---|---|"]
        for f in group:
            out.append(
                f"| {_line_column(f)} | {f.severity.value} | `{f.rule}` {f.name} | `{_md(f.subject)}` | {_md(f.message)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: AuditReport, colour: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=KE001 slug::message``."""
    out = []
    for f in report.findings:
        props = []
        if f.location and f.location.file:
            props.append(f"file={_gh_property(f.location.file)}")
            if f.location.line:
                props.append(f"line={f.location.line}")
                if f.location.column:
                    props.append(f"col={f.location.column}")
        props.append(f"title={_gh_property(f'{f.rule} {f.name}')}")
        out.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_data(f.message)}")
    return "".join(line + "\n" for line in out)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": rule.doc(), "markdown": _rule_markdown(rule)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"slug": rule.name},
    }


def _rule_markdown(rule: Rule) -> str:
    return (
        f"**{rule.code} {rule.name}**: {rule.summary}\n\n**Why it matters.** {rule.why}\n\n"
        f"**Example.** `{rule.example}`\n\n**How to fix.** {rule.fix}"
    )


def sarif_log(report: AuditReport, version: str | None = None) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a dict ready for ``json.dumps``)."""
    from kevidence import __version__

    rules = list(iter_rules())
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "properties": {"name": f.name, "subject": f.subject, "severity": f.severity.value},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.related:
            result["properties"]["related"] = list(f.related)
        if f.location and f.location.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": f.location.file.replace("\\", "/")}}
            if f.location.line:
                physical["region"] = {"startLine": f.location.line}
                if f.location.column:
                    physical["region"]["startColumn"] = f.location.column
            location: dict[str, Any] = {"physicalLocation": physical}
            if f.location.json_path:
                location["logicalLocations"] = [{"fullyQualifiedName": f.location.json_path, "kind": "object"}]
            result["locations"] = [location]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "kevidence",
                "version": version or __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(r) for r in rules],
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if report.inputs:
        run["properties"] = {"inputs": report.inputs}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: AuditReport, colour: bool = False) -> str:
    """SARIF 2.1.0 JSON, one run, every rule's documentation in the driver."""
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "github": render_github,
    "sarif": render_sarif,
}


def render(report: AuditReport, format: str = "text", colour: bool = False) -> str:
    """The report in one of :data:`RENDERERS`' formats."""
    return RENDERERS[format](report, colour=colour)


def render_rules(colour: bool = False) -> str:
    """The rule list: code, slug, default severity and summary, one per line."""
    listed = list(iter_rules())
    width = max(len(r.name) for r in listed)
    return "".join(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}\n" for r in listed)
