"""The learned baseline of the editors' sets: features, training, and held-out scoring."""

from __future__ import annotations

import pytest

import kevidence
from bench.editors import SETS
from bench.editors_learned import examples, features, leave_one_out, main, probability, read_set, train


def test_features_are_words_pairs_and_numbers_as_one_word() -> None:
    found = features("Relief lasts 6 weeks in 70% of patients.")
    assert {"relief", "lasts", "<n>", "weeks", "%", "relief_lasts", "<n>_weeks", "<bias>"} <= found
    assert "6" not in found and "<short>" not in found
    assert "<short>" in features("Pain relief")


def test_a_model_ranks_the_marked_sentences_it_was_trained_on_above_the_rest() -> None:
    articles = read_set(SETS["first"], kevidence.load())
    data = examples(articles)
    weights = train(data)
    marked = [probability(weights, a.texts[i]) for a in articles for i in a.candidates if a.positive(i)]
    unmarked = [probability(weights, a.texts[i]) for a in articles for i in a.candidates if not a.positive(i)]
    assert marked and unmarked
    assert sum(marked) / len(marked) > sum(unmarked) / len(unmarked) + 0.3
    with pytest.raises(ValueError, match="both"):
        train([d for d in data if not d[1]])


def test_a_held_out_set_is_scored_by_a_model_that_never_saw_it() -> None:
    kb = kevidence.load()
    sets = {name: read_set(SETS[name], kb) for name in ("first", "fresh")}
    totals = leave_one_out(sets, ["fresh"], [0.0, 0.5, 1.01])
    labels = sum(1 for a in sets["fresh"] for label in a.labels if label.severity in ("warning", "error"))
    assert all(total.labels == labels for total in totals.values())
    # Flagging every candidate finds every marked sentence that is a candidate; flagging none finds none.
    assert totals[0.0].flagged == sum(len(a.candidates) for a in sets["fresh"])
    assert totals[1.01].flagged == totals[1.01].found == 0
    assert totals[0.0].found >= totals[0.5].found >= totals[1.01].found


def test_an_unknown_set_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--sets", "nosuchset"])
    assert stopped.value.code == 2 and "unknown set(s) nosuchset" in capsys.readouterr().err
