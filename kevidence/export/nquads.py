"""N-Quads: one quad a line, the format every triple store bulk-loads (Oxigraph, QLever,
Virtuoso, Jena). Written as the quads come, so memory does not grow with the base."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from kevidence.export.rdf import IRI, Literal, Quad, Term, quads

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
    text = literal_text(term.value)
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def quad_line(quad: Quad) -> str:
    """One quad as an N-Quads line."""
    return (f"<{quad.subject}> <{quad.predicate}> {term_text(quad.object)} <{quad.graph}> .\n")


def write_nquads(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every quad of the base (:func:`kevidence.export.rdf.quads`) as N-Quads."""
    write = stream.write
    batch: list[str] = []
    for quad in quads(kb, options.base_iri, options.retractions):
        batch.append(quad_line(quad))
        if len(batch) >= 4096:
            write("".join(batch))
            batch.clear()
    write("".join(batch))
