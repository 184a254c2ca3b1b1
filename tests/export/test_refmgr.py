"""Reference managers both ways: RIS in and out, plain BibTeX out, Zotero's CSL-JSON in.

The files in fixtures/refmgr follow what each program writes (the bibliographic data is the
bundled data's own references; the report, chapter and web page of zotero.json are examples
with no identifiers):

- zotero.ris: Zotero's RIS export: CR LF line ends, ``DA  - 2017/02//`` beside ``PY``, the
  journal in ``T2`` and its abbreviation in ``J2``, the access date in ``Y2`` with a time,
  a single-field (corporate) creator as a bare name, ``ER  - `` with its trailing space.
- endnote.ris: EndNote's "RefMan (RIS) Export" style saved as UTF-8: a byte-order mark, CR LF,
  ``T1`` and ``JO``, the page range in ``SP``, the month as text in ``DA``, the PMID of a
  PubMed import in ``AN`` with ``DB  - NLM``.
- mendeley.ris: Mendeley's export: LF, ``JO``, the DOI resolver link in ``UR``, ``AB``.
- jabref.ris: JabRef's export: the BibTeX key in ``ID``, ``JO``, ``PY``, a ``GEN`` record.
- zotero.json: Zotero's CSL-JSON export: item URIs as ids, years as strings in date-parts,
  ``container-title-short`` and ``journalAbbreviation``, ``accessed``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.audit.rules.sources import REQUIRED_FIELDS
from kevidence.export import ExportError, export
from kevidence.export.cslimport import bibtex_text, import_csl_json
from kevidence.export.csljson import csl_item
from kevidence.export.ris import import_ris, read_ris
from kevidence.kb import KnowledgeBase, create
from kevidence.sources.model import KEVIDENCE_FIELDS, Source
from tests.export.conftest import run_kevidence

FIXTURES = Path(__file__).parent / "fixtures" / "refmgr"


def summary(source: Source) -> tuple[str | None, list[str], int | None, str | None]:
    """What a round trip must keep: title, authors in order, year, DOI."""
    return source.title, [p.display for p in source.authors], source.year, source.doi


def fresh(folder: Path) -> KnowledgeBase:
    return create(folder)


# --- RIS export, then import into an empty base -------------------------------------------

def test_bundled_references_round_trip_through_ris(tmp_path: Path) -> None:
    original = kevidence.load()
    text = export(original, "ris") or ""
    kb = fresh(tmp_path / "kb")
    result = import_ris(kb, text=text)
    kb.save()
    assert result.added == list(original.sources)  # the keys come back from ID
    reloaded = kevidence.load(tmp_path / "kb")
    for key, source in original.sources.items():
        assert summary(reloaded.sources[key]) == summary(source)
    assert reloaded.sources["allen2017"].pmid == "28743507"
    assert reloaded.sources["allen2017"].fields["month"] == "dec"
    assert [p.suffix for p in reloaded.sources["allen2017"].authors] == [None, "Jr."]


def test_ris_export_writes_each_source_as_one_record() -> None:
    text = export(kevidence.load(), "ris") or ""
    records = text.split("\n\n")
    assert len(records) == len(kevidence.load().sources)
    allen = next(r for r in records if "ID  - allen2017" in r).splitlines()
    assert allen[0] == "TY  - JOUR" and allen[-1] == "ER  - "
    assert allen[1:3] == ["AU  - Allen, C. A.", "AU  - Ivester, J. R., Jr."]
    assert {"T2  - Pain Management Nursing", "PY  - 2017", "DA  - 2017/12//", "SP  - 372", "EP  - 377",
            "DO  - 10.1016/j.pmn.2017.05.006", "AN  - 28743507", "DB  - PubMed", "KW  - side effects"} <= set(allen)
    assert not any(line.startswith(("N1", "JO")) for line in allen)  # editorial note and journal-as-abbreviation
    assert next(r for r in records if "ID  - stanford2020" in r).startswith("TY  - ELEC\nAU  - Stanford Health Care\n")


# --- files as reference managers write them --------------------------------------------------

def test_zotero_ris(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    result = import_ris(kb, FIXTURES / "zotero.ris")
    assert len(result.added) == 2
    maher = kb.sources[result.added[0]]
    assert result.added[0] == "maher2017intravenous"  # no ID: a readable key is made
    assert summary(maher) == (
        "Intravenous Ketamine Infusions for Neuropathic Pain Management: A Promising Therapy in Need of Optimization",
        ["D. P. Maher", "L. Chen", "J. Mao"], 2017, "10.1213/ane.0000000000001787")
    fields = maher.fields
    assert (fields["journal"], fields["shortjournal"], fields["month"], fields["urldate"]) == (
        r"Anesthesia \& Analgesia", "Anesth Analg", "feb", "2023-01-05")
    assert (fields["pages"], fields["volume"], fields["number"], fields["language"]) == ("661--674", "124", "2", "en")
    assert maher.keywords == ("ketamine", "neuropathic pain")
    page = kb.sources[result.added[1]]
    assert (page.entry_type, page.url, page.fields["urldate"]) == ("online", "https://example.org/stanford/lidocaine-infusion",
                                                                    "2023-01-05")
    assert [(p.family, p.literal) for p in page.authors] == [("Stanford Health Care", True)]


def test_endnote_ris(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    [key] = import_ris(kb, FIXTURES / "endnote.ris").added
    allen = kb.sources[key]
    assert summary(allen) == ("Ketamine for Pain Management—Side Effects & Potential Adverse Events",
                              ["C. A. Allen", "J. R. Ivester Jr."], 2017, "10.1016/j.pmn.2017.05.006")
    assert (allen.pmid, allen.fields["pages"], allen.fields["journal"]) == ("28743507", "372--377", "Pain Management Nursing")
    assert "month" not in allen.fields  # "DA  - Dec" is text, not a date: the year stands


def test_mendeley_ris(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    [key] = import_ris(kb, FIXTURES / "mendeley.ris").added
    orhurhu = kb.sources[key]
    assert key == "orhurhu2019ketamine"
    assert summary(orhurhu)[1:] == (["V. Orhurhu", "M. S. Orhurhu", "A. Bhatia", "S. P. Cohen"], 2019,
                                    "10.1213/ane.0000000000004185")
    assert orhurhu.url == "https://doi.org/10.1213/ANE.0000000000004185"
    assert orhurhu.fields["journal"] == r"Anesthesia \& Analgesia" and "shortjournal" not in orhurhu.fields
    assert orhurhu.fields["abstract"].startswith("A systematic review")


def test_jabref_ris_keeps_its_keys(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    assert import_ris(kb, FIXTURES / "jabref.ris").added == ["maher2017", "nhs2020"]
    nhs = kb.sources["nhs2020"]
    assert (nhs.entry_type, nhs.title, nhs.year, [p.display for p in nhs.authors]) == ("misc", "Ketamine Infusion", 2020, ["NHS UK"])


@pytest.mark.parametrize("name", ["zotero.ris", "endnote.ris", "mendeley.ris", "jabref.ris"])
def test_each_manager_file_round_trips_through_our_export(name: str, tmp_path: Path) -> None:
    first = fresh(tmp_path / "one")
    import_ris(first, FIXTURES / name)
    second = fresh(tmp_path / "two")
    added = import_ris(second, text=export(first, "ris") or "").added
    assert added == list(first.sources)
    assert [summary(s) for s in second.sources.values()] == [summary(s) for s in first.sources.values()]
    assert [s.pmid for s in second.sources.values()] == [s.pmid for s in first.sources.values()]
    for key, source in first.sources.items():  # every field kevidence imported comes back
        assert (second.sources[key].entry_type, dict(second.sources[key].fields)) == (source.entry_type, dict(source.fields))


def test_records_already_in_the_base_are_skipped(data_copy: Path) -> None:
    kb = kevidence.load(data_copy)
    result = import_ris(kb, FIXTURES / "endnote.ris")
    assert result.added == []
    assert [(s.item_id, s.reason) for s in result.skipped] == [("record at line 1", "same DOI as 'allen2017'")]


# --- the RIS reader -------------------------------------------------------------------------

def test_reader_continues_wrapped_values_and_skips_a_header() -> None:
    text = "Provider: Example\nContent: text/plain\n\nTY  - JOUR\nTI  - A long\n  title\nER  -\n"
    [record] = read_ris(text)
    assert record.line == 4 and record.first("TI") == "A long title"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("TY  - JOUR\nTI  - Cut short\n", 1, "no 'ER  - ' line"),
    ("TY  - JOUR\nER  - \nTI  - Stray\n", 3, "outside a record"),
    ("TY  - JOUR\nTY  - BOOK\nER  - \n", 2, "starts before"),
    ("just text\n", None, "no RIS record"),
    ("TY  - JOUR\nTI  - T\nPY  - n.d.\nER  - \n", 3, "has no year"),
])
def test_bad_ris_names_the_line(text: str, line: int | None, words: str, tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    with pytest.raises(ExportError) as caught:
        import_ris(kb, text=text)
    problem = caught.value.problems[0]
    assert problem.location.line == line and words in problem.message
    assert not kb.sources


def test_command_imports_ris_and_reports_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    create(folder)
    done = run_kevidence("import", str(folder), "--format", "ris", str(FIXTURES / "jabref.ris"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["added maher2017", "added nhs2020", "2 added, 0 already in the base"]
    bad = tmp_path / "cut.ris"
    bad.write_text("TY  - JOUR\nTI  - Cut short\n", encoding="utf-8")
    before = (folder / "references.bib").read_bytes()
    done = run_kevidence("import", str(folder), "--format", "ris", str(bad))
    assert done.returncode == 2 and "cut.ris:1" in done.stderr and "Traceback" not in done.stderr
    assert (folder / "references.bib").read_bytes() == before
    done = run_kevidence("export", str(folder), "--format", "ris")
    assert done.returncode == 0 and done.stdout.count("ER  - ") == 2


# --- a property: any source survives export to RIS and import -------------------------------

letters = st.characters(whitelist_categories=("Lu", "Ll", "Lo"), blacklist_characters="ıİ")
name_word = st.text(letters, min_size=1, max_size=8).map(lambda w: w[0].upper() + w[1:])
given_names = st.lists(name_word, min_size=0, max_size=2).map(" ".join)
family_names = st.lists(name_word, min_size=1, max_size=2).map(" ".join)
# A lone brace cannot be stored in a .bib value that BibTeX and bibtexparser both read: braces come in pairs.
plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}"), max_size=30)
titles = st.builds(lambda a, b, c, braced: f"{a}{{{b}}}{c}" if braced else a + b + c,
                   plain_text, plain_text, plain_text, st.booleans()).filter(str.strip)
authors = st.lists(st.tuples(family_names, given_names), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(titles, authors, st.integers(1500, 2099)), min_size=1, max_size=4))
def test_ris_round_trip_keeps_titles_authors_years_dois(works: list[tuple[str, list[tuple[str, str]], int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        original = fresh(Path(folder) / "one")
        for index, (title, names, year) in enumerate(works):
            author = " and ".join(
                ", ".join(bibtex_text(part) for part in (family, given) if part) for family, given in names)
            original.add_source(key=f"k{index}", entry_type="article", fields={
                "title": bibtex_text(title), "author": author, "year": str(year), "journal": "J",
                "doi": f"10.1000/x{index}"})
        copy = fresh(Path(folder) / "two")
        import_ris(copy, text=export(original, "ris") or "")
        for key, source in original.sources.items():
            back = copy.sources[key]
            assert back.title == " ".join(source.title.split())  # RIS holds a value on one line
            assert [p.display for p in back.authors] == [p.display for p in source.authors]
            assert (back.year, back.doi) == (source.year, source.doi)


# --- CSL-JSON from Zotero ------------------------------------------------------------------

def test_zotero_csl_json_gets_readable_keys_and_keeps_uri_abbreviation_access_date(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    result = import_csl_json(kb, FIXTURES / "zotero.json")
    assert result.added == ["maher2017intravenous", "allen2017ketamine", "stanfordhealthcare2020intravenous",
                            "mao2021ketamine", "chen2019ketamine"]
    maher = kb.sources["maher2017intravenous"]
    assert maher.fields["zoteroitem"] == "http://zotero.org/users/local/kXy3PqR2/items/QW7ER9TY"
    assert (maher.fields["shortjournal"], maher.fields["urldate"], maher.year) == ("Anesth Analg", "2023-01-05", 2017)
    again = csl_item(maher)  # and the CSL-JSON export gives them back
    assert (again["container-title-short"], again["accessed"]) == ("Anesth Analg", {"date-parts": [[2023, 1, 5]]})
    report = kb.sources["mao2021ketamine"]
    assert (report.entry_type, report.fields["institution"], report.fields["number"], report.fields["type"]) == (
        "techreport", "Example Pain Clinic", "7", "Audit report")
    chapter = kb.sources["chen2019ketamine"]
    assert (chapter.entry_type, chapter.fields["booktitle"], chapter.fields["publisher"]) == (
        "incollection", "Handbook of Infusion Therapy", "Example Press")


def test_made_keys_are_unique_against_the_base_and_the_batch(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    kb.add_source(key="maher2017intravenous", entry_type="misc", fields={"title": "Another work"})
    item = {"id": "http://zotero.org/users/local/a/items/AAAA1111", "type": "article-journal",
            "title": "Intravenous ketamine", "author": [{"family": "Maher"}], "issued": {"date-parts": [[2017]]}}
    twin = dict(item, id="http://zotero.org/users/local/a/items/BBBB2222", title="The intravenous route")
    accented = {"id": "http://zotero.org/users/local/a/items/CCCC3333", "type": "book",
                "title": "Œdème et douleur", "author": [{"family": "Ñúñez-Øster"}]}
    result = import_csl_json(kb, items=[item, twin, accented])
    assert result.added == ["maher2017intravenousb", "maher2017intravenousc", "nunezosteroedeme"]


def test_citation_key_and_plain_ids_are_kept_as_keys_and_the_uri_as_a_field(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    items = [{"id": "http://zotero.org/users/local/a/items/AAAA1111", "citation-key": "maherIV", "type": "book", "title": "T"},
             {"id": "pandoc-key", "type": "book", "title": "U"}]
    assert import_csl_json(kb, items=items).added == ["maherIV", "pandoc-key"]
    assert kb.sources["maherIV"].fields["zoteroitem"] == "http://zotero.org/users/local/a/items/AAAA1111"


@pytest.mark.parametrize("csl_type", ["article", "article-journal", "book", "chapter", "paper-conference", "report",
                                      "thesis", "manuscript", "webpage", "post-weblog", "dataset", "software",
                                      "entry-encyclopedia", "legal_case", "interview", "broadcast", "review"])
def test_every_csl_type_becomes_an_entry_its_fields_complete(csl_type: str, tmp_path: Path) -> None:
    # An item with a title, author, container, publisher, year and URL: whatever type it
    # becomes, the audit finds no required field missing.
    item = {"id": "x", "type": csl_type, "title": "T", "author": [{"family": "A", "given": "B"}],
            "container-title": "C", "publisher": "P", "issued": {"date-parts": [[2020]]},
            "URL": "https://example.org/x", "page": "1-2"}
    kb = fresh(tmp_path / "kb")
    import_csl_json(kb, items=[item])
    source = kb.sources["x"]
    for spellings in REQUIRED_FIELDS.get(source.entry_type, (("title",),)):
        assert any(name in source.fields for name in spellings), (source.entry_type, spellings)


def test_zotero_file_imported_into_a_fresh_base_passes_the_missing_field_rule(tmp_path: Path) -> None:
    kb = fresh(tmp_path / "kb")
    import_csl_json(kb, FIXTURES / "zotero.json")
    kb.save()
    report = kevidence.load(tmp_path / "kb").audit()
    codes = sorted({f.rule for f in report.findings})
    assert codes == ["KE003"]  # each entry is cited by no claim yet; nothing else


# --- plain BibTeX ----------------------------------------------------------------------------

def test_plain_bibtex_leaves_out_kevidence_fields_and_reads_back_with_the_same_keys() -> None:
    kb = kevidence.load()
    text = export(kb, "bibtex") or ""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == list(kb.sources)
    for entry in library.entries:
        source = kb.sources[entry.key]
        names = {f.key.lower() for f in entry.fields}
        assert not names & KEVIDENCE_FIELDS
        assert names == set(source.fields) - KEVIDENCE_FIELDS
        assert entry.entry_type == source.entry_type
    assert "month = feb," in text  # the month macro, not the text "feb"


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc (.ci/run installs it)")
def test_pandoc_reads_the_plain_bibtex(tmp_path: Path) -> None:
    kb = kevidence.load()
    bib = tmp_path / "references.bib"
    export(kb, "bibtex", bib)
    done = subprocess.run(["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)], capture_output=True, text=True,
                          check=True)
    items = {item["id"]: item for item in json.loads(done.stdout)}
    assert set(items) == set(kb.sources)
    maher = items["maher2017"]
    assert [a["family"] for a in maher["author"]] == ["Maher", "Chen", "Mao"]
    assert maher["issued"]["date-parts"] == [[2017, 2]] and maher["DOI"] == "10.1213/ANE.0000000000001787"
    assert "note" not in maher and not re.search(r"studydesign|verified", done.stdout)
