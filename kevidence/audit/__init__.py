"""The audit: a registry of documented rules and one list of findings that renderers format.

The names below load on first use (see :mod:`kevidence.lazy`), so that importing a module of
this package does not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names

_HOMES = {
    "AuditConfig": "kevidence.audit.config", "audit_arguments": "kevidence.audit.config",
    "find_config": "kevidence.audit.config", "load_config": "kevidence.audit.config",
    "run_audit": "kevidence.audit.engine", "selected_rules": "kevidence.audit.engine",
    "AuditReport": "kevidence.audit.model", "Finding": "kevidence.audit.model",
    "FindingLocation": "kevidence.audit.model", "Severity": "kevidence.audit.model",
    "Rule": "kevidence.audit.registry", "find_rule": "kevidence.audit.registry",
    "iter_rules": "kevidence.audit.registry", "rules": "kevidence.audit.registry",
    "RENDERERS": "kevidence.audit.render", "render": "kevidence.audit.render",
    "Retractions": "kevidence.audit.retractions", "load_retractions": "kevidence.audit.retractions",
    "parse_retractions": "kevidence.audit.retractions",
}

__all__ = sorted(_HOMES)

lazy_names(__name__, _HOMES)

if TYPE_CHECKING:
    from kevidence.audit.config import AuditConfig, audit_arguments, find_config, load_config
    from kevidence.audit.engine import run_audit, selected_rules
    from kevidence.audit.model import AuditReport, Finding, FindingLocation, Severity
    from kevidence.audit.registry import Rule, find_rule, iter_rules, rules
    from kevidence.audit.render import RENDERERS, render
    from kevidence.audit.retractions import Retractions, load_retractions, parse_retractions
