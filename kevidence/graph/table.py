"""The evidence table: the claims a query found, with their facets and the strength of their evidence.

One row per claim: facets, relief, the level the claim asserts and the best level its
sources can support (the same walk as the audit's), the sources it cites for itself, and,
apart from them, the sources contradicting it with the best level they reach. A value that
renders as aligned text, Markdown or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kevidence.claims.facets import FACETS
from kevidence.claims.model import Claim, Stance
from kevidence.graph.support import Support, SupportIndex
from kevidence.sources.evidence import CEBMLevel
from kevidence.sources.model import Source


@dataclass(frozen=True)
class EvidenceRow:
    """One claim of an evidence table."""

    claim_id: str
    statement: str
    kind: str
    #: The claim's value of each facet of :data:`kevidence.claims.facets.FACETS`, in its order
    #: (a tuple of ids, or one id or None); also readable by attribute: ``row.conditions``.
    facet_values: tuple[Any, ...]
    setting: str | None
    relief: str | None
    relief_min_days: float | None
    relief_max_days: float | None
    asserted_level: CEBMLevel | None
    supportable_level: CEBMLevel | None
    sources: tuple[str, ...]  # cited, except those cited only as contradicting
    # Sources reached through contradicting citations, and the best level they reach.
    against: tuple[str, ...] = ()
    against_level: CEBMLevel | None = None

    def __getattr__(self, name: str) -> Any:
        """A facet's value by its claim attribute: ``row.conditions``, ``row.intervention``."""
        position = _POSITIONS.get(name) if not name.startswith("_") and name != "facet_values" else None
        if position is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self.facet_values[position]

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "statement": self.statement,
            "kind": self.kind,
            **{f.attribute: list(v) if f.many else v for f, v in zip(FACETS, self.facet_values)},
            "setting": self.setting,
            "relief": None if self.relief is None else {
                "text": self.relief, "min_days": self.relief_min_days, "max_days": self.relief_max_days,
            },
            "asserted_level": int(self.asserted_level) if self.asserted_level else None,
            "supportable_level": int(self.supportable_level) if self.supportable_level else None,
            "sources": list(self.sources),
            "against": list(self.against),
            "against_level": int(self.against_level) if self.against_level else None,
        }


_POSITIONS = {f.attribute: i for i, f in enumerate(FACETS)}
# The text and Markdown forms show every facet, in the table's order.
_SHOWN = tuple(range(len(FACETS)))
_COLUMNS = ("claim", "kind", *(FACETS[i].plural if FACETS[i].many else FACETS[i].label for i in _SHOWN), "relief", "asserted", "supportable",
            "sources", "against")


def _shown(value: tuple[str, ...] | str | None) -> str:
    """A facet's value in a cell: its ids comma-separated, or "-" for none."""
    text = value if isinstance(value, str) or value is None else ", ".join(value)
    return text or "-"


@dataclass(frozen=True)
class EvidenceTable:
    """Rows of claims with facets and levels; ``str(table)`` is the aligned text form."""

    rows: tuple[EvidenceRow, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def _cells(self, row: EvidenceRow) -> tuple[str, ...]:
        return (
            row.claim_id,
            row.kind,
            *(_shown(row.facet_values[i]) for i in _SHOWN),
            row.relief or "-",
            str(int(row.asserted_level)) if row.asserted_level else "-",
            str(int(row.supportable_level)) if row.supportable_level else "-",
            ", ".join(row.sources) or "(none)",
            _against(row),
        )

    def to_text(self) -> str:
        """Aligned columns, one claim a line, then each claim's statement."""
        if not self.rows:
            return "No claims match.\n"
        table = [_COLUMNS, *(self._cells(r) for r in self.rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in table]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append("")
        lines.append(f"{len(self.rows)} claim{'s' if len(self.rows) != 1 else ''}; "
                     "levels are CEBM 2011 (1 strongest), 'supportable' is the best the sources reach, "
                     "'against' the sources contradicting the claim (with the best level they reach).")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A Markdown table with the statements."""
        if not self.rows:
            return "No claims match.\n"
        header = ("claim", "statement", *_COLUMNS[1:])
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in self.rows:
            cells = list(self._cells(row))
            cells.insert(1, row.statement)
            cells[0] = f"`{cells[0]}`"
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [r.to_dict() for r in self.rows], "count": len(self.rows)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __str__(self) -> str:
        return self.to_text()


def _against(row: EvidenceRow) -> str:
    if not row.against:
        return "-"
    level = f" (level {int(row.against_level)})" if row.against_level else ""
    return ", ".join(row.against) + level


def evidence_row(claim: Claim, support: Support) -> EvidenceRow:
    """The row of one claim, given its support (:mod:`kevidence.graph.support`): the evidence for it
    and the evidence against it."""
    relief = claim.relief
    return EvidenceRow(
        claim_id=claim.id,
        statement=claim.statement,
        kind=claim.kind.value,
        facet_values=tuple(getattr(claim, f.attribute) for f in FACETS),
        setting=claim.setting.value if claim.setting else None,
        relief=relief.text if relief else None,
        relief_min_days=relief.min_days if relief else None,
        relief_max_days=relief.max_days if relief else None,
        asserted_level=claim.evidence.level if claim.evidence else None,
        supportable_level=support.best_level,
        sources=tuple(dict.fromkeys(c.source for c in claim.citations if c.stance is not Stance.CONTRADICTS)),
        against=support.contradicting,
        against_level=support.contradicting_level,
    )


def evidence_table(
    all_claims: Mapping[str, Claim], sources: Mapping[str, Source], claims: Iterable[Claim]
) -> EvidenceTable:
    """The evidence table of some claims (e.g. a query's result), in the order given;
    ``all_claims`` are the base's claims (support flows through ``derived_from``).

    >>> import kevidence
    >>> kb = kevidence.load()
    >>> table = evidence_table(kb.claims, kb.sources, kb.query(condition="crps", kind="efficacy"))
    >>> [(r.claim_id, r.relief) for r in table.rows][:1]
    [('ketamine-crps-inpatient-relief-several-weeks', 'several weeks')]
    """
    index = SupportIndex(all_claims, sources)
    return EvidenceTable(tuple(evidence_row(c, index.support(c.id)) for c in claims))
