"""The audit: a registry of documented rules and one list of findings that renderers format."""

from kevidence.audit.engine import run_audit, selected_rules
from kevidence.audit.model import AuditReport, Finding, FindingLocation, Severity
from kevidence.audit.registry import RULES, Rule, find_rule, iter_rules

__all__ = [
    "RULES", "AuditReport", "Finding", "FindingLocation", "Rule", "Severity", "find_rule",
    "iter_rules", "run_audit", "selected_rules",
]
