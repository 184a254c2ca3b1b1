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
    assert "lido" in findings[0].related and "about Intravenous lidocaine infusion;" in findings[0].message


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


# --- contradicted-claim ---------------------------------------------------------------------

META = entry("meta2019", title="Ketamine Infusions for Chronic Pain: A Meta-analysis", author="Roe, B.",
             journal="J", year="2019", studydesign="meta-analysis-of-rcts")


def contradicts(key: str) -> dict[str, str]:
    return {"source": key, "stance": "contradicts"}


def test_contradiction_stronger_than_the_support_is_an_error(make_kb):
    kb = make_kb([claim("a", "efficacy", citations=[{"source": "review2017"}, contradicts("meta2019")])],
                 NARRATIVE + META)
    [finding] = kb.audit(select=["contradicted-claim"]).findings
    assert (finding.rule, finding.subject, finding.severity.value) == ("KE018", "a", "error")
    # Both sides, with their designs and levels.
    assert "against CEBM level 1 (meta2019: systematic review and meta-analysis of randomized trials)" in finding.message
    assert "for no level (review2017: narrative review)" in finding.message
    assert set(finding.related) == {"meta2019", "review2017"}


def test_contradiction_no_stronger_than_the_support_is_a_warning(make_kb):
    kb = make_kb([
        claim("equal", "efficacy", citations=[{"source": "trial2020"}, contradicts("trial2020b")]),
        claim("weaker", "efficacy", citations=[{"source": "meta2019"}, contradicts("trial2020")]),
    ], ARTICLE + META + ARTICLE.replace("trial2020,", "trial2020b,").replace("trial.2020.1", "trial.2020.2"))
    found = {f.subject: f for f in kb.audit(select=["KE018"]).findings}
    assert {s: f.severity.value for s, f in found.items()} == {"equal": "warning", "weaker": "warning"}
    assert "against CEBM level 2 (trial2020: randomized controlled trial); for CEBM level 1 (meta2019" in found["weaker"].message


def test_contradiction_reached_through_derived_from(make_kb):
    kb = make_kb([
        claim("parent", "efficacy", citations=[contradicts("meta2019")]),
        claim("child", "efficacy", ("review2017",), derived_from=["parent"]),
        claim("unrelated", "efficacy", ("review2017",)),
    ], NARRATIVE + META)
    found = {f.subject: f.severity.value for f in kb.audit(select=["KE018"]).findings}
    assert found == {"parent": "error", "child": "error"}


def test_contradiction_through_the_studies_a_source_cites(make_kb):
    review = entry("review2018", title="R", author="Doe, A.", journal="J", year="2018",
                   studydesign="narrative-review", cites="meta2019")
    kb = make_kb([claim("a", "efficacy", ("trial2020",), citations=[{"source": "trial2020"}, contradicts("review2018")])],
                 ARTICLE + META + review)
    [finding] = kb.audit(select=["KE018"]).findings
    assert finding.severity.value == "error" and "meta2019" in finding.message


def test_no_contradiction_no_finding(make_kb):
    kb = make_kb([
        claim("a", "efficacy", ("trial2020",)),
        claim("b", "efficacy", citations=[{"source": "meta2019", "stance": "mentions"}]),
    ], ARTICLE + META)
    assert kb.audit(select=["contradicted-claim"]).findings == ()


def test_unverified_design_lends_no_level(make_kb):
    rct = entry("trial2021", title="T", author="A, B.", journal="J", year="2021", studydesign="rct",
                unverified="studydesign")
    kb = make_kb([claim("a", "efficacy", ("trial2021",), evidence=level(4))], rct)
    [finding] = kb.audit(select=["overstated-evidence"]).findings
    assert "randomized controlled trial, design unverified" in finding.message


# --- unidentifiable-source ------------------------------------------------------------------

LEAFLET = entry("leaflet", "misc", title="Ketamine Infusion", unverified="url", studydesign="patient-information")
UNTITLED = entry("untitled", "misc", url="https://example.org/x", studydesign="web-page")
NO_DESIGN = entry("nodesign", title="A study", author="A, B.", journal="J", year="2020", doi="10.1000/x.1")
UNVERIFIED_DESIGN = entry("rct2021", title="A trial", author="A, B.", journal="J", year="2021",
                          doi="10.1000/x.2", studydesign="rct", unverified="studydesign")


def test_claims_resting_only_on_unidentifiable_sources(make_kb):
    kb = make_kb([
        claim("leaflet-only", "efficacy", ("leaflet",)),
        claim("untitled-only", "safety", ("untitled",)),
        claim("no-design", "contraindication", ("nodesign",)),
        claim("unverified-design", "efficacy", ("rct2021",)),
        claim("derived", "efficacy", derived_from=["leaflet-only"]),
        claim("two-doubtful", "efficacy", ("leaflet", "nodesign")),
    ], LEAFLET + UNTITLED + NO_DESIGN + UNVERIFIED_DESIGN)
    # One finding per source, listing the claims that rest on it (and on other doubtful sources) alone.
    found = {f.subject: f for f in kb.audit(select=["unidentifiable-source"]).findings}
    assert set(found) == {"leaflet", "untitled", "nodesign", "rct2021"}
    assert all(f.rule == "KE021" and f.severity.value == "warning" for f in found.values())
    assert set(found["leaflet"].related) == {"leaflet-only", "derived", "two-doubtful"}
    assert set(found["nodesign"].related) == {"no-design", "two-doubtful"}
    assert found["untitled"].related == ("untitled-only",) and found["rct2021"].related == ("unverified-design",)
    assert "no DOI, PMID or URL (URL recorded as unverified)" in found["leaflet"].message
    assert "3 efficacy, safety or contraindication claims" in found["leaflet"].message
    assert "no title" in found["untitled"].message
    assert "no study design" in found["nodesign"].message
    assert "study design (randomized controlled trial) unverified" in found["rct2021"].message


def test_a_claim_suppressing_unidentifiable_source_is_left_out_of_its_source_finding(make_kb):
    kb = make_kb([
        claim("leaflet-only", "efficacy", ("leaflet",)),
        claim("quiet", "efficacy", ("leaflet",), suppressions=[{"rule": "KE021", "reason": "Checked by hand."}]),
    ], LEAFLET)
    (finding,) = kb.audit(select=["unidentifiable-source", "unused-suppression"]).findings
    assert finding.subject == "leaflet" and finding.related == ("leaflet-only",)


def test_one_identifiable_source_or_a_background_claim_is_no_finding(make_kb):
    book = entry("book2015", "book", title="Pain Medicine", author="A, B.", publisher="P", year="2015",
                 isbn="978-0-19-000000-0", studydesign="narrative-review")
    kb = make_kb([
        claim("book", "efficacy", ("book2015",)),
        claim("mixed", "efficacy", ("leaflet", "trial2020")),
        claim("background", "background", ("leaflet",)),
        claim("sound", "safety", ("trial2020",)),
        claim("mention-only", "efficacy", citations=[{"source": "leaflet", "stance": "mentions"}]),
    ], ARTICLE + LEAFLET + book)
    assert kb.audit(select=["KE021"]).findings == ()


# --- facet-mismatch: what a source is about -------------------------------------------------

OPIOID_VOCABULARY = {"conditions": [{"id": "opioid-dependence", "label": "Opioid dependence",
                                     "synonyms": ["opioid-dependent", "opioid dependent"]}]}


def lidocaine_claim(id: str, key: str, **extra: object) -> dict:
    return claim(id, "efficacy", (key,), intervention="lidocaine-iv", conditions=["chronic-pain"], **extra)


def facet_findings(make_kb, claims: list[dict], bib: str) -> dict[str, str]:
    kb = make_kb(claims, bib)
    return {f.subject: f.message for f in kb.audit(select=["facet-mismatch"]).findings}


def test_explicit_facet_fields_win_over_the_title(make_kb):
    title = "Perioperative Ketamine in Opioid-Free Anaesthesia"
    explicit = entry("review", title=title, author="A, B.", journal="J", year="2020", interventions="lidocaine-iv")
    named = entry("review2", title=title, author="A, B.", journal="J", year="2020",
                  interventions="Intravenous lidocaine infusion")
    plain = entry("review3", title=title, author="A, B.", journal="J", year="2020")
    found = facet_findings(make_kb, [lidocaine_claim("a", "review"), lidocaine_claim("b", "review2"),
                                     lidocaine_claim("c", "review3")], explicit + named + plain)
    assert set(found) == {"c"}  # only the entry that does not say outright what it is about
    wrong = entry("review4", title="Lidocaine", author="A, B.", journal="J", year="2020", interventions="ketamine-iv")
    assert set(facet_findings(make_kb, [lidocaine_claim("d", "review4")], wrong)) == {"d"}


def test_abstract_clears_a_mismatch_read_from_the_title(make_kb):
    title = "Ketamine and Other Adjuvants for Chronic Pain"
    with_abstract = entry("r1", title=title, author="A, B.", journal="J", year="2020",
                          abstract="We reviewed trials of ketamine and of intravenous lidocaine for chronic pain.")
    without = entry("r2", title=title, author="A, B.", journal="J", year="2020",
                    abstract="We reviewed trials of ketamine for chronic pain.")
    found = facet_findings(make_kb, [lidocaine_claim("a", "r1"), lidocaine_claim("b", "r2")], with_abstract + without)
    assert set(found) == {"b"}


def test_abstract_alone_never_makes_a_mismatch(make_kb):
    silent_title = entry("r1", title="Infusions in the Pain Clinic", author="A, B.", journal="J", year="2020",
                         abstract="Ketamine infusions were compared with usual care.")
    assert facet_findings(make_kb, [lidocaine_claim("a", "r1")], silent_title) == {}


def test_a_review_about_the_claims_own_population_is_no_mismatch(kb_dir):
    import json

    import kevidence

    review = entry("opioid2019", title="Pain Control in Opioid-Dependent Patients", author="A, B.", journal="J",
                   year="2019")
    declared = entry("opioid2020", title="Pain Control in Opioid-Dependent Patients", author="A, B.", journal="J",
                     year="2020", population="opioid-dependent adults")
    claims = [
        lidocaine_claim("in-the-statement", "opioid2019",
                        statement="Lidocaine infusions can relieve pain in opioid-dependent patients."),
        lidocaine_claim("elsewhere", "opioid2019", statement="Lidocaine infusions can relieve chronic pain."),
        lidocaine_claim("declared", "opioid2020", statement="Lidocaine infusions can relieve chronic pain."),
    ]
    folder = kb_dir(claims, review + declared)
    data = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    data["vocabulary"] = OPIOID_VOCABULARY
    (folder / "claims.json").write_text(json.dumps(data), encoding="utf-8")
    found = {f.subject: f.message for f in kevidence.load(folder).audit(select=["facet-mismatch"]).findings}
    # The population named in the claim's own words, or in the entry's 'population' field, is
    # whom the source is about, not a different condition.
    assert set(found) == {"elsewhere"}
    assert "which is about Opioid dependence" in found["elsewhere"]


def test_the_claims_populations_are_whom_it_is_about_not_a_mismatch(kb_dir):
    import json

    import kevidence

    review = entry("opioid2019", title="Pain Control in Opioid-Dependent Patients", author="A, B.", journal="J",
                   year="2019")
    by_id = entry("opioid2021", title="Pain Control in Opioid-Dependent Patients", author="A, B.", journal="J",
                  year="2021", population="opioid-dependent-patients")
    plain = "Lidocaine infusions can relieve chronic pain."
    claims = [
        # The statement does not name them; the claim's populations do (by the term's synonyms).
        lidocaine_claim("populations", "opioid2019", statement=plain, populations=["opioid-dependent-patients"]),
        lidocaine_claim("other-population", "opioid2019", statement=plain, populations=["older-adults"]),
        lidocaine_claim("none", "opioid2019", statement=plain),
        # The entry's population field lists a population id.
        lidocaine_claim("entry-population-id", "opioid2021", statement=plain),
    ]
    folder = kb_dir(claims, review + by_id)
    data = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    data["vocabulary"] = OPIOID_VOCABULARY
    (folder / "claims.json").write_text(json.dumps(data), encoding="utf-8")
    found = {f.subject: f.message for f in kevidence.load(folder).audit(select=["facet-mismatch"]).findings}
    assert set(found) == {"other-population", "none"}
    assert "which is about Opioid dependence" in found["none"]


def test_a_builtin_population_clears_a_title_about_it(make_kb):
    # "pregnant" in a title names the condition 'pregnancy'; a claim about pregnant patients
    # (its populations) whose conditions say chronic pain is no mismatch, one about others is.
    source = entry("preg2018", title="Ketamine Infusions in Pregnant Women", author="A, B.", journal="J",
                   year="2018")
    found = facet_findings(make_kb, [
        claim("pregnant", "safety", ("preg2018",), intervention="ketamine-iv", conditions=["chronic-pain"],
              populations=["pregnancy"], statement="Ketamine infusions for chronic pain need care."),
        claim("children", "safety", ("preg2018",), intervention="ketamine-iv", conditions=["chronic-pain"],
              populations=["children"], statement="Ketamine infusions for chronic pain need care."),
    ], source)
    assert set(found) == {"children"}
    assert "Pregnancy or intending pregnancy" in found["children"]


def test_facet_mismatch_between_terms_under_one_group_heading(make_kb):
    """Two nerve blocks are distinct procedures: a source about one under a claim about the
    other is a mismatch; a source about nerve blocks in general, or about a form of the
    claim's own term, is not."""
    genicular = entry("gen", title="Genicular nerve block for knee osteoarthritis", author="A, B.", journal="J",
                      year="2021")
    general = entry("gen2", title="Nerve blocks in headache practice", author="A, B.", journal="J", year="2021")
    kb = make_kb([
        claim("occipital", "efficacy", ("gen",), intervention="occipital-nerve-block"),
        claim("occipital-general", "efficacy", ("gen2",), intervention="occipital-nerve-block"),
        claim("genicular", "efficacy", ("gen",), intervention="genicular-nerve-block"),
        claim("blocks", "efficacy", ("gen",), intervention="nerve-block"),
    ], genicular + general)
    findings = kb.audit(select=["facet-mismatch"]).findings
    assert [f.subject for f in findings] == ["occipital"]
    assert "Genicular nerve block" in findings[0].message


def test_facet_mismatch_keeps_terms_under_a_shared_specific_term_together(make_kb):
    """Opioids are a class, not a heading: a source about morphine under a claim about
    oxycodone may well overlap (both strong opioids), and the check stays silent."""
    morphine = entry("mor", title="Oral morphine for cancer pain", author="A, B.", journal="J", year="2021")
    kb = make_kb([claim("oxy", "efficacy", ("mor",), intervention="oxycodone", conditions=["cancer-pain"])], morphine)
    assert kb.audit(select=["facet-mismatch"]).findings == ()
