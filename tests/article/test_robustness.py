"""No text, in any format, makes reading or checking an article crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.article.analysis import analyse
from kevidence.article.reading import decode_article, parse_article
from kevidence.audit.engine import run_audit
from kevidence.audit.rules.article import ARTICLE_RULES
from kevidence.errors import KevidenceError
from tests.article.conftest import DATA, DOCUMENT

KB = kevidence.load(DATA)
PIECES = st.sampled_from([
    "[2]", "[2,3]", "[1\u20133]", "[9]", "[@maher2017]", "^2^", "\u00b2", "\u201c", "\u201d", '"', "\u2026", "e.g.",
    "et al.", " vs. ", "0.5 mg/kg", "\n\n", "\n", "# ", "## References\n\n", "1. ", "[1]. ", "<sup>2</sup>",
    "<p>", "</p>", "<a href='#ref-1'>1</a>", "&amp;", "<ol><li>", "Maher D. 2017.", "PMID: 28743507", ". ", "?",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["text", "markdown", "html"]))
def test_never_crashes_on_any_text(text, fmt):
    article = parse_article(text, fmt, "any.txt")
    analysis = analyse(article, KB.claims, KB.sources, KB.documents[DOCUMENT])
    report = run_audit(KB, select=list(ARTICLE_RULES), article=analysis)
    for finding in report.findings:
        assert finding.location is None or finding.location.file in ("any.txt", None) or \
            finding.location.file.endswith("claims.json")
    for sentence in analysis.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)


@given(st.binary(max_size=200))
def test_any_bytes_read_or_fail_clearly(data):
    try:
        text = decode_article(data, "any.bin")
    except KevidenceError as error:
        assert error.problems and error.problems[0].location.file == "any.bin"
        return
    parse_article(text, "text", "any.bin")


def test_a_huge_file_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    from kevidence.article import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Relief lasts weeks [1]. " * 100, encoding="utf-8")
    try:
        reading.read_article(path)
    except reading.ArticleError as error:
        assert "too large" in str(error) and "huge.txt" in str(error)
    else:
        raise AssertionError("a file over the limit was read")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([".txt", ".md", ".html"]))
def test_check_and_draft_never_crash(text, suffix):
    import tempfile
    from pathlib import Path

    from kevidence.article import check_article, draft_claims

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            report = check_article(KB, path, DOCUMENT)
        except KevidenceError as error:  # only an empty article, or one with NUL bytes, is refused
            message = str(error)
            assert ("empty" in message and not text.strip()) or ("not text" in message and "\x00" in text)
            return
        assert set(report.to_json()) == {"findings", "references", "sentences", "summary"}
        for drafted in draft_claims(KB, path, DOCUMENT):
            assert drafted.claim["review"] == "proposed" and drafted.claim["quote"]
