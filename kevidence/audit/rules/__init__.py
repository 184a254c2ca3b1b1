"""The audit rules, one module per concern; importing this package registers them all.

Codes are stable: KE001-KE021 follow the order in which the rules were specified.
"""

from kevidence.audit.rules import claims, evidence, quotations, retraction, sources  # noqa: F401

__all__ = ["claims", "evidence", "quotations", "retraction", "sources"]
