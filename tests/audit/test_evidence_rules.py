"""Rules about evidence: overstated-evidence, weak-support, single-source, facet-mismatch."""

from __future__ import annotations

from tests.audit.audit_helpers import ARTICLE, claim, entry, subjects

NARRATIVE = entry("review2017", title="Intravenous Ketamine Infusions for Neuropathic Pain Management",
                  author="Doe, A.", journal="J", year="2017", studydesign="narrative-review")
LIDOCAINE_PAGE = entry("lido", "online", title="Intravenous Lidocaine Infusion", url="https://example.org/lido",
                       studydesign="web-page")


def level(n: int) -> dict[str, object]:
    return {"level": n}


def test_overstated_evidence_on_narrative_review(make_kb):
    kb = make_kb([claim("a", "efficacy", ("review2017",), intervention="ketamine-iv", evidence=level(2))], NARRATIVE)
    findings = kb.audit(select=["overstated-evidence"]).findings
    assert [(f.subject, f.severity.value) for f in findings] == [("a", "error")]
    assert "narrative review" in findings[0].message


def test_overstated_evidence_stronger_than_rct(make_kb):
    kb = make_kb([claim("a", "efficacy", ("trial2020",), evidence=level(1))])
    assert subjects(kb.audit(select=["KE009"]), "overstated-evidence") == ["a"]


def test_level_supported_through_derivation_and_review_citations(make_kb):
    review = entry("review2017", title="R", author="Doe, A.", journal="J", year="2017",
                   studydesign="narrative-review", cites="trial2020")
    kb = make_kb([
        claim("direct", "efficacy", ("trial2020",), evidence=level(2)),
        claim("via-review", "efficacy", ("review2017",), evidence=level(2)),
        claim("derived", "efficacy", derived_from=["direct"], evidence=level(3)),
    ], ARTICLE + review)
    assert kb.audit(select=["overstated-evidence"]).findings == ()


def test_contradicting_source_gives_no_support(make_kb):
    kb = make_kb([claim("a", "efficacy", citations=[{"source": "trial2020", "stance": "contradicts"}],
                        evidence=level(2))])
    assert subjects(kb.audit(select=["overstated-evidence"]), "overstated-evidence") == ["a"]


def test_weak_support(make_kb):
    kb = make_kb([
        claim("weak", "efficacy", ("lido",), intervention="lidocaine-iv"),
        claim("derived-weak", "efficacy", derived_from=["weak"]),
        claim("mixed", "efficacy", ("lido", "trial2020")),
        claim("background", "background", ("lido",)),
    ], ARTICLE + LIDOCAINE_PAGE)
    assert sorted(subjects(kb.audit(select=["weak-support"]), "weak-support")) == ["derived-weak", "weak"]


def test_unknown_design_is_not_judged_weak(make_kb):
    bib = entry("nodesign", title="Something", author="A, B.", journal="J", year="2020")
    assert make_kb([claim("a", "efficacy", ("nodesign",))], bib).audit(select=["weak-support"]).findings == ()


def test_single_source(make_kb):
    meta = entry("meta", title="M", author="A, B.", journal="J", year="2021", studydesign="meta-analysis-of-rcts")
    second = entry("cohort", title="C", author="C, D.", journal="J", year="2019", studydesign="cohort")
    kb = make_kb([
        claim("one-trial", "efficacy", ("trial2020",)),
        claim("two", "efficacy", ("trial2020", "cohort")),
        claim("one-meta", "efficacy", ("meta",)),
        claim("safety-one", "safety", ("trial2020",)),
    ], ARTICLE + meta + second)
    findings = kb.audit(select=["single-source"]).findings
    assert [(f.subject, f.severity.value) for f in findings] == [("one-trial", "info")]


def test_facet_mismatch_lidocaine_page_under_ketamine_claim(make_kb):
    kb = make_kb([
        claim("ket", "efficacy", ("lido",), intervention="ketamine-iv"),
        claim("lid", "efficacy", ("lido",), intervention="lidocaine-iv"),
        claim("lid-broad", "background", ("lido",), intervention="lidocaine"),
    ], LIDOCAINE_PAGE)
    findings = kb.audit(select=["facet-mismatch"]).findings
    assert [f.subject for f in findings] == ["ket"]
    assert "lido" in findings[0].related and "Lidocaine" in findings[0].message


def test_facet_mismatch_is_silent_when_source_names_no_term(make_kb):
    leaflet = entry("leaflet", "misc", title="Information for patients", url="https://example.org", studydesign="patient-information")
    kb = make_kb([claim("ket", "safety", ("leaflet",), intervention="ketamine-iv", conditions=["epilepsy"])], leaflet)
    assert kb.audit(select=["facet-mismatch"]).findings == ()


def test_facet_mismatch_on_condition(make_kb):
    kb = make_kb([
        claim("epi", "contraindication", ("trial2020",), intervention="ketamine-iv", conditions=["epilepsy"]),
        claim("crps", "efficacy", ("trial2020",), intervention="ketamine-iv", conditions=["crps"]),
        claim("neuro", "efficacy", ("trial2020",), intervention="ketamine-iv", conditions=["chronic-neuropathic-pain"]),
    ])
    assert subjects(kb.audit(select=["facet-mismatch"]), "facet-mismatch") == ["epi"]


def test_source_naming_both_terms_is_not_a_mismatch(make_kb):
    both = entry("cmp", title="Ketamine versus lidocaine infusions", author="A, B.", journal="J", year="2020")
    kb = make_kb([claim("ket", "efficacy", ("cmp",), intervention="ketamine-iv")], both)
    assert kb.audit(select=["facet-mismatch"]).findings == ()
