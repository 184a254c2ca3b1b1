"""What an audit returns: findings with a rule, a severity, a subject and a location.

A large base can have hundreds of thousands of findings, so a :class:`Finding` is a plain
immutable record (a named tuple: cheap to build, compare and sort), not a validated model; the
rules that build findings are kevidence's own code.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from operator import itemgetter
from typing import Any, NamedTuple

from kevidence.errors import Location


class Severity(str, Enum):
    """How serious a finding is; ``error`` fails an audit by default.

    The members stand from the most serious to the least: that order is the one every list,
    count and page of findings follows (``list(Severity)``).
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: compare severities with it."""
        return _RANKS[self]


_RANKS = {severity: len(Severity) - 1 - i for i, severity in enumerate(Severity)}


def severity_choices() -> str:
    """The severities as a message offers them: ``'error', 'warning' or 'info'``."""
    *first, last = (f"'{s.value}'" for s in Severity)
    return f"{', '.join(first)} or {last}"

#: Where a finding points: a file and, where known, a 1-based line and a JSON path.
FindingLocation = Location


class Finding(NamedTuple):
    """One problem the audit found, and how to fix it.

    >>> f = Finding("KE001", "unsourced-claim", Severity.ERROR, "a", "claim 'a' cites no source")
    >>> f.to_dict()["severity"], f.location
    ('error', None)
    """

    rule: str
    """Stable rule code, e.g. 'KE001'."""
    name: str
    """Stable rule slug, e.g. 'unsourced-claim'."""
    severity: Severity
    """error, warning or info."""
    subject: str
    """The claim id or BibTeX key the finding is about."""
    message: str
    """What is wrong and how to fix it."""
    location: Location | None = None
    """Where, when known."""
    related: tuple[str, ...] = ()
    """Other claim ids or keys involved."""

    def sort_key(self) -> tuple[Any, ...]:
        """File, line, rule, subject, message: the order of a report."""
        return report_order(self)

    def with_severity(self, severity: Severity) -> Finding:
        """The same finding at another severity (a configured override)."""
        return self._replace(severity=severity)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data, as ``kevidence audit --format json`` prints it."""
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message,
            "location": None if self.location is None else self.location.to_dict(),
            "related": list(self.related),
        }


def report_order(finding: Finding) -> tuple[Any, ...]:
    """:meth:`Finding.sort_key` as a plain function reading the tuple by position (a report
    of a large base sorts hundreds of thousands of findings)."""
    rule, _, _, subject, message, loc, _ = finding
    if loc is None:
        return ("", 0, rule, subject, message)
    return (loc[0] or "", loc[1] or 0, rule, subject, message)


def _file_of(finding: Finding) -> str:
    loc = finding[5]
    return "" if loc is None else loc[0] or ""


def _line_of(finding: Finding) -> int:
    loc = finding[5]
    return 0 if loc is None else loc[1] or 0


_BY_MESSAGE, _BY_SUBJECT, _BY_RULE = itemgetter(4), itemgetter(3), itemgetter(0)


def sort_for_report(findings: list[Finding]) -> None:
    """Sort ``findings`` in place into :func:`report_order`, one field at a time from the last
    (the sort is stable): each pass's keys are values the findings hold already, where sorting
    by :func:`report_order` would build a tuple for every finding at once (tens of MiB at the
    end of a large base's audit, when its memory is at its peak)."""
    for key in (_BY_MESSAGE, _BY_SUBJECT, _BY_RULE, _line_of, _file_of):
        findings.sort(key=key)


@dataclass(frozen=True)
class AuditReport:
    """The findings of one audit, in a stable order, with a summary."""

    findings: tuple[Finding, ...] = ()
    """Every finding, ordered by file, line, rule."""
    inputs: dict[str, Any] = field(default_factory=dict)
    """Extra files the audit read, e.g. {'retractions': {'file': ..., 'sha256': ...}}."""

    @property
    def summary(self) -> dict[str, Any]:
        """Counts by severity and by rule."""
        by_severity = Counter(f.severity.value for f in self.findings)
        by_rule = Counter(f"{f.rule} {f.name}" for f in self.findings)
        summary: dict[str, Any] = {
            "total": len(self.findings),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_rule": dict(sorted(by_rule.items())),
        }
        if self.inputs:
            summary["inputs"] = self.inputs
        return summary

    def at_or_above(self, severity: Severity) -> list[Finding]:
        """Findings at least as serious as ``severity``."""
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def by_rule(self, name_or_code: str) -> list[Finding]:
        """Findings of one rule, by code or slug."""
        return [f for f in self.findings if name_or_code in (f.rule, f.name)]

    def to_dict(self) -> dict[str, Any]:
        """``{"findings": [...], "summary": {...}}`` as JSON-ready data."""
        return {"findings": [f.to_dict() for f in self.findings], "summary": self.summary}

    def to_json(self, indent: int | None = 2) -> str:
        """The report as the JSON document ``kevidence audit --format json`` prints."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
