"""One step around a claim or source, as functions over the graph and as KnowledgeBase methods."""

from __future__ import annotations

from pathlib import Path

import pytest

import kevidence
from kevidence import (
    CEBMLevel,
    Citation,
    Claim,
    KnowledgeBase,
    UnknownClaimError,
    UnknownSourceError,
    cited_sources,
    citing_claim_ids,
    citing_sources,
    derived_claim_ids,
    derived_from,
    source_keys,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return kevidence.load()


def test_sources_of_a_claim(kb: KnowledgeBase) -> None:
    assert source_keys(kb.graph, "ketamine-beneficial-when-other-drugs-failed") == ["maher2017", "allen2017"]
    assert [s.key for s in kb.sources_of("ketamine-beneficial-when-other-drugs-failed")] == ["maher2017", "allen2017"]
    assert source_keys(kb.graph, "crps-definition") == []


def test_claims_citing_a_source_are_in_file_order(kb: KnowledgeBase) -> None:
    expected = [c.id for c in kb.claims.values() if "nhs2020" in c.sources]
    assert citing_claim_ids(kb.graph, "nhs2020") == expected
    assert len(expected) == 13


def test_derived_claims(kb: KnowledgeBase) -> None:
    assert derived_claim_ids(kb.graph, "ketamine-longer-infusions-longer-relief") == [
        "ketamine-longer-relief-explained-by-duration-or-dose"
    ]
    assert derived_from(kb.graph, "ketamine-longer-relief-explained-by-duration-or-dose") == [
        "ketamine-higher-total-dose-more-relief", "ketamine-longer-infusions-longer-relief"
    ]
    assert [c.id for c in kb.derived_claims("crps-six-ketamine-studies")] == [
        "ketamine-crps-inpatient-relief-several-weeks", "ketamine-crps-outpatient-relief-several-months"
    ]


def test_transitive_derivation_stops_at_cycles() -> None:
    claims = [
        Claim(id="a", statement="a", kind="efficacy", derived_from=("c",)),
        Claim(id="b", statement="b", kind="efficacy", derived_from=("a",)),
        Claim(id="c", statement="c", kind="efficacy", derived_from=("b",)),
        Claim(id="d", statement="d", kind="efficacy", derived_from=("c",), citations=(Citation(source="k"),)),
    ]
    kb = KnowledgeBase.from_models(claims)
    assert derived_claim_ids(kb.graph, "a") == ["b"]
    assert derived_claim_ids(kb.graph, "a", transitive=True) == ["b", "c", "d"]
    assert citing_claim_ids(kb.graph, "k") == ["d"]


def test_source_to_source_citations() -> None:
    sources = [
        kevidence.Source.model_construct(key="rev", entry_type="article", fields={"cites": "t1, t2"}, line=None),
        kevidence.Source.model_construct(key="t1", entry_type="article", fields={}, line=None),
    ]
    kb = KnowledgeBase.from_models([], sources)
    assert cited_sources(kb.graph, "rev") == ["t1", "t2"]
    assert citing_sources(kb.graph, "t2") == ["rev"]


def test_unknown_ids_suggest_the_closest(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownClaimError, match="did you mean 'crps-definition'"):
        source_keys(kb.graph, "crps-defintion")
    with pytest.raises(UnknownSourceError, match="did you mean 'allen2017'"):
        citing_claim_ids(kb.graph, "alen2017")
    with pytest.raises(UnknownClaimError):
        kb.derived_claims("nope-nothing")


def test_evidence_table_rows(kb: KnowledgeBase) -> None:
    table = kb.evidence_table(cites="orhurhu2019")
    assert [r.claim_id for r in table.rows] == ["ketamine-short-term-benefit-refractory-chronic-pain", "ketamine-dose-response"]
    first = table.rows[0]
    assert (first.relief, first.relief_max_days, int(first.supportable_level), first.asserted_level) == (
        "short-term", 90.0, 1, None)
    assert first.sources == ("orhurhu2019",)
    assert kevidence.evidence_table(kb.claims, kb.sources, kb.query(cites="orhurhu2019")) == table
    assert "ketamine-dose-response" in table.to_text()
    assert table.to_dict()["count"] == 2
    assert kb.evidence_table(condition="crps", kind="safety").to_text() == "No claims match.\n"


def test_evidence_table_shows_the_evidence_against_apart(tmp_path: Path) -> None:
    import json

    (tmp_path / "claims.json").write_text(json.dumps({"claims": [
        {"id": "a", "statement": "A", "kind": "efficacy",
         "citations": [{"source": "review2017"}, {"source": "meta2019", "stance": "contradicts"}]},
        {"id": "b", "statement": "B", "kind": "efficacy", "citations": [{"source": "review2017"}]},
    ]}), encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        "@article{review2017, title = {R}, year = {2017}, studydesign = {narrative-review}}\n"
        "@article{meta2019, title = {M}, year = {2019}, studydesign = {meta-analysis-of-rcts}}\n", encoding="utf-8")
    kb = kevidence.load(tmp_path)
    table = kevidence.evidence_table(kb.claims, kb.sources, kb.claims.values())
    a, b = table.rows
    assert (a.sources, a.against, a.against_level) == (("review2017",), ("meta2019",), CEBMLevel(1))
    assert (b.against, b.against_level) == ((), None)
    header, _, row_a, row_b, *_ = table.to_text().splitlines()
    assert header.split()[-1] == "against"
    assert row_a.endswith("meta2019 (level 1)") and row_b.endswith("-")
    assert table.to_dict()["claims"][0]["against"] == ["meta2019"]
    assert "| meta2019 (level 1) |" in table.to_markdown()


@pytest.mark.parametrize(("old", "new", "method"), [
    ("sources_of", "source_keys", "sources_of"),
    ("citing_claims", "citing_claim_ids", "citing_claims"),
    ("derived_claims", "derived_claim_ids", "derived_claims"),
])
def test_a_name_gives_one_kind_of_thing(kb: KnowledgeBase, old: str, new: str, method: str) -> None:
    """kb.sources_of gives Source objects; the graph function that gives keys has its own name,
    and its old name (shared with the method) still works, with a warning naming the new one."""
    import importlib

    subject = "orhurhu2019" if old == "citing_claims" else (
        "crps-six-ketamine-studies" if old == "derived_claims" else "ketamine-beneficial-when-other-drugs-failed")
    objects = getattr(kb, method)(subject)
    names = getattr(kevidence, new)(kb.graph, subject)
    assert objects and all(not isinstance(o, str) for o in objects)
    assert names == [getattr(o, "key", None) or o.id for o in objects]
    for module in (kevidence, importlib.import_module("kevidence.graph.neighbourhood")):
        with pytest.warns(DeprecationWarning, match=rf"{old} is renamed .*{new}.*removed in kevidence 0\.4"):
            function = getattr(module, old)
        assert function is getattr(kevidence, new)
        assert old not in getattr(module, "__all__", ())
    with pytest.raises(AttributeError):
        kevidence.no_such_name  # noqa: B018
