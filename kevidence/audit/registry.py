"""The registry of audit rules: each rule's code, slug, severity, documentation and check.

A rule lives in one place (see :mod:`kevidence.audit.rules`): the ``@rule`` decorator records
its metadata next to the function that yields its findings, so the docs an editor reads and
the behaviour cannot drift apart. :data:`RULE_MODULES` lists the modules that hold rules; they
are imported (and so register) the first time the rules are asked for.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kevidence.audit.model import Finding, Severity
from kevidence.errors import Location

if TYPE_CHECKING:
    from kevidence.audit.context import AuditContext

Check = Callable[["AuditContext", "Rule"], Iterable[Finding]]
_new_tuple = tuple.__new__


@dataclass(frozen=True)
class Rule:
    """An audit rule: stable code and slug, default severity, documentation, and its check."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str
    check: Check
    # Runs after every other rule, because it judges their findings (unused-suppression).
    late: bool = False

    def finding(
        self,
        subject: str,
        message: str,
        location: Location | None = None,
        severity: Severity | None = None,
        related: Iterable[str] = (),
    ) -> Finding:
        """A finding of this rule (at its default severity unless told otherwise)."""
        # tuple.__new__ straight away: a named tuple's own __new__ is one more Python call,
        # and a large base's audit makes hundreds of thousands of findings.
        return _new_tuple(Finding, (self.code, self.name, severity or self.severity, subject, message, location,
                                    related if type(related) is tuple else tuple(related)))

    def doc(self) -> str:
        """The rule's documentation as plain text, wrapped for a terminal."""

        def para(text: str) -> str:
            return textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  ")

        return (
            f"{self.code} {self.name} (default severity: {self.severity.value})\n\n"
            f"{textwrap.fill(self.summary, width=88)}\n\n"
            f"Why it matters\n{para(self.why)}\n\n"
            f"Example\n  {self.example}\n\n"
            f"How to fix\n{para(self.fix)}\n"
        )

    def to_dict(self) -> dict[str, str]:
        """The rule's metadata and documentation as a JSON-ready mapping."""
        return {
            "code": self.code, "name": self.name, "severity": self.severity.value,
            "summary": self.summary, "why": self.why, "example": self.example, "fix": self.fix,
        }


RULES: dict[str, Rule] = {}
"""Code -> rule, as registered so far; ask :func:`rules` for all of them."""

#: Where the rules live (importing a module registers its rules).
RULE_MODULES = (
    "kevidence.audit.rules.claims",
    "kevidence.audit.rules.evidence",
    "kevidence.audit.rules.sources",
    "kevidence.audit.rules.retraction",
    "kevidence.audit.rules.quotations",
    "kevidence.audit.rules.lookup",
    "kevidence.audit.rules.article",
)
_loaded = False


def rules() -> dict[str, Rule]:
    """Every audit rule by code (the rule modules are imported on the first call)."""
    global _loaded
    if not _loaded:
        from importlib import import_module

        for module in RULE_MODULES:
            import_module(module)
        _loaded = True
    return RULES


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    summary: str,
    why: str,
    example: str,
    fix: str,
    late: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated check function as an audit rule."""

    def register(check: Check) -> Check:
        if code in RULES or any(r.name == name for r in RULES.values()):
            raise RuntimeError(f"audit rule {code} {name} registered twice")
        RULES[code] = Rule(code, name, severity, summary, why, example, fix, check, late)
        return check

    return register


def find_rule(code_or_name: str) -> Rule | None:
    """A rule by code (``KE001``, any case) or slug (``unsourced-claim``)."""
    wanted = code_or_name.strip()
    known = rules()
    if wanted.upper() in known:
        return known[wanted.upper()]
    for candidate in known.values():
        if candidate.name == wanted.lower():
            return candidate
    return None


def rule_names() -> list[str]:
    """Every rule's slug and code: what a rule selector may name (for hints)."""
    known = rules()
    return [r.name for r in known.values()] + list(known)


def iter_rules() -> Iterator[Rule]:
    """Every registered rule, in code order."""
    return iter(sorted(rules().values(), key=lambda r: r.code))
