"""Hardened loaders: every malformed input ends quickly in a clear KevidenceError, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import BibError, ClaimsError, DataFileError, KevidenceError
from kevidence.claims.store import parse_claims
from kevidence.sources.bibtex import load_bib, parse_bib

GOOD_CLAIMS = '{"claims": []}'
GOOD_BIB = "@misc{a, title = {A}}\n"
# The example: valid BibTeX that bibtexparser 2.1 cuts short without a word.
LOST = '@article{lost,\n  subtitle = "{f{\\"u}r zeitgem{"a}{\\ss}}",\n  year = 2020,\n  month = jan,\n}\n'

BAD_BIB: dict[str, tuple[bytes, str]] = {
    "binary": (b"\x00\x01\x02garbage\xff\xfe", "not"),
    "latin1": ("@misc{a, title = {Caf\u00e9}}\n".encode("latin-1"), "Latin-1"),
    "unclosed": (b"@misc{a, title = {A}\n\n@misc{b, title={B}}\n", "could not be parsed"),
    "nested": (b"@misc{a, title = " + b"{" * 5000 + b"x\n", "could not be parsed"),
    "lost_fields": (LOST.encode(), "read only in part"),
    "duplicate": (b"@misc{a, t={1}}\n@misc{a, t={2}}\n", "duplicate key"),
}

BAD_CLAIMS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "not valid JSON"),
    "wrong_shape": (b"[1, 2, 3]", "$"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "claims"),
    "bad_key": (b'{"claims": [{"id": "a", "statement": "s", "kind": "x"}]}', "$.claims[0].kind"),
    "latin1": ('{"claims": [], "x": "\u00e9"}'.encode("latin-1"), "Latin-1"),
}


def write(tmp_path: Path, claims: bytes = GOOD_CLAIMS.encode(), bib: bytes = GOOD_BIB.encode()) -> Path:
    (tmp_path / "claims.json").write_bytes(claims)
    (tmp_path / "references.bib").write_bytes(bib)
    return tmp_path


@pytest.mark.parametrize("name", sorted(BAD_BIB))
def test_bad_bib_is_a_clear_error(tmp_path: Path, name: str) -> None:
    data, fragment = BAD_BIB[name]
    with pytest.raises(KevidenceError) as info:
        kevidence.load(write(tmp_path, bib=data))
    assert fragment in str(info.value)
    assert info.value.location is not None and info.value.location.file.endswith("references.bib")
    assert info.value.location.line is not None


@pytest.mark.parametrize("name", sorted(BAD_CLAIMS))
def test_bad_claims_is_a_clear_error(tmp_path: Path, name: str) -> None:
    data, fragment = BAD_CLAIMS[name]
    with pytest.raises(KevidenceError) as info:
        kevidence.load(write(tmp_path, claims=data))
    assert fragment in str(info.value)
    assert info.value.location is not None and info.value.location.file.endswith("claims.json")


def test_strict_lists_every_failed_block_with_its_line() -> None:
    text = "@misc{a, t={1}\n\n@misc{b, t={2}}\n@misc{c t={3}}\n" + LOST
    with pytest.raises(BibError) as info:
        parse_bib(text)
    lines = sorted(p.location.line for p in info.value.problems)
    assert lines == [1, 4, 5]


def test_lenient_reports_problems_and_keeps_good_entries(tmp_path: Path) -> None:
    kb = kevidence.load(write(tmp_path, bib=(GOOD_BIB + LOST).encode()), strict=False)
    assert "a" in kb.sources
    [problem] = kb.load_problems
    assert "lost" in problem.message and "year, month" in problem.message
    assert problem.location.line == 2
    assert "subtitle" in (problem.hint or "")
    with pytest.raises(kevidence.EditError, match="read only in part"):
        kb.update_source("lost", {"note": "x"})


def test_bom_and_empty_bib_are_accepted_and_kept(tmp_path: Path) -> None:
    bib = b"\xef\xbb\xbf" + GOOD_BIB.encode()
    folder = write(tmp_path, bib=bib)
    kb = kevidence.load(folder)
    kb.update_source("a", {"note": "n"})
    kb.save()
    assert (folder / "references.bib").read_bytes().startswith(b"\xef\xbb\xbf@misc{a,")
    assert load_bib(write(tmp_path, bib=b"") / "references.bib").sources == {}


def test_ten_megabyte_field_loads(tmp_path: Path) -> None:
    big = "x" * 10_000_000
    folder = write(tmp_path, bib=f"@misc{{big, note = {{{big}}}}}\n".encode())
    assert kevidence.load(folder).sources["big"].fields["note"] == big


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_bib_parser_raises_only_kevidence_errors_on_text(text: str) -> None:
    try:
        parse_bib(text, strict=True)
    except BibError:
        pass
    lenient = parse_bib(text, strict=False)
    assert all(p.location.line is not None for p in lenient.problems)


_bibish = st.text(alphabet='@{}()",=#% \n\\abkxy0', max_size=200)


@settings(max_examples=200, deadline=None)
@given(_bibish)
def test_bib_parser_on_bibtex_like_noise(text: str) -> None:
    try:
        parse_bib(text)
    except BibError as exc:
        assert exc.problems
    parse_bib(text, strict=False)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.text(alphabet='{}[]":,0123 \ntruefalsn', max_size=200)))
def test_claims_parser_raises_only_claims_errors(text: str) -> None:
    try:
        parse_claims(text)
    except ClaimsError as exc:
        assert exc.problems


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_loaders_on_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for claims, bib in ((data, GOOD_BIB.encode()), (GOOD_CLAIMS.encode(), data)):
        try:
            kevidence.load(write(folder, claims=claims, bib=bib), strict=False)
        except (DataFileError, ClaimsError, BibError):
            pass


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kevidence", *args], capture_output=True, text=True, timeout=120,
                          cwd=Path(kevidence.__file__).parent.parent)


@pytest.mark.parametrize("kind, name", [("bib", n) for n in sorted(BAD_BIB)] + [("claims", n) for n in sorted(BAD_CLAIMS)])
def test_cli_reports_bad_input_without_traceback(tmp_path: Path, kind: str, name: str) -> None:
    data = (BAD_BIB if kind == "bib" else BAD_CLAIMS)[name][0]
    folder = write(tmp_path, **{kind: data})
    result = run_cli("audit", str(folder))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert ("references.bib" if kind == "bib" else "claims.json") in result.stderr


def test_cli_missing_folder_and_unreadable_file(tmp_path: Path) -> None:
    result = run_cli("audit", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "nowhere" in result.stderr
    folder = write(tmp_path)
    (folder / "references.bib").unlink()
    (folder / "references.bib").mkdir()
    result = run_cli("audit", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "references.bib" in result.stderr


def test_generated_knowledge_bases_survive_save_and_load(tmp_path_factory: pytest.TempPathFactory) -> None:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), unique=True, max_size=5),
           st.lists(st.from_regex(r"[a-z]{1,6}[0-9]{4}", fullmatch=True), unique=True, max_size=4),
           st.text(alphabet="abc éü{}\\'-", max_size=10).filter(lambda v: v.count("{") == v.count("}")))
    def check(ids: list[str], keys: list[str], note: str) -> None:
        folder = write(tmp_path_factory.mktemp("kb"))
        kb = kevidence.load(folder)
        for key in keys:
            try:
                kb.add_source(key=key, entry_type="article", fields={"title": key.upper(), "note": note})
            except kevidence.EditError:
                return
        for i, claim_id in enumerate(ids):
            kb.add_claim({"id": claim_id, "statement": f"claim {note}", "kind": "background"})
            if keys:
                kb.link(claim_id, keys[i % len(keys)], locator=note or None)
        kb.save()
        again = kevidence.load(folder)
        assert dict(again.claims) == dict(kb.claims)
        assert {k: dict(s.fields) for k, s in again.sources.items()} == {k: dict(s.fields) for k, s in kb.sources.items()}

    check()
