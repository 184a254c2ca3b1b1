"""CSL-JSON import: items become BibTeX entries through the editor; duplicates are reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.export import ExportError, export
from kevidence.export.cslimport import bibtex_text, import_csl_json
from kevidence.export.csljson import csl_item
from kevidence.sources.latex import decode_latex
from tests.export.conftest import run_kevidence


def empty_base(folder: Path, bib: str = "") -> Path:
    folder.mkdir()
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    (folder / "references.bib").write_text(bib, encoding="utf-8")
    return folder


def test_bundled_references_round_trip_through_an_empty_base(tmp_path: Path) -> None:
    original = kevidence.load()
    items = json.loads(export(original, "csl-json") or "")
    folder = empty_base(tmp_path / "kb")
    kb = kevidence.load(folder)
    result = import_csl_json(kb, items=items)
    kb.save()
    assert result.added == list(original.sources)
    reloaded = kevidence.load(folder)
    for key, source in original.sources.items():
        assert csl_item(reloaded.sources[key]) == csl_item(source)


def test_items_already_in_the_base_are_reported_not_added(data_copy: Path, tmp_path: Path) -> None:
    kb = kevidence.load(data_copy)
    items = json.loads(export(kb, "csl-json") or "")
    items[1]["id"] = items[1]["citation-key"] = "other-key"          # maher2017 under another key: same DOI
    items[2] = {"id": "x1", "type": "article-journal", "PMID": "28743507", "title": "Another title"}  # allen2017's PMID
    before = (data_copy / "references.bib").read_bytes()
    result = import_csl_json(kb, items=items)
    kb.save()
    assert result.added == []
    reasons = {s.item_id: (s.key, s.reason) for s in result.skipped}
    assert reasons["other-key"] == ("maher2017", "same DOI as 'maher2017'")
    assert reasons["x1"] == ("allen2017", "same PMID as 'allen2017'")
    assert reasons["stanford2020"] == ("stanford2020", "key 'stanford2020' is already in the base")
    assert (data_copy / "references.bib").read_bytes() == before


def test_new_item_is_appended_and_existing_bytes_kept(data_copy: Path) -> None:
    before = (data_copy / "references.bib").read_bytes()
    kb = kevidence.load(data_copy)
    item = {"id": "ITEM-1", "type": "article-journal", "title": "Ketamine & pain: 50% {better}",
            "author": [{"family": "García", "given": "José"}, {"literal": "Pain Society, UK"}],
            "container-title": "Pain", "issued": {"date-parts": [[2021, 3]]}, "DOI": "10.1000/ABC.1",
            "page": "10-19"}
    result = import_csl_json(kb, items=[item])
    kb.save()
    assert result.added == ["ITEM-1"]
    after = (data_copy / "references.bib").read_bytes()
    assert after.startswith(before)
    source = kevidence.load(data_copy).sources["ITEM-1"]
    assert source.title == "Ketamine & pain: 50% {better}"
    assert [p.display for p in source.authors] == ["José García", "Pain Society, UK"]
    assert source.doi == "10.1000/abc.1" and source.year == 2021
    assert csl_item(source)["page"] == "10-19"


def test_malformed_items_are_named_by_json_path_and_nothing_is_added(data_copy: Path) -> None:
    kb = kevidence.load(data_copy)
    items = [{"id": "ok", "type": "book", "title": "Fine"}, {"type": "book"}, {"id": "n", "type": "book", "author": [{"given": "A"}]}, 7]
    with pytest.raises(ExportError) as caught:
        import_csl_json(kb, items=items)
    paths = [p.location.json_path for p in caught.value.problems]
    assert paths == ["$[1].id", "$[2].author[0]", "$[3]"]
    assert "ok" not in kb.sources


def test_not_json_names_the_file_and_line(tmp_path: Path, data_copy: Path) -> None:
    bad = tmp_path / "zotero.json"
    bad.write_text('[\n  {"id": "a",\n  "type": }\n]', encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        import_csl_json(kevidence.load(data_copy), bad)
    assert caught.value.problems[0].location.line == 3
    assert "zotero.json" in str(caught.value)


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(printable)
def test_bibtex_text_decodes_back_to_the_text(text: str) -> None:
    # BibTeX reads a run of whitespace as one space; everything else comes back as it was.
    assert decode_latex(bibtex_text(text)) == re.sub(r"\s+", " ", text)


def test_command_imports_and_reports(data_copy: Path, tmp_path: Path) -> None:
    file = tmp_path / "zotero.json"
    file.write_text(json.dumps([
        {"id": "new2022", "type": "webpage", "title": "A page", "URL": "https://example.org/page"},
        {"id": "dup", "type": "article-journal", "DOI": "https://doi.org/10.1213/ane.0000000000004185"},
    ]), encoding="utf-8")
    done = run_kevidence("import", str(data_copy), "--format", "csl-json", str(file))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["added new2022", "skipped dup: same DOI as 'orhurhu2019'",
                                        "1 added, 1 already in the base"]
    assert kevidence.load(data_copy).sources["new2022"].url == "https://example.org/page"


def test_command_reports_a_bad_file_without_traceback(data_copy: Path, tmp_path: Path) -> None:
    before = (data_copy / "references.bib").read_bytes()
    file = tmp_path / "bad.json"
    file.write_text("{not json", encoding="utf-8")
    done = run_kevidence("import", str(data_copy), "--format", "csl-json", str(file))
    assert done.returncode == 2
    assert "bad.json:1" in done.stderr and "Traceback" not in done.stderr
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"id": "a", "type": "book", "title": "Caf\u00e9"}]'.encode("latin-1"))
    done = run_kevidence("import", str(data_copy), "--format", "csl-json", str(latin))
    assert done.returncode == 2
    assert "latin.json" in done.stderr and "UTF-8" in done.stderr and "Traceback" not in done.stderr
    assert (data_copy / "references.bib").read_bytes() == before


def test_command_reads_standard_input(data_copy: Path) -> None:
    items = json.dumps([{"id": "stdin2023", "type": "report", "title": "From a pipe", "issued": {"date-parts": [[2023]]}}])
    done = run_kevidence("import", str(data_copy), "--format", "csl-json", "-", stdin=items)
    assert done.returncode == 0, done.stderr
    source = kevidence.load(data_copy).sources["stdin2023"]
    assert (source.entry_type, source.title, source.year) == ("techreport", "From a pipe", 2023)
