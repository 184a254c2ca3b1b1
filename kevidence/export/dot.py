"""Graphviz DOT: the evidence graph (or one claim's), written directly (no pydot needed).

Every id and attribute value is a double-quoted DOT string. In labels ``"`` and ``\\`` are
escaped, a line break becomes ``\\n`` and ``&`` becomes ``&amp;`` (Graphviz reads entities in
labels), so any text parses and shows as itself; ids are kept as written. Control characters,
which no DOT reader keeps, show as U+FFFD. ``dot -Tsvg evidence.dot > evidence.svg`` draws it.
Arrows run from the evidence to the claim; long labels are wrapped at spaces; a claim with
audit findings is outlined in its worst finding's colour (``severity`` attribute too), and a
comment at the top says what the marks mean.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from kevidence.export.diagram import SEVERITY_MARKS, claim_severities, diagram, edge_label, legend, node_label, wrap

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

SHAPES = {"claim": "box", "source": "note", "document": "folder"}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "&": "&amp;"}
_SPECIAL = re.compile(r'[\\"\n&]')
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def dot_string(text: str) -> str:
    r"""Text as a quoted DOT string that Graphviz shows as the text itself.

    >>> print(dot_string('a "b" \\ c & d'))
    "a \"b\" \\ c &amp; d"
    """
    text = _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    return '"' + _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def dot_id(text: str) -> str:
    """A node id as a quoted DOT string. Graphviz keeps ids as written (no entities, no
    escapes but ``\\"``); claim ids, BibTeX keys and document ids hold no quote or backslash.

    >>> print(dot_id("source:smith&jones2020"))
    "source:smith&jones2020"
    """
    return '"' + _ID_CONTROL.sub("\ufffd", text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_dot(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write a ``digraph`` of the evidence graph (or of one claim's), arrows from the evidence."""
    name = f"evidence of {options.claim}" if options.claim else "evidence"
    nodes, edges = diagram(kb, options.claim)
    severities = claim_severities(kb)
    stream.write(f"digraph {dot_string(name)} {{\n  // {legend()}\n"
                 "  graph [rankdir=LR];\n  node [fontname=\"Helvetica\"];\n")
    for node, data in nodes:
        style = ', style="dashed"' if data.get("missing") else ""
        shape = SHAPES.get(str(data["type"]), "box")
        mark = ""
        if node in severities:
            colour, _name, width = SEVERITY_MARKS[severities[node]]
            mark = f', color="{colour}", penwidth={width}, severity="{severities[node].value}"'
        # line ends made one kind first, so that a wrap right after a carriage return stays a line
        label = "\n".join(wrap(node_label(data).replace("\r\n", "\n").replace("\r", "\n")))
        stream.write(f"  {dot_id(node)} [label={dot_string(label)}, shape={shape}{style}{mark}];\n")
    for origin, target, attributes in edges:
        dashed = ', style="dashed"' if attributes.get("stance") == "contradicts" else ""
        extra = "".join(f", {name}={dot_string(str(attributes[name]))}"
                        for name in ("relation", "stance") if name in attributes)
        stream.write(f"  {dot_id(origin)} -> {dot_id(target)} "
                     f"[label={dot_string(edge_label(attributes))}{extra}{dashed}];\n")
    stream.write("}\n")
