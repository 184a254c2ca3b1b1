"""Sources: fields kept as written, decoded views, identifiers, study designs, bad .bib files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kevidence.errors import BibError, DataFileError
from kevidence.sources.evidence import CEBMLevel, StudyDesign
from kevidence.sources.bibtex import load_bib, parse_bib
from kevidence.sources.identifiers import normalize_doi, normalize_pmid, normalize_url

ENTRY = r"""@string{aa = "Anesthesia {\&} Analgesia"}
@article{maher2017,
  author = {Maher, D. P. and Ivester, Jr., J. R. and {Stanford Health Care}},
  title = {Intravenous {K}etamine for {\"U}ber {CRPS} --- a review},
  journal = aa,
  year = 2017,
  month = feb,
  doi = {10.1213/ANE.0000000000001787},
  pmid = {28743507},
  url = {https://example.org/x},
  studydesign = {narrative-review},
  verified = {doi, title},
  ascited = {pmid},
  unverified = {url},
  cites = {orhurhu2019, allen2017},
}
"""


def test_fields_are_kept_as_written_and_views_decoded() -> None:
    source = parse_bib(ENTRY).sources["maher2017"]
    assert source.fields["title"] == r"Intravenous {K}etamine for {\"U}ber {CRPS} --- a review"
    assert source.fields["journal"] == r"Anesthesia {\&} Analgesia"
    assert source.title == "Intravenous Ketamine for Über CRPS — a review"
    assert source.journal == "Anesthesia & Analgesia"
    assert source.year == 2017
    assert source.line == 2
    families = [p.family for p in source.authors]
    assert families == ["Maher", "Ivester", "Stanford Health Care"]
    assert source.authors[1].suffix == "Jr." and source.authors[1].given == "J. R."
    assert source.authors[2].literal


def test_identifiers_and_relations() -> None:
    source = parse_bib(ENTRY).sources["maher2017"]
    assert source.doi == "10.1213/ane.0000000000001787"
    assert source.doi_raw == "10.1213/ANE.0000000000001787"
    assert source.pmid == "28743507"
    assert source.url == "https://example.org/x"
    assert source.cites == ("orhurhu2019", "allen2017")
    assert source.unverified_fields == ("url",)
    assert source.verification["pmid"].value == "as-cited"


def test_study_design_gives_supportable_level() -> None:
    assert parse_bib(ENTRY).sources["maher2017"].supportable_level is None
    assert StudyDesign.META_ANALYSIS_OF_RCTS.supportable_level == CEBMLevel(1)
    assert StudyDesign.RCT.supportable_level == CEBMLevel(2)
    assert StudyDesign.WEB_PAGE.supportable_level is None
    assert all(design.label for design in StudyDesign)


def test_unknown_study_design_is_an_error_listing_valid_ones() -> None:
    with pytest.raises(BibError) as info:
        parse_bib("@article{k, title={x}, studydesign={anecdote}}", Path("r.bib"))
    text = str(info.value)
    assert "r.bib:1" in text and "anecdote" in text and "narrative-review" in text


def test_every_bad_block_is_listed_with_its_line() -> None:
    text = "@article{a, title={ok}}\n\n@article{a, title={dup}}\n@article{b, title={x}, title={y}}\n@article{c, title = {unclosed\n"
    with pytest.raises(BibError) as info:
        parse_bib(text, Path("refs.bib"))
    lines = [p.location.line for p in info.value.problems]
    messages = " | ".join(p.message for p in info.value.problems)
    assert lines == [3, 4, 5]
    assert "duplicate key 'a' (first defined at line 1)" in messages
    assert "field given twice" in messages and "title" in messages
    assert "could not be parsed" in messages
    assert all(p.location.file == "refs.bib" for p in info.value.problems)


def test_lenient_keeps_good_entries_and_reports_the_bad() -> None:
    bib = parse_bib("@article{a, title={ok}}\n@article{b, title = {unclosed\n", strict=False)
    assert list(bib.sources) == ["a"]
    assert [p.location.line for p in bib.problems] == [2]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not found"):
        load_bib(tmp_path / "none.bib")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1213/ANE.0000000000001787", "10.1213/ane.0000000000001787"),
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("doi:10.1000/abc", "10.1000/abc"),
        ("10.12/abc", None),
        ("not-a-doi", None),
    ],
)
def test_doi_normalisation(raw: str, expected: str | None) -> None:
    assert normalize_doi(raw) == expected


def test_pmid_and_url() -> None:
    assert normalize_pmid("PMID: 31082965") == "31082965"
    assert normalize_pmid("0123") is None and normalize_pmid("12a") is None
    assert normalize_url("ftp://example.org") is None and normalize_url("https://localhost") is None
    assert normalize_url("https://example.org/a b") is None


@given(st.from_regex(r"10\.[0-9]{4,9}/[A-Za-z0-9._;()/:-]{1,30}", fullmatch=True))
def test_doi_comparison_is_case_insensitive(doi: str) -> None:
    assert normalize_doi(doi.upper()) == normalize_doi(doi.lower()) == doi.lower()


# Raw field values as a file may hold them: braced, quoted, bare macro names (any case), numbers,
# concatenations, and the characters that make enclosing ambiguous (inner braces, quotes,
# backslashes before a delimiter, '#').
_VALUE_TEXT = st.text(alphabet='ab {}"\\#', max_size=12)
_RAW_VALUE = st.one_of(
    _VALUE_TEXT.map(lambda t: "{" + t + "}"),
    _VALUE_TEXT.map(lambda t: '"' + t + '"'),
    st.sampled_from(["jan", "JAN", "Feb", "mar", "2017", "aa # {b}", '{a} # "b"', "unknown"]),
    _VALUE_TEXT,
)


@given(
    st.lists(_RAW_VALUE, min_size=1, max_size=5),
    st.dictionaries(st.sampled_from(["jan", "Feb", "MAR", "aa"]), _RAW_VALUE, max_size=3),
)
def test_field_values_are_those_of_bibtexparsers_default_parse_stack(
    values: list[str], strings: dict[str, str]
) -> None:
    import bibtexparser

    text = "".join(f"@string{{{name} = {value}}}\n" for name, value in strings.items())
    text += "@article{k,\n" + "".join(f"  f{i} = {value},\n" for i, value in enumerate(values)) + "}\n"
    expected = bibtexparser.parse_string(text)  # resolves macros, then removes the enclosing
    ours = parse_bib(text, strict=False)
    assert sorted(ours.sources) == sorted(e.key for e in expected.entries)
    for entry in expected.entries:
        assert ours.sources[entry.key].fields == {f.key.lower(): f.value for f in entry.fields}
