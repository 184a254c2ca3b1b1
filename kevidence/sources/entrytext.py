"""The raw text of one BibTeX entry cut into its parts, so that an entry can be edited in place.

``@article{key,`` is the head, each ``name = value`` between depth-0 commas is a part (with
its own spacing), and the closing brace is the tail; joining them gives the text back
exactly. The scanner follows BibTeX's own rules (a quoted value ends at a ``"`` outside
braces), which is also how kevidence notices fields that bibtexparser did not return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEAD = re.compile(r"@[ \t]*([A-Za-z][^\s{(]*)[ \t\r\n]*([{(])")
_DELIMS = re.compile(r'[{}()",]')
_PART = re.compile(r"(\s*)([^\s=]+)(\s*=\s*)(.*?)(\s*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class FieldText:
    """One ``name = value`` part of an entry, keeping every byte of its spacing."""

    lead: str  # whitespace before the name (newline and indentation)
    name: str
    equals: str  # the '=' with the spacing around it
    value: str  # the value as written: braced, quoted, a number, macros joined by '#'
    trail: str  # whitespace after the value, before the comma or the closing brace

    @property
    def text(self) -> str:
        return f"{self.lead}{self.name}{self.equals}{self.value}{self.trail}"


@dataclass(frozen=True, slots=True)
class EntryText:
    """An entry's text as head (through the key and its comma), parts and tail."""

    head: str
    parts: tuple[str, ...]  # texts between depth-0 commas after the head
    tail: str  # the closing '}' or ')'

    @property
    def text(self) -> str:
        return self.head + ",".join(self.parts) + self.tail

    @property
    def fields(self) -> tuple[FieldText, ...]:
        """The parts that are ``name = value`` pairs (a trailing comma leaves an empty part)."""
        return tuple(f for f in (field_text(p) for p in self.parts) if f is not None)

    @property
    def trailing_comma(self) -> bool:
        return bool(self.parts) and not self.parts[-1].strip()

def field_text(part: str) -> FieldText | None:
    """A part as a field, or None when it holds no ``name = value``."""
    match = _PART.fullmatch(part)
    if match is None:
        return None
    return FieldText(*match.groups())


def scan_entry(text: str, start: int = 0) -> tuple[EntryText, int] | None:
    """Cut the entry starting at ``text[start]`` (an ``@``) into parts; None if it does not close.

    Depth-0 commas separate parts; braces nest everywhere; a ``"`` at depth 0 opens or closes
    a quoted value, as in BibTeX itself.
    """
    head = _HEAD.match(text, start)
    if head is None:
        return None
    closer = "}" if head.group(2) == "{" else ")"
    depth = 0
    quoted = False
    cuts: list[int] = []
    for match in _DELIMS.finditer(text, head.end()):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and not quoted:
                if closer == "}":
                    return _cut(text, start, head.end(), cuts, match.start())
                return None  # a stray '}' in a parenthesised entry
            depth -= 1
        elif depth:
            continue
        elif char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == ",":
            cuts.append(match.start())
        elif char == ")" and closer == ")":
            return _cut(text, start, head.end(), cuts, match.start())
    return None


def _cut(text: str, start: int, body: int, cuts: list[int], close: int) -> tuple[EntryText, int] | None:
    if not cuts:
        # "@misc{key}": a key and no fields
        return EntryText(text[start:close], (), text[close]), close + 1
    head_end = cuts[0]
    bounds = [*cuts, close]
    parts = tuple(text[bounds[i] + 1 : bounds[i + 1]] for i in range(len(bounds) - 1))
    return EntryText(text[start : head_end + 1], parts, text[close]), close + 1
