"""The audit rules, one module per concern; importing this package registers them all.

Codes are stable: KE001-KE017 follow the order in which the rules were specified.
"""

from kevidence.audit.rules import (
    claims,
    evidence,
    lookup,
    retraction,
    sources,
)

__all__ = ["claims", "evidence", "lookup", "retraction", "sources"]
