"""The Python side: settings, the cache, a session against the local registry, verify and record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import kevidence
from kevidence.lookup import (
    Cache,
    HttpClient,
    LookupSession,
    LookupSettings,
    LookupSettingsError,
    NotCachedError,
    lookup,
    lookup_settings,
    record_verified,
    verify,
)
from kevidence.lookup.client import Answer
from kevidence.lookup.settings import parse_lookup_table
from tests.lookup.conftest import Registry, read


def settings_for(registry: Registry, tmp_path: Path) -> LookupSettings:
    return LookupSettings(crossref_url=registry.crossref_url, eutils_url=registry.eutils_url,
                          email="editor@example.org", ncbi_api_key="secret-key", cache_dir=tmp_path / "cache", timeout=2)


def test_settings_from_the_config_then_the_environment(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kevidence]\nstale-years = 5\n\n[tool.kevidence.lookup]\nemail = "a@example.org"\n'
        'cache = "lookup-cache"\ncache-days = 7\ntimeout = 3\n', encoding="utf-8")
    found = lookup_settings(tmp_path, environ={})
    assert (found.email, found.cache_dir, found.cache_days, found.timeout) == (
        "a@example.org", tmp_path / "lookup-cache", 7.0, 3.0)
    overridden = lookup_settings(tmp_path, environ={"KEVIDENCE_EMAIL": "b@example.org", "NCBI_API_KEY": "key",
                                                    "KEVIDENCE_CROSSREF_URL": "http://mirror.example.org"})
    assert (overridden.email, overridden.ncbi_api_key, overridden.crossref_url) == (
        "b@example.org", "key", "http://mirror.example.org")
    # The audit's own settings still read the same file without complaint.
    assert kevidence.audit.load_config(tmp_path / "pyproject.toml").stale_years == 5


@pytest.mark.parametrize(("table", "message"), [
    ({"timeout": -1}, "timeout must be a positive number"),
    ({"retries": 99}, "retries must be a whole number from 0 to 10"),
    ({"email": 3}, "email must be text"),
    ({"cache_dayz": 3}, "did you mean 'cache-days'?"),
])
def test_bad_settings_are_named(table: dict, message: str) -> None:
    with pytest.raises(LookupSettingsError, match=message):
        parse_lookup_table(table)


def test_registry_address_must_be_http(tmp_path: Path) -> None:
    with pytest.raises(LookupSettingsError, match="is not an http"):
        LookupSession(LookupSettings(crossref_url="file:///etc", cache_dir=tmp_path))


def test_cache_expires_and_offline_reads_any_age(tmp_path: Path) -> None:
    now = [1000.0]
    cache = Cache(tmp_path, max_age_days=1, clock=lambda: now[0])
    cache.put("crossref", "10.5555/A", Answer(200, "{}", "http://x"))
    assert not tmp_path.joinpath("crossref").exists()  # nothing written before commit
    assert cache.get("crossref", "10.5555/a") is not None
    [written] = cache.commit()
    assert written.name == "10.5555%2Fa.json"
    now[0] += 2 * 86_400
    assert cache.get("crossref", "10.5555/a") is None
    assert cache.get("crossref", "10.5555/a", any_age=True).answer.body == "{}"
    written.write_text("{broken", encoding="utf-8")
    assert cache.get("crossref", "10.5555/a", any_age=True) is None


def test_lookup_through_a_session(registry: Registry, tmp_path: Path) -> None:
    session = LookupSession(settings_for(registry, tmp_path))
    reference = lookup("doi:10.1016/j.pmn.2017.05.006", session)
    assert reference.pmid == "28743507" and reference.crossref is not None
    assert reference.pubmed.publication_types == ("Journal Article", "Review")
    assert all(r["api_key"] == "secret-key" for r in registry.requests_to("/eutils/"))
    cached = list((tmp_path / "cache").rglob("*.json"))
    assert len(cached) == 4 and not any("secret-key" in path.read_text() for path in cached)
    offline = LookupSession(settings_for(registry, tmp_path), offline=True)
    assert offline.reference("10.1016/j.pmn.2017.05.006").records == reference.records
    with pytest.raises(NotCachedError):
        offline.reference("31082965")


def test_verify_and_record_in_python(registry: Registry, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(Path(__file__).parents[2] / "data", tmp_path / "kb")
    kb = kevidence.load(tmp_path / "kb")
    session = LookupSession(settings_for(registry, tmp_path), client=HttpClient(timeout=2, retries=0))
    result = verify(kb, session, day=date(2026, 3, 4))
    assert result.report.findings == ()
    assert sorted(result.lookups.by_key) == ["allen2017", "maher2017", "orhurhu2019"]
    applied = record_verified(kb, result.lookups)
    assert applied["allen2017"]["ascited"] == "month"
    assert kb.sources["maher2017"].field("verifieddate") == "2026-03-04"
    kb.save()
    assert "verifieddate = {2026-03-04}" in read(tmp_path / "kb" / "references.bib")


def test_readme_python(registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example, with the environment pointing at the local registry."""
    import shutil

    from kevidence.lookup import entry_text

    monkeypatch.setenv("KEVIDENCE_CROSSREF_URL", registry.crossref_url)
    monkeypatch.setenv("KEVIDENCE_EUTILS_URL", registry.eutils_url)
    monkeypatch.setenv("KEVIDENCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NCBI_API_KEY", "k")
    ref = lookup("10.1213/ANE.0000000000004185")
    assert (ref.pmid, ref.crossref.title.startswith("Ketamine Infusions"), ref.pubmed.publication_types) == (
        "31082965", True, ("Journal Article", "Meta-Analysis", "Systematic Review"))
    assert entry_text(ref, "orhurhu2019").startswith("@article{orhurhu2019,\n  author = {Orhurhu, V. and")
    shutil.copytree(Path(__file__).parents[2] / "data", tmp_path / "my-kb")
    kb = kevidence.load(tmp_path / "my-kb")
    session = LookupSession(lookup_settings(tmp_path / "my-kb"))
    result = verify(kb, session)
    assert result.report.findings == ()
    record_verified(kb, result.lookups)
    assert kb.save()


@pytest.mark.parametrize(("kind", "label", "severity"), [
    ("RETRACTION", "retraction", "error"),
    ("EXPRESSION_OF_CONCERN", "expression of concern", "warning"),
    ("CORRECTION", "correction", "info"),
])
def test_notices_reach_claims_resting_on_the_paper_through_a_review(kind: str, label: str, severity: str) -> None:
    from kevidence.lookup import Lookups, Notice, NoticeKind, Record, SourceLookup
    from kevidence.sources.bibtex import parse_bib

    bib = parse_bib("@article{trial2021, title = {T}, doi = {10.5555/t}}\n"
                    "@article{review2022, title = {R}, cites = {trial2021}}\n"
                    "@article{other2020, title = {O}}\n")
    claims = [kevidence.Claim(id="via-review", statement="S.", kind="efficacy", citations=[{"source": "review2022"}]),
              kevidence.Claim(id="unrelated", statement="U.", kind="efficacy", citations=[{"source": "other2020"}])]
    kb = kevidence.KnowledgeBase.from_models(claims, bib.sources)
    record = Record("Crossref", "10.5555/t", notices=(Notice(NoticeKind[kind], label, "Crossref"),))
    lookups = Lookups({"trial2021": SourceLookup("trial2021", (record,))})
    report = kb.audit(select=["retraction-notice"], settings={"lookups": lookups})
    assert sorted((f.subject, f.severity.value) for f in report.findings) == [("trial2021", severity),
                                                                               ("via-review", severity)]
    assert kb.audit(select=["KE2"]).findings == ()  # without fetched records the rules find nothing
