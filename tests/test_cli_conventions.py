"""The command line's output conventions, through the real executable: ``-o -`` (or no ``-o``)
is standard output, the format comes from ``-o``'s extension, ``audit`` and ``article check``
write files, and ``import`` reads its format from the file and can dry-run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence
from kevidence.cli.export import EXPORT_SUFFIXES

REFMGR = Path(__file__).parent / "export" / "fixtures" / "refmgr"
ARTICLE = Path("articles") / "ketamine-infusions-article.txt"
CLAIM = "ketamine-longer-infusions-longer-relief"
TEXT_FORMATS = ["csl-json", "ris", "bibtex", "json", "graphml", "gexf", "mermaid", "dot",
                "nquads", "trig", "turtle", "jsonld", "ontology"]
# The RDF's nanopublications state when they were made: a fixed time, so that two runs compare.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}


def run(*args: str | Path, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kevidence", *map(str, args)], cwd=cwd, capture_output=True,
                          check=False, timeout=300, input=None if stdin is None else stdin.encode("utf-8"), env=ENV)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


def test_every_text_export_format_goes_to_stdout_with_dash(base: Path, tmp_path: Path) -> None:
    for fmt in TEXT_FORMATS:
        plain = run("export", base, "--format", fmt, cwd=tmp_path)
        dash = run("export", base, "-f", fmt, "-o", "-", cwd=tmp_path)
        assert plain.returncode == dash.returncode == 0, (fmt, dash.stderr)
        assert plain.stdout and dash.stdout == plain.stdout, fmt
        assert not (tmp_path / "-").exists()


def test_parquet_to_stdout_is_refused(base: Path, tmp_path: Path) -> None:
    done = run("export", base, "--format", "parquet", "-o", "-", cwd=tmp_path)
    assert done.returncode == 2
    message = done.stderr.decode()
    assert "parquet cannot be written to standard output" in message and "-o FOLDER" in message
    assert "Traceback" not in message and not (tmp_path / "-").exists()


@pytest.mark.parametrize("suffix", sorted(EXPORT_SUFFIXES))
def test_export_format_from_the_extension(base: Path, tmp_path: Path, suffix: str) -> None:
    fmt = EXPORT_SUFFIXES[suffix]
    out = tmp_path / f"out{suffix}"
    done = run("export", base, "-o", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = run("export", base, "--format", fmt, cwd=tmp_path).stdout
    assert out.read_bytes() == expected


def test_explicit_format_wins_over_the_extension(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    done = run("export", base, "--format", "mermaid", "-o", out, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == b""
    assert out.read_text(encoding="utf-8").startswith("flowchart")


def test_json_extension_is_ambiguous(base: Path, tmp_path: Path) -> None:
    done = run("export", base, "-o", tmp_path / "out.json", cwd=tmp_path)
    assert done.returncode == 2
    message = done.stderr.decode()
    assert "--format csl-json or --format json" in message and "out.json" in message
    assert not (tmp_path / "out.json").exists()
    done = run("export", base, "-o", tmp_path / "out.xyz", cwd=tmp_path)
    assert done.returncode == 2 and ".xyz" in done.stderr.decode() and "--format" in done.stderr.decode()


def test_export_without_format_or_output_says_what_to_pass(base: Path, tmp_path: Path) -> None:
    done = run("export", base, cwd=tmp_path)
    assert done.returncode == 2 and b"--format FORMAT" in done.stderr and b"Traceback" not in done.stderr
    for spelling in (b"NoneType", b"None", b"PosixPath"):
        assert spelling not in done.stderr


def test_an_unknown_format_is_named_with_the_formats_and_no_placeholder(base: Path, tmp_path: Path) -> None:
    done = run("export", base, "-f", "skos", cwd=tmp_path)
    message = done.stderr.decode()
    assert done.returncode == 2 and "no format 'skos'" in message and "turtle" in message, message
    assert "<input>" not in message and "Traceback" not in message


def test_report_to_stdout(base: Path, tmp_path: Path) -> None:
    file = tmp_path / "report.html"
    written = run("report", base, "-o", file, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    dash = run("report", base, "-o", "-", cwd=tmp_path)
    assert dash.returncode == 0, dash.stderr
    assert dash.stdout == file.read_bytes()
    assert b"wrote standard output" in dash.stderr and not (tmp_path / "-").exists()


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "text"])
def test_audit_dash_is_stdout(base: Path, tmp_path: Path, fmt: str) -> None:
    plain = run("audit", base, "--format", fmt, cwd=tmp_path)
    dash = run("audit", base, "--format", fmt, "-o", "-", cwd=tmp_path)
    assert plain.returncode == dash.returncode == 1  # the bundled data has an error finding
    assert plain.stdout and dash.stdout == plain.stdout and not (tmp_path / "-").exists()


@pytest.mark.parametrize(("suffix", "fmt"), [(".sarif", "sarif"), (".json", "json"), (".md", "markdown"),
                                             (".txt", "text")])
def test_audit_writes_a_file_keeping_the_exit_code(base: Path, tmp_path: Path, suffix: str, fmt: str) -> None:
    out = tmp_path / f"findings{suffix}"
    done = run("audit", base, "-o", out, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout == b""
    assert out.read_bytes() == run("audit", base, "--format", fmt, cwd=tmp_path).stdout
    if fmt in ("json", "sarif"):
        json.loads(out.read_text(encoding="utf-8"))


def test_audit_output_is_careful(base: Path, tmp_path: Path) -> None:
    done = run("audit", base, "-o", base / "claims.json", cwd=tmp_path)
    assert done.returncode == 2 and b"base's own data file" in done.stderr
    locked = tmp_path / "locked.json"
    locked.write_text("keep", encoding="utf-8")
    locked.chmod(0o444)
    try:
        done = run("audit", base, "-o", locked, cwd=tmp_path)
        assert done.returncode == 2 and b"--force" in done.stderr
        assert locked.read_text(encoding="utf-8") == "keep"
        done = run("audit", base, "-o", locked, "--force", cwd=tmp_path)
        assert done.returncode == 1 and json.loads(locked.read_text(encoding="utf-8"))
    finally:
        locked.chmod(0o644)


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_article_check_dash_and_file(base: Path, tmp_path: Path, fmt: str) -> None:
    article = base / ARTICLE
    plain = run("article", "check", article, base, "--format", fmt, cwd=tmp_path)
    dash = run("article", "check", article, base, "--format", fmt, "-o", "-", cwd=tmp_path)
    assert plain.returncode == dash.returncode == 1
    assert plain.stdout and dash.stdout == plain.stdout
    out = tmp_path / f"check.{ {'text': 'txt'}.get(fmt, fmt) }"
    written = run("article", "check", article, base, "-o", out, cwd=tmp_path)
    assert written.returncode == 1 and written.stdout == b""
    assert out.read_bytes() == plain.stdout


def test_import_dry_run_writes_nothing(base: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in base.iterdir() if p.is_file()}
    done = run("import", base, REFMGR / "zotero.json", "--dry-run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert lines and lines[-1].endswith("(dry run: nothing written)")
    added = [line.split()[-1] for line in lines if line.startswith("would add ")]
    assert added
    assert {p.name: p.read_bytes() for p in base.iterdir() if p.is_file()} == before
    real = run("import", base, REFMGR / "zotero.json", cwd=tmp_path)
    assert real.returncode == 0, real.stderr
    assert [line.split()[-1] for line in real.stdout.decode().splitlines() if line.startswith("added ")] == added


@pytest.mark.parametrize("name", ["zotero.json", "zotero.ris", "endnote.ris", "jabref.ris", "mendeley.ris"])
def test_import_reads_the_format_from_the_file(base: Path, tmp_path: Path, name: str) -> None:
    fmt = "csl-json" if name.endswith(".json") else "ris"
    sniffed = tmp_path / "sniffed"
    shutil.copytree(base, sniffed)
    done = run("import", sniffed, REFMGR / name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    told = run("import", base, "--format", fmt, REFMGR / name, cwd=tmp_path)
    assert told.returncode == 0, told.stderr
    assert done.stdout == told.stdout and b" added" in done.stdout
    assert (sniffed / "references.bib").read_bytes() == (base / "references.bib").read_bytes()


def test_import_with_claims_and_bib_and_a_bom(base: Path, tmp_path: Path) -> None:
    text = "\ufeff" + (REFMGR / "zotero.ris").read_text(encoding="utf-8-sig")
    done = run("import", "--claims", base / "claims.json", "--bib", base / "references.bib", "-", cwd=tmp_path,
               stdin=text)
    assert done.returncode == 0, done.stderr
    assert len(kevidence.load(base).sources) > len(kevidence.load().sources)


def test_import_names_what_it_saw(base: Path, tmp_path: Path) -> None:
    before = (base / "references.bib").read_bytes()
    odd = tmp_path / "refs.txt"
    odd.write_text("@article{x, title={A}}\n", encoding="utf-8")
    done = run("import", base, odd, cwd=tmp_path)
    assert done.returncode == 2
    message = done.stderr.decode()
    assert 'refs.txt: it starts with "@article{x, title={A}}"' in message
    assert "--format csl-json or --format ris" in message and "Traceback" not in message
    assert (base / "references.bib").read_bytes() == before


def test_output_in_a_missing_folder_is_named(base: Path, tmp_path: Path) -> None:
    for command in (["audit", base], ["export", base, "-f", "turtle"]):
        done = run(*command, "-o", tmp_path / "nowhere" / "out.txt", cwd=tmp_path)
        assert done.returncode == 2
        message = done.stderr.decode()
        assert "missing folder" in message and "nowhere" in message and ".tmp" not in message


def test_article_draft_dash_is_stdout(base: Path, tmp_path: Path) -> None:
    article = base / ARTICLE
    plain = run("article", "draft", article, base, "--document", "lpc-ketamine-infusions", cwd=tmp_path)
    dash = run("article", "draft", article, base, "--document", "lpc-ketamine-infusions", "-o", "-", cwd=tmp_path)
    assert plain.returncode == dash.returncode == 0, dash.stderr
    assert json.loads(dash.stdout) == json.loads(plain.stdout) and not (tmp_path / "-").exists()
