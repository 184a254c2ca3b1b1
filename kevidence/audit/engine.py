"""Running the audit: select rules, apply suppressions, order findings. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kevidence.audit import rules as _rules  # noqa: F401  (registers the rules)
from kevidence.audit.context import AuditContext, AuditSubject
from kevidence.audit.model import AuditReport, Finding, Severity
from kevidence.audit.registry import RULES, Rule, find_rule, iter_rules
from kevidence.errors import KevidenceError, Location, Problem, closest


def _matches(rule: Rule, selector: str) -> bool:
    wanted = selector.strip()
    return rule.name == wanted.lower() or rule.code.startswith(wanted.upper())


def check_selectors(selectors: Iterable[str]) -> None:
    """Raise a :class:`KevidenceError` for a selector that matches no rule."""
    bad = [s for s in selectors if not any(_matches(r, s) for r in RULES.values())]
    if bad:
        names = [r.name for r in RULES.values()] + list(RULES)
        problems = []
        for selector in bad:
            guess = closest(selector, names)
            problems.append(Problem(Location(None), f"no audit rule matches {selector!r}",
                                    f"did you mean {guess!r}?" if guess else "see 'kevidence rules'"))
        raise KevidenceError("unknown audit rule", problems)


def selected_rules(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[Rule]:
    """The rules to run: all (or those matching ``select``), minus those matching ``ignore``.

    Selectors are codes (``KE001``), code prefixes (``KE0``) or slugs (``unsourced-claim``).
    """
    check_selectors([*(select or ()), *(ignore or ())])
    chosen = [r for r in iter_rules() if not select or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in (ignore or ()))]


def _suppressed(finding: Finding, kb: AuditSubject) -> bool:
    claim = kb.claims.get(finding.subject)
    if claim is None:
        return False
    return any(find_rule(s.rule) is RULES.get(finding.rule) for s in claim.suppressions)


def run_audit(
    kb: AuditSubject,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    severities: Mapping[str, Severity | str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> AuditReport:
    """Run the selected rules over a knowledge base and return the report.

    ``severities`` overrides default severities by code or slug.
    """
    ctx = AuditContext(kb, dict(settings or {}))
    overrides: dict[str, Severity] = {}
    for selector, severity in (severities or {}).items():
        target = find_rule(selector)
        if target is None:
            check_selectors([selector])
            continue
        overrides[target.code] = Severity(severity)
    findings: list[Finding] = []
    for current in selected_rules(select, ignore):
        for finding in current.check(ctx, current):
            if _suppressed(finding, kb):
                continue
            if current.code in overrides:
                finding = finding.model_copy(update={"severity": overrides[current.code]})
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return AuditReport(findings=tuple(findings))
