"""The editing API: each edit validated at once, the base unchanged on failure, the graph consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

import kevidence
from kevidence import EditError, UnknownClaimError, UnknownSourceError
from kevidence.graph.network import build_graph


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge base in a temporary folder."""
    for name in ("claims.json", "references.bib"):
        shutil.copy(kevidence.bundled_data_dir() / name, tmp_path / name)
    return tmp_path


def same_graph(kb: kevidence.KnowledgeBase) -> bool:
    fresh = build_graph(kb.claims.values(), kb.sources, kb.documents.values())
    return nx.utils.graphs_equal(kb.graph, fresh)


def snapshot(kb: kevidence.KnowledgeBase) -> tuple[object, ...]:
    return dict(kb.claims), dict(kb.sources), sorted(kb.graph.edges(keys=True, data=True), key=repr)


def test_add_link_update_unlink_remove(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_claim({"id": "new-one", "statement": "S", "kind": "efficacy", "intervention": "ketamine-iv"})
    kb.link("new-one", "maher2017", locator="p. 661")
    assert kb.graph.has_edge("claim:new-one", "source:maher2017")
    kb.update_claim("new-one", conditions=["crps"])
    assert kb.claims["new-one"].conditions == ("crps",)
    assert kb.claims["new-one"].citations[0].locator == "p. 661"
    kb.unlink("new-one", "maher2017")
    assert not kb.graph.has_edge("claim:new-one", "source:maher2017")
    assert same_graph(kb)
    kb.remove_claim("new-one")
    assert "new-one" not in kb.claims and "claim:new-one" not in kb.graph
    assert same_graph(kb)


@pytest.mark.parametrize(
    "claim, fragment",
    [
        ({"id": "x", "statement": "S", "kind": "efficacy", "intervention": "ketamine-ivv"}, "did you mean 'ketamine-iv'"),
        ({"id": "x", "statement": "S", "kind": "efficacy", "derived_from": ["nope"]}, "unknown claim 'nope'"),
        ({"id": "x", "statement": "S", "kind": "efficacy", "colour": "red"}, "unknown field 'colour'"),
        ({"id": "Bad Id", "statement": "S", "kind": "efficacy"}, "$.id"),
        ({"id": "x", "statement": "S", "kind": "efficacy", "stated_in": [{"document": "zz"}]}, "unknown document 'zz'"),
    ],
)
def test_invalid_claims_are_refused_and_change_nothing(kb_dir: Path, claim: dict, fragment: str) -> None:
    kb = kevidence.load(kb_dir)
    before = snapshot(kb)
    with pytest.raises(EditError) as info:
        kb.add_claim(claim)
    assert fragment in str(info.value)
    assert snapshot(kb) == before


def test_duplicate_id_and_id_change_are_refused(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    existing = next(iter(kb.claims))
    with pytest.raises(EditError, match="already exists"):
        kb.add_claim({"id": existing, "statement": "S", "kind": "background"})
    with pytest.raises(EditError, match="ids are stable"):
        kb.update_claim(existing, id="renamed")


def test_remove_refused_while_claims_derive_from_it(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_claim({"id": "parent", "statement": "P", "kind": "background"})
    kb.add_claim({"id": "child", "statement": "C", "kind": "background", "derived_from": ["parent"]})
    with pytest.raises(EditError) as info:
        kb.remove_claim("parent")
    assert "'child' is derived from it" in str(info.value)
    assert "parent" in kb.claims
    kb.remove_claim("child")
    kb.remove_claim("parent")
    assert same_graph(kb)


def test_link_errors(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    claim = next(iter(kb.claims))
    with pytest.raises(UnknownSourceError, match="did you mean 'maher2017'"):
        kb.link(claim, "maher2071")
    with pytest.raises(UnknownClaimError):
        kb.link("no-such-claim", "maher2017")
    cited = kb.claims[claim].sources[0]
    with pytest.raises(EditError, match="already cites"):
        kb.link(claim, cited)
    with pytest.raises(EditError):
        kb.link(claim, "allen2017" if cited != "allen2017" else "maher2017", stance="agrees")


def test_sources_add_update_remove(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_source(key="new2024", entry_type="article", fields={"title": "T", "cites": "maher2017"})
    assert kb.graph.has_edge("source:new2024", "source:maher2017")
    kb.update_source("new2024", {"cites": "allen2017"})
    assert kb.graph.has_edge("source:new2024", "source:allen2017")
    assert not kb.graph.has_edge("source:new2024", "source:maher2017")
    assert same_graph(kb)
    cited = next(k for c in kb.claims.values() for k in c.sources)
    with pytest.raises(EditError, match="cites it"):
        kb.remove_source(cited)
    kb.remove_source("new2024")
    assert same_graph(kb)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"key": "maher2017", "fields": {"title": "x"}}, "already exists"),
        ({"key": "bad key", "fields": {}}, "invalid BibTeX key"),
        ({"key": "ok", "fields": {"title": "{unbalanced"}}, "do not balance"),
        ({"key": "ok", "fields": {"studydesign": "astrology"}}, "unknown studydesign"),
        ({"key": "ok", "fields": {"bad name": "x"}}, "invalid field name"),
    ],
)
def test_invalid_sources_are_refused(kb_dir: Path, kwargs: dict, fragment: str) -> None:
    kb = kevidence.load(kb_dir)
    before = snapshot(kb)
    with pytest.raises(EditError, match=fragment):
        kb.add_source(**kwargs)
    assert snapshot(kb) == before


def test_add_source_from_bibtex_needs_one_valid_entry(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    with pytest.raises(EditError, match="exactly one entry"):
        kb.add_source("@misc{a, title={A}}\n@misc{b, title={B}}")
    with pytest.raises(EditError, match="could not be read"):
        kb.add_source("@misc{a, title={A}")


def test_edits_survive_save_and_load(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_source("@book{newbook2020,\n  title = {A Book},\n  year = 2020\n}")
    kb.add_claim({"id": "saved-claim", "statement": "S", "kind": "background"})
    kb.link("saved-claim", "newbook2020", quote="words")
    assert kb.modified
    kb.save()
    assert not kb.modified
    again = kevidence.load(kb_dir)
    assert dict(again.claims) == dict(kb.claims)
    assert {k: (s.entry_type, dict(s.fields)) for k, s in again.sources.items()} == {
        k: (s.entry_type, dict(s.fields)) for k, s in kb.sources.items()
    }
    assert again.claim_location("saved-claim").line is not None


def test_queries_see_edits_at_once(tmp_path) -> None:
    import shutil

    import kevidence

    folder = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), folder)
    kb = kevidence.load(folder)
    before = {c.id for c in kb.query(condition="crps")}
    kb.add_claim({"id": "new-crps-claim", "statement": "New.", "kind": "efficacy", "conditions": ["crps"]})
    assert {c.id for c in kb.query(condition="crps")} == before | {"new-crps-claim"}
    kb.update_claim("new-crps-claim", conditions=["fibromyalgia"])
    assert {c.id for c in kb.query(condition="crps")} == before
    kb.remove_claim("new-crps-claim")
    assert "new-crps-claim" not in {c.id for c in kb.query(condition="fibromyalgia")}


def test_a_save_keeps_the_objects_the_strictness_and_the_graph_and_reads_nothing_again(
        kb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kevidence.kb

    (kb_dir / "references.bib").write_text(
        (kb_dir / "references.bib").read_text(encoding="utf-8") + "\n@article{broken,\n  title = {Unclosed\n",
        encoding="utf-8")
    kb = kevidence.load(kb_dir, strict=False)
    assert kb.load_problems and not kb.strict
    graph = kb.graph
    claim = kb.link("ketamine-dose-response", "maher2017", locator="p. 2")
    source = kb.update_source("allen2017", {"note": "checked"})
    kept = kb.claim("crps-definition")

    def no_reload(*args: object, **kwargs: object) -> None:
        raise AssertionError("a save must not read the base again")

    monkeypatch.setattr(kevidence.kb, "claims_from_text", no_reload)
    monkeypatch.setattr(kevidence.kb, "load_bib", no_reload)
    assert sorted(p.name for p in kb.save()) == ["claims.json", "references.bib"]
    assert kb.claim("ketamine-dose-response") is claim and kb.source("allen2017") is source
    assert kb.claim("crps-definition") is kept
    assert kb.graph is graph and same_graph(kb)
    assert not kb.strict and kb.load_problems
    assert not kb.modified
    # The record moved on: a second save and the lines are right without a new load.
    kb.add_source(key="new2024", entry_type="misc", fields={"title": "New"})
    kb.unlink("ketamine-dose-response", "maher2017")
    kb.save()
    monkeypatch.undo()
    reloaded = kevidence.load(kb_dir, strict=False)
    assert dict(reloaded.claims) == dict(kb.claims)
    assert {k: s.fields for k, s in reloaded.sources.items()} == {k: s.fields for k, s in kb.sources.items()}
    for claim_id in reloaded.claims:
        assert reloaded.claim_location(claim_id) == kb.claim_location(claim_id)
    for key in reloaded.sources:
        assert reloaded.source_location(key) == kb.source_location(key)
    assert kb.source_location("new2024").line is not None


def test_kb_source_is_the_twin_of_kb_claim(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    assert kb.source("maher2017") is kb.sources["maher2017"]
    with pytest.raises(UnknownSourceError, match="did you mean 'maher2017'"):
        kb.source("maher2071")
