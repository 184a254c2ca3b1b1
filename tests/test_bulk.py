"""Memory helpers of bulk loading: shared fields-set records stay correct under copies."""

from __future__ import annotations

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
