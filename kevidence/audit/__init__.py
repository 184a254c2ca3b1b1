"""The audit: a registry of documented rules and one list of findings that renderers format."""

from kevidence.audit.config import AuditConfig, audit_arguments, find_config, load_config
from kevidence.audit.engine import run_audit, selected_rules
from kevidence.audit.model import AuditReport, Finding, FindingLocation, Severity
from kevidence.audit.registry import RULES, Rule, find_rule, iter_rules
from kevidence.audit.render import RENDERERS, render
from kevidence.audit.retractions import Retractions, load_retractions, parse_retractions

__all__ = [
    "RENDERERS", "RULES", "AuditConfig", "AuditReport", "Finding", "FindingLocation", "Retractions",
    "Rule", "Severity", "audit_arguments", "find_config", "find_rule", "iter_rules", "load_config",
    "load_retractions", "parse_retractions", "render", "run_audit", "selected_rules",
]
