"""Lossless writing of ``claims.json``: an unchanged file keeps its bytes, an edit touches one claim.

The text of each element of ``$.claims`` is located with a small tokenizer; a changed claim's
span is replaced by the claim written in the file's own style (indentation, key order, line
endings, escaping), a removed claim's span goes with its comma, and new claims are appended
at the end of the list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kevidence.claims.model import Claim, ClaimsFile

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\s+', re.DOTALL)


@dataclass(frozen=True, slots=True)
class ArrayText:
    """Where a top-level array sits in the text: its brackets and each element's span."""

    open: int  # offset of '['
    close: int  # offset of ']'
    elements: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class JsonStyle:
    """How the file writes JSON: indentation unit, line ending, non-ASCII escaping."""

    indent: str = "  "
    newline: str = "\n"
    ensure_ascii: bool = False


def top_level_array(text: str, key: str) -> ArrayText | None:
    """The span of ``$[key]`` and of each of its elements (None when absent or unreadable)."""
    depth = 0
    expect_key = False
    current_key: str | None = None
    array_open: int | None = None
    elements: list[tuple[int, int]] = []
    element_start: int | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first.isspace():
            continue
        if array_open is not None:
            if first in "{[":
                if depth == 2 and element_start is None:
                    element_start = match.start()
                depth += 1
            elif first in "}]":
                depth -= 1
                if depth == 1:  # the array's own ']'
                    if element_start is not None:
                        elements.append((element_start, _end_before(text, match.start())))
                    return ArrayText(array_open, match.start(), tuple(elements))
            elif first == "," and depth == 2:
                if element_start is not None:
                    elements.append((element_start, _end_before(text, match.start())))
                element_start = None
            elif depth == 2 and element_start is None:
                element_start = match.start()
            continue
        if first in "{[":
            if depth == 1 and first == "[" and current_key == key:
                array_open = match.start()
            depth += 1
            expect_key = first == "{" and depth == 1
            current_key = None if depth != 2 else current_key
        elif first in "}]":
            depth -= 1
        elif depth == 1 and first == ",":
            expect_key = True
            current_key = None
        elif depth == 1 and first == ":":
            expect_key = False
        elif depth == 1 and first == '"' and expect_key:
            try:
                current_key = json.loads(token)
            except ValueError:
                return None
    return None


def _end_before(text: str, offset: int) -> int:
    end = offset
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def detect_style(text: str) -> JsonStyle:
    """The indentation unit, line ending and escaping a claims file uses."""
    match = re.search(r"\n([ \t]+)\S", text)
    indent = match.group(1) if match else "  "
    newline = "\r\n" if "\r\n" in text else "\n"
    ensure_ascii = not any(ord(c) > 127 for c in text) and bool(re.search(r"\\u00[89a-fA-F]", text))
    return JsonStyle(indent, newline, ensure_ascii)


def claim_payload(claim: Claim) -> dict[str, Any]:
    """A claim as JSON data, leaving out what was never set."""
    return claim.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)


def render_value(value: Any, style: JsonStyle, level: int) -> str:
    """JSON text of ``value`` indented as if it stood ``level`` indents deep."""
    text = json.dumps(value, indent=style.indent, ensure_ascii=style.ensure_ascii)
    pad = style.indent * level
    return text.replace("\n", style.newline + pad) if "\n" in text else text


def _ordered_like(new: Any, old: Any) -> Any:
    # Keep the key order the file already uses, so an edit does not shuffle unchanged keys.
    if isinstance(new, dict) and isinstance(old, dict):
        keys = [k for k in old if k in new] + [k for k in new if k not in old]
        return {k: _ordered_like(new[k], old.get(k)) for k in keys}
    if isinstance(new, list) and isinstance(old, list):
        return [_ordered_like(n, old[i] if i < len(old) else None) for i, n in enumerate(new)]
    return new


def _level_at(text: str, offset: int, style: JsonStyle) -> int:
    line_start = text.rfind("\n", 0, offset) + 1
    lead = text[line_start:offset]
    if lead.strip() or not style.indent:
        return 1
    return max(0, len(lead) // len(style.indent))


def render_claims(text: str, old: Sequence[Claim], new: Sequence[Claim], whole: ClaimsFile) -> str:
    """The file's new text after its claims changed from ``old`` to ``new``.

    Bytes outside the changed claims stay as they are; ``whole`` (the file with the new
    claims) is written canonically only if the claims list cannot be located in ``text``.
    """
    if list(old) == list(new):
        return text
    array = top_level_array(text, "claims")
    if array is None or len(array.elements) != len(old):
        return dump_claims_file(whole, detect_style(text))
    style = detect_style(text)
    by_id: Mapping[str, Claim] = {c.id: c for c in new}
    old_ids = {c.id for c in old}
    level = _level_at(text, array.elements[0][0], style) if array.elements else _level_at(text, array.open, style) + 1
    out: list[str] = []
    previous_end = array.open + 1
    first_gap = text[array.open + 1 : array.elements[0][0]] if array.elements else ""
    kept_any = False
    for (start, end), before in zip(array.elements, old):
        separator = text[previous_end:start]  # holds the comma, except before the first element
        previous_end = end
        after = by_id.get(before.id)
        if after is None:
            continue  # removed, together with the separator before it
        if after == before:
            piece = text[start:end]
        else:
            piece = render_value(_ordered_like(claim_payload(after), json.loads(text[start:end])), style, level)
        out.append(separator if kept_any and "," in separator else first_gap if not kept_any else "," + separator)
        out.append(piece)
        kept_any = True
    pad = style.newline + style.indent * level
    for claim in new:
        if claim.id in old_ids:
            continue
        out.append(("," if kept_any else "") + pad + render_value(claim_payload(claim), style, level))
        kept_any = True
    if not kept_any:
        closing = ""
    elif array.elements:
        closing = text[array.elements[-1][1] : array.close]
    else:
        closing = style.newline + style.indent * max(0, level - 1)
    return text[: array.open + 1] + "".join(out) + closing + text[array.close :]


def dump_claims_file(data: ClaimsFile, style: JsonStyle = JsonStyle()) -> str:
    """The whole claims file written fresh in a style (used when there is no text to keep)."""
    payload = data.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return render_value(payload, style, 0) + style.newline
