"""What an audit returns: findings with a rule, a severity, a subject and a location."""

from __future__ import annotations

from collections import Counter
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kevidence.errors import Location


class Severity(str, Enum):
    """How serious a finding is; ``error`` fails an audit by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: compare severities with it."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class FindingLocation(BaseModel):
    """Where a finding points: a file and, where known, a line and a JSON path."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = Field(default=None, description="The data file.")
    line: int | None = Field(default=None, description="1-based line in the file.")
    json_path: str | None = Field(default=None, description="JSON path of the claim, in claims files.")

    @classmethod
    def of(cls, location: Location | None) -> FindingLocation | None:
        if location is None:
            return None
        return cls(file=location.file, line=location.line, json_path=location.json_path)

    def __str__(self) -> str:
        return str(Location(self.file, self.line, self.json_path))


class Finding(BaseModel):
    """One problem the audit found, and how to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Stable rule code, e.g. 'KE001'.")
    name: str = Field(description="Stable rule slug, e.g. 'unsourced-claim'.")
    severity: Severity = Field(description="error, warning or info.")
    subject: str = Field(description="The claim id or BibTeX key the finding is about.")
    message: str = Field(description="What is wrong and how to fix it.")
    location: FindingLocation | None = Field(default=None, description="Where, when known.")
    related: tuple[str, ...] = Field(default=(), description="Other claim ids or keys involved.")

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.file or "" if loc else "", loc.line or 0 if loc else 0, self.rule, self.subject, self.message)


class AuditReport(BaseModel):
    """The findings of one audit, in a stable order, with a summary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[Finding, ...] = Field(default=(), description="Every finding, ordered by file, line, rule.")
    inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="Extra files the audit read, e.g. {'retractions': {'file': ..., 'sha256': ...}}.",
    )

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

    def to_json(self) -> dict[str, Any]:
        """``{"findings": [...], "summary": {...}}``, as ``kevidence audit --format json`` prints."""
        return {
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "summary": self.summary,
        }
