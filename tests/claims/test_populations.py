"""The population facet: whom a claim is about, checked in claims files and edits, added to by a
claims file's vocabulary, queried and listed on the command line, proposed in article drafts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence
from kevidence.audit.kinds import propose_facets
from kevidence.claims.store import parse_claims
from kevidence.claims.vocabulary import Vocabulary
from kevidence.errors import ClaimsError, EditError
from tests.conftest import claim

EXECUTABLE = shutil.which("kevidence") or str(Path(sys.executable).parent / "kevidence")
PREGNANCY_CLAIM = "ketamine-contraindication-pregnancy"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXECUTABLE, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


def test_an_unknown_population_in_a_claims_file_names_its_json_path_and_line() -> None:
    doc = {"claims": [claim("a", populations=["children"]), claim("b", populations=["adults", "pregnnacy"])]}
    text = json.dumps(doc, indent=2)
    with pytest.raises(ClaimsError) as caught:
        parse_claims(text, Path("claims.json"))
    (problem,) = caught.value.problems
    assert problem.location.json_path == "$.claims[1].populations[1]"
    assert problem.location.line is not None and '"pregnnacy"' in text.splitlines()[problem.location.line - 1]
    assert "unknown population 'pregnnacy' (did you mean 'pregnancy'?)" in problem.message
    assert "opioid-dependent-patients" in problem.message  # the valid values are listed


def test_a_population_listed_twice_is_an_error() -> None:
    with pytest.raises(ClaimsError) as caught:
        parse_claims(json.dumps({"claims": [claim("a", populations=["children", "children"])]}), Path("claims.json"))
    assert [p.location.json_path for p in caught.value.problems] == ["$.claims[0].populations"]
    assert "listed more than once: children" in caught.value.problems[0].message


def test_a_claims_file_adds_population_terms_below_the_builtin_ones() -> None:
    doc = {
        "vocabulary": {"populations": [{"id": "neonates", "label": "Neonates", "synonyms": ["newborns"],
                                        "parents": ["children"]}]},
        "claims": [claim("newborn", populations=["neonates"]), claim("child", populations=["children"])],
    }
    data, vocab, _ = parse_claims(json.dumps(doc))
    kb = kevidence.KnowledgeBase.from_models(data.claims, [], vocabulary=vocab)
    assert [c.id for c in kb.query(population="children")] == ["newborn", "child"]
    assert [c.id for c in kb.query(population="neonates")] == ["newborn"]
    with pytest.raises(ClaimsError, match="unknown population 'neonates'"):
        parse_claims(json.dumps({"claims": doc["claims"]}))  # without the file's vocabulary


def test_an_edit_with_an_unknown_population_is_refused_and_changes_nothing(base: Path) -> None:
    kb = kevidence.load(base)
    with pytest.raises(EditError) as caught:
        kb.update_claim(PREGNANCY_CLAIM, populations=["pregnancy", "breastfeding"])
    assert [p.location.json_path for p in caught.value.problems] == ["$.populations[1]"]
    assert "did you mean 'breastfeeding'?" in caught.value.problems[0].message
    assert kb.claim(PREGNANCY_CLAIM).populations == ("pregnancy",)
    kb.update_claim(PREGNANCY_CLAIM, populations=["pregnancy", "breastfeeding"])
    kb.save()
    assert kevidence.load(base).claim(PREGNANCY_CLAIM).populations == ("pregnancy", "breastfeeding")


@pytest.mark.slow
def test_query_by_population_on_the_command_line(base: Path) -> None:
    found = run("query", str(base), "--population", "women", "--format", "json")
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)["claims"]
    assert [r["claim"] for r in rows] == [PREGNANCY_CLAIM]  # pregnancy stands below women
    assert rows[0]["populations"] == ["pregnancy"]
    exact = run("query", str(base), "--population", "women", "--exact")
    assert (exact.returncode, exact.stdout) == (0, "No claims match.\n")
    table = run("query", str(base), "--population", "pregnancy,children")
    header, _, row = table.stdout.splitlines()[:3]
    assert header.split()[:7] == ["claim", "kind", "conditions", "pain", "types", "intervention", "populations"]
    assert row.split()[:6] == [PREGNANCY_CLAIM, "contraindication", "pregnancy", "-", "ketamine-iv", "pregnancy"]


def test_an_unknown_population_on_the_command_line_exits_2(base: Path) -> None:
    wrong = run("query", str(base), "--population", "opiod-dependent-patients")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "unknown population 'opiod-dependent-patients' (did you mean 'opioid-dependent-patients'?)" in wrong.stderr


@pytest.mark.slow
def test_vocab_population_lists_the_terms_with_their_broader_ones(base: Path) -> None:
    data = json.loads((base / "claims.json").read_text(encoding="utf-8"))
    data["vocabulary"] = {"populations": [{"id": "neonates", "label": "Neonates", "parents": ["children"]}]}
    (base / "claims.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    listed = run("vocab", "population", str(base), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    terms = {t["id"]: t for t in json.loads(listed.stdout)}
    assert terms["neonates"]["broader"] == ["children"]
    assert terms["adolescents"]["broader"] == ["children"]
    assert "opioid-tolerant" in terms["opioid-dependent-patients"]["synonyms"]
    assert all(t["codes"] == {} for t in terms.values())  # no code is given that was not verified
    text = run("vocab", "population", str(base))
    assert text.returncode == 0 and text.stdout.splitlines()[0] == "population:"
    assert "population:" in run("vocab", str(base)).stdout.splitlines()


def test_an_article_draft_proposes_the_populations_a_sentence_names() -> None:
    vocab = Vocabulary.builtin()
    proposed = propose_facets("Ketamine infusions are not suitable for pregnant women or children.", vocab)
    assert proposed["populations"] == ["children", "pregnancy"]
    assert "populations" not in propose_facets("Ketamine infusions relieve CRPS.", vocab)
