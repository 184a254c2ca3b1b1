"""Parquet: the base as four tables in a folder, for DuckDB, Spark, Polars and pandas.

``claims.parquet`` (one row a claim: a column per facet of
:data:`kevidence.claims.facets.FACETS`, a list of ids or one id; asserted level), ``sources.parquet`` (one row a
BibTeX entry: decoded title, year, DOI, study design, the CEBM level it supports, retracted or
not), ``documents.parquet``, and ``edges.parquet`` (the evidence graph: ``origin``,
``origin_kind``, ``target``, ``target_kind``, ``relation`` — cites, derived_from, states — and
the citation's stance, locator, quote, attribution, or the section stated in). Rows are
written in batches, so memory does not grow with the base. Needs pyarrow: install
``kevidence[parquet]``. :data:`kevidence.export.queries.RESTS_ON_SQL` walks the edges with a
recursive query.
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
TEXT, INT, BOOL, TEXTS = "string", "int32", "bool", "list<string>"

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "claims": [("id", TEXT), ("statement", TEXT), ("quote", TEXT), ("kind", TEXT),
               *((f.attribute, TEXTS if f.many else TEXT) for f in FACETS),  # one column a facet
               ("setting", TEXT), ("relief", TEXT), ("asserted_level", INT), ("note", TEXT)],
    "sources": [("key", TEXT), ("entry_type", TEXT), ("title", TEXT), ("authors", TEXTS), ("journal", TEXT),
                ("year", INT), ("doi", TEXT), ("pmid", TEXT), ("url", TEXT), ("study_design", TEXT),
                ("level", INT), ("retracted", BOOL)],
    "documents": [("id", TEXT), ("title", TEXT), ("publisher", TEXT), ("url", TEXT)],
    "edges": [("origin", TEXT), ("origin_kind", TEXT), ("target", TEXT), ("target_kind", TEXT),
              ("relation", TEXT), ("stance", TEXT), ("locator", TEXT), ("quote", TEXT),
              ("attribution", TEXT), ("section", TEXT)],
}


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
    for c in kb.claims.values():
        yield (c.id, c.statement, c.quote, c.kind.value,
               *(list(read(c)) if many else read(c) for read, many in facets),
               c.setting.value if c.setting else None, c.relief.text if c.relief else None,
               int(c.evidence.level) if c.evidence else None, c.note)


def _source_rows(kb: KnowledgeBase, options: ExportOptions) -> Iterator[tuple[Any, ...]]:
    from kevidence.export.csljson import written_doi

    retractions = options.retractions
    for s in kb.sources.values():
        notice = retractions.lookup(s.doi, s.pmid) if retractions is not None else None
        yield (s.key, s.entry_type, s.title, [p.display for p in s.authors], s.journal, s.year, written_doi(s),
               s.pmid, s.url, s.study_design.value if s.study_design else None,
               int(s.supportable_level) if s.supportable_level else None,
               notice is not None and not notice.is_reinstatement)


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


def write_parquet(kb: KnowledgeBase, folder: Path, options: ExportOptions) -> None:
    """Write ``claims``, ``sources``, ``documents`` and ``edges`` ``.parquet`` into ``folder``
    (made if missing; each file replaced in one step)."""
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
        "edges": _edge_rows(kb)}
    for name, rows in tables.items():
        _write_table(pa, folder / f"{name}.parquet", COLUMNS[name], rows)


def _arrow_type(pa: Any, name: str) -> Any:
    return {TEXT: pa.string(), INT: pa.int32(), BOOL: pa.bool_(), TEXTS: pa.list_(pa.string())}[name]


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
