"""Tracing a claim to its evidence: the article's claims, small bases with cycles, random graphs."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import CEBMLevel, Citation, Claim, KnowledgeBase, Source, StudyDesign, Trace, UnknownClaimError
from kevidence.graph.network import CITES, DERIVED_FROM, claim_node, node_name, node_type
from tests.support_oracle import best_level, supporting_nodes


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return kevidence.load()


def reasons(trace: Trace) -> dict[tuple[str, ...], list[str]]:
    found: dict[tuple[str, ...], list[str]] = {}
    for dead in trace.dead_ends:
        found.setdefault(dead.path, []).append(dead.reason)
    return found


# --- the bundled article -------------------------------------------------------------------


def test_claim_resting_on_a_narrative_review(kb: KnowledgeBase) -> None:
    t = kb.trace("ketamine-longer-infusions-longer-relief")
    assert t.asserted_level == CEBMLevel(2)
    assert t.best_level is None  # a narrative review supports no level by itself
    [source] = t.root.children
    assert (source.id, source.design, source.level) == ("maher2017", StudyDesign.NARRATIVE_REVIEW, None)
    why = reasons(t)[("ketamine-longer-infusions-longer-relief", "maher2017")]
    assert any("attribution unverified" in r for r in why)
    assert any("narrative review" in r for r in why)


def test_claim_resting_on_a_web_page(kb: KnowledgeBase) -> None:
    t = kb.trace("lidocaine-immediate-long-relief")
    [source] = t.root.children
    assert source.id == "stanford2020" and source.design is StudyDesign.WEB_PAGE
    assert reasons(t) == {("lidocaine-immediate-long-relief", "stanford2020"): ["web page: not research"]}
    assert t.best_level is None


def test_a_level_reached_through_an_unverified_attribution_says_so(kb: KnowledgeBase) -> None:
    # support counts the citation (as the audit does); the trace's summary says it is unverified
    t = kb.trace("ketamine-dose-response")
    assert t.best_level == CEBMLevel(1) and t.best_unverified == ("orhurhu2019",)
    assert "Best level reached: CEBM level 1 via orhurhu2019 (attribution unverified)" in t.to_text()
    assert "`orhurhu2019` (attribution unverified)" in t.to_markdown()
    assert json.loads(t.to_json())["best_unverified"] == ["orhurhu2019"]
    assert kb.trace("ketamine-short-term-benefit-refractory-chronic-pain").best_unverified == ()


def test_claim_resting_on_nothing(kb: KnowledgeBase) -> None:
    t = kb.trace("ketamine-infusions-increasingly-popular")
    assert t.root.children == ()
    assert [d.path for d in t.dead_ends] == [("ketamine-infusions-increasingly-popular",)]
    assert "cites no source" in t.dead_ends[0].reason


def test_claim_resting_on_a_meta_analysis(kb: KnowledgeBase) -> None:
    t = kb.trace("ketamine-short-term-benefit-refractory-chronic-pain")
    assert t.best_level == CEBMLevel(1)
    assert t.best_sources == ("orhurhu2019",)
    assert t.dead_ends == ()


def test_derived_claim_follows_its_parents(kb: KnowledgeBase) -> None:
    t = kb.trace("ketamine-longer-relief-explained-by-duration-or-dose")
    claims = [c.id for c in t.root.children if c.kind == "claim"]
    assert claims == ["ketamine-higher-total-dose-more-relief", "ketamine-longer-infusions-longer-relief"]
    # maher2017 is expanded once; its other appearances are marked as repeats.
    maher = [n for n in t.nodes if n.id == "maher2017"]
    assert len(maher) == 3 and sum(not n.repeat for n in maher) == 1
    # The unverified attribution on the parent's citation is still reported.
    assert any(
        d.path == ("ketamine-longer-relief-explained-by-duration-or-dose", "ketamine-longer-infusions-longer-relief",
                   "maher2017") and "unverified" in d.reason
        for d in t.dead_ends
    )


def test_renderings_carry_the_same_content(kb: KnowledgeBase) -> None:
    t = kb.trace("ketamine-longer-relief-explained-by-duration-or-dose")
    data = json.loads(t.to_json())
    assert data["claim"] == t.claim_id
    assert data["tree"]["children"][0]["id"] == "maher2017"
    assert data["tree"]["children"][0]["design"] == "narrative-review"
    assert len(data["dead_ends"]) == len(t.dead_ends)
    text = t.to_text()
    assert text.splitlines()[0].startswith("claim ketamine-longer-relief-explained-by-duration-or-dose")
    assert "└── derived from claim ketamine-longer-infusions-longer-relief" in text
    assert "    └── cites (supports) source maher2017" in text
    assert "Best level reached: none" in text
    md = t.to_markdown()
    assert md.startswith("## Trace of `ketamine-longer-relief-explained-by-duration-or-dose`")
    assert "\n  - derived from claim `ketamine-higher-total-dose-more-relief`" in md
    assert str(t) == text


def test_unknown_claim_suggests_the_closest(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownClaimError, match="did you mean 'ketamine-dose-response'"):
        kb.trace("ketamine-dose-respons")


# --- small bases on disk with cycles ---------------------------------------------------------

BIB = """
@article{review2020, title = {A review}, year = {2020}, studydesign = {narrative-review}, cites = {trial2018, review2019}}
@article{review2019, title = {Another review}, year = {2019}, studydesign = {narrative-review}, cites = {review2020}}
@article{trial2018, title = {A trial}, year = {2018}, studydesign = {rct}}
@article{nodesign2017, title = {Unknown design}, year = {2017}}
"""


def write_base(tmp_path: Path, claims: list[dict]) -> KnowledgeBase:
    (tmp_path / "claims.json").write_text(json.dumps({"claims": claims}), encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    return kevidence.load(tmp_path)


def test_cycle_among_source_citations_is_shown_not_looped(tmp_path: Path) -> None:
    kb = write_base(tmp_path, [
        {"id": "a", "statement": "A", "kind": "efficacy", "citations": [{"source": "review2020"}]},
    ])
    t = kb.trace("a")
    assert t.cycles == (("a", "review2020", "review2019", "review2020"),)
    cyc = [n for n in t.nodes if n.cycle]
    assert [n.id for n in cyc] == ["review2020"]
    assert t.best_level == CEBMLevel(2) and t.best_sources == ("trial2018",)
    assert "↺ cycle" in t.to_text()


def test_cycle_among_derived_claims(tmp_path: Path) -> None:
    kb = write_base(tmp_path, [
        {"id": "a", "statement": "A", "kind": "efficacy", "derived_from": ["b"]},
        {"id": "b", "statement": "B", "kind": "efficacy", "derived_from": ["a"],
         "citations": [{"source": "nodesign2017"}]},
    ])
    t = kb.trace("a")
    assert t.cycles == (("a", "b", "a"),)
    assert {d.reason for d in t.dead_ends} == {"no study design recorded"}
    assert json.loads(t.to_json())["cycles"] == [["a", "b", "a"]]


def test_non_supporting_citation_is_shown_but_not_followed(tmp_path: Path) -> None:
    kb = write_base(tmp_path, [
        {"id": "a", "statement": "A", "kind": "efficacy",
         "citations": [{"source": "review2020", "stance": "contradicts"}]},
    ])
    t = kb.trace("a")
    [child] = t.root.children
    assert child.id == "review2020" and child.children == ()
    assert t.best_level is None


def test_evidence_against_is_shown_apart_from_the_support(tmp_path: Path) -> None:
    kb = write_base(tmp_path, [
        {"id": "parent", "statement": "P", "kind": "efficacy",
         "citations": [{"source": "nodesign2017"}, {"source": "review2019", "stance": "contradicts"}]},
        {"id": "child", "statement": "C", "kind": "efficacy", "derived_from": ["parent"]},
    ])
    t = kb.trace("child")  # contradicted through the claim it is drawn from
    # review2019 cites review2020, which cites the trial: the evidence against reaches level 2.
    assert t.contradicting == ("review2019", "review2020", "trial2018")
    assert (t.contradicting_level, t.contradicting_best) == (CEBMLevel(2), ("trial2018",))
    assert t.best_level is None
    assert "Evidence against: CEBM level 2 via trial2018" in t.to_text()
    assert json.loads(t.to_json())["against"] == {
        "sources": ["review2019", "review2020", "trial2018"], "best_level": 2, "best_sources": ["trial2018"]}


def test_uncontradicted_claim_has_no_evidence_against(tmp_path: Path) -> None:
    kb = write_base(tmp_path, [{"id": "a", "statement": "A", "kind": "efficacy", "citations": [{"source": "trial2018"}]}])
    t = kb.trace("a")
    assert (t.contradicting, t.contradicting_level) == ((), None)
    assert "Evidence against" not in t.to_text()
    assert json.loads(t.to_json())["against"]["sources"] == []


def test_unverified_study_design_counts_towards_no_level(tmp_path: Path) -> None:
    (tmp_path / "claims.json").write_text(json.dumps({"claims": [
        {"id": "a", "statement": "A", "kind": "efficacy", "citations": [{"source": "trial2021"}]}]}), encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        "@article{trial2021, title = {A trial}, year = {2021}, studydesign = {rct}, unverified = {studydesign}}\n",
        encoding="utf-8")
    kb = kevidence.load(tmp_path)
    assert kb.sources["trial2021"].study_design is StudyDesign.RCT  # still recorded
    assert kb.sources["trial2021"].supportable_level is None       # but it lends no level
    t = kb.trace("a")
    assert t.best_level is None
    assert reasons(t)[("a", "trial2021")] == [
        "study design (randomized controlled trial) is marked unverified: it counts towards no level"]
    assert kb.query(supportable_level=5) == []


# --- random graphs -------------------------------------------------------------------------

KEYS = [f"s{i}" for i in range(6)]


@st.composite
def random_base(draw: st.DrawFn) -> KnowledgeBase:
    n = draw(st.integers(1, 8))
    claims = []
    for i in range(n):
        parents = draw(st.lists(st.integers(0, n - 1).filter(lambda j, i=i: j != i), unique=True, max_size=3))
        cites = draw(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(["supports", "mentions", "contradicts"]),
                                        st.sampled_from(["unchecked", "unverified", "verified"])), max_size=3))
        claims.append(Claim(
            id=f"c{i}", statement="s", kind="efficacy",
            derived_from=tuple(f"c{j}" for j in parents),
            citations=tuple(Citation(source=k, stance=s, attribution=a) for k, s, a in cites),
        ))
    sources = []
    for key in KEYS[:-1]:  # the last key is cited but missing from the .bib
        cited = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=3))
        design = draw(st.sampled_from(["rct", "narrative-review", "web-page", "cohort", "meta-analysis-of-rcts", ""]))
        fields = {"cites": ", ".join(cited)}
        if design:
            fields["studydesign"] = design
            if draw(st.booleans()):
                fields["unverified"] = "studydesign"
        sources.append(Source.model_construct(key=key, entry_type="article", fields=fields, line=None))
    return KnowledgeBase.from_models(claims, sources)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kb=random_base(), data=st.data())
def test_trace_expands_each_supporting_node_once_and_reports_cycles(kb: KnowledgeBase, data: st.DataObject) -> None:
    claim_id = data.draw(st.sampled_from(list(kb.claims)))
    t = kb.trace(claim_id)
    expanded = [n for n in t.nodes if not (n.cycle or n.repeat) and (n.stance in (None, kevidence.Stance.SUPPORTS))]
    names = [("claim:" if n.kind == "claim" else "source:") + n.id for n in expanded]
    assert len(names) == len(set(names))
    assert set(names) == set(supporting_nodes(kb.graph, claim_id))
    # A cycle is reported exactly when the followed part of the graph has one.
    followed = nx.DiGraph()
    followed.add_node(claim_node(claim_id))
    for u, v, d in kb.graph.edges(data=True):
        if u in set(names) and (d["relation"] == DERIVED_FROM or
                                (d["relation"] == CITES and d.get("stance") in (None, kevidence.Stance.SUPPORTS))):
            followed.add_edge(u, v)
    assert bool(t.cycles) == (not nx.is_directed_acyclic_graph(followed))
    for cycle in t.cycles:
        assert cycle[-1] in cycle[:-1]
    json.loads(t.to_json())
    assert t.to_text() and t.to_markdown()


def test_long_derivation_chain_does_not_exhaust_the_stack() -> None:
    n = 3000
    claims = [Claim(id=f"c{i}", statement="s", kind="efficacy",
                    derived_from=(f"c{i + 1}",) if i < n - 1 else ()) for i in range(n)]
    t = KnowledgeBase.from_models(claims).trace("c0")
    assert len(t.nodes) == n
    assert [d.path[-1] for d in t.dead_ends] == [f"c{n - 1}"]
    assert t.to_text().count("derived from claim") == n - 1
    assert t.to_markdown().count("derived from claim") == n - 1
    assert len(t.root.to_dict()["children"]) == 1


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kb=random_base())
def test_support_index_equals_the_definition_on_the_graph(kb: KnowledgeBase) -> None:
    # Trace, evidence table, audit and query all read support from SupportIndex; it must
    # reach exactly the sources the graph definition reaches, and the same best level.
    from kevidence.graph.support import SupportIndex

    index = SupportIndex(kb.claims, kb.sources)
    for claim_id in kb.claims:
        support = index.support(claim_id)
        reached = {node_name(n) for n in supporting_nodes(kb.graph, claim_id) if node_type(n) == "source"}
        assert set(support.sources) | set(support.missing) == reached
        assert set(support.missing) == {k for k in reached if k not in kb.sources}
        assert support.best_level == best_level(kb.graph, kb.sources, claim_id)
        traced = kb.trace(claim_id)
        assert traced.best_level == support.best_level
        # the sources reaching the best level only through an unverified attribution: those
        # a walk of support leaving such citations out does not reach
        clean = nx.DiGraph()
        clean.add_node(claim_node(claim_id))
        clean.add_edges_from((u, v) for u, v, d in kb.graph.edges(data=True)
                             if (d["relation"] == DERIVED_FROM or d.get("stance") in (None, kevidence.Stance.SUPPORTS))
                             and d.get("attribution") is not kevidence.Attribution.UNVERIFIED)
        reachable = nx.descendants(clean, claim_node(claim_id))
        assert set(traced.best_unverified) == {k for k in support.best_sources if f"source:{k}" not in reachable}
        for key in traced.best_unverified:
            assert f"{key} (attribution unverified)" in traced.to_text()
    assert index.support("no-such-claim").sources == ()


def test_support_index_handles_long_chains_and_cycles_without_recursion() -> None:
    from kevidence.graph.support import SupportIndex

    n = 5000  # far deeper than Python's recursion limit
    claims = [Claim(id="c0", statement="s", kind="efficacy", citations=(Citation(source="k0"),))]
    claims += [Claim(id=f"c{i}", statement="s", kind="efficacy", derived_from=(f"c{i - 1}",),
                     citations=(Citation(source=f"k{i % 7}"),)) for i in range(1, n)]
    claims.append(Claim(id="loop-a", statement="s", kind="efficacy", derived_from=("loop-b", f"c{n - 1}")))
    claims.append(Claim(id="loop-b", statement="s", kind="efficacy", derived_from=("loop-a",),
                        citations=(Citation(source="k-loop"),)))
    by_id = {c.id: c for c in claims}
    index = SupportIndex(by_id, {})
    assert index.support(f"c{n - 1}").missing == tuple(sorted(f"k{i}" for i in range(7)))
    assert index.support("c0").missing == ("k0",)
    both = index.support("loop-a").missing
    assert both == index.support("loop-b").missing == tuple(sorted([*(f"k{i}" for i in range(7)), "k-loop"]))
