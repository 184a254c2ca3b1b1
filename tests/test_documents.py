"""Starting a base and editing its documents from Python: create, add/update/remove a document,
saved losslessly (only the documents list changes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.kb import create


def test_create_starts_an_empty_base_that_loads_and_checks(tmp_path: Path) -> None:
    kb = create(tmp_path / "new" / "kb")
    assert (len(kb.claims), len(kb.sources), len(kb.documents)) == (0, 0, 0)
    folder = tmp_path / "new" / "kb"
    assert json.loads((folder / "claims.json").read_text())["$schema"] == "./claims.schema.json"
    schema = json.loads((folder / "claims.schema.json").read_text())
    assert "documents" in schema["properties"]
    assert list(kb.audit().findings) == []


def test_create_refuses_an_existing_base_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "claims.json").write_text("{}", encoding="utf-8")
    with pytest.raises(kevidence.DataFileError, match="already there") as caught:
        create(tmp_path)
    assert "claims.json" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.json"]
    assert (tmp_path / "claims.json").read_text() == "{}"


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    for name in ("claims.json", "references.bib"):
        shutil.copy(kevidence.bundled_data_dir() / name, tmp_path / name)
    return tmp_path


def test_a_document_edit_changes_only_the_documents_list(bundled_copy: Path) -> None:
    before = (bundled_copy / "claims.json").read_text(encoding="utf-8")
    kb = kevidence.load(bundled_copy)
    kb.add_document({"id": "scs-leaflet", "title": "Spinal cord stimulation", "path": "articles/scs.txt"})
    assert kb.modified
    kb.save()
    after = (bundled_copy / "claims.json").read_text(encoding="utf-8")
    cut = before.index('"claims": [')
    assert after.endswith(before[cut:])  # every claim's bytes as they were
    assert after.startswith(before[:before.index('"documents": [')])
    again = kevidence.load(bundled_copy)
    assert again.documents["scs-leaflet"].path == "articles/scs.txt"
    assert list(again.documents) == [*kevidence.load().documents, "scs-leaflet"]
    again.update_document("scs-leaflet", title="SCS: what to expect", path=None)
    again.save()
    third = kevidence.load(bundled_copy)
    assert third.documents["scs-leaflet"].title == "SCS: what to expect"
    assert third.documents["scs-leaflet"].path is None


def test_document_edits_are_checked(bundled_copy: Path) -> None:
    kb = kevidence.load(bundled_copy)
    [document] = kb.documents
    with pytest.raises(kevidence.EditError, match="already exists"):
        kb.add_document({"id": document, "title": "again"})
    with pytest.raises(kevidence.EditError) as caught:
        kb.add_document({"id": "Not A Slug", "title": ""})
    paths = {p.location.json_path for p in caught.value.problems}
    assert {"$.id", "$.title"} <= paths
    with pytest.raises(kevidence.EditError, match="ids are stable"):
        kb.update_document(document, id="other")
    with pytest.raises(kevidence.EditError, match="claims are stated in it"):
        kb.remove_document(document)
    with pytest.raises(kevidence.EditError, match="did you mean"):
        kb.document(document[:-1])
    assert not kb.modified


def test_a_new_document_can_state_claims_and_be_removed_when_empty(bundled_copy: Path) -> None:
    kb = kevidence.load(bundled_copy)
    kb.add_document({"id": "tens", "title": "TENS for pain"})
    kb.add_claim({"id": "tens-relief", "statement": "TENS may ease pain.", "kind": "efficacy",
                  "stated_in": [{"document": "tens"}]})
    assert "document:tens" in kb.graph
    kb.save()
    kb = kevidence.load(bundled_copy)
    kb.remove_claim("tens-relief")
    kb.remove_document("tens")
    kb.save()
    assert "tens" not in kevidence.load(bundled_copy).documents
    assert (bundled_copy / "claims.json").read_text(encoding="utf-8") == \
        (kevidence.bundled_data_dir() / "claims.json").read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(titles=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=4),
       indent=st.sampled_from([0, 2, 4, "\t"]), with_list=st.booleans())
def test_documents_round_trip_in_any_layout(tmp_path_factory: pytest.TempPathFactory, titles: list[str],
                                            indent: int | str, with_list: bool) -> None:
    folder = tmp_path_factory.mktemp("kb")
    data: dict[str, object] = {"documents": []} if with_list else {}
    data["claims"] = [{"id": "c1", "statement": "s", "kind": "background"}]
    (folder / "claims.json").write_text(json.dumps(data, indent=indent or None), encoding="utf-8")
    (folder / "references.bib").write_text("", encoding="utf-8")
    kb = kevidence.load(folder)
    for i, title in enumerate(titles):
        kb.add_document({"id": f"d{i}", "title": title})
    kb.save()
    again = kevidence.load(folder)
    assert [d.title for d in again.documents.values()] == titles
    assert again.claims["c1"].statement == "s"
