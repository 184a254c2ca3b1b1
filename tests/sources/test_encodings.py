"""BibTeX files that are not UTF-8: named by encoding=, --encoding or JabRef's header, read,
and written back in their own encoding; UTF-16 and UTF-32 recognised and named."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import DataFileError, EditError, KevidenceError
from kevidence.text.encoding import unicode_family

FIXTURES = Path(__file__).parent / "fixtures"
KEVIDENCE = str(Path(sys.executable).parent / "kevidence")


def base(tmp_path: Path, fixture: str | None = None, data: bytes | None = None) -> Path:
    """A folder with an empty claims file and the given .bib (a fixture's bytes, or ``data``)."""
    folder = tmp_path / "kb"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.json").write_text('{"claims": []}', encoding="utf-8")
    if fixture is not None:
        shutil.copy(FIXTURES / fixture, folder / "references.bib")
    else:
        (folder / "references.bib").write_bytes(data or b"")
    return folder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KEVIDENCE, *args], check=False, capture_output=True, text=True, timeout=120)


def test_latin1_without_encoding_names_the_option_and_the_header(tmp_path: Path) -> None:
    folder = base(tmp_path, "latin1.bib")
    with pytest.raises(DataFileError) as info:
        kevidence.load(folder)
    problem = info.value.problems[0]
    assert problem.location.file is not None and problem.location.file.endswith("references.bib")
    assert problem.location.line == 5  # the first byte that is not UTF-8: "Müller"
    assert "encoding='latin-1'" in (problem.hint or "")
    assert "--encoding latin-1" in (problem.hint or "")
    assert "% Encoding: latin-1" in (problem.hint or "")


def test_latin1_with_encoding_reads_every_entry(tmp_path: Path) -> None:
    kb = kevidence.load(base(tmp_path, "latin1.bib"), encoding="latin-1")
    assert kb.sources["mueller2019"].fields["author"] == "Müller, Jürgen and Größ, Änne"
    assert kb.sources["mueller2019"].journal == "Der Schmerz"
    assert kb.sources["weiss2001"].fields["address"] == "Zürich"


def test_jabref_header_names_the_encoding(tmp_path: Path) -> None:
    kb = kevidence.load(base(tmp_path, "cp1251.bib"))
    assert kb.sources["ivanov2015"].fields["author"] == "Иванов, Пётр"
    assert kb.sources["petrova2010"].title == "Боль"


def test_explicit_encoding_wins_over_the_header(tmp_path: Path) -> None:
    folder = base(tmp_path, "cp1251.bib")
    kb = kevidence.load(folder, encoding="latin-1")  # wrong, but asked for: bytes read as Latin-1
    assert kb.sources["petrova2010"].title == (FIXTURES / "cp1251.bib").read_bytes().decode("latin-1").split(
        "Title = {")[2].split("}")[0]


def test_unknown_header_encoding_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = base(tmp_path, data=b"% Created by hand\n% Encoding: Klingon-8\n@misc{a, title={A}}\n")
    with pytest.raises(DataFileError) as info:
        kevidence.load(folder)
    assert info.value.problems[0].location.line == 2
    assert "Klingon-8" in info.value.problems[0].message


def test_unknown_encoding_argument_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="unknown encoding 'base64'"):
        kevidence.load(base(tmp_path, "latin1.bib"), encoding="base64")


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    folder = base(tmp_path, data="@misc{a,\n  title = {\u00c4}}\n".encode("latin-1"))
    with pytest.raises(DataFileError) as info:
        kevidence.load(folder, encoding="ascii")
    assert info.value.problems[0].location.line == 2


@pytest.mark.parametrize("codec, name", [
    ("utf-16-le", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"), ("utf-32-be", "UTF-32 (big-endian)"),
])
@pytest.mark.parametrize("with_bom", [True, False])
def test_utf16_and_utf32_are_named_and_read_when_given(tmp_path: Path, codec: str, name: str, with_bom: bool) -> None:
    text = "@misc{a,\n  title = {Schmerz \u00e4 \u0431\u043e\u043b\u044c}\n}\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    data = (bom if with_bom else b"") + text.encode(codec)
    folder = base(tmp_path, data=data)
    with pytest.raises(DataFileError) as info:
        kevidence.load(folder)
    assert f"the file is {name}" in info.value.problems[0].message
    assert "NUL" not in str(info.value)
    family = codec[:6]  # "utf-16": the byte order is found from the mark or the bytes
    assert f"encoding='{family}'" in (info.value.problems[0].hint or "")
    kb = kevidence.load(folder, encoding=family)
    assert kb.sources["a"].title == "Schmerz \u00e4 \u0431\u043e\u043b\u044c"
    kb.update_source("a", {"year": "2020"})
    kb.save()
    saved = (folder / "references.bib").read_bytes()
    assert saved.startswith(bom) == with_bom
    assert (saved[len(bom):] if with_bom else saved).decode(codec) == text.replace("\n}", ",\n  year = {2020}\n}")


def test_edit_and_save_keeps_the_encoding_and_unchanged_blocks(tmp_path: Path) -> None:
    folder = base(tmp_path, "latin1.bib")
    before = (folder / "references.bib").read_bytes()
    kb = kevidence.load(folder, encoding="latin-1")
    kb.update_source("weiss2001", {"note": "Zweite Auflage, \u00fcberarbeitet"})
    kb.save()
    after = (folder / "references.bib").read_bytes()
    cut = before.index(b"@book{weiss2001")
    assert after[:cut] == before[:cut]  # the comment, @string and first entry: byte-identical
    assert after.decode("latin-1").endswith("  year = {2001},\n  note = {Zweite Auflage, \u00fcberarbeitet}\n}\n")
    with pytest.raises(UnicodeDecodeError):
        after.decode("utf-8")  # still Latin-1, not re-encoded
    again = kevidence.load(folder, encoding="latin-1")  # and a second edit after the first save
    again.update_source("mueller2019", {"year": "2020"})
    again.save()
    assert kevidence.load(folder, encoding="latin-1").sources["weiss2001"].fields["note"].startswith("Zweite")


def test_cp1251_with_crlf_round_trips(tmp_path: Path) -> None:
    folder = base(tmp_path, "cp1251.bib")
    before = (folder / "references.bib").read_bytes()
    kb = kevidence.load(folder)
    kb.update_source("ivanov2015", {"Year": "2016"})
    kb.save()
    after = (folder / "references.bib").read_bytes()
    assert after == before.replace(b"Year = {2015}", b"Year = {2016}")


def test_character_the_encoding_cannot_hold_is_an_edit_error_naming_the_entry(tmp_path: Path) -> None:
    folder = base(tmp_path, "latin1.bib")
    before = (folder / "references.bib").read_bytes()
    kb = kevidence.load(folder, encoding="latin-1")
    kb.update_source("weiss2001", {"note": "\u0431\u043e\u043b\u044c"})
    with pytest.raises(EditError) as info:
        kb.save()
    problem = info.value.problems[0]
    assert "'weiss2001'" in problem.message and "U+0431" in problem.message
    assert problem.location.line == 17  # the new note line
    assert (folder / "references.bib").read_bytes() == before  # nothing written


@pytest.mark.slow
def test_cli_encoding_option_on_every_loading_command(tmp_path: Path) -> None:
    """The README's commands, run with the installed executable."""
    folder = base(tmp_path, "latin1.bib")
    failed = run("audit", str(folder))
    assert failed.returncode == 2 and "--encoding latin-1" in failed.stderr and "Traceback" not in failed.stderr
    audited = run("audit", str(folder), "--encoding", "latin-1")
    assert audited.returncode in (0, 1) and "mueller2019" in audited.stdout  # KE003: cited by no claim
    cyrillic = base(tmp_path / "ru", "cp1251.bib")
    queried = run("query", str(cyrillic), "--encoding", "cp1251", "--condition", "crps")
    assert queried.returncode == 0 and "No claims match." in queried.stdout
    assert run("query", str(folder), "--encoding", "latin-1", "--condition", "crps").returncode == 0
    entry = tmp_path / "entry.bib"
    entry.write_text("@misc{new2024, title = {Neu \u00fcber}}\n", encoding="utf-8")
    added = run("add-source", str(folder), str(entry), "--encoding", "latin-1")
    assert added.returncode == 0, added.stderr
    text = (folder / "references.bib").read_bytes().decode("latin-1")
    assert "Gr\u00f6\u00df" in text and "Neu \u00fcber" in text


def test_readme_python_example(tmp_path: Path) -> None:
    folder = base(tmp_path, "latin1.bib")
    kb = kevidence.load(folder, encoding="latin-1")
    kb.update_source("weiss2001", {"address": "M\u00fcnchen"})
    kb.save()
    assert kb.bib_path is not None
    assert "address = {M\u00fcnchen}" in kb.bib_path.read_bytes().decode("latin-1")


def test_unicode_family_is_not_fooled_by_binary_noise() -> None:
    assert unicode_family(b"\x00\x01\x02garbage\xff\xfe") is None
    assert unicode_family("@misc{a}".encode("utf-16-be")) == ("utf-16-be", False)


_PREFIXES = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                             b"% Encoding: latin-1\n", b"% Encoding: utf-16\n", b"% Encoding: nope\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PREFIXES, st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-16-le")),
       st.sampled_from([None, "latin-1", "utf-16", "utf-32", "cp1251", "ascii"]))
def test_any_bytes_load_or_raise_a_kevidence_error(tmp_path: Path, prefix: bytes, body: bytes, encoding: str | None) -> None:
    folder = base(tmp_path, data=prefix + body)
    try:
        kevidence.load(folder, strict=False, encoding=encoding)
        kevidence.load(folder, encoding=encoding)
    except KevidenceError as error:
        assert error.problems and error.problems[0].location.file is not None
