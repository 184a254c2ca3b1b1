"""Memory helpers of bulk loading: shared fields-set records stay correct under copies."""

from __future__ import annotations

import json
from pathlib import Path

from kevidence import Citation, Claim
from kevidence.claims.writer import claim_payload


def test_models_with_the_same_set_fields_share_one_record_and_copies_do_not_leak() -> None:
    a = Claim.model_validate({"id": "a", "statement": "x", "kind": "efficacy"})
    b = Claim.model_validate({"id": "b", "statement": "y", "kind": "background"})
    c = Claim.model_validate({"id": "c", "statement": "z", "kind": "efficacy", "note": "n"})
    assert a.model_fields_set is b.model_fields_set  # shared: same keys given
    assert c.model_fields_set == {"id", "statement", "kind", "note"}
    copied = a.model_copy(update={"note": "added"})
    assert "note" in copied.model_fields_set
    assert a.model_fields_set == b.model_fields_set == {"id", "statement", "kind"}  # untouched
    # What a save writes still follows each model's own set fields.
    assert "note" not in claim_payload(b) and claim_payload(copied)["note"] == "added"
    explicit = Citation.model_validate({"source": "k", "stance": "supports"})
    assert claim_payload(Claim(id="d", statement="w", kind="efficacy", citations=[explicit]))["citations"] == [
        {"source": "k", "stance": "supports"}
    ]


def test_a_load_keeps_one_object_per_repeated_value_and_writes_the_same_bytes(tmp_path: Path) -> None:
    from kevidence.bulk import sharing
    from kevidence.claims.model import Claim, ClaimsFile
    from kevidence.claims.store import parse_claims
    from kevidence.claims.writer import dump_claims_file

    stated = {"document": "doc", "section": "Dose", "markers": ["[1]"]}
    claims = [{"id": f"c{i}", "statement": f"s{i}", "kind": "background", "conditions": ["crps"],
               "relief": "several weeks", "stated_in": [stated]} for i in range(3)]
    claims.append({"id": "d", "statement": "t", "kind": "background", "conditions": ["crps"],
                   "relief": {"text": "several weeks", "approximate": True}, "stated_in": [{"document": "doc"}]})
    text = json.dumps({"documents": [{"id": "doc", "title": "T"}], "claims": claims}, indent=2) + "\n"
    loaded = parse_claims(text)[0].claims
    first, second, third, other = loaded
    assert second.conditions is first.conditions and second.stated_in[0] is first.stated_in[0]
    assert second.relief is first.relief
    # equal values given differently stay apart: what each writes back is its own
    assert other.relief is not first.relief and other.stated_in[0] is not first.stated_in[0]
    assert other.relief.model_dump(exclude_unset=True) == {"text": "several weeks", "approximate": True}
    assert dump_claims_file(ClaimsFile.model_validate_json(text)) == dump_claims_file(parse_claims(text)[0])
    # outside a load, nothing is shared
    again = [Claim.model_validate(c) for c in claims[:2]]
    assert again[0].conditions is not again[1].conditions
    with sharing():
        shared = [Claim.model_validate(c) for c in claims[:2]]
    assert shared[0].conditions is shared[1].conditions
