"""The audit rules, one module per concern; importing this package registers them all.

Codes are stable: KE001-KE017 follow the order in which the rules were specified. The
article rules (KE101-KE111) live with the article reader, in :mod:`kevidence.article.rules`.
"""

from kevidence.article import rules as article
from kevidence.audit.rules import claims, evidence, retraction, sources  # noqa: F401

__all__ = ["article", "claims", "evidence", "retraction", "sources"]
