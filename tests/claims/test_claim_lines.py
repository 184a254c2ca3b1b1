"""Claim lines found by the fast element index agree with the full JSON path scanner."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.claims.jsonpos import ArrayLines, line_of, value_lines
from kevidence.claims.store import ClaimsText

_text = st.text(alphabet=st.sampled_from('ab "\\{}[],:\n\t\u00e9'), max_size=12)
_claim = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z]{1,6}", fullmatch=True)},
    optional={
        "statement": _text,
        "citations": st.lists(st.fixed_dictionaries({"source": _text}, optional={"quote": _text}), max_size=3),
        "conditions": st.lists(_text, max_size=2),
    },
)
_file = st.fixed_dictionaries(
    {"claims": st.lists(_claim, max_size=8)},
    optional={"documents": st.lists(st.fixed_dictionaries({"id": _text}), max_size=2), "$schema": _text},
)
_layout = st.sampled_from([None, 0, 1, 2, 4])


def _paths(data: dict) -> list[tuple]:
    paths: list[tuple] = []
    for i, claim in enumerate(data["claims"]):
        paths += [("claims", i), ("claims", i, "id"), ("claims", i, "missing")]
        for j, _ in enumerate(claim.get("citations", [])):
            paths += [("claims", i, "citations", j), ("claims", i, "citations", j, "source")]
    return paths + [("claims", len(data["claims"])), ("claims", len(data["claims"]) + 5)]


@settings(max_examples=150, deadline=None)
@given(_file, _layout, st.booleans())
def test_claim_lines_agree_with_the_full_scan(data: dict, indent: int | None, keys_first: bool) -> None:
    if keys_first and "documents" in data:
        data = {"documents": data["documents"], **data}
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    full = value_lines(text)
    fast = ClaimsText(None, text)
    for path in _paths(data):
        assert fast.line(path) == line_of(text, path, full), path


def test_lines_count_blank_lines_between_claims() -> None:
    text = '{"documents": [],\n "claims": [\n\n  {"id": "a"},\n\n\n  {"id": "b",\n "kind": "x"}]}'
    index = ArrayLines(text, "claims")
    assert index.span(0)[2] == 4
    assert index.span(1)[2] == 7
    assert index.span(2) is None


def test_broken_text_falls_back_to_the_full_scan() -> None:
    text = '{"claims": [\n {"id": "a"},\n {"id": \n'
    assert ArrayLines(text, "claims").span(1) is None
    assert ClaimsText(None, text).line(("claims", 1)) == line_of(text, ("claims", 1))


def test_no_claims_key() -> None:
    assert ArrayLines('{"documents": []}', "claims").span(0) is None
    assert ArrayLines('{"claims": {}}', "claims").span(0) is None


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_file, _layout, st.booleans())
def test_id_lines_agree_with_the_element_index(data: dict, indent: int | None, keys_first: bool) -> None:
    from kevidence.claims.jsonpos import id_lines

    if keys_first and "documents" in data:
        data = {"documents": data["documents"], **data}
    # Unique ids, as validated files have; put "id" last in some claims (the line is then its own).
    ids = [f"{claim['id']}-{i}" for i, claim in enumerate(data["claims"])]
    for i, claim in enumerate(data["claims"]):
        claim["id"] = ids[i]
        if i % 2:
            claim["id"] = claim.pop("id")
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    found = id_lines(text, "claims", ids)
    assert found is not None
    elements = ArrayLines(text, "claims")
    full = value_lines(text)
    for i, claim in enumerate(data["claims"]):
        first_member = next(iter(claim)) == "id"
        expected = elements.span(i)[2] if first_member else line_of(text, ("claims", i, "id"), full)
        assert found[i] == expected
    # The writer's spans come from the same offsets: each is exactly the element's text.
    from kevidence.claims.jsonpos import element_span, id_offsets

    offsets = id_offsets(text, "claims", ids)
    assert offsets is not None
    for i in range(len(ids)):
        start, end, _ = elements.span(i)
        assert element_span(text, "claims", offsets, i) == (start, end)
    if ids:  # the scan may stop early: the first offsets are the same
        assert id_offsets(text, "claims", ids[:1]) == offsets[:1]
    # Ids the text does not hold, in that order, give no lines rather than wrong ones.
    if len(ids) > 1:
        assert id_lines(text, "claims", list(reversed(ids))) is None
    assert id_lines(text, "claims", [*ids, "extra"]) is None
