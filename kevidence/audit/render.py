"""Renderers of an audit report: each turns the one list of findings into a format.

``text`` for people at a terminal, ``json`` for scripts, ``markdown`` for review comments,
``github`` for workflow annotations and ``sarif`` (2.1.0) for code-scanning tools.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from json.encoder import encode_basestring
from typing import IO, Any

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
    return "".join(stream_text(report, colour))


def stream_text(report: AuditReport, colour: bool = False) -> Iterator[str]:
    """:func:`render_text` piece by piece (a file's findings at a time)."""
    for file, group in groupby(report.findings, key=_file_of):
        lines = [f"{_BOLD}{file}{_RESET}" if colour else file]
        for finding in group:
            line = _line_column(finding)
            where = f"{file}:{line}" if line else file
            severity = finding.severity.value
            if colour:
                severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
            lines.append(f"  {where}: {finding.rule} {severity} [{finding.name}] {finding.message}")
            if len(lines) >= _BATCH:
                yield "\n".join(lines) + "\n"
                lines = []
        lines.append("")
        yield "\n".join(lines) + "\n"
    lines = []
    retractions = report.inputs.get("retractions")
    if retractions:
        lines.append(f"Retractions checked against {retractions['file']} (sha256 {retractions['sha256']}).")
    if not report.findings:
        lines.append("No findings.")
    else:
        lines.append(_totals(report))
        lines.append("Run 'kevidence rules CODE' for what a rule checks and how to fix it.")
    yield "\n".join(lines) + "\n"


def render_json(report: AuditReport, colour: bool = False) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON."""
    return "".join(stream_json(report, colour))


def stream_json(report: AuditReport, colour: bool = False) -> Iterator[str]:
    """:func:`render_json` piece by piece: the very text of ``report.to_json() + "\\n"``,
    each finding encoded as it is reached (no document of every finding built first)."""
    if not report.findings:
        yield '{\n  "findings": [],'
    else:
        yield '{\n  "findings": ['
        batch: list[str] = []
        separator = "\n    "
        for finding in report.findings:
            batch.append(separator)
            batch.append(indented_json(finding.to_dict(), "    "))
            separator = ",\n    "
            if len(batch) >= _BATCH:
                yield "".join(batch)
                batch = []
        batch.append("\n  ],")
        yield "".join(batch)
    yield '\n  "summary": ' + indented_json(report.summary, "  ") + "\n}\n"


def indented_json(value: Any, pad: str = "") -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, nested
    ``pad`` deep (strings, numbers, booleans, None, lists, tuples and dicts with string keys).

    >>> indented_json({"a": [1, None], "b": {}, "c": "é"})
    '{\\n  "a": [\\n    1,\\n    null\\n  ],\\n  "b": {},\\n  "c": "é"\\n}'
    """
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = pad + "  "
        parts = [f"{encode_basestring(k)}: {indented_json(v, inner)}" for k, v in value.items()]
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + inner + (",\n" + inner).join([indented_json(v, inner) for v in value]) + "\n" + pad + "]"
    if kind is int:
        return int.__repr__(value)
    # Anything else (booleans, floats, str or int subclasses, keys that are not strings): as
    # json writes it, its lines moved ``pad`` to the right.
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
    return json.dumps(value, ensure_ascii=False)


#: Lines or findings written at a time: few large writes, none holding the whole report.
_BATCH = 512


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: AuditReport, colour: bool = False) -> str:
    """A Markdown report: totals, then one table per file."""
    return "".join(stream_markdown(report, colour))


def stream_markdown(report: AuditReport, colour: bool = False) -> Iterator[str]:
    """:func:`render_markdown` piece by piece."""
    return _joined(_markdown_lines(report))


def _markdown_lines(report: AuditReport) -> Iterator[str]:
    yield from ("# kevidence audit", "", _totals(report) if report.findings else "No findings.", "")
    retractions = report.inputs.get("retractions")
    if retractions:
        yield from (f"Retractions checked against `{retractions['file']}` (sha256 `{retractions['sha256']}`).", "")
    for file, group in groupby(report.findings, key=_file_of):
        yield from (f"## `{file}`", "", "| Line | Severity | Rule | Subject | Message |", "|---:|---|---|---|---|")
        for f in group:
            yield f"| {_line_column(f)} | {f.severity.value} | `{f.rule}` {f.name} | `{_md(f.subject)}` | {_md(f.message)} |"
        yield ""


def _joined(lines: Iterable[str]) -> Iterator[str]:
    """``"\\n".join(lines).rstrip("\\n") + "\\n"`` in batches of lines, for lines that do not
    themselves end with a line break: blank lines are held back until a line follows them."""
    batch: list[str] = []
    blanks = 0
    written = False
    for line in lines:
        if not line:
            blanks += 1
            continue
        if blanks:
            batch.append("\n" * blanks)
            blanks = 0
        batch.append(line + "\n")
        written = True
        if len(batch) >= _BATCH:
            yield "".join(batch)
            batch = []
    yield "".join(batch) if written else "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: AuditReport, colour: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=KE001 slug::message``."""
    return "".join(stream_github(report, colour))


def stream_github(report: AuditReport, colour: bool = False) -> Iterator[str]:
    """:func:`render_github` piece by piece."""
    out: list[str] = []
    for f in report.findings:
        props = []
        if f.location and f.location.file:
            props.append(f"file={_gh_property(f.location.file)}")
            if f.location.line:
                props.append(f"line={f.location.line}")
                if f.location.column:
                    props.append(f"col={f.location.column}")
        props.append(f"title={_gh_property(f'{f.rule} {f.name}')}")
        out.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_data(f.message)}\n")
        if len(out) >= _BATCH:
            yield "".join(out)
            out = []
    yield "".join(out)


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
    rules = list(iter_rules())
    index = {r.code: i for i, r in enumerate(rules)}
    return _sarif_log(report, rules, [_sarif_result(f, index) for f in report.findings], version)


def _sarif_log(report: AuditReport, rules: list[Rule], results: list[Any], version: str | None) -> dict[str, Any]:
    from kevidence import __version__

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


def _sarif_result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    """One finding as a SARIF result; ``index`` holds each rule's place in the driver's rules."""
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
    return result


def render_sarif(report: AuditReport, colour: bool = False) -> str:
    """SARIF 2.1.0 JSON, one run, every rule's documentation in the driver."""
    return "".join(stream_sarif(report, colour))


# Where the results go in the encoded log: a string no finding's data can produce (its
# control characters are escaped in JSON), replaced by the results as they are encoded.
_RESULTS_HERE = "\x00results\x00"
_RESULTS_PAD = " " * 8  # the results' depth in the log: runs, the run, its results


def stream_sarif(report: AuditReport, colour: bool = False) -> Iterator[str]:
    """:func:`render_sarif` piece by piece: the log around the results first, then each
    result encoded as it is reached."""
    rules = list(iter_rules())
    if not report.findings:
        yield indented_json(_sarif_log(report, rules, [], None)) + "\n"
        return
    index = {r.code: i for i, r in enumerate(rules)}
    head, tail = indented_json(_sarif_log(report, rules, [_RESULTS_HERE], None)).split(
        encode_basestring(_RESULTS_HERE))
    batch = [head]
    separator = ""
    for finding in report.findings:
        batch.append(separator)
        batch.append(indented_json(_sarif_result(finding, index), _RESULTS_PAD))
        separator = ",\n" + _RESULTS_PAD
        if len(batch) >= _BATCH:
            yield "".join(batch)
            batch = []
    batch.append(tail + "\n")
    yield "".join(batch)


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "github": render_github,
    "sarif": render_sarif,
}


#: Each format's renderer piece by piece: the pieces joined are the :data:`RENDERERS`' text.
STREAMS: dict[str, Callable[..., Iterator[str]]] = {
    "text": stream_text,
    "json": stream_json,
    "markdown": stream_markdown,
    "github": stream_github,
    "sarif": stream_sarif,
}


def render(report: AuditReport, format: str = "text", colour: bool = False) -> str:
    """The report in one of :data:`RENDERERS`' formats."""
    return RENDERERS[format](report, colour=colour)


def write_report(report: AuditReport, out: IO[str], format: str = "text", colour: bool = False) -> None:
    """Write the report in one of :data:`RENDERERS`' formats to ``out`` as it is rendered: the
    same text as :func:`render`, never held whole in memory."""
    for piece in STREAMS[format](report, colour=colour):
        if piece:
            out.write(piece)


def render_rules(colour: bool = False) -> str:
    """The rule list: code, slug, default severity and summary, one per line."""
    listed = list(iter_rules())
    width = max(len(r.name) for r in listed)
    return "".join(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}\n" for r in listed)
