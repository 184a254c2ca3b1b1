"""The README's export section: every command runs, every Python block runs, every query shown
is the one kevidence.export.queries holds (and the tests check)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

import kevidence
from kevidence.export import queries
from tests.export.conftest import run_kevidence

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Exports: other programs")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), flags=re.DOTALL)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with my-kb (a copy of the bundled data), a Zotero export and a retraction list."""
    shutil.copytree(kevidence.bundled_data_dir(), tmp_path / "my-kb")
    (tmp_path / "zotero.json").write_text(json.dumps([
        {"id": "new2022", "type": "webpage", "title": "Ketamine infusions", "URL": "https://example.org/ketamine"},
        {"id": "dup", "type": "article-journal", "DOI": "10.1213/ANE.0000000000004185"},
    ]), encoding="utf-8")
    (tmp_path / "rw.csv").write_text("Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n"
                                     "1,10.1016/j.pmn.2017.05.006,,Retraction\n", encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_every_command_shown_runs(workspace: Path) -> None:
    commands = [line for block in blocks("sh") for line in block.splitlines() if line.startswith("kevidence ")]
    assert len(commands) >= 9
    for command in commands:
        done = run_kevidence(*shlex.split(command)[1:], cwd=workspace)
        assert done.returncode == 0, (command, done.stderr)
    assert (workspace / "tables" / "edges.parquet").is_file()
    assert "new2022" in kevidence.load(workspace / "my-kb").sources
    assert (workspace / "kb.nq").read_text(encoding="utf-8").count("https://clinic.example.org/kb/claim/") > 40


def test_every_python_block_runs(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    namespace: dict[str, object] = {}
    for code in blocks("python"):
        exec(compile(code, str(README), "exec"), namespace)  # noqa: S102  (the README's own examples)
    result = namespace["result"]
    assert result.added == ["new2022"]  # type: ignore[attr-defined]
    assert [s.reason for s in result.skipped] == ["same DOI as 'orhurhu2019'"]  # type: ignore[attr-defined]
    assert (workspace / "tables" / "claims.parquet").is_file()


def test_queries_shown_are_the_ones_tested() -> None:
    shown = [block.strip() for block in blocks("sparql")]
    assert shown == [queries.UNSOURCED, queries.RESTING_ON_RETRACTED, queries.CONTRADICTED_BY_STRONGER,
                     queries.RESTS_ON_ALL]
    assert [block.strip() for block in blocks("sql")] == [queries.RESTS_ON_SQL]
