"""Facet queries: on the bundled article's data, and against a brute-force filter on generated bases."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import (
    CEBMLevel,
    Citation,
    Claim,
    Document,
    KnowledgeBase,
    QueryError,
    Relief,
    Source,
    StatedIn,
    UnknownSourceError,
    VocabularyError,
)
from tests.support_oracle import best_level


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return kevidence.load()


def ids(claims: list[Claim]) -> list[str]:
    return [c.id for c in claims]


# --- the bundled article -------------------------------------------------------------------


def test_crps_claims_and_their_relief(kb: KnowledgeBase) -> None:
    found = kb.query(condition="crps")
    assert ids(found) == [
        "crps-definition",
        "crps-six-ketamine-studies",
        "ketamine-crps-inpatient-relief-several-weeks",
        "ketamine-crps-outpatient-relief-several-months",
    ]
    relief = {c.id: c.relief.text for c in found if c.relief}
    assert relief == {
        "ketamine-crps-inpatient-relief-several-weeks": "several weeks",
        "ketamine-crps-outpatient-relief-several-months": "several months in some cases",
    }


def test_broader_condition_includes_narrower_unless_exact(kb: KnowledgeBase) -> None:
    broad = ids(kb.query(condition="chronic-neuropathic-pain"))
    assert "ketamine-crps-inpatient-relief-several-weeks" in broad
    assert "ketamine-sci-relief-two-weeks" in broad
    assert "ketamine-longer-infusions-longer-relief" in broad
    exact = ids(kb.query(condition="chronic-neuropathic-pain", include_narrower=False))
    assert "ketamine-crps-inpatient-relief-several-weeks" not in exact
    assert "ketamine-longer-infusions-longer-relief" in exact
    assert set(exact) < set(broad)


def test_min_relief_compares_lower_bounds(kb: KnowledgeBase) -> None:
    # "two weeks" is 14 days: in at P2W, out at P3W; "several weeks" starts at 3 weeks.
    assert ids(kb.query(condition="chronic-neuropathic-pain", min_relief="P2W")) == [
        "ketamine-crps-inpatient-relief-several-weeks",
        "ketamine-crps-outpatient-relief-several-months",
        "ketamine-sci-relief-two-weeks",
    ]
    assert "ketamine-sci-relief-two-weeks" not in ids(kb.query(min_relief="P3W"))
    # "short-term" has no lower bound, so it never passes a minimum.
    assert "ketamine-strong-evidence-short-term-use" not in ids(kb.query(min_relief="P1D"))


def test_max_relief_compares_upper_bounds(kb: KnowledgeBase) -> None:
    found = ids(kb.query(max_relief="P3M"))
    assert "ketamine-strong-evidence-short-term-use" in found  # short-term: at most 90 days
    assert "ketamine-sci-relief-two-weeks" in found
    assert "ketamine-crps-outpatient-relief-several-months" not in found  # up to 7 months
    assert "lidocaine-immediate-long-relief" not in found  # no upper bound
    assert ids(kb.query(max_relief="P13D")) == []


def test_claims_by_pain_type_include_narrower_pain_types(kb: KnowledgeBase) -> None:
    neuropathic = ids(kb.query(pain_type="neuropathic"))
    # "central" is a kind of neuropathic pain in the vocabulary.
    assert "ketamine-windup-reboot-interest" in neuropathic
    assert "neuropathic-pain-definition" in neuropathic
    assert "nociceptive-pain-definition" not in neuropathic
    assert ids(kb.query(pain_type="central")) == ["ketamine-windup-reboot-interest"]


def test_everything_citing_maher(kb: KnowledgeBase) -> None:
    found = kb.query(cites="maher2017")
    assert found and all("maher2017" in c.sources for c in found)
    expected = [c.id for c in kb.claims.values() if "maher2017" in c.sources]
    assert ids(found) == expected
    assert ids(kb.citing_claims("maher2017")) == expected


def test_filters_combine(kb: KnowledgeBase) -> None:
    assert ids(kb.query(condition="crps", kind="efficacy", setting="outpatient")) == [
        "ketamine-crps-outpatient-relief-several-months"
    ]
    assert ids(kb.query(intervention="ketamine-iv", kind=["safety"])) == [
        "ketamine-depression-not-a-barrier",
        "no-driving-after-ketamine-infusion",
    ]


def test_levels(kb: KnowledgeBase) -> None:
    assert ids(kb.query(evidence_level=2)) == ["ketamine-longer-infusions-longer-relief"]
    assert ids(kb.query(evidence_level=1)) == []
    # Only the Orhurhu meta-analysis supports a level of its own (level 1).
    assert ids(kb.query(supportable_level=1)) == [
        "ketamine-short-term-benefit-refractory-chronic-pain",
        "ketamine-dose-response",
    ]


def test_population_includes_narrower_populations_unless_exact() -> None:
    def about(id: str, *populations: str) -> Claim:
        return Claim(id=id, statement="s", kind="safety", populations=populations)

    base = KnowledgeBase.from_models([
        about("everyone"), about("women", "women"), about("pregnant", "pregnancy"),
        about("nursing", "breastfeeding"), about("teens-and-elderly", "adolescents", "older-adults"),
    ], [])
    assert ids(base.query(population="women")) == ["women", "pregnant", "nursing"]
    assert ids(base.query(population="women", include_narrower=False)) == ["women"]
    assert ids(base.query(population="children")) == ["teens-and-elderly"]
    assert ids(base.query(population="children", include_narrower=False)) == []
    assert ids(base.query(population=["pregnancy", "older-adults"])) == ["pregnant", "teens-and-elderly"]


def test_the_bundled_pregnancy_contraindication_is_about_pregnancy(kb: KnowledgeBase) -> None:
    assert ids(kb.query(population="pregnancy")) == ["ketamine-contraindication-pregnancy"]
    assert ids(kb.query(population="pregnancy", kind="contraindication", condition="pregnancy")) == [
        "ketamine-contraindication-pregnancy"]


def test_intervention_parent_includes_child(kb: KnowledgeBase) -> None:
    assert "ketamine-first-synthesized-1960s" in ids(kb.query(intervention="ketamine"))
    assert "ketamine-used-for-neuropathic-pain" in ids(kb.query(intervention="ketamine"))
    assert "ketamine-first-synthesized-1960s" not in ids(kb.query(intervention="ketamine-iv"))


def test_no_filters_returns_every_claim_in_file_order(kb: KnowledgeBase) -> None:
    assert ids(kb.query()) == list(kb.claims)


@pytest.mark.parametrize(
    ("filters", "error", "words"),
    [
        ({"condition": "cprs"}, VocabularyError, ["'cprs'", "did you mean 'crps'", "valid values:", "fibromyalgia"]),
        ({"pain_type": "neuropathc"}, VocabularyError, ["did you mean 'neuropathic'"]),
        ({"intervention": "ketamin-iv"}, VocabularyError, ["did you mean 'ketamine-iv'"]),
        ({"population": "childrn"}, VocabularyError, ["unknown population 'childrn'", "did you mean 'children'",
                                                      "opioid-dependent-patients"]),
        ({"population": "opioid-tolerant"}, VocabularyError, ["did you mean 'opioid-dependent-patients'"]),
        ({"kind": "eficacy"}, VocabularyError, ["unknown kind", "did you mean 'efficacy'", "safety"]),
        ({"setting": "outpatent"}, VocabularyError, ["did you mean 'outpatient'", "inpatient"]),
        ({"stance": "suports"}, VocabularyError, ["did you mean 'supports'", "contradicts"]),
        ({"cites": "maher2016"}, UnknownSourceError, ["'maher2016'", "did you mean 'maher2017'"]),
        ({"min_relief": "2 weeks"}, QueryError, ["ISO 8601", "P2W"]),
        ({"min_relief": "P3M", "max_relief": "P2W"}, QueryError, ["swap"]),
        ({"evidence_level": 6}, QueryError, ["1 (strongest) to 5"]),
        ({"supportable_level": 0}, QueryError, ["1 (strongest) to 5"]),
        ({"document": "lpc-ketamine-infusion"}, QueryError, ["unknown document", "did you mean 'lpc-ketamine-infusions'"]),
    ],
)
def test_bad_values_are_clear_errors(kb: KnowledgeBase, filters: dict, error: type, words: list[str]) -> None:
    with pytest.raises(error) as caught:
        kb.query(**filters)
    assert isinstance(caught.value, kevidence.KevidenceError)
    for word in words:
        assert word in str(caught.value)


def test_index_is_built_once(kb: KnowledgeBase) -> None:
    first = kb.index
    kb.query(condition="crps")
    kb.query(pain_type="neuropathic")
    assert kb.index is first


def test_claims_about_is_query_by_condition(kb: KnowledgeBase) -> None:
    assert ids(kb.claims_about("chronic-neuropathic-pain")) == ids(kb.query(condition="chronic-neuropathic-pain"))


# --- generated bases against a brute-force filter -------------------------------------------

CONDITIONS = ["chronic-pain", "chronic-neuropathic-pain", "crps", "spinal-cord-injury-pain", "fibromyalgia"]
PAIN_TYPES = ["neuropathic", "central", "nociceptive"]
INTERVENTIONS = ["ketamine", "ketamine-iv", "lidocaine-iv"]
POPULATIONS = ["adults", "older-adults", "children", "adolescents", "pregnancy"]
KINDS = ["efficacy", "safety", "background"]
SETTINGS = ["inpatient", "outpatient"]
KEYS = ["a2001", "b2002", "c2003"]
STANCES = ["supports", "contradicts", "mentions"]
RELIEFS = ["two weeks", "several weeks", "several months", "short-term", "long-term", "up to 2 weeks", "3 days"]
DESIGNS = ["rct", "narrative-review", "meta-analysis-of-rcts", "web-page", "cohort"]
DURATIONS = ["P1D", "P2W", "P3W", "P1M", "P3M", "P1Y"]

# Written here on purpose, not taken from the vocabulary: the hierarchy the query must follow.
BELOW = {
    "chronic-pain": {"chronic-pain", "chronic-neuropathic-pain", "crps", "spinal-cord-injury-pain", "fibromyalgia"},
    "chronic-neuropathic-pain": {"chronic-neuropathic-pain", "crps", "spinal-cord-injury-pain"},
    "crps": {"crps"}, "spinal-cord-injury-pain": {"spinal-cord-injury-pain"}, "fibromyalgia": {"fibromyalgia"},
    "neuropathic": {"neuropathic", "central"}, "central": {"central"}, "nociceptive": {"nociceptive"},
    "ketamine": {"ketamine", "ketamine-iv"}, "ketamine-iv": {"ketamine-iv"}, "lidocaine-iv": {"lidocaine-iv"},
    "adults": {"adults", "older-adults"}, "older-adults": {"older-adults"}, "children": {"children", "adolescents"},
    "adolescents": {"adolescents"}, "pregnancy": {"pregnancy"},
}
DAYS = {"P1D": 1, "P2W": 14, "P3W": 21, "P1M": 30, "P3M": 90, "P1Y": 365}


def pick(options: list[str], mask: int) -> tuple[str, ...]:
    return tuple(o for i, o in enumerate(options) if mask >> i & 1)


# One flat tuple of small integers per claim keeps generation fast and shrinking simple.
claim_row = st.tuples(
    st.integers(0, len(KINDS) - 1), st.integers(-1, len(INTERVENTIONS) - 1),
    st.integers(0, 7), st.integers(0, 31), st.integers(-1, len(RELIEFS) - 1), st.integers(0, 5),
    st.integers(-1, len(SETTINGS) - 1), st.lists(st.integers(0, 8), max_size=3), st.integers(0, 31),
    st.integers(0, 3), st.booleans(),
)
DOCUMENTS = ["leaflet", "web-page"]


@st.composite
def claims_strategy(draw: st.DrawFn) -> list[Claim]:
    claims = []
    for i, row in enumerate(draw(st.lists(claim_row, max_size=20))):
        kind, intervention, pains, conditions, relief, level, setting, cites, populations, stated, proposed = row
        claims.append(Claim(
            id=f"c{i}",
            statement="s",
            kind=KINDS[kind],
            intervention=INTERVENTIONS[intervention] if intervention >= 0 else None,
            pain_types=pick(PAIN_TYPES, pains),
            conditions=pick(CONDITIONS, conditions),
            populations=pick(POPULATIONS, populations),
            relief=Relief(text=RELIEFS[relief]) if relief >= 0 else None,
            evidence={"level": level} if level else None,
            setting=SETTINGS[setting] if setting >= 0 else None,
            citations=tuple(Citation(source=KEYS[c % 3], stance=STANCES[c // 3]) for c in cites),
            stated_in=tuple(StatedIn(document=d) for d in pick(DOCUMENTS, stated)),
            review="proposed" if proposed else None,
        ))
    return claims


def source(key: str, design: str) -> Source:
    return Source.model_construct(key=key, entry_type="article", fields={"studydesign": design}, line=None)


filters_strategy = st.fixed_dictionaries({}, optional={
    "condition": st.sampled_from(CONDITIONS),
    "pain_type": st.sampled_from(PAIN_TYPES),
    "intervention": st.lists(st.sampled_from(INTERVENTIONS), min_size=1, max_size=2),
    "population": st.lists(st.sampled_from(POPULATIONS), min_size=1, max_size=2),
    "kind": st.sampled_from(KINDS),
    "setting": st.sampled_from(SETTINGS),
    "cites": st.sampled_from(KEYS),
    "stance": st.sampled_from(STANCES),
    "min_relief": st.sampled_from(DURATIONS),
    "max_relief": st.sampled_from(DURATIONS),
    "evidence_level": st.integers(1, 5),
    "supportable_level": st.integers(1, 5),
    "contradicted": st.booleans(),
    "document": st.lists(st.sampled_from(DOCUMENTS), min_size=1, max_size=2),
    "proposed": st.booleans(),
    "include_narrower": st.booleans(),
})


def brute_force(kb: KnowledgeBase, f: dict) -> list[str]:
    narrow = f.get("include_narrower", True)

    def accepted(values: str | list[str]) -> set[str]:
        values = [values] if isinstance(values, str) else values
        return set().union(*(BELOW[v] if narrow else {v} for v in values))

    out = []
    for c in kb.claims.values():
        if "condition" in f and not accepted(f["condition"]) & set(c.conditions):
            continue
        if "pain_type" in f and not accepted(f["pain_type"]) & set(c.pain_types):
            continue
        if "intervention" in f and c.intervention not in accepted(f["intervention"]):
            continue
        if "population" in f and not accepted(f["population"]) & set(c.populations):
            continue
        if "kind" in f and c.kind.value != f["kind"]:
            continue
        if "setting" in f and (c.setting is None or c.setting.value != f["setting"]):
            continue
        if ("cites" in f or "stance" in f) and not any(
            f.get("cites", x.source) == x.source and f.get("stance", x.stance.value) == x.stance.value
            for x in c.citations
        ):
            continue
        if "min_relief" in f and (c.relief is None or c.relief.min_days is None
                                  or c.relief.min_days < DAYS[f["min_relief"]]):
            continue
        if "max_relief" in f and (c.relief is None or c.relief.max_days is None
                                  or c.relief.max_days > DAYS[f["max_relief"]]):
            continue
        if "evidence_level" in f and (c.evidence is None or int(c.evidence.level) > f["evidence_level"]):
            continue
        if "supportable_level" in f:
            best = best_level(kb.graph, kb.sources, c.id)
            if best is None or int(best) > f["supportable_level"]:
                continue
        if "contradicted" in f:
            against = [x.source for x in c.citations if x.stance.value == "contradicts" and x.source in kb.sources]
            if bool(against) != f["contradicted"]:
                continue
        if "document" in f and not set(f["document"]) & {s.document for s in c.stated_in}:
            continue
        if "proposed" in f and (c.review == "proposed") != f["proposed"]:
            continue
        out.append(c.id)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_strategy(), designs=st.lists(st.sampled_from(DESIGNS), min_size=3, max_size=3),
       filters=filters_strategy)
def test_query_equals_brute_force(claims: list[Claim], designs: list[str], filters: dict) -> None:
    kb = KnowledgeBase.from_models(claims, [source(k, d) for k, d in zip(KEYS, designs)],
                                   [Document(id=d, title=d) for d in DOCUMENTS])
    if "min_relief" in filters and "max_relief" in filters and DAYS[filters["min_relief"]] > DAYS[filters["max_relief"]]:
        with pytest.raises(QueryError):
            kb.query(**filters)
        return
    assert ids(kb.query(**filters)) == brute_force(kb, filters)


# --- one facet table: the signature, the types, the docstring and the options agree -------


def test_query_signature_types_docs_and_options_come_from_the_facet_table() -> None:
    import argparse
    import inspect
    from typing import get_type_hints

    from kevidence.cli import add_query_options
    from kevidence.graph.query import FACETS, QueryFilters

    names = [f.name for f in FACETS]
    params = inspect.signature(KnowledgeBase.query).parameters
    assert [p for p in params if p != "self"] == names
    assert all(params[f.name].default == f.default for f in FACETS)
    assert list(get_type_hints(QueryFilters)) == names
    for name in names:
        assert f"``{name}``" in (KnowledgeBase.query.__doc__ or "")
    parser = argparse.ArgumentParser()
    add_query_options(parser)
    assert {a.dest for a in parser._actions if a.dest != "help"} == set(names)


def test_an_unknown_keyword_is_a_clear_error(kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match="unknown query facet 'conditon' \\(did you mean 'condition'\\?\\)"):
        kb.query(conditon="crps")  # type: ignore[call-arg]


def test_first_query_scans_then_the_facet_gets_an_index(kb: KnowledgeBase) -> None:
    index = kevidence.load().index
    from kevidence.graph.query import make_filter

    flt = make_filter(kb.vocabulary, kb.sources, condition="crps")
    first = index.positions(flt)
    assert "condition" not in index._indexes  # answered by a scan of the column
    assert index.positions(flt) == first
    assert "condition" in index._indexes  # the second query built the index
    assert index.positions(flt) == first


def test_contradicted_claims_directly_and_through_derived_from() -> None:
    claims = [
        Claim(id="parent", statement="p", kind="efficacy",
              citations=(Citation(source="a2001"), Citation(source="b2002", stance="contradicts"))),
        Claim(id="child", statement="c", kind="efficacy", derived_from=("parent",)),
        Claim(id="plain", statement="x", kind="efficacy", citations=(Citation(source="a2001"),)),
        Claim(id="mentions", statement="m", kind="efficacy", citations=(Citation(source="b2002", stance="mentions"),)),
    ]
    kb = KnowledgeBase.from_models(claims, [source("a2001", "narrative-review"), source("b2002", "rct")])
    assert ids(kb.query(contradicted=True)) == ["parent", "child"]
    assert ids(kb.query(contradicted=False)) == ["plain", "mentions"]
    assert ids(kb.query(contradicted=True, cites="a2001")) == ["parent"]
    rows = {r.claim_id: r for r in kb.evidence_table(contradicted=True).rows}
    assert (rows["child"].against, rows["child"].against_level) == (("b2002",), CEBMLevel(2))
    assert rows["parent"].sources == ("a2001",)  # the evidence for, apart from the evidence against
    with pytest.raises(QueryError, match="contradicted 'yes'"):
        kb.query(contradicted="yes")  # type: ignore[arg-type]


def test_claims_of_one_document_and_those_awaiting_review(tmp_path) -> None:
    from kevidence.article.draft import draft_claims, write_drafts

    bundled = kevidence.load()
    assert ids(bundled.query(document="lpc-ketamine-infusions")) == list(bundled.claims)
    assert bundled.query(proposed=True) == []
    article = tmp_path / "leaflet.txt"
    article.write_text("Facet joint injections\n\nFacet joint injections can reduce back pain for several months.\n",
                       encoding="utf-8")
    kb = kevidence.create(tmp_path / "kb")
    drafted = write_drafts(kb, draft_claims(kb, article, "leaflet", new_document=True))
    again = kevidence.load(tmp_path / "kb")
    assert drafted and ids(again.query(document="leaflet", proposed=True)) == drafted
    assert again.query(proposed=False) == []
