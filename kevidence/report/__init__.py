"""An HTML report an editor can look at: the article annotated with its evidence (or every
claim of the base), the findings, the levels reached and the evidence graph, in one file.

>>> from kevidence.report import build_report, render_report, write_report

Templates and the template engine load on first use: importing this package costs nothing.
"""

from __future__ import annotations

from kevidence.lazy import lazy_names

_EXPORTS = {
    "build_report": "kevidence.report.model",
    "Report": "kevidence.report.model",
    "render_report": "kevidence.report.render",
    "write_report": "kevidence.report.render",
}

__all__ = sorted(_EXPORTS)

lazy_names(__name__, _EXPORTS)
