"""Running the audit: select rules, apply suppressions, order findings. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kevidence.audit.context import AuditContext, AuditSubject
from kevidence.audit.model import AuditReport, Finding, Severity, severity_choices, sort_for_report
from kevidence.audit.registry import Rule, find_rule, iter_rules, rule_names, rules
from kevidence.audit.retractions import Retractions
from kevidence.errors import KevidenceError, Location, Problem, did_you_mean

if TYPE_CHECKING:
    from kevidence.article.analysis import ArticleAnalysis


def _matches(rule: Rule, selector: str) -> bool:
    wanted = selector.strip()
    return rule.name == wanted.lower() or rule.code.startswith(wanted.upper())


def check_selectors(selectors: Iterable[str]) -> None:
    """Raise a :class:`KevidenceError` for a selector that matches no rule."""
    bad = [s for s in selectors if not any(_matches(r, s) for r in rules().values())]
    if bad:
        names = rule_names()
        problems = [Problem(Location(None), f"no audit rule matches {selector!r}",
                            did_you_mean(selector, names, "see 'kevidence rules'")) for selector in bad]
        raise KevidenceError("unknown audit rule", problems)


def selected_rules(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[Rule]:
    """The rules to run: all (or those matching ``select``), minus those matching ``ignore``.

    Selectors are codes (``KE001``), code prefixes (``KE0``) or slugs (``unsourced-claim``).

    >>> [r.code for r in selected_rules(select=["KE00"], ignore=["dangling-citation", "KE003"])][:3]
    ['KE001', 'KE004', 'KE005']
    """
    check_selectors([*(select or ()), *(ignore or ())])
    chosen = [r for r in iter_rules() if not select or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in (ignore or ()))]


def severity_overrides(severities: Mapping[str, Severity | str] | None) -> dict[str, Severity]:
    """Rule code -> severity from overrides keyed by code or slug; errors name what is wrong."""
    overrides: dict[str, Severity] = {}
    for selector, severity in (severities or {}).items():
        target = find_rule(selector)
        if target is None:
            check_selectors([selector])
            # A prefix matched: the override applies to every rule it selects.
            targets = [r for r in rules().values() if _matches(r, selector)]
        else:
            targets = [target]
        try:
            level = Severity(str(getattr(severity, "value", severity)).lower())
        except ValueError:
            raise KevidenceError(
                "bad severity override",
                [Problem(Location(None), f"{selector}: {severity!r} is not a severity",
                         "use " + severity_choices())],
            ) from None
        for each in targets:
            overrides[each.code] = level
    return overrides


def _suppressions(kb: AuditSubject) -> set[tuple[str, str]]:
    """(claim id, rule code) for every suppression that names a rule (read once per audit)."""
    pairs: set[tuple[str, str]] = set()
    for claim in kb.claims.values():
        for suppression in claim.suppressions:
            target = find_rule(suppression.rule)
            if target is not None:
                pairs.add((claim.id, target.code))
    return pairs


def run_audit(
    kb: AuditSubject,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    severities: Mapping[str, Severity | str] | None = None,
    settings: Mapping[str, Any] | None = None,
    *,
    article: ArticleAnalysis | None = None,
) -> AuditReport:
    """Run the selected rules over a knowledge base and return the report.

    ``severities`` overrides default severities by code, prefix or slug. ``settings`` holds
    rule settings: ``stale-years`` (int), ``retractions`` (a parsed
    :class:`~kevidence.audit.retractions.Retractions`), ``today`` (a date, for stale-source).
    ``article`` is an article's analysis for the article rules (KE101-KE110) to judge; without
    one they find nothing. A finding on a claim whose ``suppressions`` name its rule is dropped.
    """
    ctx = AuditContext(kb, dict(settings or {}), article=article)
    overrides = severity_overrides(severities)
    chosen = selected_rules(select, ignore)
    suppressions = _suppressions(kb)
    findings: list[Finding] = []
    for current in [r for r in chosen if not r.late] + [r for r in chosen if r.late]:
        code = current.code
        override = overrides.get(code)
        for finding in current.check(ctx, current):
            if suppressions and (finding.subject, code) in suppressions:
                ctx.suppressed.add((finding.subject, code))
                continue
            findings.append(finding if override is None else finding.with_severity(override))
        ctx.ran.add(code)
    sort_for_report(findings)
    inputs: dict[str, Any] = {}
    retractions = ctx.setting("retractions")
    if isinstance(retractions, Retractions):
        inputs["retractions"] = {"file": retractions.file, "sha256": retractions.sha256,
                                 "notices": len(retractions.notices)}
    return AuditReport(findings=tuple(findings), inputs=inputs)
