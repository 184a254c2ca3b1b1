"""Parquet: the base as tables in a folder, for DuckDB, Spark, Polars and pandas.

``claims.parquet`` (one row a claim: a column per facet of
:data:`kevidence.claims.facets.FACETS`, a list of ids or one id; relief as written and its
bounds in days; asserted level and GRADE; review status; place in the file),
``sources.parquet`` (one row a BibTeX entry: decoded title, year, DOI, PMID and URL when
well-formed, ISBN, study design, whether it is research and whether it is marked unverified,
the CEBM level it supports, the fields marked unverified, retracted or not),
``documents.parquet``, ``edges.parquet`` (the evidence graph: ``origin``, ``origin_kind``,
``target``, ``target_kind``, ``relation`` — cites, derived_from, states — and the citation's
stance, locator, quote, attribution, or the section stated in), ``suppressions.parquet`` (one
row a claim's suppression: the rule as written, its code, the reason), ``rules.parquet`` (every
audit rule, and whether the base's config selects it) and ``settings.parquet`` (one row: the
audit settings the rules read). Rows are written in batches, so memory does not grow with the
base. Needs pyarrow: install ``kevidence[parquet]``. :mod:`kevidence.export.queries` holds the
SQL that reproduces the audit's rules over these tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.claims.facets import FACETS
from kevidence.errors import Location, Problem, display_path

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

BATCH = 8192
TEXT, INT, BOOL, TEXTS, REAL = "string", "int32", "bool", "list<string>", "double"

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "claims": [("id", TEXT), ("statement", TEXT), ("quote", TEXT), ("kind", TEXT),
               *((f.attribute, TEXTS if f.many else TEXT) for f in FACETS),  # one column a facet
               ("setting", TEXT), ("relief", TEXT), ("asserted_level", INT), ("note", TEXT),
               ("relief_min_days", REAL), ("relief_max_days", REAL), ("relief_approximate", BOOL),
               ("relief_onset", TEXT), ("relief_onset_max_days", REAL), ("grade", TEXT), ("asserted_by", TEXT),
               ("review", TEXT), ("position", INT)],
    "sources": [("key", TEXT), ("entry_type", TEXT), ("title", TEXT), ("authors", TEXTS), ("journal", TEXT),
                ("year", INT), ("doi", TEXT), ("pmid", TEXT), ("url", TEXT), ("study_design", TEXT),
                ("level", INT), ("retracted", BOOL), ("isbn", TEXT), ("research", BOOL),
                ("design_unverified", BOOL), ("unverified", TEXTS)],
    "documents": [("id", TEXT), ("title", TEXT), ("publisher", TEXT), ("url", TEXT)],
    "edges": [("origin", TEXT), ("origin_kind", TEXT), ("target", TEXT), ("target_kind", TEXT),
              ("relation", TEXT), ("stance", TEXT), ("locator", TEXT), ("quote", TEXT),
              ("attribution", TEXT), ("section", TEXT)],
    "suppressions": [("claim", TEXT), ("rule", TEXT), ("code", TEXT), ("reason", TEXT)],
    "rules": [("code", TEXT), ("name", TEXT), ("summary", TEXT), ("selected", BOOL)],
    "settings": [("stale_years", INT), ("retractions", TEXT), ("retractions_sha256", TEXT)],
}
"""The columns of each table, in order; the names of the first columns of each are kept from
release to release, new columns are added at the end."""


def _pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError:
        from kevidence.export import ExportError

        raise ExportError("the Parquet export needs pyarrow", [Problem(
            Location(None), "pyarrow is not installed",
            "pip install 'kevidence[parquet]'")]) from None
    return pyarrow


def _claim_rows(kb: KnowledgeBase) -> Iterator[tuple[Any, ...]]:
    facets = [(attrgetter(f.attribute), f.many) for f in FACETS]
    for position, c in enumerate(kb.claims.values()):
        bounds = c.relief.bounds if c.relief else None
        evidence = c.evidence
        yield (c.id, c.statement, c.quote, c.kind.value,
               *(list(read(c)) if many else read(c) for read, many in facets),
               c.setting.value if c.setting else None, c.relief.text if c.relief else None,
               int(evidence.level) if evidence else None, c.note,
               *((bounds.min_days, bounds.max_days, bounds.approximate, bounds.onset, bounds.onset_max_days)
                 if bounds else (None,) * 5),
               evidence.grade.value if evidence and evidence.grade else None,
               evidence.asserted_by if evidence else None, c.review, position)


def _source_rows(kb: KnowledgeBase, options: ExportOptions) -> Iterator[tuple[Any, ...]]:
    from kevidence.export.csljson import written_doi

    retractions = options.retractions
    for s in kb.sources.values():
        notice = retractions.lookup(s.doi, s.pmid) if retractions is not None else None
        yield (s.key, s.entry_type, s.title, [p.display for p in s.authors], s.journal, s.year, written_doi(s),
               s.pmid, s.url, s.study_design.value if s.study_design else None,
               int(s.supportable_level) if s.supportable_level else None,
               notice is not None and not notice.is_reinstatement,
               (s.field("isbn") or "").strip() or None,
               s.study_design.info.research if s.study_design else None,
               s.design_unverified, list(s.unverified_fields))


def _edge_rows(kb: KnowledgeBase) -> Iterator[tuple[Any, ...]]:
    for s in kb.sources.values():
        for cited in s.cites:
            yield (s.key, "source", cited, "source", "cites", None, None, None, None, None)
    for c in kb.claims.values():
        for citation in c.citations:
            yield (c.id, "claim", citation.source, "source", "cites", citation.stance.value, citation.locator,
                   citation.quote, citation.attribution.value, None)
        for parent in c.derived_from:
            yield (c.id, "claim", parent, "claim", "derived_from", None, None, None, None, None)
        for stated in c.stated_in:
            yield (stated.document, "document", c.id, "claim", "states", None, None, None, None, stated.section)


def _suppression_rows(kb: KnowledgeBase) -> Iterator[tuple[Any, ...]]:
    from kevidence.audit.registry import find_rule

    for c in kb.claims.values():
        for suppression in c.suppressions:
            target = find_rule(suppression.rule)
            yield c.id, suppression.rule, target.code if target else None, suppression.reason


def _rule_rows(kb: KnowledgeBase) -> Iterator[tuple[Any, ...]]:
    """Every rule, selected as ``kevidence audit`` selects it with the base's config."""
    from kevidence.audit.engine import selected_rules
    from kevidence.audit.registry import iter_rules

    config = kb.audit_config()
    chosen = {r.code for r in selected_rules(config.select, config.ignore)}
    for each in iter_rules():
        yield each.code, each.name, each.summary, each.code in chosen


def _settings_rows(kb: KnowledgeBase, options: ExportOptions) -> Iterator[tuple[Any, ...]]:
    from kevidence.audit.rules.sources import DEFAULT_STALE_YEARS

    config = kb.audit_config()
    retractions = options.retractions
    yield (config.stale_years if config.stale_years is not None else DEFAULT_STALE_YEARS,
           retractions.file if retractions else None, retractions.sha256 if retractions else None)


def write_parquet(kb: KnowledgeBase, folder: Path, options: ExportOptions) -> None:
    """Write the tables of :data:`COLUMNS` as ``.parquet`` files into ``folder`` (made if
    missing; each file replaced in one step)."""
    pa = _pyarrow()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        from kevidence.export import ExportError

        raise ExportError("cannot write the Parquet tables", [Problem(
            Location(display_path(folder)), error.strerror or str(error), "pass a folder you can write")]) from None
    documents = ((d.id, d.title, d.publisher, d.url) for d in kb.documents.values())
    tables: dict[str, Iterable[tuple[Any, ...]]] = {
        "claims": _claim_rows(kb), "sources": _source_rows(kb, options), "documents": documents,
        "edges": _edge_rows(kb), "suppressions": _suppression_rows(kb), "rules": _rule_rows(kb),
        "settings": _settings_rows(kb, options)}
    for name, rows in tables.items():
        _write_table(pa, folder / f"{name}.parquet", COLUMNS[name], rows)


def _arrow_type(pa: Any, name: str) -> Any:
    return {TEXT: pa.string(), INT: pa.int32(), BOOL: pa.bool_(), TEXTS: pa.list_(pa.string()),
            REAL: pa.float64()}[name]


def _write_table(pa: Any, path: Path, columns: list[tuple[str, str]], rows: Iterable[tuple[Any, ...]]) -> None:
    from kevidence.store.atomic import open_atomic

    schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in columns])
    with open_atomic(path) as handle, pa.parquet.ParquetWriter(handle, schema) as writer:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_batch(_batch(pa, schema, batch))
                batch.clear()
        writer.write_batch(_batch(pa, schema, batch))  # the rest (an empty table still has its columns)


def _batch(pa: Any, schema: Any, rows: list[tuple[Any, ...]]) -> Any:
    columns = list(zip(*rows)) if rows else [() for _ in schema]
    return pa.record_batch([pa.array(list(column), type=field.type) for column, field in zip(columns, schema)],
                           schema=schema)
