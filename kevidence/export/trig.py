"""TriG: Turtle with named graphs, so each nanopublication keeps its head, assertion,
provenance and pubinfo graphs. Written one graph block at a time."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import IO, TYPE_CHECKING

from kevidence.export.rdf import Scheme, export_quads
from kevidence.export.turtle import Namer, prefix_lines, statements

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase


def write_trig(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every quad of the base as TriG, one ``GRAPH { ... }`` block per run of a graph."""
    prefixes = Scheme(options.base_iri).prefixes()
    namer = Namer(prefixes)
    stream.write(prefix_lines(prefixes))
    for graph, run in groupby(export_quads(kb, options), key=itemgetter(3)):
        stream.write(f"{namer.iri(graph)} {{\n")
        for block in statements(run, namer, indent="  "):
            stream.write(block)
        stream.write("}\n\n")
