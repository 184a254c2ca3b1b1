"""`kevidence query --contradicted`, `trace` and `audit` on a copy of the bundled data in which a
meta-analysis is recorded as contradicting a claim."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.evidence.conftest import kevidence_command


def contradicted_by_orhurhu(claim: dict[str, Any]) -> None:
    claim["citations"].append({"source": "orhurhu2019", "stance": "contradicts"})


@pytest.mark.slow
def test_query_trace_and_audit_show_the_evidence_against(data_copy) -> None:
    folder = data_copy({"ketamine-sci-relief-two-weeks": contradicted_by_orhurhu})
    result = kevidence_command("query", "--contradicted", "--format", "json", "--claims", folder / "claims.json",
                        "--bib", folder / "references.bib")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)["claims"]
    assert (row["claim"], row["sources"], row["against"], row["against_level"]) == (
        "ketamine-sci-relief-two-weeks", ["maher2017"], ["orhurhu2019"], 1)

    trace = kevidence_command("trace", "ketamine-sci-relief-two-weeks", folder)
    assert trace.returncode == 0, trace.stderr
    assert "Evidence against: CEBM level 1 via orhurhu2019" in trace.stdout

    audit = kevidence_command("audit", folder, "--select", "contradicted-claim", "--format", "json")
    assert audit.returncode == 1
    [finding] = json.loads(audit.stdout)["findings"]
    assert (finding["rule"], finding["severity"], finding["subject"]) == ("KE018", "error", "ketamine-sci-relief-two-weeks")


def test_query_contradicted_on_the_bundled_data_finds_nothing() -> None:
    result = kevidence_command("query", "--contradicted")
    assert (result.returncode, result.stdout) == (0, "No claims match.\n")
