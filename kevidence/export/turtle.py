"""Turtle and the statement blocks TriG shares with it: prefixed names, ``;`` between the
statements of one subject. Turtle has no named graphs: every quad's triple is written into
one graph (the nanopublications' graphs are lost; TriG and N-Quads keep them)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from typing import IO, TYPE_CHECKING

from kevidence.export.nquads import literal_text
from kevidence.export.rdf import (
    IRI,
    PREFIXES,
    RDF,
    XSD,
    Literal,
    Quad,
    Scheme,
    Term,
    export_quads,
    ontology_quads,
    ontology_text,
)

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
RDF_TYPE = RDF + "type"


class Namer:
    """Writes IRIs as prefixed names where the local part is plain, else as ``<iri>``."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so that "B source/" wins over "B".
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is not None:
            return found
        written = f"<{iri}>"
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
                written = f"{prefix}:{iri[len(namespace):]}"
                break
        if len(self.cache) < 100_000:
            self.cache[iri] = written
        return written

    def term(self, term: Term) -> str:
        if isinstance(term, IRI):
            return self.iri(term)
        assert isinstance(term, Literal)
        if term.datatype == XSD + "integer" and term.value.lstrip("-").isdigit():
            return term.value
        if term.datatype == XSD + "boolean":
            return term.value
        text = literal_text(term.value)
        return f"{text}^^{self.iri(term.datatype)}" if term.datatype else text


def prefix_lines(prefixes: Mapping[str, str]) -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items()) + "\n"


def statements(triples: Iterable[Quad], namer: Namer, indent: str = "") -> Iterator[str]:
    """Blocks of statements, one per run of the same subject."""
    for subject, run in groupby(triples, key=itemgetter(0)):
        parts = []
        for _subject, predicate, obj, _graph in run:
            written = "a" if predicate == RDF_TYPE else namer.iri(predicate)
            parts.append(f"{written} {namer.term(obj)}")
        yield f"{indent}{namer.iri(subject)} " + f" ;\n{indent}    ".join(parts) + " .\n"


def write_turtle(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every triple of the base as Turtle (graphs merged into one)."""
    prefixes = Scheme(options.base_iri).prefixes()
    namer = Namer(prefixes)
    stream.write(prefix_lines(prefixes))
    for block in statements(export_quads(kb, options), namer):
        stream.write(block)


def write_ontology(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write kevidence's own RDF terms as Turtle: the shipped ontology file, then its version,
    the CEBM levels and the study designs from the code's tables (the same for every base)."""
    stream.write(ontology_text())
    stream.write("\n# The version, the CEBM 2011 levels and the study designs (kevidence.sources.evidence).\n\n")
    for block in statements(ontology_quads(), Namer(PREFIXES)):
        stream.write(block)
