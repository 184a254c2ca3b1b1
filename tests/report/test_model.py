"""What the report assembles: each sentence's claims, findings and status, each claim's evidence
and trace, the summary counts, the pictures' geometry."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.article.check import check_article
from kevidence.errors import KevidenceError
from kevidence.report import build_report, model, render_report
from kevidence.report.picture import BOX_H, Picture
from tests.report.conftest import ARTICLE


@pytest.fixture(scope="module")
def bundled_report() -> tuple[kevidence.KnowledgeBase, model.Report]:
    kb = kevidence.load()
    return kb, build_report(kb, kevidence.bundled_data_dir() / ARTICLE)


def sentences(report: model.Report) -> list[model.SentenceView]:
    return [s for block in report.blocks for s in block.sentences]


def test_every_finding_in_the_article_is_placed_at_its_sentence_or_reference(bundled_report) -> None:
    kb, report = bundled_report
    checked = check_article(kb, kevidence.bundled_data_dir() / ARTICLE)
    assert [f[:5] for f in report.data["findings"]] == [
        [f.severity.value, f.rule, f.name, f.subject, f.message] for f in checked.findings]
    placed = {n for s in sentences(report) for n in s.findings} | {n for r in report.references for n in r.findings}
    in_article = {n for n, f in enumerate(checked.findings) if f.location and f.location.file == checked.analysis.article.file}
    assert placed == in_article and in_article
    source = checked.analysis.article.source
    for view in sentences(report):
        sentence = checked.analysis.sentences[view.index]
        for n in view.findings:
            finding = checked.findings[n]
            offset = source.line_starts[finding.location.line - 1] + finding.location.column - 1
            # at the sentence, or about a claim it states
            assert sentence.start <= offset < sentence.end or finding.subject in view.claims


def test_a_sentence_status_is_its_worst_finding_else_its_sources(bundled_report) -> None:
    kb, report = bundled_report
    findings = report.data["findings"]
    views = sentences(report)
    assert [v.index for v in views] == list(range(len(views)))
    for view in views:
        severities = {findings[n][0] for n in view.findings}
        worst = next((s for s in model.SEVERITIES if s in severities), None)
        if worst:
            assert view.status == worst
        else:
            assert view.status in ("sourced", "unsourced", "absent")
            assert (view.status == "absent") == (not view.claims and not view.keys)
    overstated = next(v for v in views if "ketamine-longer-infusions-longer-relief" in v.claims)
    assert overstated.status == "error" and overstated.text.startswith("CEBM level 2 evidence")
    assert overstated.keys == ("maher2017",) and overstated.markers == ("[2]",)
    assert report.status_counts["error"] == 1
    assert sum(report.status_counts.values()) == len(views)


def test_reference_findings_sit_at_their_entry(bundled_report) -> None:
    _, report = bundled_report
    first = report.references[0]
    assert (first.label, first.key) == ("1", "stanford2020")
    rules = {report.data["findings"][n][1] for n in first.findings}
    # KE021 is reported once per source, at the source (the claims resting on it are listed).
    assert rules == {"KE006", "KE008", "KE021"}


def test_unsourced_and_absent_sentences(hostile: Path) -> None:
    kb = kevidence.load(hostile)
    report = build_report(kb, hostile / "article.txt", ignore=["KE001", "KE106"])
    status = {v.claims: v.status for v in sentences(report)}
    assert status[("evil-unsourced",)] == "unsourced"
    assert status[()] == "absent"
    assert status[("evil-claim",)] == "error"  # KE002 dangling citation, KE009 overstated


def test_claims_carry_their_evidence_for_and_against_levels_and_trace(bundled_report, hostile: Path) -> None:
    kb, report = bundled_report
    row = report.data["claims"]["ketamine-longer-infusions-longer-relief"]
    assert row["ev"] == 2 and row["best"] is None and row["sup"] == ["maher2017"]
    assert row["tr"] == kb.trace("ketamine-longer-infusions-longer-relief").to_dict()["tree"]
    assert {report.data["findings"][n][1] for n in row["f"]} >= {"KE009", "KE010"}
    dose = report.data["claims"]["ketamine-dose-response"]
    assert dose["best"] == 1 and dose["bs"] == ["orhurhu2019"]
    evil = build_report(kevidence.load(hostile), hostile / "article.txt").data["claims"]["evil-claim"]
    assert [c[0] for c in evil["cit"] if c[1] == "contradicts"] == ["page2021"]


def test_summary_counts(bundled_report) -> None:
    kb, report = bundled_report
    assert sum(report.by_severity.values()) == len(report.data["findings"])
    assert sum(n for *_, n in report.by_rule) == len(report.data["findings"])
    assert sum(level.asserted for level in report.levels) == report.claims_in_scope
    assert sum(level.supportable for level in report.levels) == report.claims_in_scope
    unsourced = [c for c in report.data["claims"] if not report.data["claims"][c]["sup"]
                 and c in {i for v in sentences(report) for i in v.claims} | set(report.unsourced)]
    assert set(report.unsourced) <= set(unsourced)
    assert report.unsourced_total == len(report.unsourced) > 0


def test_without_an_article_every_claim_is_grouped_by_document_and_section() -> None:
    kb = kevidence.load()
    report = build_report(kb)
    groups = report.data["groups"]
    assert {c for _, _, ids in groups for c in ids} == set(kb.claims)
    for document, section, ids in groups:
        for claim_id in ids:
            assert any(s.document == document and (s.section or "") == section for s in kb.claims[claim_id].stated_in)
    for claim_id, row in report.data["claims"].items():
        assert {report.data["findings"][n][3] for n in row["f"]} <= {claim_id}
    assert [d for d, *_ in report.document_pictures] == list(kb.documents)


def test_large_bases_skip_traces_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "DETAIL_LIMIT", 5)
    report = build_report(kevidence.load())
    assert not any("tr" in row for row in report.data["claims"].values()) and not report.pictures
    assert "kevidence trace ID" in report.notes[0]


def _overlaps(picture: Picture) -> list[tuple[str, str]]:
    return [(a.ref, b.ref) for a, b in combinations(picture.boxes, 2)
            if abs(a.x - b.x) < picture.box_w and abs(a.y - b.y) < BOX_H]


def _check_geometry(picture: Picture) -> None:
    assert not _overlaps(picture)
    for box in picture.boxes:
        assert box.x >= 0 and box.x + picture.box_w <= picture.width
        assert box.y >= 0 and box.y + BOX_H <= picture.height
    rights = {(b.x + picture.box_w, b.y + BOX_H / 2) for b in picture.boxes}
    lefts = {(b.x, b.y + BOX_H / 2) for b in picture.boxes}
    for curve in picture.curves:
        assert (curve.x1, curve.y1) in rights and (curve.x2, curve.y2) in lefts


def test_pictures_place_boxes_apart_and_join_them(bundled_report) -> None:
    kb, report = bundled_report
    for claim_id, picture in report.pictures.items():
        _check_geometry(picture)
        assert len(picture.boxes) == len(kb.trace(claim_id).nodes)
    _, _, document, count = report.document_pictures[0]
    assert document is not None and count == report.claims_in_scope
    _check_geometry(document)
    cited = {c.source for claim_id in report.data["claims"] for c in kb.claims[claim_id].citations
             if claim_id in {b.ref for b in document.boxes if b.kind == "claim"}}
    assert {b.ref for b in document.boxes if b.kind == "source"} >= cited
    citations = sum(len(kb.claims[b.ref].citations) for b in document.boxes if b.kind == "claim")
    assert len(document.curves) >= citations


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_article_gives_a_report(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_text(text, encoding="utf-8")
    kb = kevidence.load()
    try:
        report = build_report(kb, path)
    except KevidenceError:
        return  # an empty or unreadable article is one clear error
    checked = check_article(kb, path)
    assert len(sentences(report)) == len(checked.analysis.sentences)
    assert "</html>" in render_report(report)


def test_every_source_a_claim_shows_is_in_the_data(bundled_report) -> None:
    kb, report = bundled_report
    data = report.data
    for row in data["claims"].values():
        shown = {c[0] for c in row["cit"]} | set(row["sup"]) | set(row["bs"])
        assert shown <= set(data["sources"])
        for parent in row["df"]:
            assert parent in data["claims"]
