"""A long-running tool: a loaded base tells when its files changed and reloads them; reads
from many threads at once agree."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest

import kevidence
from kevidence.graph.query import FACETS


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir()
    for name in ("claims.json", "references.bib"):
        shutil.copy(kevidence.bundled_data_dir() / name, folder / name)
    return folder


def _edit_elsewhere(folder: Path) -> None:
    """Another program (an editor) removes a claim's crps condition and a citation, and saves."""
    other = kevidence.load(folder)
    other.update_claim("crps-definition", conditions=[])
    other.unlink("crps-six-ketamine-studies", "maher2017")
    other.save()


def test_a_base_sees_that_its_files_changed_and_reloads_them(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    before = [c.id for c in kb.query(condition="crps")]
    assert kb.graph.has_edge("claim:crps-six-ketamine-studies", "source:maher2017")  # built now
    assert "crps-definition" in before
    assert kb.changed_on_disk() is False
    assert kb.reload() is False  # nothing changed: nothing read

    _edit_elsewhere(kb_dir)
    assert kb.changed_on_disk() is True
    assert kb.reload() is True
    assert kb.changed_on_disk() is False
    after = [c.id for c in kb.query(condition="crps")]
    assert after == [c for c in before if c != "crps-definition"]  # no stale index
    assert kb.claims["crps-definition"].conditions == ()
    assert not kb.graph.has_edge("claim:crps-six-ketamine-studies", "source:maher2017")  # the graph too
    kb.link("crps-definition", "maher2017")  # the reloaded base edits and saves normally
    kb.save()
    assert kevidence.load(kb_dir).claims["crps-definition"].citations[0].source == "maher2017"


def test_reload_keeps_unsaved_edits_unless_told(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.link("crps-definition", "maher2017")
    _edit_elsewhere(kb_dir)
    with pytest.raises(kevidence.EditError, match="not saved"):
        kb.reload()
    assert kb.claims["crps-definition"].citations  # the edit is still there
    assert kb.reload(discard_edits=True) is True
    assert kb.claims["crps-definition"].citations == ()


def test_a_touched_but_unchanged_file_is_no_change(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    claims = kb_dir / "claims.json"
    claims.write_bytes(claims.read_bytes())  # new modification time, same bytes
    assert kb.changed_on_disk() is False


def test_a_base_in_memory_never_changes_on_disk() -> None:
    kb = kevidence.KnowledgeBase.from_models(kevidence.load().claims.values())
    assert kb.changed_on_disk() is False
    assert kb.reload() is False


def test_threads_running_first_queries_on_a_fresh_base_agree(kb_dir: Path) -> None:
    # threads switch every microsecond, so that a lazily built index is read half made if it can be
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        _threads_agree(kb_dir)
    finally:
        sys.setswitchinterval(interval)


def _threads_agree(kb_dir: Path) -> None:
    expected_kb = kevidence.load(kb_dir)
    questions = [{"condition": "crps"}, {"intervention": "ketamine-iv"}, {"pain_type": "neuropathic"},
                 {"condition": "crps", "intervention": "ketamine-iv"}, {"kind": "efficacy"}, {},
                 {"min_relief": "P2W"}, {"min_relief": "P1W"}, {"max_relief": "P6M"}, {"max_relief": "P1Y"}]
    expected = [[c.id for c in expected_kb.query(**q)] for q in questions]  # type: ignore[arg-type]
    assert FACETS  # the facets the questions use are real ones
    for _ in range(20):
        kb = kevidence.load(kb_dir)  # fresh: no index, no graph yet
        answers: dict[int, list[list[str]]] = {}
        traces: dict[int, str] = {}
        start = threading.Barrier(8)

        def ask(n: int, kb: kevidence.KnowledgeBase = kb) -> None:
            start.wait()
            answers[n] = [[c.id for c in kb.query(**q)] for q in questions]  # type: ignore[arg-type]
            traces[n] = kb.trace("crps-six-ketamine-studies").to_json()
        threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(a == expected for a in answers.values()), answers
        assert len(answers) == 8 and len(set(traces.values())) == 1
