"""Node-link JSON: the evidence graph as networkx's ``node_link_data`` shape, for D3 and scripts.

``{"directed": true, "multigraph": true, "graph": {"name": ...}, "nodes": [{"id": ..., ...}],
"edges": [{"source": ..., "target": ..., "key": 0, ...}]}``; the attributes are those of
:mod:`kevidence.export.evidencegraph`. :func:`node_link_schema` is its JSON Schema
(``nodelink.schema.json`` beside this module, with the facets of the facet table added). ``networkx.node_link_graph(data, edges="edges")``
reads it back. Written node by node, never held whole as one object.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kevidence.claims.facets import FACETS
from kevidence.export.evidencegraph import walk

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

SCHEMA_FILE = Path(__file__).with_name("nodelink.schema.json")


@cache
def node_link_schema() -> dict[str, Any]:
    """The JSON Schema of the node-link export: the file, with a claim node's facet
    attributes added from the facet table (:data:`kevidence.claims.facets.FACETS`)."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    node = schema["$defs"]["node"]
    properties = list(node["properties"].items())
    after_kind = [name for name, _ in properties].index("kind") + 1
    facets = [(f.attribute, {"type": "string", "description": (
        f"Comma-separated {f.label} ids." if f.many else f"The {f.label} id.")}) for f in FACETS]
    node["properties"] = dict(properties[:after_kind] + facets + properties[after_kind:])
    return schema


def write_node_link(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write the evidence graph (or one claim's) as node-link JSON, one node or edge a line."""
    name = f"evidence of {options.claim}" if options.claim else "evidence"
    stream.write('{"directed": true, "multigraph": true, "graph": ' + json.dumps({"name": name}) + ',\n "nodes": [')
    edges: list[str] = []
    first = True
    for node, data, out in walk(kb, options.claim):
        stream.write("\n  " if first else ",\n  ")
        stream.write(json.dumps({"id": node, **data}, ensure_ascii=False))
        first = False
        for target, key, attributes in out:
            edges.append(json.dumps({"source": node, "target": target, "key": key, **attributes}, ensure_ascii=False))
    stream.write("\n ],\n \"edges\": [")
    stream.write(",".join("\n  " + edge for edge in edges))
    stream.write("\n ]\n}\n")
