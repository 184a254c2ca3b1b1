"""Rules about claims: unsourced-claim, dangling-citation, duplicate-claim, circular-derivation,
unused-suppression. Each has a knowledge base that triggers it and one that does not."""

from __future__ import annotations

from tests.audit.audit_helpers import claim, subjects
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.text import normalize_text, typography


def test_unsourced_claim_severity_by_kind(make_kb):
    kb = make_kb([claim("eff", "efficacy"), claim("bg", "background"), claim("ok", "efficacy", ("trial2020",))])
    found = {f.subject: f.severity.value for f in kb.audit(select=["unsourced-claim"]).findings}
    assert found == {"eff": "error", "bg": "warning"}


def test_unsourced_claim_suppressed_with_reason(make_kb):
    kb = make_kb([claim("svc", "service", suppressions=[{"rule": "KE001", "reason": "The clinic's own service."}])])
    report = kb.audit()
    assert subjects(report, "unsourced-claim") == []
    assert subjects(report, "unused-suppression") == []


def test_dangling_citation(make_kb):
    kb = make_kb([claim("a", "efficacy", ("trial2021",)), claim("b", "efficacy", ("trial2020",))])
    findings = kb.audit(select=["KE002"]).findings
    assert [f.subject for f in findings] == ["a"]
    assert "trial2020" in findings[0].message  # the did-you-mean hint names the close key
    assert findings[0].location.file.endswith("claims.json") and findings[0].location.line


def test_duplicate_claim(make_kb):
    kb = make_kb([
        claim("a", statement="Ketamine is used for neuropathic pain."),
        claim("b", statement="ketamine is USED for  neuropathic pain"),
        claim("c", statement="Ketamine is used for nociceptive pain."),
    ])
    findings = kb.audit(select=["duplicate-claim"]).findings
    assert [(f.subject, f.related) for f in findings] == [("b", ("a",))]


def test_no_duplicate_claim_for_different_statements(make_kb):
    kb = make_kb([claim("a", statement="One thing."), claim("b", statement="Another thing.")])
    assert kb.audit(select=["duplicate-claim"]).findings == ()


def test_circular_derivation(make_kb):
    kb = make_kb([
        claim("a", derived_from=["b"]), claim("b", derived_from=["c"]), claim("c", derived_from=["a"]),
        claim("d", derived_from=["a"]),
    ])
    findings = kb.audit(select=["circular-derivation"]).findings
    assert len(findings) == 1
    assert findings[0].subject == "a" and set(findings[0].related) == {"b", "c"}
    assert "a -> b -> c -> a" in findings[0].message


def test_chain_without_cycle_is_fine(make_kb):
    kb = make_kb([claim("a", derived_from=["b"]), claim("b", derived_from=["c"]), claim("c")])
    assert kb.audit(select=["circular-derivation"]).findings == ()


def test_unused_suppression(make_kb):
    kb = make_kb([
        claim("sourced", "efficacy", ("trial2020",), suppressions=[{"rule": "unsourced-claim", "reason": "Old reason."}]),
        claim("typo", "background", ("trial2020",), suppressions=[{"rule": "unsourced-clam", "reason": "Typo here."}]),
    ])
    findings = kb.audit(select=["unused-suppression"]).findings
    assert [f.subject for f in findings] == ["sourced", "typo"]
    assert "did you mean 'unsourced-claim'" in findings[1].message


def test_used_suppression_of_a_rule_not_selected(make_kb):
    kb = make_kb([claim("svc", "service", suppressions=[{"rule": "unsourced-claim", "reason": "Own service."}])])
    assert kb.audit(select=["unused-suppression"]).findings == ()


@settings(max_examples=100)
@given(st.text())
def test_normalize_text_is_idempotent_and_case_blind(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert normalize_text(text.upper()) == normalize_text(text.lower()) or not text.isascii()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), max_size=3, unique=True), min_size=1, max_size=10))
def test_circular_derivation_finds_every_cycle_and_nothing_else(parents: list[list[int]]) -> None:
    import networkx as nx

    from kevidence import Claim, KnowledgeBase

    n = len(parents)
    claims = [Claim(id=f"c{i}", statement=f"s{i}", kind="background",
                    derived_from=tuple(f"c{p}" for p in ps)) for i, ps in enumerate(parents)]
    kb = KnowledgeBase.from_models(claims)
    found = {frozenset((f.subject, *f.related)) for f in kb.audit(select=["circular-derivation"]).findings}
    # The same question asked of networkx on the whole derivation graph.
    graph = nx.DiGraph()
    graph.add_edges_from((f"c{i}", f"c{p}") for i, ps in enumerate(parents) for p in ps if p < n)
    expected = {frozenset(c) for c in nx.strongly_connected_components(graph)
                if len(c) > 1 or graph.has_edge(next(iter(c)), next(iter(c)))}
    assert found == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii")) | st.text())
def test_normalize_text_equals_its_definition(text: str) -> None:
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", typography(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert normalize_text(text) == " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())
