"""Parquet export: tables DuckDB reads; the recursive SQL of docs/exports.md equals kevidence.graph.support.
(tests/export/test_parquet_sql.py checks the audit's rules in SQL, and Spark.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kevidence
from kevidence.audit import parse_retractions
from kevidence.export import ExportError, export
from kevidence.export.queries import RESTS_ON, RESTS_ON_SQL, TABLES
from kevidence.graph.support import SupportIndex
from tests.export.conftest import run_kevidence, tangled_base

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")


def rests_on(connection: object, folder: Path, claim_id: str) -> set[str]:
    """The documented query, over one view a table of ``folder``."""
    for name in TABLES:
        connection.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM '{folder}/{name}.parquet'")  # type: ignore[attr-defined]
    rows = connection.execute(RESTS_ON, [claim_id]).fetchall()  # type: ignore[attr-defined]
    return {row[0] for row in rows}


def test_earlier_query_reading_the_files_still_answers(tmp_path: Path) -> None:
    export(tangled_base(), "parquet", tmp_path / "t")
    rows = duckdb.connect().execute(RESTS_ON_SQL.format(folder=tmp_path / "t"), {"claim": "a"}).fetchall()
    assert rows == [("ghost",), ("loop1",), ("loop2",), ("review",), ("trial",)]  # b, drawn from, cites ghost
    assert rests_on(duckdb.connect(), tmp_path / "t", "a") == {row[0] for row in rows}


def test_recursive_sql_equals_kevidence_support(generated_bases: list[Path], tmp_path: Path) -> None:
    connection = duckdb.connect()
    for number, kb in enumerate([kevidence.load(), tangled_base(), *(kevidence.load(f) for f in generated_bases)]):
        folder = tmp_path / f"tables{number}"
        export(kb, "parquet", folder)
        index = SupportIndex(kb.claims, kb.sources)
        expected = {c: set(index.support(c).sources) | set(index.support(c).missing) for c in kb.claims}
        # Every claim of the small bases; on generated ones the 60 resting on most, and 20 with nothing.
        chosen = sorted(kb.claims, key=lambda c: -len(expected[c]))
        chosen = chosen if number < 2 else chosen[:60] + chosen[-20:]
        for claim_id in chosen:
            assert rests_on(connection, folder, claim_id) == expected[claim_id], claim_id
        assert any(expected[c] for c in chosen)


def test_tables_hold_the_base(data_copy: Path, tmp_path: Path) -> None:
    kb = kevidence.load(data_copy)
    csv = b"Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n1,,31082965,Retraction\n"
    export(kb, "parquet", tmp_path / "t", retractions=parse_retractions(csv, "rw.csv"))
    connection = duckdb.connect()
    def table(name: str) -> str:
        return f"read_parquet('{tmp_path / 't' / name}.parquet')"
    assert connection.execute(f"SELECT count(*) FROM {table('claims')}").fetchone()[0] == len(kb.claims)
    assert connection.execute(f"SELECT key FROM {table('sources')} WHERE retracted").fetchall() == [("orhurhu2019",)]
    assert connection.execute(f"SELECT title, level FROM {table('sources')} WHERE key = 'allen2017'").fetchone() == (
        "Ketamine for Pain Management\u2014Side Effects & Potential Adverse Events", None)
    citations = sum(len(c.citations) for c in kb.claims.values())
    assert connection.execute(f"SELECT count(*) FROM {table('edges')} WHERE relation = 'cites'").fetchone()[0] == citations


def test_missing_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError, match=r"kevidence\[parquet\]"):
        export(kevidence.load(), "parquet", tmp_path / "t")
    assert not (tmp_path / "t").exists()


def test_parquet_needs_a_folder() -> None:
    with pytest.raises(ExportError, match="needs a folder"):
        export(kevidence.load(), "parquet")


def test_command_writes_the_tables(data_copy: Path, tmp_path: Path) -> None:
    done = run_kevidence("export", str(data_copy), "--format", "parquet", "-o", str(tmp_path / "tables"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(f"{name}.parquet" for name in TABLES)
    connection = duckdb.connect()
    assert rests_on(connection, tmp_path / "tables", "ketamine-beneficial-when-other-drugs-failed") == {"allen2017", "maher2017"}
