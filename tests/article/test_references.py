"""Matching reference-list entries to .bib entries: exact identifiers first, titles with a
margin, never a guess."""

from __future__ import annotations

import kevidence
from kevidence.article.model import ReferenceEntry
from kevidence.article.reading import parse_article, read_article
from kevidence.article.references import match_reference, match_references
from kevidence.sources.bibtex import parse_bib
from tests.article.conftest import ARTICLE, DATA, KEYS


def entry(text: str, number: int = 1) -> ReferenceEntry:
    return ReferenceEntry(label=str(number), text=text, offset=0, number=number)


def sources(bib: str):
    return dict(parse_bib(bib).sources)


def test_bundled_list_maps_to_the_five_keys():
    kb = kevidence.load(DATA)
    matches = match_references(read_article(ARTICLE).references, kb.sources)
    assert {m.entry.number: m.key for m in matches} == KEYS
    assert {m.entry.number: m.match for m in matches}[3] == "pmid"  # [3] prints its PMID
    assert all(m.disagreements == () for m in matches)


def test_doi_wins_over_a_misleading_title():
    bib = sources("@article{a, title={Ketamine for pain}, year={2019}, doi={10.1000/abc}}\n"
                  "@article{b, title={Something else entirely}, year={2019}, doi={10.1000/xyz}}\n")
    match = match_reference(entry("Ketamine for pain. 2019. doi:10.1000/XYZ."), bib)
    assert (match.key, match.match) == ("b", "doi")


def test_two_alike_entries_are_ambiguous_not_guessed():
    bib = sources("@article{a, author={Maher, D.}, title={Intravenous ketamine infusions for neuropathic pain}, year={2017}}\n"
                  "@article{b, author={Maher, D.}, title={Intravenous ketamine infusions for neuropathic pains}, year={2017}}\n")
    match = match_reference(entry("Maher D. Intravenous ketamine infusions for neuropathic pain. 2017."), bib)
    assert match.match == "ambiguous" and match.key is None and set(match.candidates) == {"a", "b"}


def test_a_short_title_inside_a_long_entry_is_not_a_match():
    bib = sources("@misc{nhs, author={{NHS UK}}, title={Ketamine Infusion}, year={2020}}\n")
    long_entry = ("Orhurhu V, Cohen SP. Ketamine infusion protocols and outcomes in chronic pain: a systematic "
                  "review of randomised trials with meta-analysis. Anesth Analg. 2019;129:241-254.")
    assert match_reference(entry(long_entry), bib).match == "none"


def test_no_bib_entry_matches():
    kb = kevidence.load(DATA)
    match = match_reference(entry("Smith J. Acupuncture for migraine: a trial. BMJ. 2021."), kb.sources)
    assert (match.key, match.match) == (None, "none")


def test_verified_metadata_that_disagrees_is_reported():
    kb = kevidence.load(DATA)
    text = ("Maher, D. \u201cIntravenous Ketamine Infusions for Neuropathic Pain Management: A Promising "
            "Therapy in Need of Optimization.\u201d Anesthesia & Analgesia: 2016.")
    match = match_reference(entry(text, 2), kb.sources)
    assert match.key == "maher2017"
    assert any(d.startswith("year") for d in match.disagreements)
    # An as-cited (unverified) field is not held against the list.
    nhs = match_reference(entry("NHS UK (2021). \u201cKetamine Infusion.\u201d", 5), kb.sources)
    assert nhs.key == "nhs2020" and nhs.disagreements == ()


def test_unlabelled_reference_lines_are_one_entry_each():
    article = parse_article("Relief lasts weeks [2].\n\nReferences\n\nSmith J. Ketamine for pain. 2020.\n"
                            "Maher D. Intravenous ketamine infusions. Anesth Analg. 2017.\n")
    assert [(r.number, r.text[:8]) for r in article.references] == [(1, "Smith J."), (2, "Maher D.")]


def test_a_listed_doi_that_differs_from_the_verified_one():
    kb = kevidence.load(DATA)
    text = ("Maher D. \u201cIntravenous Ketamine Infusions for Neuropathic Pain Management: A Promising Therapy "
            "in Need of Optimization.\u201d 2017. doi:10.1213/ANE.0000000000009999")
    match = match_reference(entry(text, 2), kb.sources)
    assert match.key == "maher2017" and match.match == "title"
    assert any(d.startswith("doi") for d in match.disagreements)
