"""N-Quads: one quad a line, the format every triple store bulk-loads (Oxigraph, QLever,
Virtuoso, Jena). Written as the quads come, so memory does not grow with the base."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from kevidence.export.rdf import IRI, Literal, Term, export_quads

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

_LITERAL_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _LITERAL_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def literal_text(value: str) -> str:
    r"""A string as an N-Triples/Turtle quoted string (quotes, backslashes, controls escaped).

    >>> print(literal_text('say "no"\n'))
    "say \"no\"\n"
    """
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def term_text(term: Term) -> str:
    """A term as N-Quads writes it: ``<iri>``, ``"text"`` or ``"text"^^<datatype>``."""
    if isinstance(term, IRI):
        return f"<{term}>"
    assert isinstance(term, Literal)
    value = term.value
    text = literal_text(value) if _NEEDS_ESCAPE.search(value) else f'"{value}"'
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def write_nquads(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every quad of the base (:func:`kevidence.export.rdf.quads`) as N-Quads."""
    write = stream.write
    batch: list[str] = []
    append = batch.append
    # Predicates are few and a graph's quads come together: each is written out once.
    predicates: dict[str, str] = {}
    graph: str | None = None
    graph_text = ""
    for subject, predicate, obj, in_graph in export_quads(kb, options):
        if in_graph is not graph:
            graph, graph_text = in_graph, f"<{in_graph}> .\n"
        predicate_text = predicates.get(predicate)
        if predicate_text is None:
            predicate_text = predicates[predicate] = f"<{predicate}>"
        if type(obj) is IRI:
            append(f"<{subject}> {predicate_text} <{obj}> {graph_text}")
        else:
            append(f"<{subject}> {predicate_text} {term_text(obj)} {graph_text}")
        if len(batch) >= 4096:
            write("".join(batch))
            batch.clear()
    write("".join(batch))
