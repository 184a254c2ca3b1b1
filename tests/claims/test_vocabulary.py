"""The vocabulary shipped with kevidence: read from its data file, valid, and used by matching,
drafting and queries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kevidence
from kevidence.audit.kinds import propose_facets
from kevidence.audit.rules.evidence import mentioned_terms
from kevidence.claims import vocabulary as vocabulary_module
from kevidence.claims.vocabulary import Facet, Term, Vocabulary, VocabularyExtension, builtin_problems
from kevidence.errors import VocabularyError

VOCAB = Vocabulary.builtin()


def test_the_shipped_file_is_valid_and_large() -> None:
    terms = vocabulary_module._builtin_terms()
    assert builtin_problems(terms) == []
    counts = {facet: len(VOCAB.terms(facet)) for facet in Facet}
    assert counts[Facet.INTERVENTION] >= 80 and counts[Facet.CONDITION] >= 60
    assert counts[Facet.PAIN_TYPE] >= 10 and counts[Facet.POPULATION] >= 15


def test_earlier_ids_synonyms_and_parents_are_kept() -> None:
    """The bundled data and older claims files use these: they must not change."""
    ketamine_iv = VOCAB.term(Facet.INTERVENTION, "ketamine-iv")
    assert ketamine_iv.synonyms == ("IV ketamine", "intravenous ketamine", "ketamine infusion", "ketamine infusions")
    assert "ketamine" in ketamine_iv.parents
    lidocaine_iv = VOCAB.term(Facet.INTERVENTION, "lidocaine-iv")
    assert lidocaine_iv.synonyms == ("IV lidocaine", "intravenous lidocaine", "lidocaine infusion")
    assert "lidocaine" in lidocaine_iv.parents
    assert VOCAB.term(Facet.INTERVENTION, "lidocaine").synonyms == ("lignocaine",)
    crps = VOCAB.term(Facet.CONDITION, "crps")
    assert crps.synonyms[:3] == ("CRPS", "reflex sympathetic dystrophy", "causalgia")
    assert crps.parents == ("chronic-neuropathic-pain",)
    assert VOCAB.broader(Facet.CONDITION, "crps") >= {"chronic-neuropathic-pain", "chronic-pain"}
    assert "central" in VOCAB.narrower(Facet.PAIN_TYPE, "neuropathic")
    assert "adolescents" in VOCAB.narrower(Facet.POPULATION, "children")


def test_the_module_constants_still_give_the_built_in_terms() -> None:
    assert {t.id for t in vocabulary_module.BUILTIN_INTERVENTIONS} == set(VOCAB.terms(Facet.INTERVENTION))
    assert {t.id for t in vocabulary_module.BUILTIN_POPULATIONS} == set(VOCAB.terms(Facet.POPULATION))
    with pytest.raises(AttributeError):
        vocabulary_module.BUILTIN_NOTHING  # noqa: B018


def test_the_checker_finds_each_kind_of_problem() -> None:
    terms = VocabularyExtension(interventions=(
        Term(id="a", label="Alpha"),
        Term(id="b", label="Beta", synonyms=("ALPHA",), parents=("missing",)),
        Term(id="a", label="Alpha again"),
    ))
    problems = "\n".join(builtin_problems(terms))
    assert "interventions: id 'a' is given twice" in problems
    assert "'b' has parent 'missing', which is not a term" in problems
    assert "the name 'alpha' belongs to both 'a' and 'b'" in problems
    cycle = VocabularyExtension(conditions=(
        Term(id="a", label="Alpha", parents=("c",)),
        Term(id="b", label="Beta", parents=("a",)),
        Term(id="c", label="Gamma", parents=("b",)),
        Term(id="d", label="Delta", parents=("a",)),
    ))
    assert builtin_problems(cycle) == [f"conditions: {t!r} is its own broader term (a cycle of parents)"
                                       for t in ("a", "b", "c")]


def test_a_broken_file_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "vocabulary.toml").write_text('[[interventions]]\nid = "x"\nlabel = "X"\nparents = ["y"]\n',
                                              encoding="utf-8")
    monkeypatch.setattr(vocabulary_module, "files", lambda package: tmp_path)
    vocabulary_module._builtin_terms.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=r"vocabulary\.toml: interventions: 'x' has parent 'y'"):
            Vocabulary.builtin()
        (tmp_path / "vocabulary.toml").write_text("[[interventions]]\nid = \n", encoding="utf-8")
        vocabulary_module._builtin_terms.cache_clear()
        with pytest.raises(VocabularyError, match=r"vocabulary\.toml: not a valid vocabulary"):
            Vocabulary.builtin()
    finally:
        vocabulary_module._builtin_terms.cache_clear()


def test_the_file_is_read_once_and_not_on_import() -> None:
    code = ("import kevidence; kevidence.Claim; from kevidence.claims import vocabulary as v; "
            "print(v._builtin_terms.cache_info().currsize); v.Vocabulary.builtin(); v.Vocabulary.builtin(); "
            "print(v._builtin_terms.cache_info().misses)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "1"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("A spinal cord stimulator is implanted under the skin.", {"intervention": "spinal-cord-stimulation"}),
    ("SCS can reduce leg pain in failed back surgery syndrome.",
     {"intervention": "spinal-cord-stimulation", "conditions": ["failed-back-surgery-syndrome"]}),
    ("An epidural steroid injection may ease sciatica for a few weeks.",
     {"intervention": "epidural-steroid-injection", "conditions": ["sciatica"]}),
    ("RF ablation of the genicular nerves helps knee osteoarthritis.",
     {"intervention": "radiofrequency-denervation", "conditions": ["knee-osteoarthritis"]}),
    ("A TENS machine can be used at home.", {"intervention": "tens"}),
    ("Nerve blocks such as a medial branch block test whether the facet joints cause the pain.",
     {"intervention": "medial-branch-block"}),
    ("Duloxetine is offered to older adults with painful diabetic neuropathy.",
     {"intervention": "duloxetine", "conditions": ["diabetic-neuropathy"], "populations": ["older-adults"]}),
    ("Botox injections are licensed for chronic migraine.",
     {"intervention": "botulinum-toxin", "conditions": ["migraine"]}),
    ("Neuropathic pain in trigeminal neuralgia responds to carbamazepine.",
     {"intervention": "carbamazepine", "conditions": ["trigeminal-neuralgia"], "pain_types": ["neuropathic"]}),
])
def test_drafting_recognises_pain_medicine_as_articles_write_it(sentence: str, expected: dict[str, object]) -> None:
    assert propose_facets(sentence, VOCAB) == expected


@pytest.mark.parametrize("sentence", [
    "Tens of thousands of people live with pain.",
    "Set aside a block of time for the appointment.",
    "The injection site may be sore.",
    "We act quickly and explain each step.",
    "Pain is common and affects how people feel.",
])
def test_common_words_are_not_read_as_terms(sentence: str) -> None:
    assert propose_facets(sentence, VOCAB) == {}


def test_a_heading_alone_is_proposed_when_nothing_narrower_is_named() -> None:
    assert propose_facets("Nerve blocks can help some patients.", VOCAB) == {"intervention": "nerve-block"}
    assert mentioned_terms("Nerve blocks and a medial branch block", VOCAB.terms(Facet.INTERVENTION).values()) == {
        "nerve-block", "medial-branch-block"}


def _claim(id: str, intervention: str, conditions: tuple[str, ...] = ()) -> kevidence.Claim:
    return kevidence.Claim(id=id, statement=f"Statement {id}.", kind="efficacy", intervention=intervention,
                           conditions=list(conditions))


def test_a_query_for_a_broader_term_includes_the_narrower_ones() -> None:
    kb = kevidence.KnowledgeBase.from_models([
        _claim("mbb", "medial-branch-block", ("facet-joint-pain",)),
        _claim("sgb", "stellate-ganglion-block", ("crps",)),
        _claim("esi", "epidural-steroid-injection", ("sciatica",)),
        _claim("scs", "spinal-cord-stimulation", ("failed-back-surgery-syndrome",)),
        _claim("dlx", "duloxetine", ("diabetic-neuropathy",)),
    ])
    ids = lambda **f: [c.id for c in kb.query(**f)]  # noqa: E731
    assert ids(intervention="nerve-block") == ["mbb", "sgb"]
    assert ids(intervention="interventional-procedure") == ["mbb", "sgb", "esi", "scs"]
    assert ids(intervention="antidepressants") == ["dlx"]
    assert ids(condition="spinal-pain") == ["mbb", "esi", "scs"]
    assert ids(condition="radiculopathy") == ["esi"]
    assert ids(condition="chronic-neuropathic-pain") == ["sgb", "dlx"]
    assert ids(intervention="nerve-block", include_narrower=False) == []


def test_vocab_lists_the_built_in_interventions() -> None:
    result = subprocess.run([sys.executable, "-m", "kevidence", "vocab", "intervention"],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "intervention:"
    listed = {line.split()[0] for line in lines[1:] if line.strip()}
    assert listed == set(VOCAB.terms(Facet.INTERVENTION))
    scs = next(line for line in lines if line.startswith("  spinal-cord-stimulation  "))
    assert "Spinal cord stimulation; also: SCS, spinal cord stimulator" in scs
    assert "under: neuromodulation, interventional-procedure" in scs
    block = next(line for line in lines if line.startswith("  nerve-block  "))
    assert "a heading over distinct terms" in block
