"""Lossless writing of ``claims.json``: an unchanged file keeps its bytes, an edit touches one claim.

The text of each element of ``$.claims`` is located with a small tokenizer; a changed claim's
span is replaced by the claim written in the file's own style (indentation, key order, line
endings, escaping), a removed claim's span goes with its comma, and new claims are appended
at the end of the list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any

from kevidence.claims.jsonpos import ArrayLines, array_start, element_span, id_offsets, member_start, value_end
from kevidence.claims.model import Claim, ClaimsFile, Document
from kevidence.claims.vocabulary import VocabularyExtension


@dataclass(frozen=True, slots=True)
class JsonStyle:
    """How the file writes JSON: indentation unit, line ending, non-ASCII escaping."""

    indent: str = "  "
    newline: str = "\n"
    ensure_ascii: bool = False


def detect_style(text: str) -> JsonStyle:
    """The indentation unit, line ending and escaping a claims file uses."""
    match = re.search(r"\n([ \t]+)\S", text)
    indent = match.group(1) if match else "  "
    first = text.find("\n")  # the first line ending tells (a search of a large text costs)
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    # Escapes are looked for at the head only: a file written with ensure_ascii shows them early.
    ensure_ascii = text.isascii() and bool(re.search(r"\\u00[89a-fA-F]", text[:1 << 20]))
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
    """The file's new text after its claims changed from ``old`` (what ``text`` holds, in order)
    to ``new``.

    Only the claims that changed are located and rewritten (a claim is unchanged when it is the
    very object that was loaded, or equal to it); every other byte stays as it is, so the cost
    follows the edits, plus one scan for the claims' positions (:func:`id_offsets`). A removed
    claim goes with its comma; new claims are appended. ``whole`` (the file with the new
    claims) is written canonically only if the claims cannot be located.
    """
    changed, added = claim_changes(old, new)
    if not changed and not added:
        return text
    style = detect_style(text)
    last = len(old) - 1
    removed = {i for i, after in changed.items() if after is None}
    wanted = {0, *changed, *(i - 1 for i in removed)}
    if added or removed:
        wanted.add(last)
    spans = _spans_by_id(text, old, wanted) or _element_spans(text, old, wanted)
    if spans is None:
        return dump_claims_file(whole, style)
    kept = len(old) - len(removed)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), not overlapping
    if old:
        level = _level_at(text, spans[0][0], style)
        array_open = text.rfind("[", 0, spans[0][0])
    else:
        first = array_start(text, "claims")
        if first is None:
            return dump_claims_file(whole, style)
        array_open = text.rfind("[", 0, first)
        level = _level_at(text, array_open, style) + 1
    pad = style.newline + style.indent * level
    new_text = [pad + render_value(claim_payload(c), style, level) for c in added]
    if old and not kept:  # every claim removed: the list holds only the new ones, if any
        close = _skip(text, spans[last][1])
        closing = text[spans[last][1]:close] if new_text else ""
        edits.append((array_open + 1, close, ",".join(new_text) + closing))
    elif not old:
        close = _skip(text, array_open + 1)
        edits.append((array_open + 1, close, ",".join(new_text) + style.newline + style.indent * max(0, level - 1)))
    else:
        head = 0  # claims removed at the head of the list: cut up to the first kept one
        while head in removed:
            head += 1
        if head:
            edits.append((spans[0][0], _after_comma(text, spans[head - 1][1]), ""))
        for i, after in changed.items():
            start, end = spans[i]
            if after is None:
                if i > head:
                    edits.append((spans[i - 1][1], end, ""))
            else:
                payload = _ordered_like(claim_payload(after), json.loads(text[start:end]))
                edits.append((start, end, render_value(payload, style, level)))
        if new_text:
            edits.append((spans[last][1], spans[last][1], "".join("," + t for t in new_text)))
    return _apply(text, sorted(edits))


def render_documents(text: str, documents: Sequence[Document], whole: ClaimsFile) -> str:
    """The file's new text with its ``documents`` list replaced by ``documents`` (each kept in
    the key order the file uses); every byte outside that list stays as it is. A file with no
    such list gets one before its claims; ``whole`` is written canonically only if neither can
    be located."""
    payload = [d.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True) for d in documents]

    def like_the_file(old: Any) -> Any:
        by_id = {d.get("id"): d for d in old if isinstance(d, dict)} if isinstance(old, list) else {}
        return [_ordered_like(d, by_id.get(d["id"])) for d in payload]

    return render_member(text, "documents", like_the_file, whole)


def render_vocabulary(text: str, vocabulary: VocabularyExtension | None, whole: ClaimsFile) -> str:
    """The file's new text with its ``vocabulary`` member replaced (its facets and terms kept in
    the key order the file uses; an empty one removed from the text's value); every byte outside
    it stays as it is. A file with no such member gets one before its claims."""
    payload = vocabulary.model_dump(mode="json", exclude_defaults=True) if vocabulary is not None else {}
    return render_member(text, "vocabulary", lambda old: _ordered_like(payload, old), whole)


def render_member(text: str, key: str, value: Callable[[Any], Any], whole: ClaimsFile) -> str:
    """The file's new text with the top-level member ``key`` set to ``value(old value)`` (the
    old value None when the file has no such member: it is then added before ``"claims"``);
    every other byte stays as it is. ``whole`` is written canonically only if neither the member
    nor the claims can be located."""
    style = detect_style(text)
    try:
        start = member_start(text, key)
        if start is not None:
            end = value_end(text, start)
            new = value(json.loads(text[start:end]))
            return text[:start] + render_value(new, style, _level_at(text, start, style) or 1) + text[end:]
        claims = array_start(text, "claims")
        if claims is not None:
            at = text.rfind('"claims"', 0, claims)
            level = _level_at(text, at, style)
            pad = style.newline + style.indent * level
            member = json.dumps(key) + ": " + render_value(value(None), style, level) + ","
            return text[:at] + member + (pad if text[text.rfind("\n", 0, at) + 1:at].strip() == "" else " ") + text[at:]
    except (ValueError, IndexError):
        pass
    return dump_claims_file(whole, style)


def claim_changes(old: Sequence[Claim], new: Sequence[Claim]) -> tuple[dict[int, Claim | None], list[Claim]]:
    """How ``new`` differs from ``old``: ``{position in old: the new claim, or None when
    removed}`` for the claims that changed, in order, and the claims added. A claim is
    unchanged when it is the same object, or equal. The usual case (claims kept in place, some
    replaced, some appended) is found by comparing identities position by position, at C speed."""
    common = min(len(old), len(new))
    differ = list(compress(range(common), map(is_not, old[:common], new[:common])))
    if all(old[i].id == new[i].id for i in differ):  # in place: replaced, and perhaps appended
        changed: dict[int, Claim | None] = {i: new[i] for i in differ if old[i] != new[i]}
        if len(old) <= len(new):
            return changed, list(new[len(old):])
        changed.update((i, None) for i in range(len(new), len(old)))  # the tail was removed
        return changed, []
    by_id = {c.id: c for c in new}
    changed = {i: by_id.get(c.id) for i, c in enumerate(old) if by_id.get(c.id) is not c and by_id.get(c.id) != c}
    old_ids = {c.id for c in old}
    return changed, [c for c in new if c.id not in old_ids]


def _spans_by_id(text: str, claims: Sequence[Claim], wanted: set[int]) -> dict[int, tuple[int, int]] | None:
    """``{index: (start, end)}`` of the wanted elements of ``$.claims``, each found by a search
    for its ``"id"`` member as kevidence writes it, at the cost of a search through the text
    rather than a scan of every claim before it; None when any one is not found that way.

    A claim is taken only when its ``"id": "..."`` text occurs once in the whole text, as the
    first member of an object, and that object is the very claim loaded at that index
    (validated and compared). In a well-formed file such text outside a string is an object's
    ``id`` member, and only claims are objects that validate as claims, so with unique ids the
    object found is the claim. Anything else (ids written otherwise, repeated ids, an id that
    is not the first member) is left to :func:`_element_spans`.
    """
    wanted = {i for i in wanted if 0 <= i < len(claims)}
    if len({c.id for c in claims}) != len(claims):
        return None
    found: dict[int, tuple[int, int]] = {}
    for i in sorted(wanted):
        if i == 0:
            start = array_start(text, "claims")  # the first element: no search needed
            if start is None or text[start] != "{":
                return None
        else:
            needle = '"id": ' + json.dumps(claims[i].id)
            at = text.find(needle)
            if at <= 0 or text[at - 1] not in " \t\r\n{" or text.find(needle, at + len(needle)) != -1:
                return None
            start = text.rfind("{", 0, at)
            if start < 0 or text[start + 1:at].strip():
                return None
        try:
            end = value_end(text, start)
            if Claim.model_validate_json(text[start:end]) != claims[i]:
                return None
        except ValueError:  # pydantic's ValidationError is a ValueError
            return None
        found[i] = (start, end)
    return found


def _element_spans(text: str, claims: Sequence[Claim], wanted: set[int]) -> dict[int, tuple[int, int]] | None:
    """``{index: (start, end)}`` of the wanted elements of ``$.claims``, which holds ``claims``
    (None if they cannot be found)."""
    wanted = {i for i in wanted if 0 <= i < len(claims)}
    upto = max(wanted, default=0)
    ids = [c.id for c in claims[:upto + 1]]  # the scan stops at the last element wanted
    try:
        offsets = id_offsets(text, "claims", ids)
        if offsets is not None:
            return {i: element_span(text, "claims", offsets, i) for i in wanted}
        # Ids not where validation saw them: decode the elements one by one instead.
        elements = ArrayLines(text, "claims")
        if elements.span(len(claims)) is not None or (claims and elements.span(len(claims) - 1) is None):
            return None
        found = {}
        for i in wanted:
            span = elements.span(i)
            assert span is not None
            found[i] = (span[0], span[1])
        return found
    except (ValueError, IndexError):
        return None


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _after_comma(text: str, end: int) -> int:
    """Where the next element starts, after the comma that follows an element ending at ``end``."""
    return _skip(text, _skip(text, end) + 1)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    cursor = 0
    for start, end, replacement in edits:
        out.append(text[cursor:max(start, cursor)])
        out.append(replacement)
        cursor = max(cursor, end)
    out.append(text[cursor:])
    return "".join(out)


def dump_claims_file(data: ClaimsFile, style: JsonStyle = JsonStyle()) -> str:
    """The whole claims file written fresh in a style (used when there is no text to keep)."""
    payload = data.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return render_value(payload, style, 0) + style.newline
