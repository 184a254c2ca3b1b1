"""bench.claimcost: what a loaded claim costs, field by field, and the docs' table of it."""

from __future__ import annotations

import re
from pathlib import Path

import kevidence
from bench.claimcost import claim_cost, render
from bench.generate import generate
from kevidence.claims.model import Claim

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def test_every_field_of_a_claim_has_a_row_and_the_rows_add_up(tmp_path: Path) -> None:
    folder = generate(tmp_path / "base", 50, 300, 1).folder
    rows, claims = claim_cost(kevidence.load(folder))
    assert claims == 300
    named = {r.what.strip("`") for r in rows}
    assert set(Claim.model_fields) <= named
    by_name = {r.what.strip("`"): r.per_claim for r in rows}
    assert by_name["statement"] > 0 and by_name["citations"] > 0  # every generated claim has both
    table = render(rows, claims, 5000.0)
    counted = float(re.search(r"\*\*counted above\*\* \| \*\*([\d,]+)\*\*", table).group(1).replace(",", ""))
    assert abs(counted - sum(r.per_claim for r in rows)) < 1


def test_the_docs_table_lists_every_field_of_a_claim() -> None:
    section = DOCS.read_text(encoding="utf-8").split("## What a claim costs", 1)[1].split("\n## ", 1)[0]
    for name in Claim.model_fields:
        assert f"| `{name}` |" in section, name
