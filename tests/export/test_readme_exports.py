"""docs/exports.md: every command runs and does what the page says, every query shown is the
one kevidence.export.queries holds (and the tests check). (tests/test_readme.py runs every
example of the page and checks its shown output.)"""

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

PAGE = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def section() -> str:
    return PAGE.read_text(encoding="utf-8")


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
    for line in commands:  # a line may chain commands with && and end in a comment
        for command in line.split(" && "):
            done = run_kevidence(*shlex.split(command, comments=True)[1:], cwd=workspace)
            assert done.returncode == 0, (command, done.stderr)
    assert (workspace / "tables" / "edges.parquet").is_file()
    assert "new2022" in kevidence.load(workspace / "my-kb").sources
    assert (workspace / "kb.nq").read_text(encoding="utf-8").count("https://clinic.example.org/kb/claim/") > 40
    assert "<https://creativecommons.org/publicdomain/zero/1.0/>" in (workspace / "kb.trig").read_text(encoding="utf-8")
    assert "owl:Ontology" in (workspace / "kevidence.ttl").read_text(encoding="utf-8")


def test_queries_shown_are_the_ones_tested() -> None:
    shown = [block.strip() for block in blocks("sparql")]
    assert shown == [queries.about("condition", "chronic-neuropathic-pain"), queries.UNSOURCED,
                     queries.RESTING_ON_RETRACTED, queries.CONTRADICTED_BY_STRONGER, queries.RESTS_ON_ALL]
    assert [block.strip() for block in blocks("sql")] == [queries.RESTS_ON, *queries.AUDIT_SQL.values()]
    assert queries.rules_table() in section() and queries.audit_sql_blocks() in section()
