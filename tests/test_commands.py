"""Each command of the command line, run as a user runs it: the installed executable on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence
from kevidence.graph.query import FACETS

EXECUTABLE = shutil.which("kevidence") or str(Path(sys.executable).parent / "kevidence")
CLAIM = "ketamine-crps-inpatient-relief-several-weeks"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXECUTABLE, *args], capture_output=True, text=True, input=stdin, cwd=cwd, timeout=120)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


@pytest.mark.slow
def test_link_with_every_citation_field(base: Path) -> None:
    # The README's `kevidence link DIR CLAIM KEY`, with and without --stance, failed on every call.
    plain = run("link", str(base), CLAIM, "orhurhu2019")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == f"{CLAIM} now cites orhurhu2019\n"
    full = run("link", str(base), CLAIM, "allen2017", "--stance", "contradicts", "--locator", "p. 2",
               "--quote", "relief “lasted”", "--note", "checked in the PDF", "--attribution", "verified")
    assert full.returncode == 0, full.stderr
    claim = kevidence.load(base).claim(CLAIM)
    by_key = {c.source: c for c in claim.citations}
    assert by_key["orhurhu2019"].stance == kevidence.Stance.SUPPORTS
    cited = by_key["allen2017"]
    assert (cited.stance.value, cited.locator, cited.quote, cited.note, cited.attribution.value) == (
        "contradicts", "p. 2", "relief “lasted”", "checked in the PDF", "verified")


@pytest.mark.slow
def test_link_refuses_a_second_citation_and_an_unknown_key(base: Path) -> None:
    before = (base / "claims.json").read_bytes()
    again = run("link", str(base), CLAIM, "maher2017")
    assert again.returncode == 2 and "already cites" in again.stderr and "Traceback" not in again.stderr
    unknown = run("link", str(base), CLAIM, "maher2071")
    assert unknown.returncode == 2 and "did you mean 'maher2017'?" in unknown.stderr
    assert (base / "claims.json").read_bytes() == before


@pytest.mark.slow
def test_citation_shows_and_changes_a_citation_in_place(base: Path) -> None:
    shown = run("citation", str(base), CLAIM, "maher2017", "--format", "json")
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["source"] == "maher2017"
    before = kevidence.load(base).claim(CLAIM).citations
    changed = run("citation", str(base), CLAIM, "maher2017", "--locator", "Table 2", "--attribution", "verified")
    assert changed.returncode == 0, changed.stderr
    assert "locator: Table 2" in changed.stdout
    after = kevidence.load(base).claim(CLAIM).citations
    assert [c.source for c in after] == [c.source for c in before]  # in place, same order
    assert (after[0].locator, after[0].attribution.value) == ("Table 2", "verified")
    cleared = run("citation", str(base), CLAIM, "maher2017", "--clear", "locator,attribution")
    assert cleared.returncode == 0
    again = kevidence.load(base).claim(CLAIM).citations[0]
    assert again.locator is None and again.attribution.value == "unchecked"
    bad = run("citation", str(base), CLAIM, "maher2017", "--clear", "locatr")
    assert bad.returncode == 2 and "did you mean 'locator'?" in bad.stderr


@pytest.mark.slow
def test_add_source_takes_several_entries_all_or_none(base: Path, tmp_path: Path) -> None:
    two = tmp_path / "two.bib"
    two.write_text("@article{a2024, title = {A}, year = 2024}\n\n@book{b2024, title = {B}, year = 2024}\n",
                   encoding="utf-8")
    added = run("add-source", str(base), str(two))
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added a2024\nadded b2024\n"
    assert {"a2024", "b2024"} <= set(kevidence.load(base).sources)
    before = (base / "references.bib").read_bytes()
    mixed = tmp_path / "mixed.bib"
    mixed.write_text("@article{c2024, title = {C}}\n@article{maher2017, title = {Taken}}\n", encoding="utf-8")
    refused = run("add-source", str(base), str(mixed))
    assert refused.returncode == 2
    assert "maher2017" in refused.stderr and "already exists" in refused.stderr
    assert (base / "references.bib").read_bytes() == before  # c2024 was not added either
    piped = run("add-source", str(base), "-", stdin="@misc{d2024, title = {D}}\n")
    assert piped.returncode == 0 and piped.stdout == "added d2024\n"


def test_unlink(base: Path) -> None:
    result = run("unlink", str(base), CLAIM, "maher2017")
    assert result.returncode == 0 and result.stdout == f"{CLAIM} no longer cites maher2017\n"
    assert "maher2017" not in kevidence.load(base).claim(CLAIM).sources


@pytest.mark.slow
def test_vocab_lists_terms_the_claims_file_adds(base: Path) -> None:
    data = json.loads((base / "claims.json").read_text(encoding="utf-8"))
    data["vocabulary"] = {"conditions": [{"id": "erythromelalgia", "label": "Erythromelalgia",
                                          "synonyms": ["Mitchell's disease"], "parents": ["chronic-neuropathic-pain"]}]}
    (base / "claims.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    listed = run("vocab", "condition", str(base), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    terms = {t["id"]: t for t in json.loads(listed.stdout)}
    assert terms["erythromelalgia"]["synonyms"] == ["Mitchell's disease"]
    assert terms["erythromelalgia"]["broader"] == ["chronic-neuropathic-pain"]
    assert "crps" in terms
    every = run("vocab", str(base))
    for heading in ("condition:", "pain-type:", "intervention:", "kind:", "setting:", "stance:", "attribution:",
                    "study-design:"):
        assert heading in every.stdout.splitlines()
    assert "  meta-analysis-of-rcts  systematic review and meta-analysis of randomized trials; CEBM level 1" in every.stdout
    wrong = run("vocab", "conditon")
    assert wrong.returncode == 2 and "did you mean 'condition'?" in wrong.stderr


def test_query_options_are_the_facet_table() -> None:
    result = run("query", "--help")
    for facet in FACETS:
        assert facet.option in result.stdout
    assert result.returncode == 0


@pytest.mark.slow
def test_query_trace_rules_schema_run(base: Path) -> None:
    query = run("query", str(base), "--condition", "crps", "--kind", "efficacy", "--format", "json")
    assert [r["claim"] for r in json.loads(query.stdout)["claims"]] == [
        CLAIM, "ketamine-crps-outpatient-relief-several-months"]
    trace = run("trace", CLAIM, str(base), "--format", "json")
    assert json.loads(trace.stdout)["claim"] == CLAIM
    rules = run("rules", "KE009", "--format", "json")
    assert json.loads(rules.stdout)["name"] == "overstated-evidence"
    schema = run("schema")
    assert json.loads(schema.stdout)["title"] == "ClaimsFile"


@pytest.mark.slow
def test_audit_exit_codes(base: Path) -> None:
    assert run("audit", str(base)).returncode == 1  # the bundled article's KE009 error
    assert run("audit", str(base), "--ignore", "KE009").returncode == 0
    assert run("audit", str(base / "nowhere")).returncode == 2
    assert run().returncode == 2  # no command: help on stderr, exit 2
