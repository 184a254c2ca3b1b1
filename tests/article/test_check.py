"""Checking an article against the base, in Python: the bundled article and edited copies."""

from __future__ import annotations

import json

import pytest

import kevidence
from kevidence.article.check import check_article
from kevidence.audit import Severity
from kevidence.errors import KevidenceError
from tests.article.conftest import ARTICLE, DOCUMENT, FIXTURES, KEYS


def line_of(text: str, passage: str) -> tuple[int, int]:
    at = text.index(passage)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.fixture
def kb(data_copy):
    return kevidence.load(data_copy)


def test_bundled_article(kb, article_text):
    report = check_article(kb, ARTICLE)
    assert report.analysis.document is not None and report.analysis.document.id == DOCUMENT  # found by its path
    assert {m.entry.number: m.key for m in report.analysis.references} == KEYS
    assert not report.by_rule("KE101") and not report.by_rule("KE102") and not report.by_rule("KE103")
    # No drift: every recorded quotation is in the article, word for word.
    assert not report.by_rule("quotation-drift") and not report.by_rule("quotation-mismatch")
    assert report.summary["article"]["claims_located"] == report.summary["article"]["claims_recorded"] == 43
    # The one stray quotation mark: "...relief can last for two weeks” [2]" has no opening mark.
    (stray,) = report.by_rule("unbalanced-quotation")
    assert (stray.location.line, stray.location.column) == line_of(article_text, "\u201d [2]\n\nCEBM")


def test_bundled_statements_without_a_source(kb, article_text):
    report = check_article(kb, ARTICLE, select=["unsourced-sentence", "unsourced-claim", "proposed-claim"])
    unmarked = [c for c in kb.claims.values() if not any(s.markers for s in c.stated_in)]
    # ketamine-used-for-neuropathic-pain shares its sentence with the marker [2]: the sentence has a source.
    # The clinic's service statements carry a suppression of unsourced-claim: silenced once, they stay silent.
    suppressed = {c.id for c in unmarked if any(s.rule == "unsourced-claim" for s in c.suppressions)}
    assert suppressed == {"clinic-outpatient-flexibility", "consultant-assesses-suitability"}
    expected = {line_of(article_text, c.quote)[0] for c in unmarked
                if c.id != "ketamine-used-for-neuropathic-pain" and c.id not in suppressed}
    assert not {f.subject for f in report.findings} & suppressed
    # Their claims cite no source either: unsourced-claim reports each once, at its sentence, and the
    # article rule stays silent (one finding per defect).
    assert not report.by_rule("unsourced-sentence")
    by_line: dict[int, list[str]] = {}
    for finding in report.findings:
        by_line.setdefault(finding.location.line, []).append(finding.name)
    assert expected <= set(by_line)
    assert all(by_line[line] == ["unsourced-claim"] * len(by_line[line]) for line in expected)
    subjects = {f.subject for f in report.by_rule("unsourced-claim")}
    assert {"neuropathic-pain-definition", "crps-definition"} <= subjects
    # Background and definitions are warnings.
    assert all(f.severity is Severity.WARNING for f in report.by_rule("unsourced-claim"))


def test_base_findings_move_to_their_sentences(kb, article_text):
    report = check_article(kb, ARTICLE, select=["overstated-evidence"])
    (finding,) = report.findings
    assert finding.subject == "ketamine-longer-infusions-longer-relief"
    assert finding.location.file.endswith("ketamine-infusions-article.txt")
    assert (finding.location.line, finding.location.column) == line_of(article_text, "CEBM level 2 evidence")


@pytest.mark.parametrize("name", ["ketamine-infusions-article.md", "ketamine-infusions-article.html"])
def test_markdown_and_html_versions_check_alike(kb, name):
    text_report = check_article(kb, ARTICLE, DOCUMENT)
    report = check_article(kb, FIXTURES / name, DOCUMENT)
    assert {m.entry.number: m.key for m in report.analysis.references} == KEYS
    assert not report.by_rule("quotation-drift")
    assert [f.rule for f in report.findings] == [f.rule for f in text_report.findings]
    assert all(f.location.file.endswith(name) for f in report.findings if f.rule.startswith("KE1"))


def test_removed_marker(kb, edited):
    path = edited("then it can be beneficial [2,3].", "then it can be beneficial.")
    report = check_article(kb, path, DOCUMENT)
    (finding,) = [f for f in report.by_rule("unsourced-sentence") if f.severity is Severity.ERROR]
    assert finding.subject == "ketamine-different-from-conventional-analgesics" and "[2,3]" in finding.message


def test_changed_quotation(kb, edited, tmp_path):
    path = edited("relief can last for two weeks", "relief can last for twelve weeks")
    report = check_article(kb, path, DOCUMENT)
    (finding,) = report.by_rule("quotation-mismatch")
    assert finding.subject == "ketamine-sci-relief-two-weeks" and finding.severity is Severity.ERROR
    assert finding.location.file.endswith("edited.txt") and finding.location.line == 23
    assert "'two' changed to 'twelve'" in finding.message  # the words that differ, recorded then printed


def test_removed_sentence_is_drift(kb, edited):
    path = edited("Nociceptive pain is the most common form of pain. ", "")
    report = check_article(kb, path, DOCUMENT)
    (finding,) = report.by_rule("quotation-drift")
    assert finding.subject == "nociceptive-pain-most-common"
    assert finding.location.file.endswith("claims.json")  # the claim is where it still stands


def test_marker_beyond_the_list(kb, edited, article_text):
    path = edited("recovering from treatment [5].", "recovering from treatment [9].")
    report = check_article(kb, path, DOCUMENT)
    (finding,) = report.by_rule("unknown-marker")
    assert finding.subject == "[9]" and "5 entries" in finding.message
    assert (finding.location.line, finding.location.column) == line_of(article_text, "[5].\n\n\n[1]")


def test_uncited_and_unmatched_references(kb, edited):
    path = edited("[4]. Orhurhu et al. \u201cKetamine Infusions for Chronic Pain: A Systematic Review and Meta-analysis of "
                  "Randomized Controlled Trials.\u201d Anesthesia & Analgesia. 2019 Jul;129(1):241-254.",
                  "[4]. Smith J. Acupuncture for migraine: a trial. BMJ. 2021.")
    report = check_article(kb, path, DOCUMENT)
    assert [f.subject for f in report.by_rule("unmatched-reference")] == ["[4]"]
    path = edited("benefit in patients with refractory chronic pain, with some evidence of a dose-response "
                  "relationship\u201d [4]", "benefit in patients with refractory chronic pain, with some evidence "
                  "of a dose-response relationship\u201d", name="uncited.txt")
    report = check_article(kb, path, DOCUMENT)
    assert [f.subject for f in report.by_rule("uncited-reference")] == ["[4]"]


def test_misquoted_source_words(data_copy, tmp_path):
    kb = kevidence.load(data_copy)
    claim = kb.claims["ketamine-first-synthesized-1960s"]
    kb.update_claim(claim.id, quote=claim.quote.replace("safer", "better"))
    kb.save()
    text = ARTICLE.read_text(encoding="utf-8").replace("as a safer dissociative", "as a better dissociative")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    report = check_article(kevidence.load(data_copy), tmp_path / "a.txt", DOCUMENT)
    (finding,) = report.by_rule("quotation-mismatch")
    assert finding.related == ("maher2017",) and "better" in finding.message


def test_select_ignore_and_json_shape(kb):
    report = check_article(kb, ARTICLE, select=["KE1"], ignore=["unsourced-sentence"])
    assert {f.rule for f in report.findings} == {"KE110"}
    data = json.loads(report.render("json"))
    assert set(data) == {"findings", "references", "sentences", "summary"}
    assert data["findings"][0]["location"]["column"] > 1
    assert {r["marker"]: (r["key"], r["match"]) for r in data["references"]}["3"] == ("allen2017", "pmid")
    assert all(r["match"] in ("doi", "pmid", "title", "none", "ambiguous") for r in data["references"])
    last = data["sentences"][-1]
    assert last["markers"] == ["[5]"] and last["claims"] == ["no-driving-after-ketamine-infusion"]
    assert {"line", "text", "markers", "claims"} <= set(last)


def test_suppression_on_the_claim_silences_its_sentence(data_copy):
    kb = kevidence.load(data_copy)
    kb.update_claim("crps-definition", suppressions=[{"rule": "unsourced-sentence", "reason": "A plain definition."}])
    report = check_article(kb, ARTICLE)
    assert "crps-definition" not in {f.subject for f in report.by_rule("KE106")}


def test_an_article_of_no_recorded_document(kb, tmp_path):
    path = tmp_path / "other.md"
    path.write_text("# Lidocaine\n\nLidocaine infusions relieve pain for weeks [1].\n\n## References\n\n"
                    "1. Smith J. Lidocaine for pain. 2020.\n", encoding="utf-8")
    report = check_article(kb, path)
    assert report.analysis.document is None and not report.by_rule("quotation-drift")
    assert [f.subject for f in report.by_rule("unmatched-reference")] == ["[1]"]


def test_unknown_document_names_the_closest(kb):
    with pytest.raises(KevidenceError, match="lpc-ketamine-infusions"):
        check_article(kb, ARTICLE, "lpc-ketamine-infusion")


def test_pandoc_citations_check_against_the_bib(kb, tmp_path):
    from kevidence.article import check_article as exported

    path = tmp_path / "pandoc.md"
    path.write_text("# Ketamine\n\nKetamine infusions give short-term relief [@orhurhu2019].\n\n"
                    "Relief lasts for months [@nosuch2020; @maher2017].\n", encoding="utf-8")
    report = exported(kb, path)
    (finding,) = report.by_rule("unknown-marker")
    assert finding.subject == "[@nosuch2020; @maher2017]" and "nosuch2020" in finding.message
    assert finding.location.line == 5
    assert [s["keys"] for s in report.to_json()["sentences"]] == [["orhurhu2019"], ["maher2017"]]


def test_an_encyclopedia_style_page(kb):
    """Superscript links to cite notes, back-links in the list, no document of the base."""
    report = check_article(kb, FIXTURES / "encyclopedia-style-page.html")
    assert [(m.key, m.match) for m in report.analysis.references] == [
        ("orhurhu2019", "doi"), ("maher2017", "title"), (None, "none")]
    first, second, third = report.analysis.sentences
    assert third.markers == []
    assert [m.numbers for m in first.markers] == [(1,)] and [m.numbers for m in second.markers] == [(2,), (3,)]
    assert [f.subject for f in report.by_rule("unmatched-reference")] == ["[3]"]
    (unsourced,) = report.by_rule("unsourced-sentence")
    assert unsourced.severity is Severity.ERROR and "2 weeks" in unsourced.message  # a no-break space read as a space
    assert (unsourced.location.line, unsourced.location.column) == (4, 4)


def test_an_article_without_its_reference_list(kb, tmp_path, article_text):
    path = tmp_path / "cut.txt"
    path.write_text(article_text.split("[1]. Stanford")[0], encoding="utf-8")
    report = check_article(kb, path, DOCUMENT)
    (unknown,) = report.by_rule("unknown-marker")  # one defect, the missing list: one finding, at its first marker
    assert unknown.message.startswith("11 markers (") and "no reference list" in unknown.message
    assert unknown.subject == next(m for s in report.analysis.sentences for m in s.markers).text
    assert report.analysis.references == [] and not report.by_rule("quotation-drift")


def test_a_suppression_of_an_article_rule_is_judged_only_with_the_article(data_copy, edited):
    kb = kevidence.load(data_copy)
    # The definition cites a source the article does not mark: the article rule reports the sentence.
    kb.update_claim("crps-definition", citations=[{"source": "nhs2020"}],
                    suppressions=[{"rule": "KE106", "reason": "A plain definition."}])
    kb.update_claim("no-driving-after-ketamine-infusion",
                    suppressions=[{"rule": "KE106", "reason": "Sourced in the article."}])
    assert not kb.audit(select=["unused-suppression"]).findings  # no article: nothing to judge by
    report = check_article(kb, ARTICLE, select=["KE106", "unused-suppression"])
    # The driving sentence carries [5]: its suppression suppresses nothing; the definition's does.
    assert [f.subject for f in report.by_rule("unused-suppression")] == ["no-driving-after-ketamine-infusion"]


def test_the_article_rules_read_the_typed_analysis_not_a_setting(kb):
    from kevidence.article.analysis import analyse, choose_document
    from kevidence.article.reading import read_article
    from kevidence.audit.engine import run_audit
    from kevidence.audit.rules.article import ARTICLE_RULES

    read = read_article(ARTICLE)
    analysis = analyse(read, kb.claims, kb.sources, choose_document(read, kb.documents, kb.claims_path, DOCUMENT))
    typed = run_audit(kb, select=list(ARTICLE_RULES), article=analysis)
    assert typed.by_rule("unbalanced-quotation")  # an article rule that fires on the bundled article
    # The analysis is no setting: one smuggled in through the settings is not read.
    smuggled = run_audit(kb, select=list(ARTICLE_RULES), settings={"article": analysis})
    assert smuggled.findings == ()
    # check_article reports what the typed audit finds, at the same places.
    checked = check_article(kb, ARTICLE, select=list(ARTICLE_RULES))
    assert sorted(checked.findings) == sorted(typed.findings)


def test_a_cited_claim_whose_sentence_prints_no_marker_names_the_marker(data_copy):
    kb = kevidence.load(data_copy)
    kb.update_claim("crps-definition", citations=[{"source": "nhs2020"}, {"source": "stanford2020"}])
    report = check_article(kb, ARTICLE, select=["unsourced-sentence", "unsourced-claim"])
    (finding,) = [f for f in report.findings if f.subject == "crps-definition"]
    assert finding.rule == "KE106" and finding.severity is Severity.WARNING  # a definition
    assert "print [5] (nhs2020) [1] (stanford2020) here" in finding.message


def test_an_unsourced_sentence_is_judged_as_an_editor_would(kb, tmp_path):
    path = tmp_path / "scs.txt"
    path.write_text(
        "Skip to main content\nA man with back pain.\n\n"
        "Chronic pain affects quality of life. It works by dampening down nerve signals. "
        "Complications are extremely unlikely. It may relieve pain for some people.\n\n"
        "Success rates vary from 60%-80% in the literature.\n", encoding="utf-8")
    report = check_article(kb, path, select=["unsourced-sentence"])
    severities = {f.message.split("\u201c")[1].split("\u201d")[0]: f.severity for f in report.findings}
    assert severities == {
        "It works by dampening down nerve signals.": Severity.INFO,
        "Complications are extremely unlikely.": Severity.WARNING,
        "It may relieve pain for some people.": Severity.INFO,
        "Success rates vary from 60%-80% in the literature.": Severity.ERROR,  # the last sentence is read
    }


def test_list_items_and_a_sentence_broken_by_a_stray_full_stop_are_read_in_context(kb, tmp_path):
    path = tmp_path / "esi.txt"
    path.write_text(
        "The injection aims to:\n- Improve mobility and function\n\nBenefits\n- Reduced need for oral pain medications\n\n"
        "It is typically considered when other treatments like physical therapy. have not provided sufficient relief.\n",
        encoding="utf-8")
    report = check_article(kb, path, select=["unsourced-sentence"])
    found = {f.message.split("\u201c")[1].split("\u201d")[0]: f.severity for f in report.findings}
    assert found["Improve mobility and function"] is Severity.INFO  # an aim, under "aims to:"
    assert found["Reduced need for oral pain medications"] is Severity.WARNING  # a benefit claimed
    # The tail after the stray full stop is judged with its start, once, where the sentence starts.
    assert not any(text.startswith("have not") for text in found)
    (broken,) = [f for f in report.findings if "typically considered" in f.message]
    assert broken.severity is Severity.INFO and broken.location.line == 7


def test_a_last_sentence_cut_off_mid_word_is_not_judged_as_a_whole_claim(kb, tmp_path):
    path = tmp_path / "cut.txt"
    text = "A nerve block is an injection. It provides pain relief lasting from six month"
    path.write_text(text, encoding="utf-8")
    report = check_article(kb, path, select=["unsourced-sentence"])
    (cut,) = [f for f in report.findings if "six month" in f.message]
    assert cut.severity is Severity.INFO and "cut off before its end" in cut.message
    path.write_text(text + "s.\n", encoding="utf-8")  # the same sentence, whole, is judged as it stands
    (whole,) = [f for f in check_article(kb, path, select=["unsourced-sentence"]).findings if "six month" in f.message]
    assert whole.severity is Severity.ERROR  # a duration of relief, in words as in digits ("6 months")


def test_a_quotation_opened_where_the_text_is_cut_off_is_not_unbalanced(kb, tmp_path):
    path = tmp_path / "cut.txt"
    text = "About 5% of it spreads.\n\nThis can make some people feel \u201cfluey\u201d or just \u201cwash"
    path.write_text(text, encoding="utf-8")
    assert not check_article(kb, path, select=["unbalanced-quotation"]).findings
    # The same paragraph, whole, with its closing mark missing, is the editor's to mend.
    path.write_text(text + "ed out.\n", encoding="utf-8")
    (stray,) = check_article(kb, path, select=["unbalanced-quotation"]).findings
    assert stray.location.line == 3
    # A closing mark without its opening one is not explained by the cut.
    path.write_text("About 5% of it spreads.\n\nThis can make some feel fluey\u201d or just wash", encoding="utf-8")
    assert check_article(kb, path, select=["unbalanced-quotation"]).findings


def test_a_marker_without_a_list_in_a_text_cut_off_mid_sentence_is_info(kb, tmp_path):
    path = tmp_path / "cut.txt"
    text = "Chronic pain is the most common reason for using it [1]. Studies are underway to help better unde"
    path.write_text(text, encoding="utf-8")
    (cut,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert cut.severity is Severity.INFO and "beyond the cut" in cut.message
    path.write_text(text + "rstand it.\n", encoding="utf-8")  # the whole text: the list is missing
    (whole,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert whole.severity is Severity.ERROR and "no reference list" in whole.message


def test_the_markers_of_an_article_without_a_reference_list_are_one_finding(kb, tmp_path):
    path = tmp_path / "unlisted.txt"
    markers = [f"[{n}]" for n in range(1, 9)]
    path.write_text("".join(f"Statement number {n} is about the knee {m}.\n\n" for n, m in enumerate(markers, 1)),
                    encoding="utf-8")
    (finding,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert finding.severity is Severity.ERROR and finding.subject == "[1]"
    assert (finding.location.line, finding.location.column) == (1, len("Statement number 1 is about the knee ") + 1)
    assert "8 markers ([1], [2], [3], [4], [5], [6] and 2 more)" in finding.message
    assert "no reference list" in finding.message
    # The same marker printed again is counted, not named twice.
    path.write_text("Relief lasts for weeks in most people [1].\n\n" * 9, encoding="utf-8")
    (repeated,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert repeated.message.startswith("9 markers ([1]), but")
    path.write_text("".join(f"Statement number {n} is about the knee {m}.\n\n" for n, m in enumerate(markers, 1)),
                    encoding="utf-8")
    # A list that holds some of the numbers: each missing one is its own defect, at its marker.
    path.write_text(path.read_text(encoding="utf-8") + "References\n\n1. A. Author. A paper. 2020.\n"
                    "2. B. Author. Another. 2021.\n", encoding="utf-8")
    unknown = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert [f.subject for f in unknown] == markers[2:]


def test_author_year_citations_without_a_reference_list_are_the_one_missing_list(kb, tmp_path):
    path = tmp_path / "authors.txt"
    path.write_text("Massage reduces soreness (Smith et al., 2019).\n\nCheung et al. (2003) found less pain [3].\n",
                    encoding="utf-8")
    (finding,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert finding.subject == "(Smith et al., 2019)" and finding.severity is Severity.ERROR
    assert finding.message.startswith("3 markers ((Smith et al., 2019), Cheung et al. (2003), [3]), but the article has no")
    # Citations that all name their source by author and year can be looked up without a list: info.
    path.write_text("Massage reduces soreness (Smith et al., 2019).\n\nCheung et al. (2003) found less pain.\n",
                    encoding="utf-8")
    (named,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert named.subject == "(Smith et al., 2019)" and named.severity is Severity.INFO
    assert named.message.startswith("2 citations ((Smith et al., 2019), Cheung et al. (2003)) name their sources by author "
                                    "and year, but the article has no")
    path.write_text("The radiation risk is low (Public Health England 2014).\n", encoding="utf-8")
    (one,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert one.severity is Severity.INFO
    assert one.message.startswith("citation (Public Health England 2014) names its source by author and year")


def test_a_page_cut_in_a_long_line_reads_its_unlisted_marker_as_info(kb, tmp_path):
    path = tmp_path / "cut.txt"
    body = "Barbotage has been shown to be more effective, with over 70% improvement in pain (5).\n\nIs it safe?\n\n"
    path.write_text(body + "There is a very small risk of introducing infection and if you ar", encoding="utf-8")
    (finding,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert finding.subject == "(5)" and finding.severity is Severity.INFO and "beyond the cut" in finding.message
    path.write_text(body + "There is a very small risk of introducing infection.\n", encoding="utf-8")
    (whole,) = check_article(kb, path, select=["unknown-marker"]).by_rule("unknown-marker")
    assert whole.severity is Severity.ERROR


def test_short_items_under_a_lead_in_announcing_benefits_are_each_a_claim(kb, tmp_path):
    path = tmp_path / "benefits.txt"
    path.write_text("Interferential therapy\n\nBenefits of interferential include:\n\n- Pain relief\n"
                    "- Reduce muscle spasm\n", encoding="utf-8")
    flagged = [f.message for f in check_article(kb, path, select=["unsourced-sentence"]).findings
               if f.severity is Severity.WARNING]
    assert len(flagged) == 2 and "Pain relief" in flagged[0]
    path.write_text("Interferential therapy\n\nWhat to bring:\n\n- Pain relief\n- A towel\n", encoding="utf-8")
    assert not check_article(kb, path, select=["unsourced-sentence"]).findings


def test_the_results_of_a_study_named_in_the_paragraph_are_its_own(kb, tmp_path):
    path = tmp_path / "named.txt"
    path.write_text(
        "In a 2017 article published in the journal Pain, 984 users reported improved back pain. The majority of "
        "subjects reported overall improvement in pain and quality of life.\n\n"
        "The majority of patients reported overall improvement in pain and quality of life.\n", encoding="utf-8")
    report = check_article(kb, path, select=["unsourced-sentence"])
    severities = [f.severity for f in report.findings]
    # The named study (info), its further result in the same paragraph (info), the same claim elsewhere (error).
    assert severities == [Severity.INFO, Severity.INFO, Severity.ERROR]
    assert "named before it" in report.findings[1].message
