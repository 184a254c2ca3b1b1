"""Rules about the bibliography: unused-source, duplicate-source, missing-field,
invalid-identifier, unverified-metadata, stale-source, bib-parse-error."""

from __future__ import annotations

from datetime import date

import pytest
from tests.audit.audit_helpers import ARTICLE, claim, entry, subjects

import kevidence


def test_unused_source(make_kb):
    bib = ARTICLE + entry("review2019", title="A Review", author="Doe, A.", journal="J", year="2019",
                          cites="trial2020") + entry("orphan2018", title="Orphan", author="Roe, B.", journal="J", year="2018")
    kb = make_kb([claim("a", "efficacy", ("review2019",))], bib)
    # trial2020 is used through the review that cites it; orphan2018 by nothing.
    assert subjects(kb.audit(select=["unused-source"]), "unused-source") == ["orphan2018"]


def test_no_unused_source(make_kb):
    kb = make_kb([claim("a", "efficacy", ("trial2020",))])
    assert kb.audit(select=["KE003"]).findings == ()


@pytest.mark.parametrize(
    "second",
    [
        entry("dup", title="Other title", author="X, Y.", journal="J", year="2001", doi="https://doi.org/10.1000/TRIAL.2020.1"),
        entry("dup", title="Other title", author="X, Y.", journal="J", year="2001", pmid="31000001"),
        entry("dup", title="Intravenous ketamine for complex regional pain syndrome -- a randomized trial",
              author="X, Y.", journal="J", year="2020"),
    ],
    ids=["doi", "pmid", "title-year"],
)
def test_duplicate_source(make_kb, second):
    kb = make_kb([claim("a", "efficacy", ("trial2020", "dup"))], ARTICLE + second)
    findings = kb.audit(select=["duplicate-source"]).findings
    assert [(f.subject, f.related) for f in findings] == [("dup", ("trial2020",))]


def test_same_title_other_year_is_not_a_duplicate(make_kb):
    other = entry("dup", title="Intravenous Ketamine for Complex Regional Pain Syndrome: A Randomized Trial",
                  author="X, Y.", journal="J", year="2009")
    kb = make_kb([claim("a", "efficacy", ("trial2020", "dup"))], ARTICLE + other)
    assert kb.audit(select=["duplicate-source"]).findings == ()


def test_missing_field_by_entry_type(make_kb):
    bib = (
        entry("art", title="T", author="A, B.", year="2020")  # no journal
        + entry("web", "online", title="A page", year="2020", unverified="url")  # no url
        + entry("leaflet", "misc", title="A leaflet", studydesign="patient-information")  # web page: url
        + entry("book1", "book", title="T", author="A, B.", publisher="P", year="2001")  # complete
        + entry("page", "online", title="A page", url="https://example.org/p")  # complete
        + entry("note", "misc", title="Some note")  # misc that is not a web page: title is enough
    )
    kb = make_kb([claim("a", cites=("art", "web", "leaflet", "book1", "page", "note"))], bib)
    findings = {f.subject: f.message for f in kb.audit(select=["missing-field"]).findings}
    assert set(findings) == {"art", "web", "leaflet"}
    assert "journal" in findings["art"]
    assert "url" in findings["web"] and "recorded as unverified" in findings["web"]
    assert "recorded as unverified" not in findings["leaflet"]


def test_complete_article_has_no_missing_field(make_kb):
    kb = make_kb([claim("a", cites=("trial2020",))])
    assert kb.audit(select=["missing-field"]).findings == ()


def test_invalid_identifier(make_kb):
    bib = entry("bad", title="T", author="A, B.", journal="J", year="2020",
                doi="10.1213/ANE 00000", pmid="PMID 12x", url="www.example.org")
    kb = make_kb([claim("a", cites=("bad",))], bib)
    messages = [f.message for f in kb.audit(select=["invalid-identifier"]).findings]
    assert len(messages) == 3
    assert {"DOI", "PMID", "URL"} == {m.split("malformed ")[1].split()[0] for m in messages}


def test_valid_identifiers(make_kb):
    bib = entry("ok", title="T", author="A, B.", journal="J", year="2020",
                doi="https://doi.org/10.1213/ANE.0000000000001787", pmid="28743507", url="https://example.org/x")
    assert make_kb([claim("a", cites=("ok",))], bib).audit(select=["KE007"]).findings == ()


def test_unverified_metadata(make_kb):
    bib = ARTICLE + entry("web", "online", title="Page", url="https://example.org", unverified="author, year")
    kb = make_kb([
        claim("a", citations=[{"source": "trial2020", "attribution": "unverified"}]),
        claim("b", citations=[{"source": "web", "attribution": "unchecked"}]),
        claim("c", citations=[{"source": "trial2020", "attribution": "verified"}]),
    ], bib)
    findings = kb.audit(select=["unverified-metadata"]).findings
    assert sorted(f.subject for f in findings) == ["a", "web"]
    assert "author, year" in next(f.message for f in findings if f.subject == "web")


def test_verified_metadata(make_kb):
    kb = make_kb([claim("a", citations=[{"source": "trial2020", "attribution": "verified"}])])
    assert kb.audit(select=["unverified-metadata"]).findings == ()


def test_stale_source_uses_setting(make_kb):
    bib = ARTICLE + entry("old", title="Old", author="A, B.", journal="J", year="2001")
    kb = make_kb([claim("a", cites=("trial2020", "old"))], bib)
    today = date(2025, 6, 1)
    assert subjects(kb.audit(select=["stale-source"], settings={"today": today}), "stale-source") == ["old"]
    assert kb.audit(select=["stale-source"], settings={"today": today, "stale_years": 30}).findings == ()
    assert subjects(kb.audit(select=["stale-source"], settings={"today": today, "stale-years": 4}),
                    "stale-source") == ["trial2020", "old"]


def test_bib_parse_error_when_lenient(make_kb):
    bib = ARTICLE + "\n@article{broken,\n  title = {Unclosed,\n  year = 2020\n\n@article{dupkey, title={A}}\n@article{dupkey, title={B}}\n"
    with pytest.raises(kevidence.BibError):
        make_kb([claim("a", cites=("trial2020",))], bib)
    kb = make_kb([claim("a", cites=("trial2020",))], bib, strict=False)
    findings = kb.audit(select=["bib-parse-error"]).findings
    assert findings and all(f.severity.value == "error" for f in findings)
    assert all(f.location.file.endswith("references.bib") and f.location.line for f in findings)


def test_no_bib_parse_error_for_clean_file(make_kb):
    kb = make_kb([claim("a", cites=("trial2020",))], strict=False)
    assert kb.audit(select=["bib-parse-error"]).findings == ()
