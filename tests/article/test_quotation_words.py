"""An article that prints "2 weeks" where the recorded words say "12 weeks" is reported: words
are compared whole (the text core's found_in), never as a substring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kevidence
from kevidence.article.check import check_article
from tests.audit.audit_helpers import ARTICLE as BIB

PRINTED = "After one infusion, patients had \u201c2 weeks of relief\u201d from their pain.\n"


def _base(folder: Path, article: str, claim: dict[str, object]) -> Path:
    """A base with one source, one document (article.txt) and one claim stated in it."""
    claim = {"id": "relief", "statement": "Relief lasts weeks.", "kind": "efficacy",
             "stated_in": [{"document": "page"}], **claim}
    documents = [{"id": "page", "title": "Ketamine", "path": "article.txt"}]
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    (folder / "claims.json").write_text(json.dumps({"documents": documents, "claims": [claim]}), encoding="utf-8")
    (folder / "article.txt").write_text(f"Ketamine\n\n{article}", encoding="utf-8")
    return folder / "article.txt"


@pytest.fixture
def printed_two(tmp_path: Path) -> Path:
    """The article prints “2 weeks of relief”; the source's recorded words say 12 weeks."""
    return _base(tmp_path, PRINTED, {"quote": PRINTED.strip(),
                                     "citations": [{"source": "trial2020", "quote": "12 weeks of relief"}]})


def test_check_article_reports_a_number_inside_the_recorded_number(printed_two: Path) -> None:
    report = check_article(kevidence.load(printed_two.parent), printed_two, "page")
    (finding,) = report.by_rule("quotation-mismatch")
    assert finding.subject == "relief" and finding.related == ("trial2020",)
    assert "\u201c2 weeks of relief\u201d" in finding.message and "added '2'" in finding.message
    assert (finding.location.line, finding.location.column) == (3, 34)  # the opening mark


def test_the_command_reports_it_too(printed_two: Path, cli) -> None:
    result = cli("article", "check", printed_two, printed_two.parent, "--document", "page")
    assert result.returncode == 1, result.stderr  # an error finding
    assert "article.txt:3:34: KE109 error [quotation-mismatch]" in result.stdout
    assert "2 weeks of relief" in result.stdout and "trial2020" in result.stdout


def test_a_recorded_quotation_is_not_found_inside_a_longer_number(tmp_path: Path) -> None:
    # The claim records "2 weeks of relief"; the article now prints "12 weeks of relief".
    article = _base(tmp_path, PRINTED.replace("\u201c2 weeks", "\u201c12 weeks"), {"quote": "2 weeks of relief"})
    report = check_article(kevidence.load(tmp_path), article, "page")
    assert not report.analysis.quotes["relief"] or not report.analysis.quotes["relief"].exact
    assert [f.subject for f in report.findings if f.rule in ("KE107", "KE109")] == ["relief"]
