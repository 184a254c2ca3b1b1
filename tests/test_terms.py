"""A base's own vocabulary terms, added from Python (kb.add_term) and the command line
(kevidence term add): checked first, saved losslessly under "vocabulary" in claims.json,
usable at once by queries, claims and drafts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence import EditError, Facet

SCRAMBLER = {"id": "scrambler-therapy", "label": "Scrambler therapy", "synonyms": ["Calmare therapy"],
             "parents": ["neuromodulation"]}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kevidence", *map(str, args)], capture_output=True, text=True,
                          check=False, timeout=120)


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


def test_a_term_added_is_saved_and_usable(bundled: Path) -> None:
    before = (bundled / "claims.json").read_text(encoding="utf-8")
    kb = kevidence.load(bundled)
    term = kb.add_term("intervention", SCRAMBLER)
    assert term.id == "scrambler-therapy" and kb.modified
    assert kb.add_claim({"id": "scrambler-eases-cipn", "statement": "Scrambler therapy may ease neuropathy.",
                         "kind": "efficacy", "intervention": "scrambler-therapy"}).intervention == "scrambler-therapy"
    assert [c.id for c in kb.query(intervention="neuromodulation")] == ["scrambler-eases-cipn"]  # below its parent
    assert [p.name for p in kb.save()] == ["claims.json"] and not kb.modified
    after = (bundled / "claims.json").read_text(encoding="utf-8")
    # Every byte before the new member and of the claims already there is kept.
    head = before[:before.index('"claims"')]
    claims = before[before.index('"claims"'):before.rindex("}\n  ]") + 1]  # up to the last claim's brace
    assert after.startswith(head) and claims in after
    again = kevidence.load(bundled)
    assert again.vocabulary.term(Facet.INTERVENTION, "scrambler-therapy").synonyms == ("Calmare therapy",)
    assert json.loads(after)["vocabulary"] == {"interventions": [SCRAMBLER]}


def test_a_second_term_keeps_the_first_and_the_files_layout(bundled: Path) -> None:
    kb = kevidence.load(bundled)
    kb.add_term(Facet.INTERVENTION, SCRAMBLER)
    kb.save()
    first = (bundled / "claims.json").read_text(encoding="utf-8")
    kb = kevidence.load(bundled)
    kb.add_term("condition", {"id": "erythromelalgia", "label": "Erythromelalgia",
                              "parents": ["chronic-neuropathic-pain"]})
    kb.save()
    second = (bundled / "claims.json").read_text(encoding="utf-8")
    assert second[second.index('"claims"'):] == first[first.index('"claims"'):]  # the claims untouched
    assert json.loads(second)["vocabulary"] == {
        "interventions": [SCRAMBLER],
        "conditions": [{"id": "erythromelalgia", "label": "Erythromelalgia", "parents": ["chronic-neuropathic-pain"]}]}


@pytest.mark.parametrize(("facet", "term", "words"), [
    ("intervention", {"id": "tens", "label": "TENS again"}, ["has a term 'tens' already", "term at $.id"]),
    ("intervention", {"id": "x-ray-therapy", "label": "X", "parents": ["neuromod"]},
     ["term at $.parents[0]", "no intervention term 'neuromod'", "did you mean 'neuromodulation'?"]),
    ("colour", {"id": "red", "label": "Red"}, ["no vocabulary 'colour'", "pain-type"]),
    ("intervention", {"id": "Bad Id", "label": "B"}, ["$.id"]),
    ("pain-type", {"id": "odd", "label": "Odd", "colour": "red"}, ["$.colour"]),
])
def test_bad_terms_are_clear_errors_and_change_nothing(bundled: Path, facet: str, term: dict, words: list[str]) -> None:
    kb = kevidence.load(bundled)
    with pytest.raises(EditError) as caught:
        kb.add_term(facet, term)
    for word in words:
        assert word in str(caught.value), str(caught.value)
    assert not kb.modified and kb.save() == []


@pytest.mark.parametrize("name", ["intervention", "interventions", "Intervention", "pain-type", "pain_types",
                                  "pain type", "condition", "conditions", "population", "populations"])
def test_vocabularies_by_the_names_users_write(bundled: Path, name: str) -> None:
    kb = kevidence.load(bundled)
    parent = {"intervention": "neuromodulation", "pain": "neuropathic", "condition": "chronic-pain",
              "population": "adults"}[name.lower().split("-")[0].split("_")[0].split()[0].rstrip("s")]
    assert kb.add_term(name, {"id": "some-new-term", "label": "Some new term", "parents": [parent]}).parents == (parent,)


@settings(max_examples=30, deadline=None)
@given(labels=st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                               min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=4))
def test_any_labels_round_trip(tmp_path_factory: pytest.TempPathFactory, labels: list[str]) -> None:
    folder = tmp_path_factory.mktemp("terms")
    kb = kevidence.create(folder / "kb")
    for i, label in enumerate(labels):
        kb.add_term("population", {"id": f"group-{i}", "label": label, "synonyms": [label + " people"]})
    kb.save()
    again = kevidence.load(folder / "kb")
    assert [again.vocabulary.term(Facet.POPULATION, f"group-{i}").label for i in range(len(labels))] == labels


def test_term_add_on_the_command_line(bundled: Path) -> None:
    done = run("term", "add", bundled, "intervention", "scrambler-therapy", "--label", "Scrambler therapy",
               "--synonym", "Calmare therapy", "--parent", "neuromodulation")
    assert done.returncode == 0 and done.stdout == "added intervention term scrambler-therapy: Scrambler therapy\n"
    listed = run("vocab", "intervention", bundled)
    assert "scrambler-therapy  Scrambler therapy; also: Calmare therapy; under: neuromodulation" in listed.stdout
    refused = run("term", "add", bundled, "intervention", "scrambler-therapy", "--label", "Again")
    assert refused.returncode == 2 and "already" in refused.stderr and "Traceback" not in refused.stderr
    typo = run("term", "add", bundled, "intervention", "x-therapy", "--label", "X", "--parent", "neuromod")
    assert typo.returncode == 2 and "did you mean 'neuromodulation'?" in typo.stderr
    assert json.loads((bundled / "claims.json").read_text(encoding="utf-8"))["vocabulary"] == {
        "interventions": [SCRAMBLER]}
