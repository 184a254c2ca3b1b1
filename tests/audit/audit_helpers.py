"""Helpers of the audit tests: claims as claims.json holds them, a valid article entry."""

from __future__ import annotations

from typing import Any

import kevidence

ARTICLE = """@article{trial2020,
  author = {Smith, J. and Jones, K.},
  title = {Intravenous Ketamine for Complex Regional Pain Syndrome: A Randomized Trial},
  journal = {Pain Journal},
  year = {2020},
  doi = {10.1000/trial.2020.1},
  pmid = {31000001},
  studydesign = {rct}
}
"""


def entry(key: str, entry_type: str = "article", **fields: str) -> str:
    """A BibTeX entry from keyword fields."""
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def claim(id: str, kind: str = "background", cites: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """A claim as claims.json holds it; ``cites`` gives citation keys with default fields."""
    data: dict[str, Any] = {"id": id, "statement": extra.pop("statement", f"Statement of {id}."), "kind": kind}
    if cites:
        data["citations"] = [{"source": key} for key in cites]
    data.update(extra)
    return data


def subjects(report: kevidence.AuditReport, name: str) -> list[str]:
    """Subjects of one rule's findings, in report order."""
    return [f.subject for f in report.findings if f.name == name]
