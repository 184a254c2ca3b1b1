"""A save after edits splices only the edited claims' and entries' text into the files.

Two properties, over random bases written canonically and random edits:

* the save's bytes are those of a full re-serialisation of the edited base (every claim and
  entry written fresh), for edits that keep each claim's keys in the order a fresh write uses;
* for any edits, the save's bytes are those the claims writer gives when it locates each
  claim by scanning every claim before it (the way it did before claims were found by their
  ids), and the saved base reloads to the edited claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.claims import writer
from kevidence.claims.model import Claim, ClaimsFile
from kevidence.claims.writer import JsonStyle, dump_claims_file
from kevidence.sources.writer import BibStyle, render_entry

_STYLES = [JsonStyle("  ", "\n"), JsonStyle("    ", "\n"), JsonStyle("  ", "\r\n"), JsonStyle("\t", "\n", True)]
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s != "")
# A file shows that it escapes non-ASCII text by its escapes of Latin-1 letters
# (claims.writer.detect_style); for a full rewrite to be the same bytes, the text keeps to those.
_LATIN1_WORDS = st.text(st.characters(max_codepoint=0xFF, exclude_categories=("Cs", "Cc")), min_size=1,
                        max_size=12).filter(lambda s: s.strip() == s and s != "")
_KEYS = [f"src{i}" for i in range(6)]


def _claim(i: int, draw: Any, words: st.SearchStrategy[str] = _WORDS) -> dict[str, Any]:
    cited = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=3, unique=True))
    return {"id": f"c-{i}", "statement": draw(words), "kind": "background",
            "citations": [{"source": k} for k in cited], "note": draw(words)}


def _write_base(folder: Path, claims: list[dict[str, Any]], style: JsonStyle) -> None:
    data = ClaimsFile.model_validate({"claims": claims})
    (folder / "claims.json").write_bytes(dump_claims_file(data, style).encode("utf-8"))
    (folder / "references.bib").write_text(_bib({k: {"title": f"{{Title {k}}}", "year": "{2020}"} for k in _KEYS}),
                                           encoding="utf-8")


def _bib(entries: dict[str, dict[str, str]]) -> str:
    return "\n\n".join(render_entry("article", k, list(v.items()), BibStyle()) for k, v in entries.items()) + "\n"


def _edit(kb: kevidence.KnowledgeBase, draw: Any, counter: list[int], canonical: bool,
          words: st.SearchStrategy[str] = _WORDS) -> None:
    """One random edit; with ``canonical``, only edits after which a claim keeps its keys in
    the order a fresh write gives them."""
    ids = list(kb.claims)
    kinds = ["statement", "note", "link", "unlink", "add", "remove", "source"]
    if not canonical:
        kinds += ["quote", "intervention", "cite-fields"]
    kind = draw(st.sampled_from(kinds))
    if kind == "add" or not ids:
        counter[0] += 1
        kb.add_claim(_claim(1000 + counter[0], draw, words))
        return
    claim_id = draw(st.sampled_from(ids))
    claim = kb.claims[claim_id]
    if kind in ("statement", "note", "quote"):
        kb.update_claim(claim_id, **{kind: draw(words)})
    elif kind == "intervention":
        kb.update_claim(claim_id, intervention="ketamine")
    elif kind == "link":
        free = [k for k in _KEYS if k not in claim.sources]
        if free:
            kb.link(claim_id, draw(st.sampled_from(free)))
    elif kind == "unlink" and len(claim.sources) > 1:
        kb.unlink(claim_id, draw(st.sampled_from(claim.sources)))
    elif kind == "cite-fields":
        kb.update_citation(claim_id, claim.sources[0], locator=draw(words), stance="mentions")
    elif kind == "remove" and len(ids) > 1:
        kb.remove_claim(claim_id)
    elif kind == "source":
        key = draw(st.sampled_from(_KEYS))
        kb.update_source(key, {"title": f"New {counter[0]}"})


def _expected_claims_text(kb: kevidence.KnowledgeBase, style: JsonStyle) -> str:
    return dump_claims_file(ClaimsFile(claims=tuple(kb.claims.values())), style)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_save_equals_a_full_rewrite_of_the_edited_base(tmp_path_factory: pytest.TempPathFactory,
                                                         data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("base")
    style = data.draw(st.sampled_from(_STYLES))
    _write_base(folder, [_claim(i, data.draw, _LATIN1_WORDS) for i in range(data.draw(st.integers(1, 8)))], style)
    kb = kevidence.load(folder)
    counter = [0]
    for _ in range(data.draw(st.integers(1, 5))):
        # A file without non-ASCII text does not show whether it escapes it: the save
        # follows what the file shows.
        shown = writer.detect_style((folder / "claims.json").read_bytes().decode("utf-8"))
        _edit(kb, data.draw, counter, canonical=True, words=_LATIN1_WORDS)
        kb.save()
        assert (folder / "claims.json").read_bytes() == _expected_claims_text(kb, shown).encode("utf-8")
        entries = {k: {n: "{" + v + "}" for n, v in s.fields.items()} for k, s in kb.sources.items()}
        assert (folder / "references.bib").read_text(encoding="utf-8") == _bib(entries)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_save_finding_claims_by_id_equals_one_scanning_for_them(tmp_path_factory: pytest.TempPathFactory,
                                                                   data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("base")
    style = data.draw(st.sampled_from(_STYLES))
    _write_base(folder, [_claim(i, data.draw) for i in range(data.draw(st.integers(1, 8)))], style)
    kb = kevidence.load(folder)
    counter = [0]
    for _ in range(data.draw(st.integers(1, 5))):
        _edit(kb, data.draw, counter, canonical=False)
    old_text = kb._files.claims_text.text
    old, new = kb._files.claims, tuple(kb.claims.values())
    whole = kb._files.claims_file.model_copy(update={"claims": new})
    scanned = _without_id_search(lambda: writer.render_claims(old_text, old, new, whole))
    kb.save()
    saved = (folder / "claims.json").read_bytes().decode("utf-8")
    assert saved == scanned
    assert tuple(kevidence.load(folder).claims.values()) == new


def _without_id_search(run: Any) -> Any:
    found = writer._spans_by_id
    writer._spans_by_id = lambda *args: None  # type: ignore[assignment]
    try:
        return run()
    finally:
        writer._spans_by_id = found


def test_the_id_search_finds_the_claim_and_declines_what_it_cannot_be_sure_of() -> None:
    claims = (Claim(id="a", statement="x", kind="background"), Claim(id="b", statement="y", kind="background"))
    text = dump_claims_file(ClaimsFile(claims=claims))
    spans = writer._spans_by_id(text, claims, {0, 1})
    assert spans is not None
    assert json.loads(text[spans[1][0]:spans[1][1]])["id"] == "b"
    # The id written twice (here by a document of the same id) is not taken: the scan decides.
    twice = dump_claims_file(ClaimsFile.model_validate({"documents": [{"id": "b", "title": "T"}], "claims": claims}))
    assert writer._spans_by_id(twice, claims, {1}) is None
    assert writer._element_spans(twice, claims, {1}) is not None
    # An id that is not the first member, or an element that is not the claim loaded there.
    moved = text.replace('"id": "b",\n      "statement": "y"', '"statement": "y",\n      "id": "b"')
    assert moved != text
    assert writer._spans_by_id(moved, claims, {1}) is None
    assert writer._spans_by_id(text, (claims[0], claims[1].model_copy(update={"statement": "z"})), {1}) is None
