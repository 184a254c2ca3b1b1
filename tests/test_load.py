"""kevidence.load: the three ways in, the graph it builds, and its errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import kevidence
from kevidence.graph.network import CITES, DERIVED_FROM, STATES, claim_node, document_node, source_node
from tests.conftest import MINIMAL_BIB, claim


def test_bundled_data_loads() -> None:
    kb = kevidence.load()
    assert len(kb.claims) >= 40 and set(kb.sources) == {
        "stanford2020", "maher2017", "allen2017", "orhurhu2019", "nhs2020"
    }
    assert isinstance(kb.graph, nx.MultiDiGraph)


def test_load_folder_and_explicit_files_agree(write_kb: Callable[..., Path]) -> None:
    folder = write_kb([claim("a", citations=[{"source": "smith2020"}])])
    by_folder = kevidence.load(folder)
    by_files = kevidence.load(claims=folder / "claims.json", bib=folder / "references.bib")
    assert list(by_folder.claims) == list(by_files.claims) == ["a"]
    assert by_folder.sources["smith2020"].title == by_files.sources["smith2020"].title


def test_mappings_are_read_only(write_kb: Callable[..., Path]) -> None:
    kb = kevidence.load(write_kb([claim("a")]))
    with pytest.raises(TypeError):
        kb.claims["b"] = kb.claims["a"]  # type: ignore[index]


def test_graph_nodes_and_edges(write_kb: Callable[..., Path]) -> None:
    bib = MINIMAL_BIB + "@article{review, title={A review}, cites={smith2020}}\n"
    kb = kevidence.load(write_kb({
        "documents": [{"id": "doc", "title": "Article"}],
        "claims": [
            claim("a", citations=[{"source": "review", "stance": "supports", "locator": "p. 3", "quote": "words"}],
                  stated_in=[{"document": "doc", "section": "Intro"}]),
            claim("b", derived_from=["a"], citations=[{"source": "ghost", "stance": "mentions"}]),
        ],
    }, bib=bib))
    g = kb.graph
    edge = g.get_edge_data(claim_node("a"), source_node("review"))[0]
    assert edge["relation"] == CITES and edge["locator"] == "p. 3" and edge["quote"] == "words"
    assert edge["stance"] == kevidence.Stance.SUPPORTS
    assert g.get_edge_data(source_node("review"), source_node("smith2020"))[0]["relation"] == CITES
    assert g.get_edge_data(claim_node("b"), claim_node("a"))[0]["relation"] == DERIVED_FROM
    assert g.get_edge_data(document_node("doc"), claim_node("a"))[0]["relation"] == STATES
    assert g.nodes[source_node("ghost")]["missing"] is True
    assert g.nodes[claim_node("a")]["type"] == "claim"


def test_claim_location_points_at_the_claim(write_kb: Callable[..., Path]) -> None:
    folder = write_kb([claim("a"), claim("b")])
    kb = kevidence.load(folder)
    location = kb.claim_location("b")
    assert location.json_path == "$.claims[1]"
    lines = (folder / "claims.json").read_text().splitlines()
    assert '"b"' in lines[location.line] or "{" in lines[location.line - 1]
    assert kb.source_location("smith2020").line == 1


def test_unknown_claim_suggests(write_kb: Callable[..., Path]) -> None:
    kb = kevidence.load(write_kb([claim("ketamine-crps")]))
    with pytest.raises(kevidence.UnknownClaimError, match="did you mean 'ketamine-crps'"):
        kb.claim("ketamine-cprs")


def test_missing_folder_and_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(kevidence.DataFileError, match="folder not found"):
        kevidence.load(tmp_path / "nowhere")
    with pytest.raises(kevidence.DataFileError, match="claims.json"):
        kevidence.load(tmp_path)
    with pytest.raises(kevidence.DataFileError, match="no references.bib given"):
        kevidence.load(claims=tmp_path / "c.json")


def test_lenient_load_keeps_problems(write_kb: Callable[..., Path]) -> None:
    folder = write_kb([claim("a")], bib=MINIMAL_BIB + "@article{bad, title = {x\n")
    with pytest.raises(kevidence.BibError):
        kevidence.load(folder)
    kb = kevidence.load(folder, strict=False)
    assert "smith2020" in kb.sources and len(kb.load_problems) == 1


def test_a_folder_missing_both_files_names_both(tmp_path: Path) -> None:
    with pytest.raises(kevidence.DataFileError) as caught:
        kevidence.load(tmp_path)
    shown = [str(p.location.file) for p in caught.value.problems]
    assert [Path(f).name for f in shown] == ["claims.json", "references.bib"]


def test_free_memory_is_handed_back_where_the_c_library_can() -> None:
    import platform

    from kevidence.bulk import release_free_memory

    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_free_memory() is expected


def test_locations_read_the_released_text_back_and_saves_check_it(write_kb: Callable[..., Path]) -> None:
    import os

    folder = write_kb([claim("a"), claim("b")])
    kb = kevidence.load(folder)
    assert kb._files.claims_text._text is None  # not kept in memory after loading
    text = (folder / "claims.json").read_text()
    expected = text[: text.index('"b"')].count("\n") + 1
    assert kb.claim_location("b").line in (expected - 1, expected)  # its brace or its id line
    # Touched but not changed (an editor saved it as it was): still the same text.
    touched = kevidence.load(folder)
    os.utime(folder / "claims.json", ns=(10**18, 10**18))
    assert touched.claim_location("b").line == kb.claim_location("b").line is not None
    # A file changed on disk: no lines rather than wrong ones, and a save refuses.
    other = kevidence.load(folder)
    (folder / "claims.json").write_text(text.replace('"a"', '"a2"'))
    os.utime(folder / "claims.json", ns=(1, 1))
    assert other.claim_location("b").line is None
    assert other.claim_location("b").json_path == "$.claims[1]"
    other.update_claim("a", note="x")
    with pytest.raises(kevidence.ConflictError):
        other.save()


def test_the_claims_file_is_not_held_as_bytes_and_text_while_its_claims_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The load's peak of memory is while the claims are built: the file's bytes are gone by
    # then, only its text is held (once), so the process holds the file once, not twice.
    import tracemalloc

    import kevidence.kb as kb_module
    from bench.generate import generate

    folder = generate(tmp_path / "base", 5, 3000, 0).folder
    size = (folder / "claims.json").stat().st_size
    held: list[int] = []
    build = kb_module.claims_from_text

    def measured(*args: object, **kwargs: object) -> object:
        held.append(tracemalloc.get_traced_memory()[0] - start)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kb_module, "claims_from_text", measured)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        kevidence.load(folder)
    finally:
        tracemalloc.stop()
    assert len(held) == 1
    assert size <= held[0] < 1.5 * size, f"{held[0]} bytes held for a {size}-byte file"
