"""``kevidence verify`` through the real executable, on a temporary copy of the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kevidence
from tests.lookup.conftest import read, status

RETRACTED_ENTRIES = """
@article{example2021,
  author = {Example, Ann},
  title = {A Synthetic Trial of Ketamine Infusions in {CRPS}},
  journal = {Journal of Example Records},
  year = {2021},
  volume = {7},
  pages = {1--9},
  doi = {10.5555/kevidence.retracted-trial},
  studydesign = {rct}
}

@article{sample2020,
  author = {Sample, B.},
  title = {A synthetic randomized trial of ketamine for neuropathic pain},
  journal = {Journal of Example Records},
  year = {2020},
  pages = {101--109},
  pmid = {99000001},
  studydesign = {rct}
}
"""


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_bundled_references_agree_with_their_records(run, registry, data_copy: Path) -> None:
    before = read(data_copy / "references.bib")
    result = run("verify", str(data_copy), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert findings(result) == []
    assert read(data_copy / "references.bib") == before  # without --write nothing changes
    # PubMed is asked about both PMIDs in one request of each kind; the DOIs whose PMID record
    # already lists them are not searched for.
    assert [r["id"] for r in registry.requests_to("/eutils/esummary.fcgi")] == ["28743507,31082965"]
    assert [r["id"] for r in registry.requests_to("/eutils/efetch.fcgi")] == ["28743507,31082965"]
    assert [r["term"] for r in registry.requests_to("/eutils/esearch.fcgi")] == ["10.1213/ane.0000000000001787[doi]"]


def test_write_records_agreeing_fields_the_day_and_abstracts(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    before = kevidence.load(data_copy).sources
    result = run("verify", str(data_copy), "--write")
    assert result.returncode == 0, result.stderr
    after = kevidence.load(data_copy).sources
    allen = after["allen2017"]
    # PubMed's record lists the entry's DOI under its PMID: the PMID, only as-cited so far, is verified.
    assert "pmid" in allen.field("verified").split(", ")
    assert allen.field("ascited") == "month"
    assert allen.field("verifieddate") == result_day(result)
    assert allen.field("abstract").startswith("Placeholder abstract of the test registry for PMID 28743507")
    assert "side effects \\& adverse events" in allen.field("abstract")
    # Sources without identifiers are untouched; edited entries keep their other fields.
    for key in ("stanford2020", "nhs2020"):
        assert after[key].fields == before[key].fields
    for key in ("maher2017", "allen2017", "orhurhu2019"):
        kept = {k: v for k, v in before[key].fields.items() if k not in ("verified", "ascited")}
        assert {k: after[key].fields[k] for k in kept} == kept
    assert "maher2017" not in read(bib).split("@article{allen2017")[1]  # no entry was duplicated or moved
    # A second run has nothing new to write but the day.
    again = run("verify", str(data_copy), "--write")
    assert "0 of 3 entries updated" in again.stderr


def result_day(result) -> str:
    from datetime import date

    return date.today().isoformat()


@pytest.mark.slow
def test_a_disagreeing_field_names_both_values(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    bib.write_text(read(bib).replace("  year        = {2017},\n  month       = feb,",
                                     "  year        = {2018},\n  month       = feb,"), encoding="utf-8")
    result = run("verify", str(data_copy), "--format", "json")
    assert result.returncode == 0  # a year is a warning; the default --fail-on is error
    found = findings(result)
    assert [(f["rule"], f["subject"], f["severity"]) for f in found] == [("KE201", "maher2017", "warning")]
    assert "year '2018' in the .bib, '2017' in Crossref 10.1213/ane.0000000000001787" in found[0]["message"]
    assert found[0]["location"]["line"] == 18
    strict = run("verify", str(data_copy), "--fail-on", "warning")
    assert strict.returncode == 1


def test_a_wrong_title_is_an_error_and_is_not_recorded_as_verified(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    bib.write_text(read(bib).replace("title       = {Ketamine Infusions for Chronic Pain:",
                                     "title       = {Lidocaine Infusions for Chronic Pain:"), encoding="utf-8")
    result = run("verify", str(data_copy), "--write")
    assert result.returncode == 1
    assert "KE201" in result.stdout and "'Lidocaine Infusions for Chronic Pain" in result.stdout
    orhurhu = kevidence.load(data_copy).sources["orhurhu2019"]
    # PubMed and Crossref both disagree on the title: neither identifier is newly confirmed.
    assert orhurhu.field("verified") == "author, title, journal, year, month, volume, number, pages, doi, pmid, studydesign"


def test_pmid_of_another_paper_is_reported(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    bib.write_text(read(bib).replace("pmid        = {31082965}", "pmid        = {28743507}"), encoding="utf-8")
    result = run("verify", str(data_copy), "--format", "json")
    messages = [f["message"] for f in findings(result) if f["subject"] == "orhurhu2019"]
    assert any("doi '10.1213/ane.0000000000004185' in the .bib, '10.1016/j.pmn.2017.05.006' in PubMed 28743507" in m
               for m in messages)
    assert any("pmid '28743507' in the .bib, '31082965'" in m for m in messages)
    assert result.returncode == 1


def test_retraction_notices_flag_the_entry_and_the_claims_resting_on_it(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    bib.write_text(read(bib) + RETRACTED_ENTRIES, encoding="utf-8")
    claims = json.loads(read(data_copy / "claims.json"))
    claims["claims"].append({"id": "synthetic-trial-claim", "statement": "Relief lasts weeks in CRPS.",
                             "kind": "efficacy", "citations": [{"source": "example2021"}]})
    claims["claims"].append({"id": "synthetic-derived-claim", "statement": "Relief lasts weeks.",
                             "kind": "efficacy", "derived_from": ["synthetic-trial-claim"],
                             "citations": [{"source": "sample2020", "stance": "mentions"}]})
    (data_copy / "claims.json").write_text(json.dumps(claims, indent=2), encoding="utf-8")
    result = run("verify", str(data_copy), "--format", "json")
    assert result.returncode == 1
    retracted = [(f["subject"], f["severity"]) for f in findings(result) if f["rule"] == "KE203"]
    assert ("example2021", "error") in retracted
    assert ("sample2020", "error") in retracted  # PubMed: "Retracted Publication"
    assert ("synthetic-trial-claim", "error") in retracted
    assert ("synthetic-derived-claim", "error") in retracted  # derived from a claim resting on it
    # A claim that only mentions the PubMed-retracted paper does not rest on it.
    assert sum(1 for s, _ in retracted if s == "synthetic-derived-claim") == 1
    entry = next(f for f in findings(result) if f["rule"] == "KE203" and f["subject"] == "example2021")
    assert "'retraction' in Crossref, notice 10.5555/kevidence.retraction-notice, 2022-05-04" in entry["message"]


def test_citing_the_notice_itself_is_reported(run, registry, tmp_path: Path) -> None:
    folder = tmp_path / "notice"
    folder.mkdir()
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    (folder / "references.bib").write_text(
        "@article{notice2022,\n  title = {Retraction notice to: A Synthetic Trial of Ketamine Infusions in CRPS},\n"
        "  year = {2022},\n  doi = {10.5555/kevidence.retraction-notice}\n}\n", encoding="utf-8")
    result = run("verify", str(folder), "--format", "json")
    assert [(f["rule"], f["severity"]) for f in findings(result)] == [("KE203", "error")]
    assert "retraction notice for 10.5555/kevidence.retracted-trial" in findings(result)[0]["message"]


def test_unknown_identifier_is_a_finding(run, registry, tmp_path: Path) -> None:
    folder = tmp_path / "unknown"
    folder.mkdir()
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    (folder / "references.bib").write_text(
        "@article{ghost2020,\n  title = {Nothing},\n  doi = {10.5555/kevidence.no-such-paper},\n  pmid = {99999998}\n}\n",
        encoding="utf-8")
    result = run("verify", str(folder), "--format", "json")
    assert result.returncode == 1
    messages = sorted(f["message"] for f in findings(result) if f["rule"] == "KE202")
    assert messages == ["entry 'ghost2020': Crossref has no record of DOI 10.5555/kevidence.no-such-paper; check it for typos",
                        "entry 'ghost2020': PubMed has no record of PMID 99999998; check it for typos"]


def test_failure_half_way_writes_nothing(run, registry, data_copy: Path, tmp_path: Path) -> None:
    before = read(data_copy / "references.bib")
    registry.script("/eutils/esummary.fcgi", status(500), status(500))
    result = run("verify", str(data_copy), "--write")
    assert result.returncode == 2
    assert "cannot get an answer from PubMed" in result.stderr and "Traceback" not in result.stderr
    assert "api_key=%2A%2A%2A" in result.stderr and "test-key" not in result.stderr
    assert read(data_copy / "references.bib") == before
    assert not (tmp_path / "cache").exists()


def test_slow_answers_time_out(run, registry, data_copy: Path) -> None:
    from tests.lookup.conftest import slow

    path = "/crossref/works/10.1213/ane.0000000000001787"
    registry.script(path, slow(1.0, status(200, "{}")), slow(1.0, status(200, "{}")))
    result = run("verify", str(data_copy))
    assert result.returncode == 2
    assert "no answer within 0.5 s (2 tries)" in result.stderr


def test_offline_verify_reads_the_cache(run, registry, data_copy: Path) -> None:
    assert run("verify", str(data_copy)).returncode == 0
    asked = len(registry.log)
    result = run("verify", str(data_copy), "--offline", "--write")
    assert result.returncode == 0, result.stderr
    assert len(registry.log) == asked
    assert kevidence.load(data_copy).sources["orhurhu2019"].field("abstract")


def test_offline_names_every_missing_answer(run, registry, data_copy: Path) -> None:
    result = run("verify", str(data_copy), "--offline")
    assert result.returncode == 2
    # One problem per entry with an identifier, each naming the answer it lacks.
    assert "not in the lookup cache (3 problems)" in result.stderr
    for doi in ("10.1213/ane.0000000000001787", "10.1016/j.pmn.2017.05.006", "10.1213/ane.0000000000004185"):
        assert f"no cached Crossref answer for {doi}" in result.stderr
    assert registry.log == []


def test_bad_lookup_settings_are_named(run, registry, data_copy: Path) -> None:
    (data_copy / "kevidence.toml").write_text("[lookup]\ntimout = 3\n", encoding="utf-8")
    result = run("verify", str(data_copy))
    assert result.returncode == 2
    assert "unknown key 'timout' in [lookup]" in result.stderr and "did you mean 'timeout'?" in result.stderr
