"""The bundled data: faithful to the article and to what is verified about its references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kevidence
from kevidence.sources.evidence import StudyDesign
from kevidence.claims.schema import claims_schema

DATA = kevidence.bundled_data_dir()
# The article ships with the data (its document links it).
ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "ketamine-infusions-article.txt"


@pytest.fixture(scope="module")
def kb() -> kevidence.KnowledgeBase:
    return kevidence.load()


def test_schema_file_matches_the_models() -> None:
    committed = json.loads((DATA / "claims.schema.json").read_text(encoding="utf-8"))
    assert committed == claims_schema(), "regenerate with: kevidence schema > data/claims.schema.json"


def test_claims_file_names_its_schema() -> None:
    data = json.loads((DATA / "claims.json").read_text(encoding="utf-8"))
    assert data["$schema"] == "./claims.schema.json"


def test_claims_file_is_valid_against_the_json_schema() -> None:
    import jsonschema
    schema = json.loads((DATA / "claims.schema.json").read_text(encoding="utf-8"))
    data = json.loads((DATA / "claims.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    broken = dict(data, claims=[dict(data["claims"][0], statment="typo")])
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


# Identifiers and designs as verified (references-verified list of the article's references).
VERIFIED = {
    "maher2017": ("10.1213/ane.0000000000001787", None, StudyDesign.NARRATIVE_REVIEW),
    "allen2017": ("10.1016/j.pmn.2017.05.006", "28743507", StudyDesign.LITERATURE_REVIEW),
    "orhurhu2019": ("10.1213/ane.0000000000004185", "31082965", StudyDesign.META_ANALYSIS_OF_RCTS),
    "stanford2020": (None, None, StudyDesign.WEB_PAGE),
    "nhs2020": (None, None, StudyDesign.PATIENT_INFORMATION),
}


@pytest.mark.parametrize("key", sorted(VERIFIED))
def test_identifiers_and_designs_are_the_verified_ones(kb: kevidence.KnowledgeBase, key: str) -> None:
    doi, pmid, design = VERIFIED[key]
    source = kb.sources[key]
    assert (source.doi, source.pmid, source.study_design) == (doi, pmid, design)
    # every field recorded is marked verified or as-cited; unverified ones are left out
    marked = source.verification
    for name in ("author", "title", "year", "doi", "pmid", "studydesign"):
        if name in source.fields:
            assert name in marked, f"{key}.{name} has no verification status"
    for name in source.unverified_fields:
        assert name not in source.fields or marked.get(name) is not None


def test_no_unverified_url_is_recorded(kb: kevidence.KnowledgeBase) -> None:
    assert all("url" not in s.fields for s in kb.sources.values())


def test_the_article_is_the_stating_document(kb: kevidence.KnowledgeBase) -> None:
    (doc,) = kb.documents.values()
    assert doc.publisher == "London Pain Clinic"
    assert all(c.stated_in and c.stated_in[0].document == doc.id for c in kb.claims.values())


def test_facets_the_article_states(kb: kevidence.KnowledgeBase) -> None:
    crps = kb.claims["ketamine-crps-inpatient-relief-several-weeks"]
    assert crps.conditions == ("crps",) and crps.relief is not None and crps.relief.text == "several weeks"
    assert crps.setting is kevidence.Setting.INPATIENT
    cebm = kb.claims["ketamine-longer-infusions-longer-relief"]
    assert cebm.evidence is not None and int(cebm.evidence.level) == 2
    sci = kb.claims["ketamine-sci-relief-two-weeks"]
    assert sci.relief is not None and sci.relief.min_days == sci.relief.max_days == 14
    contraindications = [c for c in kb.claims.values() if c.kind is kevidence.ClaimKind.CONTRAINDICATION]
    assert {cond for c in contraindications for cond in c.conditions} >= {
        "pregnancy", "epilepsy", "thyroid-dysfunction", "psychosis", "uncontrolled-asthma-bronchitis",
        "chest-infection", "arrhythmia", "angina", "unstable-heart-disease", "uncontrolled-hypertension",
    }


def test_markers_match_citations(kb: kevidence.KnowledgeBase) -> None:
    numbers = {"1": "stanford2020", "2": "maher2017", "3": "allen2017", "4": "orhurhu2019", "5": "nhs2020"}
    for claim in kb.claims.values():
        markers = {n.strip() for st in claim.stated_in for m in st.markers for n in m.strip("[]").split(",")}
        assert {numbers[n] for n in markers} == set(claim.sources), claim.id


def test_quotes_are_verbatim_in_the_article(kb: kevidence.KnowledgeBase) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    for claim in kb.claims.values():
        assert claim.quote and claim.quote in article, claim.id
