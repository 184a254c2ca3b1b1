"""Reading registry answers, writing entries, comparing fields: the pure parts of lookups."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kevidence.lookup.client import Answer
from kevidence.sources.compare import (
    SourceLookup,
    agreeing_fields,
    compare_source,
    normal_pages,
    normal_title,
)
from kevidence.lookup.crossref import BadAnswer, parse_work
from kevidence.lookup.entry import citation_key, entry_text, propose_design
from kevidence.lookup.eutils import (
    parse_abstract,
    parse_search,
    parse_summary,
    split_articles,
    split_summaries,
)
from kevidence.sources.registry import Author, NoticeKind, Record
from kevidence.lookup.session import Reference
from kevidence.sources.bibtex import parse_bib
from kevidence.sources.latex import decode_latex, encode_latex
from kevidence.sources.writer import BibStyle
from tests.lookup.conftest import RESPONSES


def answer(kind: str, name: str) -> Answer:
    return Answer(200, (RESPONSES / kind / name).read_text(encoding="utf-8"), f"http://test/{name}")


def test_crossref_work() -> None:
    record = parse_work(answer("crossref", "10.1016_j.pmn.2017.05.006.json"), "10.1016/j.pmn.2017.05.006")
    assert record.title == "Ketamine for Pain Management—Side Effects & Potential Adverse Events"
    assert record.authors[1] == Author("Ivester", "J. R.", "Jr.")
    assert (record.year, record.month, record.years) == (2017, 12, (2017,))
    assert (record.volume, record.issue, record.pages, record.entry_type) == ("18", "6", "372-377", "article")
    assert record.notices == ()


def test_crossref_retraction_and_notice() -> None:
    retracted = parse_work(answer("crossref", "10.5555_kevidence.retracted-trial.json"), "10.5555/kevidence.retracted-trial")
    assert [(n.kind, n.notice_doi, n.date) for n in retracted.notices] == [
        (NoticeKind.RETRACTION, "10.5555/kevidence.retraction-notice", "2022-05-04")]
    assert retracted.title == "A Synthetic Trial of Ketamine Infusions in CRPS"  # HTML tags removed
    assert retracted.abstract == "Synthetic abstract: relief lasted several weeks & more."
    notice = parse_work(answer("crossref", "10.5555_kevidence.retraction-notice.json"), "10.5555/kevidence.retraction-notice")
    assert notice.notices[0].kind is NoticeKind.IS_NOTICE


@pytest.mark.parametrize("body", ["{not json", "[]", '{"status": "ok"}', '{"message": "x"}'])
def test_crossref_answers_of_the_wrong_shape_are_named(body: str) -> None:
    with pytest.raises(BadAnswer) as caught:
        parse_work(Answer(200, body, "http://test/works/x"), "10.5555/x")
    assert "http://test/works/x" in str(caught.value)


def test_pubmed_summary_abstract_and_search() -> None:
    record = parse_summary(answer("esummary", "28743507.json"), "28743507")
    assert record is not None
    assert record.title == "Ketamine for Pain Management-Side Effects & Potential Adverse Events"
    assert record.authors[1] == Author("Ivester", "JR", "Jr")
    assert (record.doi, record.year, record.years, record.month) == ("10.1016/j.pmn.2017.05.006", 2017, (2017,), 12)
    medline = "Pain management nursing : official journal of the American Society of Pain Management Nurses"
    assert record.journal_names == (medline, "Pain Manag Nurs")
    assert parse_abstract(answer("efetch", "31082965.xml"), "31082965") == (
        "BACKGROUND: Placeholder background section of the test registry for PMID 31082965. "
        "RESULTS: Placeholder results section, not the published text: relief lasted up to 2 weeks.")
    assert parse_abstract(answer("efetch", "31082965.xml"), "28743507") is None
    unknown = Answer(200, json.dumps({"result": {"uids": ["5"], "5": {"uid": "5", "error": "cannot get document summary"}}}), "u")
    assert parse_summary(unknown, "5") is None
    assert parse_search(Answer(200, '{"esearchresult": {"idlist": ["31082965"]}}', "u")) == ["31082965"]
    retracted = parse_summary(answer("esummary", "99000001.json"), "99000001")
    assert retracted is not None and retracted.notices[0].kind is NoticeKind.RETRACTION


def test_propose_design_never_proposes_more_than_the_record_shows() -> None:
    assert propose_design(["Journal Article", "Meta-Analysis"], "Ketamine and pain: a meta-analysis").value == "systematic-review"
    assert propose_design(["Randomized Controlled Trial", "Review"]).value == "rct"
    assert propose_design(["Case Reports"]).value == "case-report"
    assert propose_design(["Practice Guideline"]).value == "guideline"
    assert propose_design(["Journal Article"]) is None


def test_entry_for_the_bundled_meta_analysis_matches_its_record() -> None:
    crossref = parse_work(answer("crossref", "10.1213_ane.0000000000004185.json"), "10.1213/ane.0000000000004185")
    pubmed = parse_summary(answer("esummary", "31082965.json"), "31082965")
    reference = Reference("31082965", crossref, pubmed)
    text = entry_text(reference, citation_key(reference, ["orhurhu2019"]), BibStyle(), date(2026, 1, 2))
    source = parse_bib(text).sources["orhurhu2019a"]
    lookup = SourceLookup("orhurhu2019a", (crossref, pubmed), linked_pmid="31082965", link_searched=True)
    checks = compare_source(source, lookup)
    assert checks and all(c.agrees for c in checks)
    assert agreeing_fields(checks) == ["title", "author", "journal", "year", "volume", "number", "pages", "doi", "pmid"]
    assert source.field("verifieddate") == "2026-01-02"


def test_normalisation() -> None:
    assert normal_title("Pain &amp; {CRPS}") != normal_title("Pain and CRPS")  # entities are decoded before
    assert normal_title("Ketamine—Side Effects.") == normal_title("ketamine side effects")
    assert normal_pages("1200-5") == "1200-1205"
    assert normal_pages("241–254") == normal_pages("241--254")


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_encoded_text_decodes_to_itself(text: str) -> None:
    assert decode_latex(encode_latex(text)) == text


@given(title=names.filter(lambda t: t.strip() == t and "  " not in t),
       family=st.from_regex(r"[A-Z][a-z]{1,12}( [A-Z][a-z]{1,12})?", fullmatch=True),
       year=st.integers(1900, 2100))
def test_any_record_round_trips_through_its_entry(title: str, family: str, year: int) -> None:
    record = Record("Crossref", "10.5555/x", doi="10.5555/x", doi_text="10.5555/x", title=title,
                    authors=(Author(family, "A."),), year=year, pages="12-19")
    text = entry_text(Reference("10.5555/x", record), "k", BibStyle(quotes=True))
    source = parse_bib(text).sources["k"]
    assert source.title == title
    assert source.authors[0].family == family and source.year == year
    assert all(c.agrees for c in compare_source(source, SourceLookup("k", (record,))))


def test_citation_keys_are_ascii_and_unique() -> None:
    record = Record("Crossref", "10.5555/x", authors=(Author("Müller-Lüdenscheidt", "A."),), year=2020)
    reference = Reference("10.5555/x", record)
    assert citation_key(reference) == "mullerludenscheidt2020"
    assert citation_key(reference, ["MullerLudenscheidt2020", "mullerludenscheidt2020a"]) == "mullerludenscheidt2020b"


def test_fixture_identifiers_are_the_bundled_ones_or_synthetic() -> None:
    bundled = Path(__file__).parents[2] / "data" / "references.bib"
    text = bundled.read_text(encoding="utf-8").lower()
    known_elsewhere = {"10.1097_aap.0000000000000808"}  # a verified related source, not cited by the article
    for path in (RESPONSES / "crossref").glob("*.json"):
        doi = path.stem.replace("_", "/", 1)
        assert doi.startswith("10.5555/") or doi in text or path.stem in known_elsewhere
    for path in (RESPONSES / "esummary").glob("*.json"):
        assert path.stem in text or int(path.stem) >= 99000000


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["message", "result", "uids", "1", "title", "author", "issued", "date-parts", "updated-by",
                         "update-to", "type", "DOI", "pubtype", "articleids", "authors", "name", "esearchresult",
                         "idlist", "pubdate", "page", "volume", "container-title"]), inner, max_size=4),
    max_leaves=12)


def documents(keys: list[str]) -> st.SearchStrategy[object]:
    """JSON shaped like a registry document down ``keys``, with any values on the way."""
    shape: st.SearchStrategy[object] = json_values
    for key in reversed(keys):
        shape = st.fixed_dictionaries({key: shape}, optional={"other": json_values}) | json_values
    return shape


@given(st.one_of(json_values, documents(["message"]), documents(["result", "1"]), documents(["esearchresult"]),
                 documents(["message", "author"]), documents(["result", "1", "articleids"])))
def test_answers_of_any_shape_give_a_record_or_a_named_error(data: object) -> None:
    body = Answer(200, json.dumps(data), "http://test/x")
    for parse in (lambda: parse_work(body, "10.5555/x"), lambda: parse_summary(body, "1"), lambda: parse_search(body),
                  lambda: split_summaries(body, ["1"])):
        try:
            parse()
        except BadAnswer as error:
            assert error.problems and error.problems[0].location.file == "http://test/x"


@given(st.text(max_size=200))
def test_any_efetch_text_gives_an_abstract_or_a_named_error(text: str) -> None:
    for parse in (parse_abstract, lambda a, p: split_articles(a, [p])):
        try:
            parse(Answer(200, text, "http://test/efetch"), "1")
        except BadAnswer as error:
            assert "malformed XML" in str(error)
