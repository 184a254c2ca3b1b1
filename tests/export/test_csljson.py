"""CSL-JSON export: valid against the official schema, read by pandoc's citeproc as expected."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.export import export
from kevidence.export.csljson import csl_item
from kevidence.sources.model import Source
from tests.export.conftest import CSL_SCHEMA, run_kevidence

SCHEMA = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
VANCOUVER = Path("/usr/share/citation-style-language/styles/vancouver.csl")


def test_bundled_sources_are_valid_csl_items() -> None:
    items = json.loads(export(kevidence.load(), "csl-json") or "")
    jsonschema.validate(items, SCHEMA)
    assert [item["id"] for item in items] == ["stanford2020", "maher2017", "allen2017", "orhurhu2019", "nhs2020"]


def test_generated_sources_are_valid_csl_items(generated_bases: list[Path]) -> None:
    for folder in generated_bases:
        kb = kevidence.load(folder)
        items = json.loads(export(kb, "csl-json") or "")
        jsonschema.validate(items, SCHEMA)
        assert len(items) == len(kb.sources)
        # LaTeX decoded: no item title keeps a backslash command the BibTeX title had.
        for item in items:
            assert item.get("title") == kb.sources[item["id"]].title


def test_fields_are_mapped_from_the_decoded_views() -> None:
    kb = kevidence.load()
    maher = csl_item(kb.sources["maher2017"])
    assert maher["type"] == "article-journal"
    assert maher["author"] == [{"family": "Maher", "given": "D. P."}, {"family": "Chen", "given": "L."},
                               {"family": "Mao", "given": "J."}]
    assert maher["container-title"] == "Anesthesia & Analgesia"   # \& decoded
    assert maher["issued"] == {"date-parts": [[2017, 2]]}         # month = feb
    assert maher["DOI"] == "10.1213/ANE.0000000000001787"         # as the entry writes it
    assert maher["page"] == "661-674"
    assert maher["custom"]["study-design"] == "narrative-review"
    assert "note" not in maher                                    # the editorial note is kevidence's
    allen = csl_item(kb.sources["allen2017"])
    assert allen["PMID"] == "28743507"
    assert allen["author"][1] == {"family": "Ivester", "given": "J. R.", "suffix": "Jr."}
    assert allen["title"] == "Ketamine for Pain Management\u2014Side Effects & Potential Adverse Events"
    assert csl_item(kb.sources["stanford2020"])["author"] == [{"literal": "Stanford Health Care"}]
    nhs = csl_item(kb.sources["nhs2020"])
    assert nhs["type"] == "document" and nhs["custom"]["bibtex-type"] == "misc"
    assert csl_item(kb.sources["orhurhu2019"])["custom"]["supportable-level"] == 1


field_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(entry_type=st.sampled_from(["article", "misc", "online", "book", "inproceedings", "thesis", "whatever"]),
       fields=st.dictionaries(st.sampled_from(["author", "editor", "title", "journal", "year", "month", "date",
                                               "pages", "doi", "pmid", "url", "volume", "number", "studydesign",
                                               "cites", "verified", "note", "keywords", "publisher", "urldate"]),
                              field_text, max_size=12))
def test_any_source_gives_a_valid_item(entry_type: str, fields: dict[str, str]) -> None:
    source = Source(key="k1", entry_type=entry_type, fields=fields)
    jsonschema.validate([csl_item(source)], SCHEMA)


@pytest.mark.skipif(shutil.which("pandoc") is None or not VANCOUVER.is_file(),
                    reason="needs Debian's pandoc and citation-style-language-styles (.ci/run installs them)")
def test_pandoc_renders_the_bundled_references_in_vancouver(tmp_path: Path) -> None:
    bibliography = tmp_path / "references.json"
    export(kevidence.load(), "csl-json", bibliography)
    document = tmp_path / "doc.md"
    document.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    rendered = subprocess.run(
        ["pandoc", str(document), "--citeproc", f"--bibliography={bibliography}", f"--csl={VANCOUVER}",
         "-t", "plain", "--wrap=none"], check=True, capture_output=True, text=True).stdout
    # Written from references.bib by hand, in the NLM (Vancouver) order: authors with
    # initials, title, journal, year month;volume(issue):pages with shortened end page.
    expected = """\
1. Stanford Health Care. Intravenous Lidocaine Infusion. 2020.

2. Maher DP, Chen L, Mao J. Intravenous Ketamine Infusions for Neuropathic Pain Management: A Promising Therapy in Need of Optimization. Anesthesia & Analgesia. 2017 Feb;124(2):661–74.

3. Allen CA, Ivester JR Jr. Ketamine for Pain Management—Side Effects & Potential Adverse Events. Pain Management Nursing. 2017 Dec;18(6):372–7.

4. Orhurhu V, Orhurhu MS, Bhatia A, Cohen SP. Ketamine Infusions for Chronic Pain: A Systematic Review and Meta-analysis of Randomized Controlled Trials. Anesthesia & Analgesia. 2019 Jul;129(1):241–54.

5. NHS UK. Ketamine Infusion. 2020.
"""
    assert rendered == expected


def test_command_writes_the_file(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    done = run_kevidence("export", str(data_copy), "--format", "csl-json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, SCHEMA)
    assert len(items) == 5
