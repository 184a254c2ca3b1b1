"""Lossless .bib writing: unchanged files keep every byte, an edit changes one entry only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.sources.bibtex import parse_bib
from kevidence.sources.entrytext import scan_entry
from kevidence.sources.writer import block_spans, detect_style, entry_key, render_bib

CLAIMS = '{\n  "claims": []\n}\n'

CORPUS: dict[str, str] = {
    "macros": '@string{jpain = "Journal of Pain"}\n@STRING{ feb = {February} }\n\n'
              "@article{a,\n  journal = jpain,\n  month = feb # { 3},\n  year = 2001\n}\n",
    "preamble_comment": '@preamble{ "\\newcommand{\\noop}[1]{}" }\n@comment{ anything { here } }\n'
                        "% a line comment\n\n@book{b, title = {T}}\n",
    "between": "Some free text before.\n@misc{c,\n   note = \"quoted, with comma\" }\n   stray words\n"
               "@misc{d,note={x}}",
    "odd_spacing": "@article {  e ,\n\ttitle\t=\t{Tabs}  ,\n        year=1999,\n}\n\n\n\n",
    "crlf": "% head\r\n@article{f,\r\n  title = {Windows},\r\n  year = {2020}\r\n}\r\n\r\n@misc{g, note = {n}}\r\n",
    "no_final_newline": "@article{h, title = {Last}}",
    "unicode": "@article{i,\n  author = {Müller, Jürgen and Ø. Ørsted},\n  title = {Caf\\'e na\\\"ive {\\ss} \\& more},\n}\n",
    "parentheses": "@misc(j, title = {Round}, year = 2000)\n",
    "empty": "",
    "only_comments": "% nothing but a comment\n",
}


def write_kb(tmp_path: Path, bib: str, claims: str = CLAIMS) -> Path:
    (tmp_path / "claims.json").write_bytes(claims.encode())
    (tmp_path / "references.bib").write_bytes(bib.encode())
    return tmp_path


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_spans_rebuild_the_file(name: str) -> None:
    text = CORPUS[name]
    parsed = parse_bib(text)
    assert parsed.spans is not None
    assert "".join(text[a:b] for a, b, _ in parsed.spans) == text


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_load_then_save_keeps_every_byte(tmp_path: Path, name: str) -> None:
    folder = write_kb(tmp_path, CORPUS[name])
    kb = kevidence.load(folder)
    kb.save()
    assert (folder / "references.bib").read_bytes() == CORPUS[name].encode()


@pytest.mark.parametrize("name", sorted(n for n in CORPUS if "@" in CORPUS[n] and n != "only_comments"))
def test_editing_one_entry_changes_only_its_bytes(tmp_path: Path, name: str) -> None:
    text = CORPUS[name]
    folder = write_kb(tmp_path, text)
    kb = kevidence.load(folder)
    key = list(kb.sources)[-1]
    start = next(a for a, _, block in parse_bib(text).spans or [] if getattr(block, "key", None) == key)
    end = scan_entry(text, start)[1]
    kb.update_source(key, {"note": "edited"})
    kb.save()
    after = (folder / "references.bib").read_bytes().decode()
    assert after[:start] == text[:start]
    assert after[len(after) - (len(text) - end):] == text[end:]
    assert kevidence.load(folder).sources[key].fields["note"] == "edited"


def test_macros_stay_macros_when_another_field_changes(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, CORPUS["macros"])
    kb = kevidence.load(folder)
    kb.update_source("a", {"year": "2002"})
    kb.save()
    after = (folder / "references.bib").read_text()
    assert "  journal = jpain,\n" in after
    assert "  month = feb # { 3},\n" in after
    assert kevidence.load(folder).sources["a"].fields["journal"] == "Journal of Pain"


def test_removed_field_and_entry_leave_no_trace(tmp_path: Path) -> None:
    text = "@article{a,\n  title = {A},\n  year = {1}\n}\n\n@article{b,\n  title = {B}\n}\n"
    folder = write_kb(tmp_path, text)
    kb = kevidence.load(folder)
    kb.update_source("a", {"year": None})
    kb.remove_source("b")
    kb.save()
    assert (folder / "references.bib").read_text() == "@article{a,\n  title = {A}\n}\n"


def test_new_entry_follows_the_file_style(tmp_path: Path) -> None:
    text = ('@ARTICLE{a,\r\n    author = "X",\r\n    title  = "Y",\r\n}\r\n\r\n'
            '@BOOK{b,\r\n    title     = "Z",\r\n    publisher = "P",\r\n}\r\n')
    folder = write_kb(tmp_path, text)
    kb = kevidence.load(folder)
    kb.add_source(key="c", entry_type="misc", fields={"title": "New", "howpublished": "Web"})
    kb.save()
    after = (folder / "references.bib").read_bytes().decode()
    assert after.startswith(text)
    assert after[len(text):] == ('\r\n@MISC{c,\r\n    title        = "New",\r\n'
                                 '    howpublished = "Web",\r\n}\r\n')


def test_new_entry_from_bibtex_keeps_its_macros(tmp_path: Path) -> None:
    folder = write_kb(tmp_path, CORPUS["macros"])
    kb = kevidence.load(folder)
    kb.add_source("@article{z, journal = jpain, title = {New}}")
    assert kb.sources["z"].fields["journal"] == "Journal of Pain"
    kb.save()
    after = (folder / "references.bib").read_text()
    assert "journal = jpain" in after.split("@article{z,")[1]
    assert kevidence.load(folder).sources["z"].fields == kb.sources["z"].fields


def test_style_detection_reads_the_majority() -> None:
    text = '@a{x,\n\ttitle="T",\n\tyear="1"\n}\n\n@a{y,\n\ttitle="U"\n}\n'
    style = detect_style(text, block_spans(text, parse_bib(text).library.blocks) or [])
    assert (style.indent, style.quotes, style.equals, style.trailing_comma) == ("\t", True, "=", False)


def test_render_without_changes_is_identity() -> None:
    text = CORPUS["between"]
    parsed = parse_bib(text)
    assert render_bib(text, parsed.spans or [], parsed.sources, parsed.sources, {})[0] == text


_words = st.text(alphabet="abcdefghij XYZ-.,:'éü", min_size=0, max_size=12).filter(lambda s: '"' not in s)
_key = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)


@st.composite
def bib_files(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.lists(_key, min_size=0, max_size=5, unique=True))
    blocks = []
    for key in keys:
        fields = draw(st.lists(st.tuples(st.sampled_from(["title", "note", "year", "journal"]), _words),
                               max_size=4, unique_by=lambda t: t[0]))
        quote = draw(st.booleans())
        sep = draw(st.sampled_from([" = ", "=", "  =  "]))
        body = ("," + newline).join(
            f"  {n}{sep}" + (f'"{v}"' if quote else "{" + v + "}") for n, v in fields
        )
        trailing = draw(st.sampled_from(["", ","]))
        blocks.append(f"@article{{{key},{newline}{body}{trailing}{newline}}}" if fields else f"@misc{{{key}}}")
        if draw(st.booleans()):
            blocks.append("% comment " + draw(_words))
    gap = draw(st.sampled_from([newline, newline * 2, newline + "  " + newline]))
    return gap.join(blocks) + draw(st.sampled_from(["", newline]))


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(bib_files())
def test_generated_files_survive_load_and_save(text: str) -> None:
    parsed = parse_bib(text, strict=False)
    assert parsed.spans is not None
    assert render_bib(text, parsed.spans, parsed.sources, parsed.sources, {})[0] == text


@settings(max_examples=60, deadline=None)
@given(bib_files(), st.text(alphabet="abc {}\\'", max_size=8).filter(lambda v: v.count("{") == v.count("}") and "}{" not in v[:1]))
def test_generated_edit_round_trips(text: str, value: str) -> None:
    parsed = parse_bib(text, strict=False)
    if not parsed.sources:
        return
    from kevidence.store.edit import changed_source

    key = next(iter(parsed.sources))
    try:
        new_source = changed_source(parsed.sources[key], {"note": value}, None)
    except kevidence.EditError:
        return
    new = dict(parsed.sources)
    new[key] = new_source
    out, spans = render_bib(text, parsed.spans or [], parsed.sources, new, {})
    assert "".join(out[a:b] for a, b, _ in spans) == out
    again = parse_bib(out)
    assert again.sources[key].fields == new_source.fields
    others = {k: s.fields for k, s in again.sources.items() if k != key}
    assert others == {k: s.fields for k, s in parsed.sources.items() if k != key}
    # The spans the writer hands on are those a fresh parse of its text finds.
    def entries(cut: list) -> list:
        return [(a, b, entry_key(block)) for a, b, block in cut if entry_key(block)]

    assert entries(spans) == entries(again.spans or [])
