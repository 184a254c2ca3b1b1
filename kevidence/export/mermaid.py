"""Mermaid: the evidence graph (or one claim's) as a flowchart that GitHub and GitLab render.

Node ids are ``n0``, ``n1``... (Mermaid's keywords such as ``end`` and any punctuation in a
claim id or key can then never break the chart); the kevidence id is in the label. Labels are
quoted, and every ASCII character outside letters, digits, spaces and plain punctuation (and
any character that does not print) is written
as Mermaid's ``#NNN;`` code, so quotes, brackets, pipes, ``#``, ``<`` and line breaks in the
data show as themselves and never end a label. A long label is wrapped with ``<br>``, which
no data can write (``<`` is always a code). Claims with audit findings get the ``classDef``
of their worst finding's severity, explained in ``%%`` comments.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from kevidence.audit.model import Severity
from kevidence.export.diagram import SEVERITY_MARKS, claim_severities, diagram, edge_label, legend, node_label, wrap

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

_PLAIN = frozenset(" .,:;!?()-_/'+=*%@")
SHAPES = {"claim": ('["', '"]'), "source": ('[("', '")]'), "document": ('[["', '"]]')}
MAX_EDGES = 500
"""The most edges Mermaid draws by default (its ``maxEdges``); a larger chart is refused."""


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (``#NNN;`` codes for anything not plain).

    >>> mermaid_text('say "no" #1 <b>')
    'say #34;no#34; #35;1 #60;b#62;'
    """
    return "".join(c if (c.isalnum() and c.isascii()) or c in _PLAIN or (not c.isascii() and c.isprintable())
                   else f"#{ord(c)};" for c in text)


def write_mermaid(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write a ``flowchart LR`` of the evidence graph (or of one claim's).

    Raises :class:`~kevidence.export.ExportError` before writing anything when the chart would
    hold more edges than Mermaid draws by default (:data:`MAX_EDGES`).
    """
    nodes, edges = diagram(kb, options.claim)
    if len(edges) > MAX_EDGES:
        from kevidence.errors import Location, Problem
        from kevidence.export import ExportError

        what = f"one claim's evidence graph ({options.claim})" if options.claim else "the whole base"
        raise ExportError("the diagram is too large for Mermaid", [Problem(
            Location(None), f"{what} makes {len(edges)} edges; Mermaid draws at most {MAX_EDGES} by default",
            "draw one claim's evidence with --claim ID (claim= in Python), or use --format dot for Graphviz")])
    severities = claim_severities(kb)
    ids: dict[str, str] = {}
    missing: list[str] = []
    marked: dict[Severity, list[str]] = {severity: [] for severity in Severity}
    stream.write("flowchart LR\n")
    for node, data in nodes:
        ident = ids[node] = f"n{len(ids)}"
        opening, closing = SHAPES.get(str(data["type"]), SHAPES["claim"])
        lines = wrap(f"{data['type']}: {node_label(data)}")
        stream.write(f"  {ident}{opening}{'<br>'.join(mermaid_text(line) for line in lines)}{closing}\n")
        if data.get("missing"):
            missing.append(ident)
        if node in severities:
            marked[severities[node]].append(ident)
    for origin, target, attributes in edges:
        arrow = "-.->" if attributes.get("stance") == "contradicts" else "-->"
        stream.write(f'  {ids[origin]} {arrow}|"{mermaid_text(edge_label(attributes))}"| {ids[target]}\n')
    if missing:
        stream.write("  classDef missing stroke-dasharray: 5 5\n")
        stream.write(f"  class {','.join(missing)} missing\n")
    if any(marked.values()):
        stream.write(f"  %% {legend()}\n")
    for severity, idents in marked.items():
        if idents:
            colour, _name, width = SEVERITY_MARKS[severity]
            stream.write(f"  classDef {severity.value} stroke:{colour},stroke-width:{width}px\n")
            stream.write(f"  class {','.join(idents)} {severity.value}\n")
