"""GraphML: the evidence graph for Gephi, yEd, Cytoscape and networkx, attributes typed."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import networkx as nx

from kevidence.export.evidencegraph import plain_graph

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase


def write_graphml(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write the evidence graph (or one claim's) as GraphML; ``nx.read_graphml`` reads it back."""
    for line in nx.generate_graphml(plain_graph(kb, options.claim), encoding="utf-8", prettyprint=True):
        stream.write(line)
        stream.write("\n")
