"""Lossless claims.json writing: unchanged text stays, an edit touches one claim's span."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.claims.model import Claim, ClaimsFile
from kevidence.claims.store import parse_claims
from kevidence.claims.writer import render_claims

TEXT = (
    '{\r\n    "claims": [\r\n        {"id": "a", "kind": "background", "statement": "Ä one"},\r\n'
    '        {\r\n            "statement": "two",\r\n            "id": "b",\r\n            "kind": "background"\r\n        }\r\n'
    '    ],\r\n    "documents": []\r\n}'
)


def parsed(text: str) -> ClaimsFile:
    return parse_claims(text)[0]


def test_unchanged_claims_give_the_same_text() -> None:
    data = parsed(TEXT)
    assert render_claims(TEXT, data.claims, data.claims, data) == TEXT


def test_edit_changes_only_that_claim_and_keeps_key_order() -> None:
    data = parsed(TEXT)
    b = data.claims[1].model_copy(update={"statement": "changed"})
    out = render_claims(TEXT, data.claims, (data.claims[0], b), data)
    start = TEXT.index('        {\r\n            "statement"')
    end = TEXT.index("        }\r\n    ]") + len("        }")
    assert out[:start] == TEXT[:start]
    assert out.endswith(TEXT[end:])
    assert out[start:len(out) - len(TEXT[end:])] == (
        '        {\r\n            "statement": "changed",\r\n            "id": "b",\r\n'
        '            "kind": "background"\r\n        }'
    )


def test_remove_first_and_append_new() -> None:
    data = parsed(TEXT)
    new = Claim(id="c", statement="three", kind="service")
    out = render_claims(TEXT, data.claims, (data.claims[1], new), data)
    again = parsed(out)
    assert [c.id for c in again.claims] == ["b", "c"]
    assert again.claims[1] == new
    assert '\r\n        {\r\n            "id": "c",' in out


def test_append_to_an_empty_list() -> None:
    text = '{\n  "claims": []\n}\n'
    data = parsed(text)
    new = Claim(id="c", statement="x", kind="service")
    out = render_claims(text, data.claims, (new,), data)
    assert out == '{\n  "claims": [\n    {\n      "id": "c",\n      "statement": "x",\n      "kind": "service"\n    }\n  ]\n}\n'


def test_bundled_claims_round_trip() -> None:
    kb = kevidence.load()
    text = kb._files.claims_text.text
    claims = tuple(kb.claims.values())
    assert render_claims(text, claims, claims, kb._files.claims_file) == text


_ids = st.lists(st.from_regex(r"[a-z]{1,5}", fullmatch=True), unique=True, max_size=6)


@settings(max_examples=80, deadline=None)
@given(_ids, st.data())
def test_any_sequence_of_edits_reloads_to_the_same_claims(ids: list[str], data: st.DataObject) -> None:
    claims = [Claim(id=i, statement=f"s {i}", kind="background") for i in ids]
    text = json.dumps({"claims": [json.loads(c.model_dump_json(exclude_unset=True)) for c in claims]},
                      indent=data.draw(st.sampled_from([2, 4])))
    old = parsed(text)
    kept = [c for c in old.claims if data.draw(st.booleans())]
    changed = [c.model_copy(update={"note": "n"}) if data.draw(st.booleans()) else c for c in kept]
    added = [Claim(id=f"new-{i}", statement="é", kind="service") for i in range(data.draw(st.integers(0, 2)))]
    new = tuple(changed + added)
    out = render_claims(text, old.claims, new, old.model_copy(update={"claims": new}))
    assert parsed(out).claims == new
