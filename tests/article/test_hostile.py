"""Hostile articles: every one is read, checked and drafted in time about linear in its size,
and odd markup (deep nesting, huge numbers, odd digits) is read, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.article import check_article, draft_claims
from kevidence.article.html import read_html
from kevidence.article.markers import find_markers, parse_numbers
from kevidence.article.reading import parse_article
from kevidence.article.segment import segment
from kevidence.errors import KevidenceError
from tests.article.conftest import ARTICLE, DATA, DOCUMENT
from tests.deadline import best_time, deadline

KB = kevidence.load(DATA)
BOUND = 10.0  # seconds for one small article's check and draft; each takes well under one


def _check_and_draft(path: Path) -> None:
    with deadline(BOUND, f"check and draft of {path.name}"):
        try:
            check_article(KB, path, DOCUMENT)
            draft_claims(KB, path, DOCUMENT)
        except KevidenceError:
            pass  # refused as input (an empty article): in time, and not a crash


def test_a_sentence_with_forty_commas_is_checked_in_time(tmp_path: Path) -> None:
    path = tmp_path / "commas.txt"
    path.write_text("Ketamine infusions can relieve pain" + "," * 40 + "x.\n", encoding="utf-8")
    _check_and_draft(path)
    article = parse_article(path.read_text(encoding="utf-8"), "text", "commas.txt")
    with deadline(1.0, "is_question"):
        assert not [s for s in segment(article) if s.is_question]


def test_a_run_of_superscript_digits_is_read_in_time_and_is_no_reference(tmp_path: Path) -> None:
    path = tmp_path / "super.txt"
    path.write_text("Ketamine infusions can relieve pain" + "\u00b2" * 5000 + "x?\n", encoding="utf-8")
    _check_and_draft(path)
    assert find_markers("pain" + "\u00b2" * 5000) == []  # 5,000 digits name no reference
    assert find_markers("pain\u00b2\u00b3") and find_markers("pain\u00b2\u00b3")[0].numbers == (23,)


def test_numbers_too_long_or_not_decimal_are_not_read() -> None:
    assert parse_numbers("9" * 5000) == ()
    assert parse_numbers("\u00b2") == ()
    assert parse_numbers("2, 3") == (2, 3)


def test_odd_list_numbers_are_not_a_crash() -> None:
    blocks = read_html("<ol start='" + "9" * 5000 + "'><li value='\u00b2'>Maher D. 2017.</li><li>Allen 2017.</li></ol>")
    assert [b.number for b in blocks] == [1, 2]
    blocks = read_html("<ol start='0'><li>A 2017.</li><li value='7'>B 2018.</li><li>C 2019.</li></ol>")
    assert [b.number for b in blocks] == [0, 7, 8]


def test_deep_nesting_is_read_without_recursion() -> None:
    blocks = parse_article("<div>" * 5000 + "Relief lasts weeks <sup>2</sup>." + "</div>" * 5000, "html", "deep").blocks
    assert [(b.text, [m.numbers for m in b.markers]) for b in blocks] == [("Relief lasts weeks [2].", [(2,)])]
    blocks = read_html("<p>" + "<span>" * 50000 + "Relief lasts <b>weeks</b>." + "</span>" * 50000 + "</p>")
    assert [b.text for b in blocks] == ["Relief lasts weeks."]


def _growth(make: Callable[[int], str], fmt: str, small: int) -> float:
    def run(size: int) -> float:
        text = make(size)
        return best_time(lambda: segment(parse_article(text, fmt, "big")))

    run(small // 4)  # warm up (the segmenter's model loads once)
    return run(small * 4) / run(small)


def test_a_long_paragraph_is_segmented_in_linear_time() -> None:
    # Quadratic segmenting grows 16-fold for 4 times the text; linear, about 4-fold.
    ratio = _growth(lambda size: "Relief lasts weeks after an infusion [2]. " * (size // 42), "text", 100_000)
    assert ratio < 9, ratio


def test_a_long_html_list_is_read_in_linear_time() -> None:
    ratio = _growth(lambda size: "<ol>" + "<li>Maher D. 2017. Pain.</li>" * (size // 29) + "</ol>", "html", 60_000)
    assert ratio < 9, ratio


HOSTILE = st.sampled_from([
    "," * 40, "\u00b2" * 300, "\u00b9\u207b\u00b2" * 50, "[" * 200, "]" * 200, "^" * 200, "[2," * 100, "." * 300,
    " " * 3000, "\u201c" * 200, "\u201d" * 200, "\"" * 200, "[@" * 100, "<sup>" * 300, "<div>" * 300,
    "<li value='\u00b2'>", "<ol start='" + "9" * 400 + "'>", "9" * 5000, "... " * 200, "?" * 200, "\n" * 500,
    "e.g. " * 200, "(" * 300, "[...] " * 100, "x" * 20000,
])


@st.composite
def mutated_article(draw: st.DrawFn) -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(HOSTILE) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 400)):]
        else:
            piece = text[at:at + draw(st.integers(1, 40))]
            text = text[:at] + piece * draw(st.integers(2, 200)) + text[at:]
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated_article(), st.sampled_from([".txt", ".md", ".html"]))
def test_mutated_articles_are_checked_and_drafted_in_time(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"mutated{suffix}"
    path.write_text(text, encoding="utf-8")
    _check_and_draft(path)


def test_a_long_paragraph_of_claims_is_checked_in_linear_time(tmp_path: Path) -> None:
    # Each flagged sentence is asked whether an earlier sentence of its paragraph named a study
    # (whose results it would then report); asked by rescanning the paragraph, checking grows
    # with the square of the paragraph's sentences.
    kb = kevidence.load()

    def run(sentences: int) -> float:
        page = tmp_path / f"claims-{sentences}.txt"
        page.write_text("Most patients reported that their pain improved by 50%. " * sentences
                        + "In a 2017 article published in the journal Pain, 984 users reported relief.", encoding="utf-8")
        return best_time(lambda: check_article(kb, page, select=["KE106"]))

    run(100)  # warm up
    ratio = run(2_000) / run(500)
    assert ratio < 9, ratio  # quadratic: about 16
