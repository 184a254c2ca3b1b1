"""claims.json validation: every problem at once, each with a JSON path and a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.claims.jsonpos import path_to_str, value_lines
from kevidence.claims.store import dump_claims, load_claims, parse_claims
from kevidence.errors import ClaimsError, DataFileError, KevidenceError
from tests.conftest import claim


def _problems(text: str) -> list[str]:
    with pytest.raises(ClaimsError) as info:
        parse_claims(text, Path("claims.json"))
    return [str(p) for p in info.value.problems]


def test_unknown_field_names_path_line_and_suggests_the_field() -> None:
    text = json.dumps({"claims": [claim("a"), claim("b", statment="typo")]}, indent=2)
    (problem,) = _problems(text)
    assert "claims.json:" in problem
    assert "$.claims[1].statment" in problem
    assert "unknown field 'statment'" in problem and "did you mean 'statement'" in problem
    line = int(problem.split(":")[1].split()[0])
    assert '"statment"' in text.splitlines()[line - 1]


def test_every_problem_is_listed_not_only_the_first() -> None:
    doc = {
        "claims": [
            claim("a", kind="miracle"),
            claim("b", relief="forever-ish"),
            claim("a", conditions=["cprs"]),
            claim("Bad Id"),
            {"id": "d", "kind": "efficacy"},
        ]
    }
    problems = _problems(json.dumps(doc, indent=2))
    joined = "\n".join(problems)
    assert "$.claims[0].kind" in joined
    assert "$.claims[1].relief" in joined and "forever-ish" in joined
    assert "$.claims[3].id" in joined
    assert "$.claims[4].statement" in joined and "missing" in joined
    assert len(problems) >= 4


def test_cross_file_problems_duplicate_ids_vocabulary_and_targets() -> None:
    doc = {
        "claims": [
            claim("a", conditions=["cprs"], derived_from=["nope"], stated_in=[{"document": "ghost"}]),
            claim("a"),
        ]
    }
    joined = "\n".join(_problems(json.dumps(doc, indent=2)))
    assert "duplicate claim id 'a'" in joined and "$.claims[1].id" in joined
    assert "unknown condition 'cprs' (did you mean 'crps'?)" in joined
    assert "derived_from names unknown claim 'nope'" in joined
    assert "unknown document 'ghost'" in joined


def test_invalid_json_names_line_and_column() -> None:
    text = '{\n  "claims": [\n    {"id": "a",}\n  ]\n}\n'
    (problem,) = _problems(text)
    assert "claims.json:3" in problem and "column" in problem


@pytest.mark.parametrize("text", ["[]", '"claims"', "{}", '{"claims": {}}', "null"])
def test_wrong_shapes_are_clear_errors(text: str) -> None:
    try:
        data, _, _ = parse_claims(text, Path("claims.json"))
    except ClaimsError as error:
        assert error.problems and all(p.location.file == "claims.json" for p in error.problems)
    else:
        assert text == "{}" and data.claims == ()


def test_missing_and_non_utf8_files_are_data_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not found"):
        load_claims(tmp_path / "nope.json")
    bad = tmp_path / "latin.json"
    bad.write_bytes('{"claims": []}\n"caf\xe9"'.encode("latin-1"))
    with pytest.raises(DataFileError) as info:
        load_claims(bad)
    assert info.value.problems[0].location.line == 2
    assert "UTF-8" in str(info.value)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"claims": [claim("a")]}).encode())
    data, _, _ = load_claims(path)
    assert [c.id for c in data.claims] == ["a"]


def test_vocabulary_extension_makes_new_terms_valid() -> None:
    doc = {
        "vocabulary": {"conditions": [{"id": "trigeminal-neuralgia", "label": "Trigeminal neuralgia",
                                        "parents": ["chronic-neuropathic-pain"]}]},
        "claims": [claim("a", conditions=["trigeminal-neuralgia"])],
    }
    data, vocab, _ = parse_claims(json.dumps(doc))
    from kevidence.claims.vocabulary import Facet

    assert "trigeminal-neuralgia" in vocab.narrower(Facet.CONDITION, "chronic-pain")
    assert data.claims[0].conditions == ("trigeminal-neuralgia",)


def test_value_lines_maps_paths_to_lines() -> None:
    text = '{\n  "a": [\n    1,\n    {"b": "x"}\n  ],\n  "c": null\n}'
    lines = value_lines(text)
    assert lines[("a",)] == 2 and lines[("a", 0)] == 3 and lines[("a", 1, "b")] == 4 and lines[("c",)] == 6
    assert path_to_str(("claims", 3, "relief")) == "$.claims[3].relief"


_claim_strategy = st.builds(
    lambda i, kind, relief: claim(f"c{i}", kind=kind, **({"relief": relief} if relief else {})),
    st.integers(0, 10_000),
    st.sampled_from(["efficacy", "safety", "background"]),
    st.sampled_from([None, "two weeks", "several months in some cases", {"text": "a while", "min": "P1W"}]),
)


@settings(max_examples=60)
@given(st.lists(_claim_strategy, max_size=6, unique_by=lambda c: c["id"]))
def test_dump_then_parse_round_trips(claims: list[dict]) -> None:
    data, _, _ = parse_claims(json.dumps({"claims": claims}))
    again, _, _ = parse_claims(dump_claims(data))
    assert again == data
    assert json.loads(dump_claims(data))["claims"] == claims


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_parse_claims_never_raises_anything_but_kevidence_errors(text: str) -> None:
    try:
        parse_claims(text, Path("claims.json"))
    except KevidenceError as error:
        assert error.problems
