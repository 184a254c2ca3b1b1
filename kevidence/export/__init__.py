"""Exports of a knowledge base in the formats other programs read, and the import of CSL-JSON.

One module per format; :func:`export` picks one by name and writes it to a file, a text
stream or a string. The formats that large bases are handed over in (CSL-JSON, the RDF
serialisations, Parquet) stream from the models claim by claim; the graph formats write the
evidence graph, which they need whole.

>>> import kevidence
>>> from kevidence.export import export
>>> text = export(kevidence.load(), "mermaid", claim="ketamine-longer-infusions-longer-relief")
>>> text.splitlines()[0]
'flowchart LR'
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kevidence.errors import KevidenceError, Location, Problem, closest

if TYPE_CHECKING:
    from kevidence.audit.retractions import Retractions
    from kevidence.kb import KnowledgeBase

DEFAULT_BASE_IRI = "https://example.org/kevidence/"
"""The base of the exported IRIs when none is given: a placeholder to replace with your own."""

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
"""The licence each nanopublication of an RDF export states when none is given (CC BY 4.0);
``license=`` (``--license``) names another, ``license=None`` (``--license none``) states none."""


class ExportError(KevidenceError):
    """An export or import could not be made as asked (unknown format, bad option, bad input)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What an export writes besides the base itself.

    ``claim``: only this claim's evidence graph (graph formats: mermaid, dot, graphml, gexf,
    json). ``base_iri``: the base of the RDF IRIs. ``retractions``: a retraction list whose
    sources are marked retracted in the RDF and Parquet exports. ``created``: when the RDF's
    nanopublications were made (None: ``SOURCE_DATE_EPOCH``, else now). ``license``: the
    licence IRI they state (None: none).
    """

    claim: str | None = None
    base_iri: str = DEFAULT_BASE_IRI
    retractions: Retractions | None = None
    created: datetime | None = None
    license: str | None = DEFAULT_LICENSE


Writer = Callable[["KnowledgeBase", IO[str], ExportOptions], None]


@dataclass(frozen=True, slots=True)
class Format:
    """One export format: its name, what it is for, and how it is written."""

    name: str
    description: str
    load: Callable[[], Writer] | None
    """Imports the format's module and gives its writer; None for a folder of tables (parquet)."""
    per_claim: bool = False
    """Whether ``claim=`` can limit it to one claim's evidence graph."""
    nanopublications: bool = False
    """Whether it writes each claim as a nanopublication (whose time and licence it states)."""


def _writer(module: str, name: str) -> Callable[[], Writer]:
    def load() -> Writer:
        import importlib

        writer: Writer = getattr(importlib.import_module(f"kevidence.export.{module}"), name)
        return writer

    return load


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csl-json", "every source as a CSL-JSON item (pandoc, Zotero, citeproc)",
           _writer("csljson", "write_csl_json")),
    Format("ris", "every source as a RIS record (Zotero, EndNote, Mendeley, JabRef)",
           _writer("ris", "write_ris")),
    Format("bibtex", "the sources as plain BibTeX, kevidence's own fields left out (LaTeX, pandoc)",
           _writer("bibtex", "write_bibtex")),
    Format("json", "the evidence graph as node-link JSON (networkx, D3)",
           _writer("nodelink", "write_node_link"), per_claim=True),
    Format("graphml", "the evidence graph as GraphML (Gephi, yEd, Cytoscape, networkx)",
           _writer("graphml", "write_graphml"), per_claim=True),
    Format("gexf", "the evidence graph as GEXF (Gephi, networkx)",
           _writer("gexf", "write_gexf"), per_claim=True),
    Format("mermaid", "the evidence graph as a Mermaid flowchart (GitHub, GitLab render it)",
           _writer("mermaid", "write_mermaid"), per_claim=True),
    Format("dot", "the evidence graph in Graphviz DOT",
           _writer("dot", "write_dot"), per_claim=True),
    Format("nquads", "each claim a nanopublication, as N-Quads (triple stores)",
           _writer("nquads", "write_nquads"), nanopublications=True),
    Format("trig", "each claim a nanopublication, as TriG",
           _writer("trig", "write_trig"), nanopublications=True),
    Format("turtle", "every triple in one graph, as Turtle (no named graphs)",
           _writer("turtle", "write_turtle"), nanopublications=True),
    Format("jsonld", "each claim a nanopublication, as JSON-LD",
           _writer("jsonld", "write_jsonld"), nanopublications=True),
    Format("ontology", "kevidence's own RDF terms (classes, properties, CEBM levels, study designs), as Turtle",
           _writer("turtle", "write_ontology")),
    Format("parquet", "claims, sources, edges, suppressions and rules as Parquet tables in a folder "
           "(DuckDB, Spark; SQL that reproduces the audit); needs kevidence[parquet]", None),
)}


def find_format(name: str) -> Format:
    """The format of this name; :class:`ExportError` naming the formats (and the closest) if none."""
    found = FORMATS.get(name)
    if found is None:
        guess = closest(name, FORMATS)
        raise ExportError("unknown export format", [Problem(
            Location(None), f"no format {name!r}",
            (f"did you mean {guess!r}? " if guess else "") + "formats: " + ", ".join(FORMATS))])
    return found


def export(
    kb: KnowledgeBase,
    format: str,
    out: str | Path | IO[str] | None = None,
    *,
    claim: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    retractions: Retractions | None = None,
    created: datetime | None = None,
    license: str | None = DEFAULT_LICENSE,
) -> str | None:
    """Export a knowledge base in a format of :data:`FORMATS`.

    ``out`` is a path (written atomically), an open text stream (written as produced), or
    None to return the text. ``parquet`` writes a folder of tables and needs a path.
    ``claim`` limits a graph format to one claim's evidence graph (the claim, what it is
    drawn from and cites, and the documents stating them). ``base_iri`` is the base of the
    RDF IRIs (see :mod:`kevidence.export.rdf`); ``retractions`` marks listed sources retracted.
    Each RDF nanopublication says when it was made (``created``; when None, the time in the
    ``SOURCE_DATE_EPOCH`` environment variable, else now) and its licence (``license``, an
    IRI: :data:`DEFAULT_LICENSE` unless given; None states none). ``ontology`` writes
    kevidence's own RDF terms, the same whatever the base.

    Raises :class:`ExportError` for an unknown format, a ``claim`` with a format that exports
    the whole base, a bad base or licence IRI or a bad ``SOURCE_DATE_EPOCH``;
    :class:`kevidence.UnknownClaimError` for an unknown claim.
    """
    chosen = find_format(format)
    if claim is not None:
        if not chosen.per_claim:
            per_claim = ", ".join(f.name for f in FORMATS.values() if f.per_claim)
            raise ExportError("cannot export one claim in this format", [Problem(
                Location(None), f"format {format!r} exports the whole base",
                f"leave out the claim, or use one of: {per_claim}")])
        kb.claim(claim)  # UnknownClaimError, with a suggestion
    from kevidence.bulk import paused_gc
    from kevidence.export.rdf import check_base_iri, check_license, publication_time

    # The time is read once, before writing, and only where it is written: a bad
    # SOURCE_DATE_EPOCH fails an RDF export up front and leaves the other formats alone.
    options = ExportOptions(claim=claim, base_iri=check_base_iri(base_iri), retractions=retractions,
                            created=publication_time(created) if chosen.nanopublications else created,
                            license=check_license(license))
    # An export makes millions of short-lived strings and tuples and no cycles: the cyclic
    # collector would only walk the whole loaded base again and again.
    with paused_gc():
        return _export(kb, chosen, out, options)


def _export(kb: KnowledgeBase, chosen: Format, out: str | Path | IO[str] | None, options: ExportOptions) -> str | None:
    if chosen.load is None:
        from kevidence.export.parquet import write_parquet

        if out is None or not isinstance(out, (str, Path)):
            raise ExportError("parquet needs a folder", [Problem(
                Location(None), "no output folder given", "pass out='folder' (or -o FOLDER)")])
        write_parquet(kb, Path(out), options)
        return None
    writer = chosen.load()
    if out is None:
        buffer = io.StringIO()
        writer(kb, buffer, options)
        return buffer.getvalue()
    if isinstance(out, (str, Path)):
        _write_file(Path(out), kb, writer, options)
        return None
    writer(kb, out, options)
    return None


def _write_file(path: Path, kb: KnowledgeBase, writer: Writer, options: ExportOptions) -> None:
    """Stream into a temporary file that then replaces ``path``: a reader never sees half an
    export, and a failed export leaves what was there."""
    from kevidence.store.atomic import open_atomic

    with open_atomic(path, encoding="utf-8") as stream:
        writer(kb, stream, options)


__all__ = ["DEFAULT_BASE_IRI", "DEFAULT_LICENSE", "FORMATS", "ExportError", "ExportOptions", "Format", "export", "find_format"]
