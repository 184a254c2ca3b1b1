"""``kevidence lookup`` and ``kevidence add-source --doi/--pmid`` through the real executable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kevidence
from kevidence.sources.bibtex import parse_bib
from tests.lookup.conftest import read, status

ORHURHU_DOI = "10.1213/ANE.0000000000004185"
COHEN_DOI = "10.1097/AAP.0000000000000808"


def test_lookup_doi_prints_an_entry_linked_to_its_pmid(run, registry, data_copy: Path) -> None:
    result = run("lookup", ORHURHU_DOI, "--dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    source = next(iter(parse_bib(result.stdout).sources.values()))
    # The base already holds orhurhu2019: the new key does not collide with it.
    assert source.key == "orhurhu2019a"
    assert source.title == ("Ketamine Infusions for Chronic Pain: A Systematic Review and Meta-analysis "
                            "of Randomized Controlled Trials")
    assert source.journal == "Anesthesia & Analgesia"
    assert [a.family for a in source.authors] == ["Orhurhu", "Orhurhu", "Bhatia", "Cohen"]
    assert (source.year, source.field("volume"), source.field("pages")) == (2019, "129", "241--254")
    assert source.field("doi") == ORHURHU_DOI
    assert source.pmid == "31082965"  # found by PubMed's search for the DOI
    # The design is proposed from PubMed's publication types and marked unverified.
    assert source.field("studydesign") == "meta-analysis-of-rcts"
    assert source.unverified_fields == ("studydesign",)
    assert "BACKGROUND: Placeholder background section" in (source.field("abstract") or "")
    # Polite pool and NCBI identification were sent.
    assert registry.requests_to("/crossref/works/")[0]["mailto"] == "editor@example.org"
    ncbi = registry.requests_to("/eutils/")
    assert ncbi and all(r["tool"] == "kevidence" and r["email"] == "editor@example.org" for r in ncbi)


def test_lookup_follows_the_style_of_the_base(run, registry, tmp_path: Path) -> None:
    folder = tmp_path / "styled"
    folder.mkdir()
    (folder / "references.bib").write_text('@ARTICLE{x2000,\n\tTITLE="T",\n\tYEAR="2000",\n}\n', encoding="utf-8")
    result = run("lookup", "31082965", "--bib", str(folder / "references.bib"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("@ARTICLE{orhurhu2019,\n\tauthor=")
    assert '\tyear="2019",' in result.stdout
    assert result.stdout.rstrip().endswith(",\n}")


def test_lookup_pmid_links_its_doi_and_prints_several_entries(run, registry, data_copy: Path) -> None:
    result = run("lookup", "28743507", ORHURHU_DOI, "--dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    sources = list(parse_bib(result.stdout).sources.values())
    assert [s.key for s in sources] == ["allen2017a", "orhurhu2019a"]
    assert sources[0].field("doi") == "10.1016/j.pmn.2017.05.006"
    assert sources[0].title == "Ketamine for Pain Management—Side Effects & Potential Adverse Events"
    assert sources[0].field("studydesign") == "narrative-review"


def test_add_source_by_doi_appends_one_entry_and_keeps_the_rest(run, registry, data_copy: Path) -> None:
    bib = data_copy / "references.bib"
    before = read(bib)
    result = run("add-source", str(data_copy), "--doi", COHEN_DOI)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added cohen2018")
    after = read(bib)
    assert after.startswith(before.rstrip("\n"))  # every byte before the new entry kept
    kb = kevidence.load(data_copy)
    added = kb.sources["cohen2018"]
    assert added.doi == COHEN_DOI.lower()
    assert added.journal == "Regional Anesthesia & Pain Medicine"
    assert added.pmid is None  # PubMed's search finds no record listing this DOI in the test registry
    # The audit sees the entry; with no PubMed types, no design was proposed.
    assert added.study_design is None


@pytest.mark.slow
def test_add_source_by_pmid_then_audit_asks_to_confirm_the_proposed_design(run, registry, tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    (folder / "references.bib").write_text("", encoding="utf-8")
    result = run("add-source", str(folder), "--pmid", "31082965")
    assert result.returncode == 0, result.stderr
    assert "study design meta-analysis-of-rcts proposed" in result.stdout
    audit = run("audit", str(folder), "--format", "json", "--select", "unverified-metadata")
    finding = json.loads(audit.stdout)["findings"][0]
    assert finding["subject"] == "orhurhu2019" and "studydesign" in finding["message"]


def test_add_source_refuses_a_reference_already_held(run, registry, data_copy: Path) -> None:
    before = read(data_copy / "references.bib")
    result = run("add-source", str(data_copy), "--pmid", "31082965")
    assert result.returncode == 2
    assert "already in the base" in result.stderr and "orhurhu2019" in result.stderr
    assert "Traceback" not in result.stderr
    assert read(data_copy / "references.bib") == before


def test_add_source_needs_an_entry_or_an_identifier(run, data_copy: Path) -> None:
    result = run("add-source", str(data_copy))
    assert result.returncode == 2
    assert "--doi" in result.stderr and "Traceback" not in result.stderr


def test_add_source_from_a_file_still_works(run, data_copy: Path, tmp_path: Path) -> None:
    entry = tmp_path / "entry.bib"
    entry.write_text("@misc{leaflet2024,\n  title = {Ketamine leaflet}\n}\n", encoding="utf-8")
    result = run("add-source", str(data_copy), str(entry))
    assert result.returncode == 0, result.stderr
    assert "leaflet2024" in kevidence.load(data_copy).sources


def test_unknown_doi_is_one_clear_error(run, registry, data_copy: Path) -> None:
    result = run("lookup", "10.5555/kevidence.no-such-paper", "--dir", str(data_copy))
    assert result.returncode == 2
    assert "Crossref does not know 10.5555/kevidence.no-such-paper" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_an_identifier(run, data_copy: Path) -> None:
    result = run("lookup", "ketamine", "--dir", str(data_copy))
    assert result.returncode == 2
    assert "'ketamine' is neither a DOI nor a PubMed id" in result.stderr
    missing = run("lookup", "31082965", "--dir", str(data_copy / "nowhere"))
    assert missing.returncode == 2 and "nowhere: no such folder" in missing.stderr


def test_network_failure_writes_nothing(run, registry, data_copy: Path, tmp_path: Path) -> None:
    before = read(data_copy / "references.bib")
    result = run("add-source", str(data_copy), "--doi", COHEN_DOI,
                 extra_env={"KEVIDENCE_CROSSREF_URL": "http://127.0.0.1:9/crossref"})
    assert result.returncode == 2
    assert "cannot get an answer from Crossref" in result.stderr
    assert "127.0.0.1:9/crossref/works/10.1097/aap.0000000000000808" in result.stderr
    assert "Traceback" not in result.stderr
    assert read(data_copy / "references.bib") == before
    assert not (tmp_path / "cache").exists()


def test_malformed_json_is_one_clear_error(run, registry, data_copy: Path) -> None:
    registry.script("/crossref/works/10.1097/aap.0000000000000808", status(200, "{not json"))
    result = run("lookup", COHEN_DOI, "--dir", str(data_copy))
    assert result.returncode == 2
    assert "Crossref answered something that is not JSON" in result.stderr


def test_too_many_requests_is_retried_after_the_pause_asked(run, registry, data_copy: Path) -> None:
    registry.script("/crossref/works/10.1097/aap.0000000000000808", status(429, "slow down", {"Retry-After": "1"}))
    result = run("lookup", COHEN_DOI, "--dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert len(registry.requests_to("/crossref/works/")) == 2
    assert "cohen2018" in result.stdout


def test_server_errors_beyond_the_retries_end_in_one_error(run, registry, data_copy: Path) -> None:
    path = "/crossref/works/10.1097/aap.0000000000000808"
    registry.script(path, status(503), status(503), status(503))
    result = run("lookup", COHEN_DOI, "--dir", str(data_copy))
    assert result.returncode == 2
    assert "HTTP 503 (server error) (2 tries)" in result.stderr  # retries = 1 in the test config
    assert len(registry.requests_to("/crossref/works/")) == 2


@pytest.mark.slow
def test_offline_uses_only_the_cache(run, registry, data_copy: Path) -> None:
    online = run("lookup", "31082965", "--dir", str(data_copy))
    assert online.returncode == 0, online.stderr
    asked = len(registry.log)
    offline = run("lookup", "31082965", "--dir", str(data_copy), "--offline",
                  extra_env={"KEVIDENCE_CROSSREF_URL": "http://127.0.0.1:9", "KEVIDENCE_EUTILS_URL": "http://127.0.0.1:9"})
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout == online.stdout
    assert len(registry.log) == asked
    missing = run("lookup", COHEN_DOI, "--dir", str(data_copy), "--offline")
    assert missing.returncode == 2
    assert "no cached Crossref answer for 10.1097/aap.0000000000000808" in missing.stderr
    assert "without --offline" in missing.stderr


@pytest.mark.slow
def test_readme_commands(run, registry, data_copy: Path) -> None:
    """The commands of the README's lookup section, in order, on a copy of the data named my-kb."""
    folder = data_copy.parent
    data_copy.rename(folder / "my-kb")
    bundled_style = run("lookup", "10.1213/ANE.0000000000004185", "28743507", cwd=folder)
    assert bundled_style.returncode == 0, bundled_style.stderr
    assert [s.key for s in parse_bib(bundled_style.stdout).sources.values()] == ["orhurhu2019a", "allen2017a"]
    assert "  author       = {Orhurhu" in bundled_style.stdout  # aligned like the bundled .bib
    styled = run("lookup", "28743507", "--dir", "my-kb", cwd=folder)
    assert "@article{allen2017a," in styled.stdout
    assert run("add-source", "my-kb", "--doi", COHEN_DOI, cwd=folder).returncode == 0
    assert run("add-source", "my-kb", "--pmid", "31082965", cwd=folder).returncode == 2  # already held
    assert run("verify", "my-kb", cwd=folder).returncode == 0
    written = run("verify", "my-kb", "--write", cwd=folder)
    # cohen2018 was written from its records today: only the three bundled entries change.
    assert written.returncode == 0 and "3 of 4 entries updated" in written.stderr
    assert kevidence.load(folder / "my-kb").sources["cohen2018"].field("verifieddate")
    offline = run("verify", "my-kb", "--offline", "--format", "json", cwd=folder,
                  extra_env={"KEVIDENCE_CROSSREF_URL": "http://127.0.0.1:9", "KEVIDENCE_EUTILS_URL": "http://127.0.0.1:9"})
    assert offline.returncode == 0, offline.stderr
    assert json.loads(offline.stdout)["findings"] == []
