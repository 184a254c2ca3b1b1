"""Mermaid: the evidence graph (or one claim's) as a flowchart that GitHub and GitLab render.

Node ids are ``n0``, ``n1``... (Mermaid's keywords such as ``end`` and any punctuation in a
claim id or key can then never break the chart); the kevidence id is in the label. Labels are
quoted, and every ASCII character outside letters, digits, spaces and plain punctuation (and
any character that does not print) is written
as Mermaid's ``#NNN;`` code, so quotes, brackets, pipes, ``#``, ``<`` and line breaks in the
data show as themselves and never end a label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from kevidence.export.diagram import edge_label, node_label
from kevidence.export.evidencegraph import Value, walk

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

_PLAIN = frozenset(" .,:;!?()-_/'+=*%@")
SHAPES = {"claim": ('["', '"]'), "source": ('[("', '")]'), "document": ('[["', '"]]')}


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (``#NNN;`` codes for anything not plain).

    >>> mermaid_text('say "no" #1 <b>')
    'say #34;no#34; #35;1 #60;b#62;'
    """
    return "".join(c if (c.isalnum() and c.isascii()) or c in _PLAIN or (not c.isascii() and c.isprintable())
                   else f"#{ord(c)};" for c in text)


def write_mermaid(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write a ``flowchart LR`` of the evidence graph (or of one claim's)."""
    stream.write("flowchart LR\n")
    ids: dict[str, str] = {}
    edges: list[tuple[str, str, Mapping[str, Value]]] = []
    missing: list[str] = []
    for node, data, out in walk(kb, options.claim):
        ident = ids[node] = f"n{len(ids)}"
        opening, closing = SHAPES.get(str(data["type"]), SHAPES["claim"])
        text = mermaid_text(f"{data['type']}: {node_label(data)}")
        stream.write(f"  {ident}{opening}{text}{closing}\n")
        if data.get("missing"):
            missing.append(ident)
        edges.extend((node, target, attributes) for target, _key, attributes in out)
    for origin, target, attributes in edges:
        arrow = "-.->" if attributes.get("stance") == "contradicts" else "-->"
        stream.write(f'  {ids[origin]} {arrow}|"{mermaid_text(edge_label(attributes))}"| {ids[target]}\n')
    if missing:
        stream.write("  classDef missing stroke-dasharray: 5 5\n")
        stream.write(f"  class {','.join(missing)} missing\n")
