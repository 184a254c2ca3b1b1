"""Every entry BibTeX reads is read, or reported with its line: none is dropped in silence.

bibtexparser takes some valid entries for comments (a newline before the brace, a hyphen in
the type, a type beginning with "comment"); kevidence reads them by BibTeX's rules. A value
that runs on into the next field for want of a comma is reported.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import BibError
from kevidence.sources.bibtex import parse_bib

FIXTURES = Path(__file__).parent / "fixtures"

SHAPES = {
    "lamport1994": ("book", {"author": "Leslie Lamport", "title": "{\\LaTeX}: a document preparation system",
                             "year": "1994"}),
    "erman2008": ("commented", {"author": "Walther Erman", "title": "Handkommentar", "year": "2008"}),
    "abnt-doi=expand": ("abnt-options", {"abnt-doi": "expand"}),
    "roux1995": ("incollection", {"author": "M. Roux and J. Smart", "year": "1995"}),
    "spaced2020": ("article", {"title": "Spaced"}),
    "odd2019": ("preambles", {"title": "Odd"}),
    "plain2021": ("misc", {"title": "Plain"}),
}


def base(tmp_path: Path, fixture: str) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    shutil.copy(FIXTURES / fixture, folder / "references.bib")
    return folder


def test_every_shape_is_read_by_a_strict_load(tmp_path: Path) -> None:
    kb = kevidence.load(base(tmp_path, "shapes.bib"))
    assert {key: (s.entry_type, dict(s.fields)) for key, s in kb.sources.items()} == SHAPES
    text = (FIXTURES / "shapes.bib").read_text()
    for key, source in kb.sources.items():  # each at the line of its '@'
        at = re.search(r"@[^@]*?" + re.escape(key.split("=")[0]), text)
        assert at is not None and source.line == text.count("\n", 0, at.start()) + 1


def test_editing_a_recovered_entry_keeps_every_other_byte(tmp_path: Path) -> None:
    folder = base(tmp_path, "shapes.bib")
    before = (folder / "references.bib").read_text()
    kb = kevidence.load(folder)
    kb.update_source("roux1995", {"year": "1996", "publisher": "Schattauer"})
    kb.update_source("lamport1994", {"note": None, "edition": "2"})
    kb.save()
    after = (folder / "references.bib").read_text()
    expected = (before.replace("    year      = 1995\n)", "    year      = {1996},\n    publisher = {Schattauer}\n)")
                .replace("  year = 1994\n}", "  year = 1994,\n  edition = {2}\n}"))
    assert after == expected
    again = kevidence.load(folder)
    assert again.sources["roux1995"].fields["publisher"] == "Schattauer"
    assert again.sources["erman2008"].fields == SHAPES["erman2008"][1]


def test_removing_a_recovered_entry_leaves_its_neighbours(tmp_path: Path) -> None:
    folder = base(tmp_path, "shapes.bib")
    before = (folder / "references.bib").read_text()
    kb = kevidence.load(folder)
    kb.remove_source("erman2008")
    kb.save()
    after = (folder / "references.bib").read_text()
    start = before.index("@COMMENTED")
    end = before.index("@ABNT-options")
    assert after == before[:start].rstrip("\n") + "\n\n" + before[end:] or after == before[:start] + before[end:]
    assert set(kevidence.load(folder).sources) == set(SHAPES) - {"erman2008"}


def test_swallowed_field_fails_a_strict_load(tmp_path: Path) -> None:
    with pytest.raises(BibError) as info:
        kevidence.load(base(tmp_path, "swallowed.bib"))
    [problem] = info.value.problems
    assert "'hartmanis1965'" in problem.message
    assert "'title'" in problem.message and "'institution'" in problem.message
    assert problem.location.line == 3 and "line 4" in problem.message


def test_swallowed_field_is_a_finding_of_a_lenient_load(tmp_path: Path) -> None:
    kb = kevidence.load(base(tmp_path, "swallowed.bib"), strict=False)
    assert "fine2020" in kb.sources
    findings = kb.audit(select=["KE016"]).findings
    assert [(f.rule, f.subject, f.location.line) for f in findings] == [("KE016", "hartmanis1965", 3)]
    assert "institution" in findings[0].message
    with pytest.raises(kevidence.EditError):  # not edited while it holds its neighbour
        kb.update_source("hartmanis1965", {"year": "1966"})


@pytest.mark.slow
def test_readme_commands_on_unreadable_blocks(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = base(tmp_path, "swallowed.bib")
    exe = str(Path(sys.executable).parent / "kevidence")
    strict = subprocess.run([exe, "audit", str(folder)], check=False, capture_output=True, text=True, timeout=120)
    assert strict.returncode == 2 and "Traceback" not in strict.stderr
    assert "references.bib:3" in strict.stderr and "hartmanis1965" in strict.stderr
    lenient = subprocess.run([exe, "audit", str(folder), "--lenient", "--select", "KE016"],
                             check=False, capture_output=True, text=True, timeout=120)
    assert lenient.returncode == 1 and "KE016" in lenient.stdout and "institution" in lenient.stdout
    shapes = base(tmp_path / "shapes", "shapes.bib")
    read = subprocess.run([exe, "audit", str(shapes), "--select", "KE016"], check=False, capture_output=True, text=True,
                          timeout=120)
    assert read.returncode == 0, read.stderr  # every shape read by a strict load


def test_readme_python_example_on_unreadable_blocks(tmp_path: Path) -> None:
    kb = kevidence.load(base(tmp_path, "swallowed.bib"), strict=False)
    assert [(p.location.line, "hartmanis1965" in p.message) for p in kb.load_problems] == [(3, True)]


@pytest.mark.parametrize("text, line", [
    ("@article{a=b, title = {x}}\n", 1),                      # '=' in a key bibtexparser cannot read
    ("@BOOK\n{two words, title = {x}}\n", 1),                 # a key with a space: BibTeX stops too
    ("\n@misc\n{unclosed, title = {x}\n", 2),                   # never closed
    ("@misc{k, title = {x}}\n@BOOK\n{k, title = {y}}\n", 2),    # a recovered duplicate key
    ("@ABNT-options{k, title = {x} year = 1}\n", 1),           # fields without a comma
])
def test_unreadable_blocks_are_reported_with_their_line(text: str, line: int) -> None:
    with pytest.raises(BibError) as info:
        parse_bib(text)
    assert line in [p.location.line for p in info.value.problems]
    assert parse_bib(text, strict=False).problems  # and a lenient parse reports them too


# --- generated entries in odd but valid shapes -------------------------------------------------

_TYPES = st.sampled_from(["article", "BOOK", "InProceedings", "misc", "ABNT-options", "COMMENTED", "commentary",
                          "Comments", "preambles", "stringent", "x_y", "online-v2", "tech.report", "a:b"])
_AROUND_TYPE = st.sampled_from(["", " ", "\n", "\t\n  ", "\r\n", "\n\n"])
_KEY_LEAD = st.sampled_from(["", " ", "\n  ", "\n    ", "\r\n\t"])
_KEY_TRAIL = st.sampled_from(["", " ", "\n    ", "\n"])
_EQUALS = st.sampled_from(["=", " = ", "  =\t"])
_TEXT = st.text(alphabet=st.sampled_from("abcXYZ019 .:;-()@\n"), max_size=20)


@dataclass(frozen=True)
class Made:
    """One generated entry: its text and what a reader must find in it."""

    text: str
    key: str
    entry_type: str
    fields: dict[str, str]
    swallowed: bool  # two fields joined by '.' instead of ','


@st.composite
def entries(draw: st.DrawFn, index: int) -> Made:
    entry_type = draw(_TYPES)
    paren = draw(st.booleans())
    opener, closer = ("(", ")") if paren else ("{", "}")
    key = f"k{index}" + draw(st.sampled_from(["", "-x", ":2020", "_a.b"]))
    names = draw(st.lists(st.sampled_from(["title", "author", "year", "note", "journal"]), unique=True, max_size=4))
    fields: dict[str, str] = {}
    parts = []
    for name in names:
        kind = draw(st.sampled_from(["brace", "quote", "number"]))
        if kind == "number":
            value = str(draw(st.integers(0, 3000)))
            written = value
        else:
            value = draw(_TEXT)
            if kind == "quote":
                value = value.replace(")", "") if paren else value  # a ')' ends a quoted value in BibTeX's parens
                written = f'"{value}"'
            else:
                written = "{" + value + "}"
        fields[name] = value
        equals = draw(_EQUALS)
        parts.append(f"{draw(_KEY_LEAD)}{name}{equals}{written}")
    swallowed = len(parts) >= 2 and draw(st.integers(0, 9)) == 0
    joints = [".\n  " if swallowed and i == 0 else "," for i in range(len(parts) - 1)]
    body = "".join(p + j for p, j in zip(parts, [*joints, ""]))
    trailing = draw(st.sampled_from(["", ",", ",\n", "\n"])) if parts else draw(st.sampled_from(["", "\n"]))
    at = "@" + draw(st.sampled_from(["", "", " "]))
    head = f"{at}{entry_type}{draw(_AROUND_TYPE)}{opener}{draw(_KEY_LEAD)}{key}{draw(_KEY_TRAIL)}"
    text = head + ("," + body + trailing if parts else "") + closer
    return Made(text, key, entry_type.lower(), fields, swallowed)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, list[Made], list[int]]:
    count = draw(st.integers(1, 6))
    made = [draw(entries(i)) for i in range(count)]
    gaps = [draw(st.sampled_from(["\n", "\n\n", "\n% a comment line\n", "\r\n", "\n  \n"])) for _ in made]
    text, lines = "", []
    for entry, gap in zip(made, gaps):
        text += gap
        lines.append(text.count("\n") + 1)
        text += entry.text
    return text + "\n", made, lines


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_no_generated_entry_is_dropped_in_silence(generated: tuple[str, list[Made], list[int]]) -> None:
    text, made, lines = generated
    parsed = parse_bib(text, strict=False)
    problem_lines = [p.location.line for p in parsed.problems]
    for index, (entry, line) in enumerate(zip(made, lines)):
        last = lines[index + 1] - 1 if index + 1 < len(lines) else text.count("\n") + 1
        reported = [n for n in problem_lines if n is not None and line <= n <= last]
        if entry.swallowed:
            assert any(f"'{entry.key}'" in p.message for p in parsed.problems), (entry.text, parsed.problems)
            continue
        source = parsed.sources.get(entry.key)
        if source is None:
            assert reported, f"entry {entry.key} at line {line} neither read nor reported:\n{entry.text}"
            continue
        assert source.entry_type == entry.entry_type
        assert dict(source.fields) == entry.fields, entry.text
        assert source.line == line
    # A strict parse fails exactly when the lenient one reports something.
    if parsed.problems:
        with pytest.raises(BibError):
            parse_bib(text)
    else:
        assert set(parse_bib(text).sources) == set(parsed.sources)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_generated_files_save_losslessly_after_an_edit(generated: tuple[str, list[Made], list[int]]) -> None:
    from kevidence.sources.writer import render_bib

    text, made, _ = generated
    parsed = parse_bib(text, strict=False)
    readable = [m for m in made if m.key in parsed.sources and m.key not in parsed.damaged]
    if not readable or parsed.spans is None:
        return
    target = readable[0]
    old = parsed.sources
    edited = old[target.key].model_copy(update={"fields": {**old[target.key].fields, "pages": "1--9"}})
    new = {**old, target.key: edited}
    result, _ = render_bib(text, parsed.spans, old, new, {})
    start = text.index(target.text)
    end = start + len(target.text)
    assert result.startswith(text[:start]) and result.endswith(text[end:])  # all else byte-identical
    again = parse_bib(result, strict=False)
    assert again.sources[target.key].fields == {**target.fields, "pages": "1--9"}


def test_lines_after_a_line_ending_in_a_backslash_are_right() -> None:
    # bibtexparser 2.1 does not count a newline after a backslash ("Contents \\" lines).
    text = ("@book{first,\n  contents = {One \\\\\n    Two \\\\\n    Three}\n}\n\n"
            "@book{second, title = {S}}\n\n@techreport{third,\n  title = \"T\".\n  institution = \"I\"\n}\n")
    parsed = parse_bib(text, strict=False)
    assert parsed.sources["second"].line == 7
    [problem] = parsed.problems
    assert "'third'" in problem.message and problem.location.line == 10 and "line 11" in problem.message


def test_add_source_takes_an_entry_in_any_shape(tmp_path: Path) -> None:
    folder = base(tmp_path, "shapes.bib")
    kb = kevidence.load(folder)
    added = kb.add_source("@BOOK\n{knuth1984,\n  title = {The {\\TeX}book},\n  year = 1984\n}")
    assert added.key == "knuth1984" and added.entry_type == "book"
    kb.save()
    assert kevidence.load(folder).sources["knuth1984"].fields["year"] == "1984"
