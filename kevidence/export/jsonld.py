"""JSON-LD: each named graph an object with ``@id`` and ``@graph`` (a nanopublication's four
graphs, and the bibliography), properties as full IRIs, no remote context to fetch. Written
one graph at a time."""

from __future__ import annotations

import json
from itertools import groupby
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any

from kevidence.export.rdf import IRI, RDF, Literal, Quad, Term, export_quads

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

RDF_TYPE = RDF + "type"


def value(term: Term) -> dict[str, str]:
    """A term as a JSON-LD value object."""
    if isinstance(term, IRI):
        return {"@id": term}
    assert isinstance(term, Literal)
    return {"@value": term.value, "@type": term.datatype} if term.datatype else {"@value": term.value}


def node_objects(triples: Iterable[Quad]) -> list[dict[str, Any]]:
    """The node objects of one graph's statements, one per subject (first-seen order)."""
    nodes: dict[str, dict[str, Any]] = {}
    for subject, predicate, obj, _graph in triples:
        node = nodes.setdefault(subject, {"@id": subject})
        if predicate == RDF_TYPE:
            node.setdefault("@type", []).append(obj)
        else:
            node.setdefault(predicate, []).append(value(obj))
    return list(nodes.values())


def write_jsonld(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every quad of the base as JSON-LD (expanded form, named graphs)."""
    stream.write('{"@graph": [')
    first = True
    for graph, run in groupby(export_quads(kb, options), key=itemgetter(3)):
        stream.write("\n  " if first else ",\n  ")
        stream.write(json.dumps({"@id": graph, "@graph": node_objects(run)}, ensure_ascii=False))
        first = False
    stream.write("\n]}\n")
