"""The audit in SQL: each query of kevidence.export.queries.AUDIT_SQL, run over the Parquet
tables, counts what ``kevidence audit`` reports for its rule (DuckDB; Spark in local mode where
pyspark and Java are installed), suppressions and the config's selection applied."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kevidence
from kevidence.audit import parse_retractions
from kevidence.audit.registry import iter_rules
from kevidence.audit.retractions import Retractions
from kevidence.export import export
from kevidence.export.queries import AUDIT_SQL, NOT_IN_SQL, RESTS_ON, TABLES
from kevidence.graph.support import SupportIndex
from tests.export.conftest import tangled_base

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")


def retraction_list(kb: kevidence.KnowledgeBase, count: int) -> Retractions:
    """A Retraction Watch list naming ``count`` of the base's sources by DOI, one in five a
    reinstatement (which the audit does not report) and one in five an expression of concern."""
    natures = ("Retraction", "Retraction", "Expression of concern", "Retraction", "Reinstatement")
    with_doi = [s for s in kb.sources.values() if s.doi][:count]
    rows = "".join(f"{i},{s.doi},,{natures[i % 5]}\n" for i, s in enumerate(with_doi))
    csv = "Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n" + rows
    return parse_retractions(csv.encode(), "rw.csv")


def audit_counts(kb: kevidence.KnowledgeBase, retractions: Retractions | None = None) -> Counter[str]:
    """Findings per rule of the audit as ``kevidence audit`` runs it (the base's config)."""
    config = kb.audit_config()
    settings = config.settings()
    if retractions is not None:
        settings["retractions"] = retractions
    report = kb.audit(select=list(config.select) if config.select is not None else None,
                      ignore=list(config.ignore), settings=settings)
    return Counter(f.rule for f in report.findings)


def duckdb_views(folder: Path) -> Any:
    """A DuckDB connection with one view a table, made as docs/exports.md shows."""
    connection = duckdb.connect()
    for name in TABLES:
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM '{folder}/{name}.parquet'")
    return connection


def sql_counts(connection: Any) -> dict[str, int]:
    return {code: len(connection.execute(query).fetchall()) for code, query in AUDIT_SQL.items()}


@pytest.fixture(scope="session")
def varied_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated base with every shape the reproduced rules look for."""
    from bench.generate import generate

    return generate(tmp_path_factory.mktemp("varied"), sources=300, claims=1200, seed=4, varied=True).folder


def bases(varied_base: Path) -> Iterator[tuple[str, kevidence.KnowledgeBase, Retractions | None]]:
    yield "bundled", kevidence.load(), None
    yield "tangled", tangled_base(), None
    kb = kevidence.load(varied_base)
    yield "varied", kb, retraction_list(kb, 25)


def test_every_rule_is_in_sql_or_says_why_not() -> None:
    codes = {r.code for r in iter_rules()}
    assert set(AUDIT_SQL) | set(NOT_IN_SQL) == codes
    assert not set(AUDIT_SQL) & set(NOT_IN_SQL)
    assert len(AUDIT_SQL) >= 12


def test_each_query_counts_what_the_audit_reports(varied_base: Path, tmp_path: Path) -> None:
    for name, kb, retractions in bases(varied_base):
        folder = tmp_path / name
        export(kb, "parquet", folder, retractions=retractions)
        expected = audit_counts(kb, retractions)
        found = sql_counts(duckdb_views(folder))
        assert found == {code: expected[code] for code in AUDIT_SQL}, name
        if name == "varied":  # equal counts mean something only where there is something to count
            assert all(found.values()), found


def test_the_queries_apply_the_suppressions(varied_base: Path, tmp_path: Path) -> None:
    kb = kevidence.load(varied_base)
    retractions = retraction_list(kb, 25)
    export(kb, "parquet", tmp_path / "t", retractions=retractions)
    connection = duckdb_views(tmp_path / "t")
    suppressed = sql_counts(connection)
    connection.execute("CREATE OR REPLACE VIEW suppressions AS "
                       f"SELECT * FROM '{tmp_path / 't'}/suppressions.parquet' WHERE false")
    everything = sql_counts(connection)
    grew = {code for code in AUDIT_SQL if everything[code] > suppressed[code]}
    # The generator suppresses unsourced-claim and, in a varied base, several other rules.
    assert "KE001" in grew and len(grew) >= 3, grew
    assert all(everything[code] >= suppressed[code] for code in AUDIT_SQL)
    rows = connection.execute(f"SELECT claim, rule, code FROM '{tmp_path / 't'}/suppressions.parquet'").fetchall()
    assert len(rows) == sum(len(c.suppressions) for c in kb.claims.values())
    assert ("no-such-rule", None) in {(rule, code) for _, rule, code in rows}  # a typo keeps its row, no code


def test_the_config_selects_rules_and_sets_the_stale_years(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "kevidence.toml").write_text('ignore = ["single-source", "KE008"]\nstale-years = 3\n',
                                             encoding="utf-8")
    kb = kevidence.load(data_copy)
    export(kb, "parquet", tmp_path / "t")
    connection = duckdb_views(tmp_path / "t")
    found, expected = sql_counts(connection), audit_counts(kb)
    assert found == {code: expected[code] for code in AUDIT_SQL}
    assert found["KE011"] == found["KE008"] == 0
    assert found["KE013"] > audit_counts(kevidence.load())["KE013"]  # 3 years makes more entries stale
    assert connection.execute("SELECT stale_years FROM settings").fetchall() == [(3,)]
    assert connection.execute("SELECT code FROM rules WHERE NOT selected ORDER BY code").fetchall() == [
        ("KE008",), ("KE011",)]


def test_tables_carry_what_the_rules_read(tmp_path: Path) -> None:
    from kevidence.claims.model import Citation, Claim, Suppression
    from kevidence.sources.model import Source

    claims = [Claim(id="a", statement="Relief lasts several weeks in children.", kind="efficacy",
                    populations=("children",), relief={"text": "several weeks"}, review="proposed",
                    evidence={"level": 2, "grade": "low", "asserted_by": "article-1"},
                    citations=(Citation(source="book", attribution="unverified"),),
                    suppressions=(Suppression(rule="single-source", reason="one trial is all there is"),)),
              Claim(id="b", statement="B.", kind="background", relief={"text": "relief", "min": "P2W"})]
    sources = [Source(key="book", entry_type="book", fields={
        "title": "A book", "isbn": " 978-0-00-000000-0 ", "studydesign": "rct", "unverified": "studydesign, year"})]
    kb = kevidence.KnowledgeBase.from_models(claims, sources)
    export(kb, "parquet", tmp_path / "t")
    connection = duckdb_views(tmp_path / "t")
    assert connection.execute(
        "SELECT id, populations, relief, relief_min_days, relief_max_days, relief_approximate, review, grade, "
        "asserted_by, position FROM claims ORDER BY id").fetchall() == [
        ("a", ["children"], "several weeks", 21.0, 49.0, True, "proposed", "low", "article-1", 0),
        ("b", [], "relief", 14.0, None, True, None, None, None, 1)]
    assert connection.execute("SELECT isbn, research, design_unverified, unverified, level FROM sources").fetchall() == [
        ("978-0-00-000000-0", True, True, ["studydesign", "year"], None)]
    assert connection.execute("SELECT * FROM suppressions").fetchall() == [
        ("a", "single-source", "KE011", "one trial is all there is")]
    assert connection.execute("SELECT count(*), count(*) FILTER (WHERE selected) FROM rules").fetchone() == (
        len(list(iter_rules())),) * 2


def test_the_recursive_query_ends_on_cycles_and_equals_support(tmp_path: Path) -> None:
    kb = tangled_base()
    export(kb, "parquet", tmp_path / "t")
    connection = duckdb_views(tmp_path / "t")
    index = SupportIndex(kb.claims, kb.sources)
    for claim_id in kb.claims:
        expected = set(index.support(claim_id).sources) | set(index.support(claim_id).missing)
        assert {row[0] for row in connection.execute(RESTS_ON, [claim_id]).fetchall()} == expected, claim_id


@pytest.mark.slow
def test_at_100000_claims_each_query_counts_what_the_audit_reports(tmp_path: Path) -> None:
    from bench.generate import DEFAULT_CLAIMS, DEFAULT_SOURCES, generate

    kb = kevidence.load(generate(tmp_path / "base", DEFAULT_SOURCES, DEFAULT_CLAIMS, seed=0, varied=True).folder)
    retractions = retraction_list(kb, 200)
    export(kb, "parquet", tmp_path / "t", retractions=retractions)
    expected = audit_counts(kb, retractions)
    found = sql_counts(duckdb_views(tmp_path / "t"))
    assert found == {code: expected[code] for code in AUDIT_SQL}
    assert all(found.values()), found
    # The claims citing nothing outnumber KE001's findings by the suppressed ones.
    uncited = sum(1 for c in kb.claims.values() if not c.citations)
    assert uncited > found["KE001"] > 0


def _spark() -> Any:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (CI installs default-jre-headless)")
    from pyspark.sql import SparkSession

    # Small tables: one partition, and no adaptive planning (about three times faster here).
    spark = (SparkSession.builder.master("local[1]").appName("kevidence-tests")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
             .config("spark.sql.adaptive.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@pytest.mark.slow
def test_the_same_queries_run_unchanged_in_spark(tmp_path: Path) -> None:
    from bench.generate import generate

    spark = _spark()
    # The tangled base's every claim (cycles of claims and of sources), the documented claim of
    # the bundled base, and every rule query on a small varied base (a cycle at claims 500-501).
    varied = kevidence.load(generate(tmp_path / "varied", sources=80, claims=600, seed=2, varied=True).folder)
    cases = [("tangled", tangled_base(), None, None), ("bundled", kevidence.load(), None,
             ["ketamine-beneficial-when-other-drugs-failed"]), ("varied", varied, retraction_list(varied, 10), [])]
    try:
        for name, kb, retractions, walked in cases:
            folder = tmp_path / name
            export(kb, "parquet", folder, retractions=retractions)
            for table in TABLES:  # the line docs/exports.md shows
                spark.read.parquet(f"{folder}/{table}.parquet").createOrReplaceTempView(table)
            index = SupportIndex(kb.claims, kb.sources)
            for claim_id in kb.claims if walked is None else walked:
                support = index.support(claim_id)
                rows = spark.sql(RESTS_ON, args=[claim_id]).collect()
                assert {row.source for row in rows} == set(support.sources) | set(support.missing), claim_id
            if name == "varied":
                expected = audit_counts(kb, retractions)
                found = {code: spark.sql(query).count() for code, query in AUDIT_SQL.items()}
                assert found == {code: expected[code] for code in AUDIT_SQL}
                assert sum(1 for count in found.values() if count) >= 10, found
    finally:
        spark.stop()


@pytest.mark.parametrize("blank", ["", " ", "\t", "\n  \n", " \f\v\r "])
def test_a_title_of_whitespace_only_is_blank_in_sql_as_in_the_audit(data_copy: Path, tmp_path: Path,
                                                                     blank: str) -> None:
    """KE021 reads a title of spaces, tabs or line breaks as no title; so must its SQL."""
    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("title       = {Ketamine Infusions for Chronic Pain: A Systematic Review and "
                                "Meta-analysis of Randomized Controlled Trials}", f"title = {{{blank}}}"),
                   encoding="utf-8")
    kb = kevidence.load(data_copy)
    expected = audit_counts(kb)
    assert expected["KE021"] > audit_counts(kevidence.load())["KE021"]  # the blank title is seen
    export(kb, "parquet", tmp_path / "t")
    assert sql_counts(duckdb_views(tmp_path / "t"))["KE021"] == expected["KE021"]
