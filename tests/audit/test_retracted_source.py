"""The retracted-source rule and the Retraction Watch CSV reader."""

from __future__ import annotations

import hashlib

import pytest
from tests.audit.audit_helpers import ARTICLE, claim, entry
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence import KevidenceError
from kevidence.audit.retractions import load_retractions, parse_retractions

HEADER = "Record ID,Title,RetractionDate,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason\n"


def csv_file(tmp_path, rows: str):
    path = tmp_path / "retractions.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_retracted_source_flags_source_citing_and_derived_claims(make_kb, tmp_path):
    other = entry("other", title="Other", author="A, B.", journal="J", year="2019", doi="10.1000/other")
    kb = make_kb([
        claim("cites", "efficacy", ("trial2020",)),
        claim("child", "efficacy", derived_from=["cites"]),
        claim("grandchild", "background", derived_from=["child"]),
        claim("clean", "efficacy", ("other",)),
    ], ARTICLE + other)
    path = csv_file(tmp_path, "1,X,2021-01-01,10.1000/TRIAL.2020.1,0,Retraction,Fabrication\n")
    report = kb.audit(select=["retracted-source"], settings={"retractions": load_retractions(path)})
    assert sorted(f.subject for f in report.findings) == ["child", "cites", "grandchild", "trial2020"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert all(digest in f.message and "retractions.csv" in f.message for f in report.findings)
    assert all(f.severity.value == "error" for f in report.findings)
    assert report.to_dict()["summary"]["inputs"]["retractions"]["sha256"] == digest


def test_match_by_pmid_and_nature_sets_severity(make_kb, tmp_path):
    kb = make_kb([claim("cites", "efficacy", ("trial2020",))])
    path = csv_file(tmp_path, "1,X,,,31000001,Expression of concern,\n")
    report = kb.audit(select=["KE014"], settings={"retractions": load_retractions(path)})
    assert {(f.subject, f.severity.value) for f in report.findings} == {("cites", "warning"), ("trial2020", "warning")}


def test_no_retraction_no_finding(make_kb, tmp_path):
    kb = make_kb([claim("cites", "efficacy", ("trial2020",))])
    path = csv_file(tmp_path, "1,X,,10.1000/unrelated,999,Retraction,\n2,Y,,10.1000/trial.2020.1,,Reinstatement,\n")
    assert kb.audit(select=["KE014"], settings={"retractions": load_retractions(path)}).findings == ()
    assert kb.audit(select=["KE014"]).findings == ()


def test_csv_without_identifier_columns_is_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(KevidenceError) as info:
        load_retractions(path)
    assert "x.csv" in str(info.value) and "OriginalPaperDOI" in str(info.value)


def test_missing_csv_is_an_error(tmp_path):
    with pytest.raises(KevidenceError):
        load_retractions(tmp_path / "absent.csv")


@settings(max_examples=100)
@given(st.binary(max_size=400))
def test_parse_never_crashes(data):
    try:
        result = parse_retractions(HEADER.encode() + data, "f.csv")
    except KevidenceError:
        return
    assert result.sha256 == hashlib.sha256(HEADER.encode() + data).hexdigest()
