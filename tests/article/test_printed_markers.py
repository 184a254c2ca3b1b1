"""Markers as articles print them: numbers glued to words, (n), author-year, DOI and PubMed links,
and a reference entry by an organisation."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.audit.engine import run_audit
from kevidence.article.analysis import analyse
from kevidence.article.check import check_article
from kevidence.article.markers import author_year, find_markers, find_printed_markers
from kevidence.article.reading import parse_article
from kevidence.article.references import match_references
from kevidence.audit import Severity
from tests.article.conftest import DATA

LIST = "\n\nReferences\n\n1. Smith J, Brown K. Nerve blocks for back pain. 2019.\n2. Jones A. Spinal cord stimulation. 2020.\n"


def markers(text: str) -> list[tuple[str, tuple[int, ...]]]:
    article = parse_article(text)
    return [(m.text, m.numbers) for b in article.blocks for m in b.markers]


def test_a_number_glued_to_a_word_is_a_marker_when_the_list_has_it():
    assert markers("According to the Centre for Health1, relief lasts.\n" + LIST) == [("1", (1,))]
    # Not a number the list has, a decimal, a unit or a word going on.
    assert markers("The covid19 era, 2.5mg, Health3 and type2diabetes.\n" + LIST) == []


def test_without_a_list_a_glued_number_is_still_seen_and_reported():
    kb = kevidence.load(DATA)
    article = parse_article("According to the National Center for Complementary and Integrative Health1, about 8.2% "
                            "of adults have severe back pain.\n")
    assert [m.text for b in article.blocks for m in b.markers] == ["1"]
    report = run_audit(kb, select=["unknown-marker"], article=analyse(article, kb.claims, kb.sources, None))
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING and "'Health1'" in finding.message and "[1]" in finding.message


def test_a_range_printed_flat_after_a_full_stop_is_a_marker_and_reported_as_flat():
    # "inflammation.3-6." as a page's superscript range is left when copied; a numbered list run into the
    # text ("the joint.2. Apply ice") and a decimal are not markers.
    assert markers("It may help your body to create less inflammation.3-6. Having less helps.\n") == [
        ("3-6", (3, 4, 5, 6))]
    assert markers("It can be used to treat radicular neuropathy.1,2,3 Epidural injections help.\n") == [
        ("1,2,3", (1, 2, 3))]
    assert markers("Rest the joint.2. Apply ice.3 Then walk. The dose is 2.5-3.5 mg. Figure.3 shows it.\n") == []
    kb = kevidence.load(DATA)
    article = parse_article("It may help your body to create less inflammation.3-6. Having less helps.\n")
    report = run_audit(kb, select=["unknown-marker"], article=analyse(article, kb.claims, kb.sources, None))
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING and "'inflammation.3-6'" in finding.message


def test_parenthesised_numbers_and_author_year_citations():
    found = markers("Relief lasts (1, 2). Blocks help (Smith et al., 2019). It works (Jones 2020; Smith 2019). "
                    "Not a marker (see 3) nor (Nobody 2001).\n" + LIST)
    assert found == [("(1, 2)", (1, 2)), ("(Smith et al., 2019)", (1,)), ("(Jones 2020; Smith 2019)", (2, 1)),
                     ("(Nobody 2001)", ())]
    assert author_year("(NHS, 2020)") == [("NHS", 2020)] and author_year("(see page 2020 of it; x)") == []


def test_a_narrative_author_year_citation_is_a_marker():
    found = markers("Research by Smith et al. (2019) shows relief. Jones and Smith (2020) agree. "
                    "In March (2021) nothing was cited.\n" + LIST)
    assert found == [("Smith et al. (2019)", (1,)), ("Jones and Smith (2020)", (2,))]
    assert author_year("Smith et al. (2019)") == [("Smith", 2019)]


def test_without_a_list_a_number_in_parentheses_closing_a_sentence_is_a_marker():
    assert markers("It is more effective, with over 70% improvement in pain (5). Rate your pain (5) now.\n"
                   "Step (2) is next. A score of (0).\n") == [("(5)", (5,))]


def test_a_superscript_after_the_full_stop_is_raised_not_flat():
    kb = kevidence.load(DATA)
    article = parse_article("Inflammation correlates with pain.\u00b9 Embolization uses particles.\u00b2\n" + LIST)
    report = run_audit(kb, select=["unknown-marker"], article=analyse(article, kb.claims, kb.sources, None))
    assert not report.findings
    flat = parse_article("It may help your body to create less inflammation.3-6. Having less helps.\n")
    report = run_audit(kb, select=["unknown-marker"], article=analyse(flat, kb.claims, kb.sources, None))
    assert [f.severity for f in report.findings] == [Severity.WARNING]


def test_an_author_year_citation_naming_no_entry_is_reported():
    kb = kevidence.load(DATA)
    article = parse_article("Blocks help (Nobody, 2001).\n" + LIST)
    report = run_audit(kb, select=["unknown-marker"], article=analyse(article, kb.claims, kb.sources, None))
    (finding,) = report.findings
    assert finding.subject == "(Nobody, 2001)" and "names no entry" in finding.message


def test_links_to_a_doi_or_pubmed_are_citations(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<html><body><p>Infusions relieve pain in 60% of people '
                    '(<a href="https://doi.org/10.1213/ANE.0000000000004185">Orhurhu 2019</a>).</p>'
                    '<p>Relief can last for weeks <a href="https://pubmed.ncbi.nlm.nih.gov/999/">here</a>.</p>'
                    '</body></html>', encoding="utf-8")
    report = check_article(kevidence.load(DATA), page, select=["unsourced-sentence", "unknown-marker"])
    first, second = report.analysis.sentences
    assert report.analysis.keys_of(first) == ["orhurhu2019"]
    assert not report.by_rule("unsourced-sentence")  # both sentences cite something
    (unknown,) = report.by_rule("unknown-marker")
    assert "pmid:999" in unknown.message


def test_a_reference_by_an_organisation_matches_the_bib_entry_with_that_author():
    kb = kevidence.load(DATA)
    article = parse_article("Relief [1]. Pain [2].\n\nReferences\n\n1. Stanford Health Care. Our lidocaine page.\n"
                            "2. Stanford Healthcare Trust. Another page.\n")
    first, second = match_references(article.references, kb.sources)
    assert (first.key, first.match) == ("stanford2020", "author")
    assert (second.key, second.match) == (None, "none")  # the whole name, never a part of it


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aZ1(),; .-\u2013et al2019", max_size=300))
def test_printed_markers_lie_in_the_text_in_order(text):
    found = find_printed_markers(text, {1, 2, 19}, find_markers(text))
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize("hostile", [
    "(" + "A" * 50_000, "(A" + " a" * 30_000 + " 2019", "Health" + "1," * 30_000, "abc" * 20_000 + "1",
    "(" + "1," * 30_000 + ")", "pain.1-" * 20_000, "pain." + "1," * 30_000 + "a",
    "Smith" * 20_000 + " et al. (2019)", "Smith and " * 20_000 + "(2019)",
])
def test_printed_markers_take_linear_time(hostile):
    started = time.perf_counter()
    find_printed_markers(hostile, {1}, [])
    assert time.perf_counter() - started < 1.0
