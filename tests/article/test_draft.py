"""Drafting claims from an article: recall of the recorded claims, no re-drafting, writing."""

from __future__ import annotations

import json

import kevidence
from kevidence.article.check import check_article
from kevidence.article.draft import draft_claims, write_drafts
from kevidence.audit.kinds import judge_sentence
from kevidence.text.normalise import normalise_typography
from tests.article.conftest import ARTICLE, DOCUMENT, REPO


def without_claims(data_copy):
    """The bundled data with the document kept and every claim removed: a fresh article."""
    path = data_copy / "claims.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["claims"] = []
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return kevidence.load(data_copy)


def test_draft_recovers_every_marked_quotation(data_copy):
    recorded = kevidence.load(data_copy).claims
    drafted = draft_claims(without_claims(data_copy), ARTICLE, DOCUMENT)
    quotes = [normalise_typography(d.claim["quote"]) for d in drafted]
    marked = [c for c in recorded.values() if any(s.markers for s in c.stated_in)]
    missed = [c.id for c in marked if not any(normalise_typography(c.quote) in q for q in quotes)]
    assert len(marked) == 31 and missed == []
    # ... and cites what the recorded claim cites, through the markers and the reference list. Never
    # another source: where the editor read a later sentence's marker as covering an unmarked
    # sentence (3 claims), the draft proposes no citation rather than a guess.
    same = 0
    for claim in marked:
        holder = next(d.claim for d in drafted if normalise_typography(claim.quote) in normalise_typography(d.claim["quote"]))
        proposed = {c["source"] for c in holder.get("citations", [])}
        assert proposed in (set(claim.sources), set()), claim.id
        same += proposed == set(claim.sources)
    assert same >= 28


def test_drafted_claims_are_verbatim_and_proposed(data_copy, article_text):
    drafted = draft_claims(without_claims(data_copy), ARTICLE, DOCUMENT)
    flat = normalise_typography(article_text)
    for each in drafted:
        claim = each.claim
        assert normalise_typography(claim["quote"]) in flat
        assert claim["review"] == "proposed" and claim["stated_in"][0]["document"] == DOCUMENT
        assert "[" not in claim["quote"]  # markers are not the article's words
    by_quote = {d.claim["quote"]: d.claim for d in drafted}
    driving = next(c for q, c in by_quote.items() if q.startswith("No, you must not drive"))
    assert driving["kind"] == "safety" and driving["citations"] == [{"source": "nhs2020", "attribution": "unchecked"}]
    assert driving["stated_in"][0] == {"document": DOCUMENT, "section": "Can I Drive After My Ketamine Infusion?",
                                       "markers": ["[5]"]}
    crps = next(c for q, c in by_quote.items() if "The majority report pain relief" in q)
    assert "crps" in crps.get("conditions", []) or crps.get("intervention") == "ketamine-iv"


def test_recorded_claims_are_not_drafted_again(data_copy):
    assert draft_claims(kevidence.load(data_copy), ARTICLE, DOCUMENT) == []


def test_written_drafts_load_and_audit(data_copy):
    kb = without_claims(data_copy)
    drafted = draft_claims(kb, ARTICLE, DOCUMENT)
    ids = write_drafts(kb, drafted)
    again = kevidence.load(data_copy)
    assert set(again.claims) == set(ids) and len(ids) == len(drafted)
    # At most one finding per drafted claim: a cited one awaits review (proposed-claim); an uncited
    # one is reported by unsourced-claim alone, which says it awaits review, as severe as the article
    # check judges its sentence, and not at all where the check passes the sentence (a definition).
    cited = {i for i in ids if again.claims[i].citations}
    assert cited and cited != set(ids)
    audit = again.audit()
    assert {f.subject for f in audit.by_rule("proposed-claim")} == cited
    uncited = [f for f in audit.by_rule("unsourced-claim") if f.subject in set(ids) - cited]
    assert all("awaiting review" in f.message for f in uncited)
    judged = {i for i in set(ids) - cited if judge_sentence(again.claims[i].quote or "").severity is not None}
    assert {f.subject for f in uncited} == judged and judged != set(ids) - cited
    # The drafted base now covers the article: nothing is drafted twice, nothing drifts.
    assert draft_claims(again, ARTICLE, DOCUMENT) == []
    report = check_article(again, ARTICLE)
    assert not report.by_rule("quotation-drift") and not report.by_rule("unrecorded-marked-sentence")
    # A confirmed claim is no longer reported.
    confirmed = sorted(cited)[0]
    again.update_claim(confirmed, review=None)
    assert confirmed not in {f.subject for f in again.audit().by_rule("KE111")}


EDITORS_ARTICLE = REPO / "bench" / "editors" / "fresh4" / "articles" / "plymouth-sij.txt"


def _unsourced_by_sentence(report) -> dict[int, str]:
    """The severity of the unsourced-statement finding (KE106, or KE001 for a drafted claim) on each
    sentence of the checked article, by sentence index."""
    analysis = report.analysis
    starts = analysis.article.source.line_starts
    spans = [(s.start, s.end) for s in analysis.sentences]
    found: dict[int, str] = {}
    for finding in [*report.by_rule("unsourced-sentence"), *report.by_rule("unsourced-claim")]:
        loc = finding.location
        assert loc is not None and loc.line is not None, finding
        offset = starts[loc.line - 1] + (loc.column or 1) - 1
        index = next(i for i, (start, end) in enumerate(spans) if start <= offset < end)
        assert index not in found, (finding, found[index])  # one finding per sentence
        found[index] = finding.severity.value
    return found


def _drafting_keeps_each_sentence_judged(kb_path, article, document, *, new_document: bool) -> dict[int, str]:
    kb = kevidence.load(kb_path)
    if not new_document:
        before = _unsourced_by_sentence(check_article(kb, article, document))
    drafted = draft_claims(kb, article, document, new_document=new_document)
    if new_document:  # the document exists in memory now; check with it, as after writing
        before = _unsourced_by_sentence(check_article(kb, article, document))
    assert drafted and any("citations" not in d.claim for d in drafted)
    write_drafts(kb, drafted)
    again = kevidence.load(kb_path)
    assert all(c.review == "proposed" for c in again.claims.values())
    after = _unsourced_by_sentence(check_article(again, article, document))
    assert after == before
    return before


def test_drafting_changes_no_sentence_severity_on_the_bundled_article(data_copy):
    # The base holds the document but no claim; every sentence is judged by the article rules first,
    # then (drafted, uncited) by unsourced-claim: the same severity, sentence by sentence.
    without_claims(data_copy)
    before = _drafting_keeps_each_sentence_judged(data_copy, data_copy / "articles" / ARTICLE.name, DOCUMENT,
                                                  new_document=False)
    assert {"warning", "info"} <= set(before.values())


def test_drafting_changes_no_sentence_severity_on_an_editors_article(tmp_path):
    # A real clinic leaflet the base has never seen: definitions stay unreported after drafting,
    # reassurances stay warnings, and no drafted claim's kind raises its sentence to an error.
    kevidence.create(tmp_path / "kb")
    article = tmp_path / "kb" / "plymouth-sij.txt"
    article.write_text(EDITORS_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = _drafting_keeps_each_sentence_judged(tmp_path / "kb", article, "plymouth-sij", new_document=True)
    assert "warning" in before.values()
    analysis = check_article(kevidence.load(tmp_path / "kb"), article, "plymouth-sij").analysis
    passed = [s for s in analysis.sentences if s.index not in before and s.index in analysis.sentence_claims]
    assert passed  # drafted sentences that the check passes are still passed


def test_a_drafted_definition_is_judged_as_its_sentence_in_a_plain_audit(data_copy):
    # Without the article at hand the audit judges the drafted claim's quote: a definition is not
    # reported; a reassurance stated as fact is a warning, not the error its 'safety' kind once gave.
    kb = without_claims(data_copy)
    base = {"stated_in": [{"document": DOCUMENT}], "review": "proposed"}
    kb.add_claim({**base, "id": "tens-defined", "kind": "definition",
                  "statement": "TENS refers to a small battery-operated device.",
                  "quote": "TENS refers to a small battery-operated device."})
    kb.add_claim({**base, "id": "safe-treatment", "kind": "safety",
                  "statement": "The treatment is generally very safe.",
                  "quote": "The treatment is generally very safe."})
    kb.add_claim({"id": "confirmed-safe", "kind": "safety", "statement": "The treatment is generally very safe."})
    findings = {f.subject: f for f in kb.audit().by_rule("unsourced-claim")}
    assert "tens-defined" not in findings
    assert findings["safe-treatment"].severity.value == "warning"
    assert "awaiting review" in findings["safe-treatment"].message
    assert findings["confirmed-safe"].severity.value == "error"  # a confirmed claim keeps its kind's severity
