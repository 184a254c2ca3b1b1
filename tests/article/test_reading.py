"""Reading articles: markers, reference lists, sentences and their places in the file."""

from __future__ import annotations

import html

import pytest

from kevidence.article.markers import find_markers, parse_numbers
from kevidence.article.model import BlockKind
from kevidence.article.reading import parse_article, read_article
from kevidence.article.segment import segment
from tests.article.conftest import ARTICLE, FIXTURES

VERSIONS = [ARTICLE, FIXTURES / "ketamine-infusions-article.md", FIXTURES / "ketamine-infusions-article.html"]


@pytest.mark.parametrize(("text", "numbers"), [
    ("[2]", (2,)), ("[2,3]", (2, 3)), ("[2, 3]", (2, 3)), ("[1-3]", (1, 2, 3)), ("[1\u20133]", (1, 2, 3)),
    ("[1\u20133, 5]", (1, 2, 3, 5)), ("pain^4^", (4,)), ("pain\u00b2", (2,)), ("pain\u00b9\u207b\u00b3", (1, 2, 3)),
])
def test_numbered_markers(text, numbers):
    (marker,) = find_markers(text)
    assert marker.numbers == numbers


@pytest.mark.parametrize("text", ["0.5 mg/m\u00b2 daily", "in [2017] the", "[sic]", "H\u2082O", "see (2)", "15 cm\u00b2"])
def test_not_markers(text):
    assert find_markers(text) == []


def test_pandoc_citations_name_keys():
    (marker,) = find_markers("relief [@maher2017; @allen2017, p. 3].")
    assert marker.keys == ("maher2017", "allen2017") and marker.numbers == ()


def test_a_long_range_is_read_as_its_ends():
    assert parse_numbers("1-2000") == (1, 2000)


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.suffix)
def test_every_version_reads_alike(path):
    article = read_article(path)
    assert [r.number for r in article.references] == [1, 2, 3, 4, 5]
    assert article.references[2].text.startswith("Allen CA, Ivester JR Jr.")
    headings = [b.text.strip() for b in article.blocks if b.kind is BlockKind.HEADING]
    assert "So What Does the Research Say?" in headings and "References" not in headings
    sentences = segment(article)
    texts = [s.text for s in sentences]
    assert len(sentences) == 29
    assert any(t.startswith("Nociceptive pain is the most common form of pain.") for t in texts)
    # Markers travel with their sentences, whatever the format wrote them as.
    last = sentences[-1]
    assert last.text.startswith("No, you must not drive") and [m.numbers for m in last.markers] == [(5,)]


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.suffix)
def test_sentences_point_at_their_words_in_the_file(path):
    article = read_article(path)
    source = article.source.text
    for sentence in segment(article):
        first = sentence.text.split()[0]
        at = source[sentence.start:sentence.start + 40]
        assert at.startswith(first) or html.unescape(at).startswith(first), (first, at)


def test_reference_entries_point_at_their_lines():
    article = read_article(ARTICLE)
    lines = article.source.text.splitlines()
    for entry in article.references:
        line, column = article.source.line_column(entry.offset)
        assert lines[line - 1][column - 1:].startswith(f"[{entry.number}]. {entry.text[:10]}")


def test_a_marker_after_a_quotation_covers_all_its_sentences():
    sentences = segment(read_article(ARTICLE))
    quoted = next(s for s in sentences if s.text.startswith("\u201cIn the chronic pain arena"))
    following = sentences[sentences.index(quoted) + 1]
    assert [m.numbers for m in quoted.all_markers] == [(3,)]
    assert [m.numbers for m in following.all_markers] == [(3,)]
    # A sentence that is not inside the quotation inherits nothing.
    definition = next(s for s in sentences if s.text.startswith("Neuropathic pain describes"))
    assert definition.all_markers == []


@pytest.mark.parametrize(("text", "count"), [
    ("Ketamine (e.g. 0.5 mg/kg) was given. Relief lasted weeks.", 2),
    ("Smith et al. found relief in 40% of patients. Others did not.", 2),
    ("Ketamine vs. lidocaine was compared in 2017. The result was mixed.", 2),
    ("Dr. Maher reviewed the data. He found longer infusions helped [2].", 2),
    ("Doses of 0.1\u20130.5 mg/kg/h were used. Infusions ran 4 to 5 days.", 2),
    ("It can be beneficial [2,3]. So what does the research say?", 2),
    ("Relief lasted 2 wks. in most cases. Repeat infusions are needed.", 2),
    ("Patients (approx. 211) were pooled. Fig. 2 shows the effect.", 2),
    ("It frequently affects an arm or leg. With regards to research, it helps.", 2),
    ("Take it twice a day. Do not drive.", 2),
    ("It can cause cancer. With care it is rare.", 2),
])
def test_segmenting_medical_prose(text, count):
    assert len(segment(parse_article(text))) == count


def test_a_marker_after_the_stop_stays_with_its_sentence():
    first, second = segment(parse_article("Relief lasts weeks. [2] Side effects are rare [3]."))
    assert [m.numbers for m in first.markers] == [(2,)]
    assert [m.numbers for m in second.markers] == [(3,)]


def test_trailing_numbered_list_without_heading_is_the_reference_list():
    article = parse_article("Relief lasts weeks [1].\n\n1. Smith J. Ketamine. Pain. 2020.\n2. Doe A. Lidocaine. 2019.\n")
    assert [(r.number, r.text) for r in article.references] == [(1, "Smith J. Ketamine. Pain. 2020."),
                                                                (2, "Doe A. Lidocaine. 2019.")]


def test_a_list_labelled_in_parentheses_after_separator_lines_is_the_reference_list():
    article = parse_article("It affects up to 80% of people (1).\n\n.\n.\n(1) Truchon, M. (2001). Determinants of "
                            "disability. Disabil Rehabil 23(17): 758-67\n(2) Koes, BW. (2006). Low back pain. BMJ, 332.\n")
    assert [(r.number, r.text[:10]) for r in article.references] == [(1, "Truchon, M"), (2, "Koes, BW. ")]
    assert [s.markers[0].numbers for s in segment(article) if s.markers] == [(1,)]


def test_a_numbered_list_of_advice_is_not_a_reference_list():
    article = parse_article("Before your infusion:\n\n1. Do not eat.\n\n2. Bring a friend.\n")
    assert article.references == []


def test_a_question_printed_without_its_mark_is_a_question():
    sentences = segment(parse_article("Review your medicines with your doctor. Does your medication cause side "
                                      "effects that affect your daily activities. Do not drive after the injection. "
                                      "It is safe for most people.\n"))
    assert [s.is_question for s in sentences] == [False, True, False, False]
    instructions = segment(parse_article("Do the exercises twice daily. Have your blood pressure checked. "
                                         "Has your pain improved. Have you tried it.\n"))
    assert [s.is_question for s in instructions] == [False, False, True, True]


def test_numbered_sections_citing_studies_are_not_a_reference_list():
    text = ("Benefits of massage\n"
            "1. Reduced Muscle Soreness\nSoreness is common after exercise. Cheung et al. (2003) found less of it.\n"
            "2. Injury Prevention\nMassage aids healing. Studies suggest so (Best & Hunter, 2000).\n")
    article = parse_article(text)
    assert article.references == []
    assert "Massage aids healing." in " ".join(b.text for b in article.blocks)
    # A hard-wrapped entry whose first line is an author list is still an entry.
    wrapped = parse_article("Relief lasts weeks [1].\n\n1. Smith J, Doe A. Nerve blocks for back pain.\n"
                            "Pain 2020;3:1-9.\n")
    assert [r.number for r in wrapped.references] == [1]


def test_markdown_links_and_superscripts_are_markers():
    article = parse_article("Relief lasts weeks[2](#ref-2) and<sup>3</sup> months.\n\n## References\n\n"
                            "2. Maher D. 2017.\n3. Allen C. 2017.\n", "markdown")
    (sentence,) = segment(article)
    assert [m.numbers for m in sentence.markers] == [(2,), (3,)]


def test_html_pandoc_citations_and_skipped_page_furniture():
    page = ("<html><body><nav><p>Menu text. Not prose.</p></nav><main><p>Relief lasts weeks "
            "<span class=\"citation\" data-cites=\"maher2017\">(Maher 2017)</span>.</p></main>"
            "<footer><p>Call us today.</p></footer></body></html>")
    (sentence,) = segment(parse_article(page, "html"))
    assert sentence.markers[0].keys == ("maher2017",)


def test_plain_text_headings_and_list_items_inside_a_paragraph():
    from kevidence.article.model import BlockKind
    from kevidence.article.reading import parse_article

    text = ("Skip to main content\nA man with back pain.\n\nBenefits\n- Pain relief lasting weeks to months\n"
            "- May delay surgery\nIt can help relieve pain if you have:\nAmitriptyline can cause side effects.\n"
            "The relief is long\nlasting for most.\n\nSuccess rates vary from 60%-80% in the literature. Although\n")
    blocks = [(b.kind, b.text.strip()) for b in parse_article(text).blocks]
    assert blocks == [
        (BlockKind.HEADING, "Skip to main content"),
        (BlockKind.PARAGRAPH, "A man with back pain."),
        (BlockKind.HEADING, "Benefits"),
        (BlockKind.ITEM, "Pain relief lasting weeks to months"),
        (BlockKind.ITEM, "May delay surgery"),
        (BlockKind.PARAGRAPH, "It can help relieve pain if you have:"),
        # A wrapped line after a line that ends no sentence stays in its paragraph.
        (BlockKind.PARAGRAPH, "Amitriptyline can cause side effects.\nThe relief is long\nlasting for most."),
        # A line holding a sentence stop and more words is not a heading (a cut-off text's last line).
        (BlockKind.PARAGRAPH, "Success rates vary from 60%-80% in the literature. Although"),
    ]


def test_a_labelled_figure_without_a_stop_is_a_statement_not_a_heading():
    from kevidence.article.model import BlockKind
    from kevidence.article.reading import parse_article

    text = "Epidural Steroid Injections\n\nSuccess rate: 50-70% get meaningful relief\n\nRisks: rare\n"
    blocks = [(b.kind, b.text.strip()) for b in parse_article(text).blocks]
    assert blocks == [(BlockKind.HEADING, "Epidural Steroid Injections"),
                      (BlockKind.PARAGRAPH, "Success rate: 50-70% get meaningful relief"),
                      (BlockKind.HEADING, "Risks: rare")]


def test_a_title_ending_in_a_quotation_mark_is_a_heading_and_a_quoted_sentence_is_not():
    from kevidence.article.model import BlockKind
    from kevidence.article.reading import parse_article

    text = "The latest evidence on treating the troublesome \u2018Tennis Elbow\u2019\n\nHe said it helps.\u201d\n"
    kinds = [b.kind for b in parse_article(text).blocks]
    assert kinds == [BlockKind.HEADING, BlockKind.PARAGRAPH]
