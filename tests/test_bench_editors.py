"""The editors' sets: their labels are well formed, the scoring is right on a hand-made example,
and the benchmark runs on every set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.editors import SET, SETS, Hit, Label, agreed, main, render, run, score, sentence_of

KINDS = {"unsourced-claim", "unsupported-statistic", "overstated-evidence", "marker-defect"}
SEVERITIES = {"error", "warning", "info"}

# Five sentences of ten characters each: [0, 10), [10, 20), ... [40, 50).
SENTENCES = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50)]


def test_score_counts_found_missed_and_false_alarms() -> None:
    labels = [Label(2, 5, "error"), Label(12, 15, "warning"), Label(33, 36, "info")]
    hits = [
        Hit(3, "warning"),   # in sentence 0: finds the error label
        Hit(14, "info"),     # in sentence 1: info does not find the warning label
        Hit(25, "warning"),  # sentence 2 holds no label: a false alarm
        Hit(22, "info"),     # same sentence again: still one flagged sentence
        Hit(35, "warning"),  # sentence 3 holds an info label: not a false alarm, not counted in recall
        Hit(41, "info"),     # sentence 4: flagged only at info
        Hit(None, "error"),  # not in the article
        Hit(60, "error"),    # past the last sentence
    ]
    result = score(SENTENCES, labels, hits)
    assert (result.labels, result.found) == (2, 1)
    assert result.recall == 0.5
    assert result.missed == [labels[1]]
    assert (result.flagged, result.false) == (3, 1)
    assert result.false_sentences == [2]
    assert result.false_share == pytest.approx(1 / 3)
    assert (result.flagged_any, result.false_any) == (5, 2)
    assert result.elsewhere == 2


def test_a_label_over_two_sentences_is_found_from_either() -> None:
    label = Label(8, 14, "warning")  # the end of sentence 0 and the start of sentence 1
    assert score(SENTENCES, [label], [Hit(18, "error")]).found == 1
    assert score(SENTENCES, [label], [Hit(1, "warning")]).found == 1
    assert score(SENTENCES, [label], [Hit(25, "error")]).found == 0


def test_nothing_flagged_and_nothing_labelled_has_no_shares() -> None:
    result = score(SENTENCES, [], [])
    assert result.recall is None and result.false_share is None and result.false_share_any is None


def test_sentence_of_uses_half_open_spans_and_gaps() -> None:
    assert sentence_of(SENTENCES, 0) == 0
    assert sentence_of(SENTENCES, 10) == 1
    assert sentence_of(SENTENCES, 49) == 4
    assert sentence_of(SENTENCES, 50) is None
    assert sentence_of([(0, 5), (8, 12)], 6) is None
    assert sentence_of(SENTENCES, None) is None


def _check_defects(article: dict, text: str) -> None:
    """A labelled article's defects are well formed and each labelled text is in its article once."""
    assert sum(d["main_claim"] for d in article["defects"]) <= 2
    for item in article["defects"]:
        assert item["kind"] in KINDS and item["severity"] in SEVERITIES and item["reason"]
        assert text.count(item["text"]) == 1, (article["id"], item["text"])
    for item in article["not_defects"]:
        assert text.count(item["text"]) == 1, (article["id"], item["text"])


def _labels(root: Path = SET) -> dict:
    return json.loads((root / "labels.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SETS))
def test_labels_are_well_formed_and_each_text_is_in_its_article_once(name: str) -> None:
    root = SETS[name]
    data = _labels(root)
    assert data["labelled_before_running_kevidence"] is True
    articles = data["articles"]
    assert len(articles) >= 8
    assert len({a["id"] for a in articles}) == len(articles)
    assert len({a["url"] for a in articles}) == len(articles)
    assert sum(len(a["defects"]) for a in articles) >= len(articles)
    for article in articles:
        path = root / article["text"]
        assert path == root / "articles" / f"{article['id']}.txt"
        text = path.read_text(encoding="utf-8")
        # None is about ketamine or lidocaine (one page names lidocaine once, as the numbing cream
        # put on before the capsaicin patch it is about).
        about = f"{article['title']} {article['treatment']}".lower()
        assert "ketamine" not in about and "lidocaine" not in about
        assert text.lower().count("ketamine") == 0 and text.lower().count("lidocaine") <= 1
        assert article["truncated"] in ("yes", "no")
        assert article["url"].startswith(("http://", "https://"))
        assert article["defects"] or "no defect labelled" in article["notes"].lower(), article["id"]
        _check_defects(article, text)
        for item in article["not_defects"]:
            assert not any(item["text"] in d["text"] or d["text"] in item["text"] for d in article["defects"])


def test_no_article_is_in_two_sets() -> None:
    seen: dict[str, str] = {}
    for name, root in SETS.items():
        for article in _labels(root)["articles"]:
            assert article["url"] not in seen, (article["url"], seen.get(article["url"]), name)
            seen[article["url"]] = name


@pytest.mark.parametrize("name", sorted(set(SETS) - {"first"}))
def test_the_benchmark_runs_on_each_later_set(name: str) -> None:
    results, total = run(None, SETS[name])
    counted = sum(1 for a in _labels(SETS[name])["articles"] for d in a["defects"] if d["severity"] != "info")
    assert total.labels == counted and total.found <= total.labels
    assert main(["--set", name]) == 0


def test_the_benchmark_runs_on_the_set(tmp_path: Path) -> None:
    results, total = run()
    data = _labels()
    assert [r.id for r in results] == [a["id"] for a in data["articles"]]
    counted = sum(1 for a in data["articles"] for d in a["defects"] if d["severity"] != "info")
    assert total.labels == counted == sum(r.score.labels for r in results)
    assert total.found == sum(r.score.found for r in results) <= total.labels
    assert total.found + sum(len(r.score.missed) for r in results) == total.labels
    assert total.false <= total.flagged <= total.flagged_any
    for result in results:
        assert result.sentences  # every article is read as prose
        assert len(result.false_alarms) == result.score.false
    table = render(results, total)
    assert table.splitlines()[-1].split()[:3] == ["overall", str(total.labels), str(total.found)]
    out = tmp_path / "editors.json"
    assert main(["--json", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["overall"]["labels"] == total.labels
    assert written["counted_severities"] == ["error", "warning"]


def _copy_set(name: str, to: Path) -> dict:
    root = SETS[name]
    (to / "articles").mkdir(parents=True)
    data = _labels(root)
    for article in data["articles"]:
        (to / article["text"]).write_bytes((root / article["text"]).read_bytes())
    (to / "labels.json").write_text(json.dumps(data), encoding="utf-8")
    return data


def test_a_labelling_scored_against_itself_agrees_fully(tmp_path: Path) -> None:
    data = _copy_set("fresh10", tmp_path)
    results, total = run(None, tmp_path, against="labels.json")
    counted = sum(1 for a in data["articles"] for d in a["defects"] if d["severity"] != "info")
    assert (total.labels, total.found, total.false) == (counted, counted, 0)
    assert total.flagged >= len({(a["id"], d["text"]) for a in data["articles"] for d in a["defects"]
                                 if d["severity"] != "info"}) - 2  # two labels may share a sentence


def test_a_second_labelling_is_scored_by_what_it_dropped_and_added(tmp_path: Path) -> None:
    data = _copy_set("fresh10", tmp_path)
    second = json.loads(json.dumps(data))
    first = next(a for a in second["articles"] if a["id"] == "bayareapain-hypnosis")
    dropped = first["defects"].pop()
    assert dropped["severity"] != "info"
    first["defects"].append({"text": first["not_defects"][0]["text"], "kind": "unsourced-claim",
                             "severity": "warning", "main_claim": False, "reason": "a second view"})
    (tmp_path / "labels2.json").write_text(json.dumps(second), encoding="utf-8")
    _, same = run(None, tmp_path, against="labels.json")
    results, total = run(None, tmp_path, against="labels2.json")
    assert (total.labels, total.found) == (same.labels, same.found - 1)
    assert (total.flagged, total.false) == (same.flagged, 1)
    hypnosis = next(r for r in results if r.id == "bayareapain-hypnosis")
    assert [m["text"] for m in hypnosis.missed] == [dropped["text"]]
    assert hypnosis.false_alarms[0]["findings"] == ["unsourced-claim (warning)"]
    # The reverse: the first labelling scored against the second.
    _, back = run(None, tmp_path, labels="labels2.json", against="labels.json")
    assert (back.labels, back.found, back.false) == (same.labels, same.labels - 1, 1)


def test_a_second_labelling_must_label_every_article(tmp_path: Path) -> None:
    data = _copy_set("fresh10", tmp_path)
    data["articles"].pop()
    (tmp_path / "labels2.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="labels2.json: no labels for article"):
        run(None, tmp_path, against="labels2.json")


def test_agreed_keeps_the_counted_labels_both_labellings_mark_in_a_sentence() -> None:
    first = [Label(2, 5, "warning", "unsourced-claim"), Label(12, 15, "error"), Label(22, 25, "info"),
             Label(33, 36, "warning")]
    second = [Label(6, 8, "warning", "unsupported-statistic"),  # same sentence, other kind: agreed
              Label(22, 24, "warning"),                        # an info label is never counted
              Label(31, 32, "info"),                           # an info mark does not agree
              Label(48, 49, "error")]                          # a sentence the first left alone
    assert agreed(SENTENCES, first, second) == [first[0]]
    assert agreed(SENTENCES, first, []) == []


def test_two_labellings_count_recall_on_both_and_false_alarms_on_neither(tmp_path: Path) -> None:
    data = _copy_set("fresh10", tmp_path)
    results_one, one = run(None, tmp_path)
    # A sentence kevidence flags that the first labelling leaves alone, in an article with a defect.
    texts = {a["id"]: (tmp_path / a["text"]).read_text(encoding="utf-8") for a in data["articles"]}
    target, extra = next((r.id, f["sentence"][:40]) for r in results_one for f in r.false_alarms
                         if r.score.labels and any(x.startswith("KE106") for x in f["findings"]) and texts[r.id].count(f["sentence"][:40]) == 1)
    second = json.loads(json.dumps(data))
    first = next(a for a in second["articles"] if a["id"] == target)
    dropped = first["defects"].pop()  # the second labelling does not mark the first's defect
    first["defects"].append({"text": extra, "kind": "unsourced-claim", "severity": "warning",
                             "main_claim": False, "reason": "a second view"})
    (tmp_path / "labels2.json").write_text(json.dumps(second), encoding="utf-8")
    results_two, two = run(None, tmp_path, second="labels2.json")
    article_one = next(r for r in results_one if r.id == target)
    article_two = next(r for r in results_two if r.id == target)
    assert article_two.score.labels == article_one.score.labels - 1
    assert dropped["text"] not in [m["text"] for m in article_two.missed]
    assert two.labels == one.labels - 1
    # The sentence only the second labelling marks is no longer a false alarm, nor counted as found.
    assert [f for f in article_one.false_alarms if f["sentence"].startswith(extra)]
    assert not [f for f in article_two.false_alarms if f["sentence"].startswith(extra)]
    assert article_two.score.false == article_one.score.false - 1
    assert article_two.score.flagged == article_one.score.flagged


SECOND = sorted(name for name, root in SETS.items() if (root / "labels2.json").exists())


def test_thirty_sets_have_a_second_labelling() -> None:
    assert SECOND == ["fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26", "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "fresh32", "fresh33", "fresh34", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"]


@pytest.mark.parametrize("name", SECOND)
def test_a_second_labelling_labels_the_same_articles_and_each_text_is_in_its_article_once(name: str) -> None:
    root = SETS[name]
    first = _labels(root)
    second = json.loads((root / "labels2.json").read_text(encoding="utf-8"))
    assert "blind" in second["labeller"]
    assert [a["id"] for a in second["articles"]] == [a["id"] for a in first["articles"]]
    for article in second["articles"]:
        text = (root / article["text"]).read_text(encoding="utf-8")
        _check_defects(article, text)
    _, total = run(None, root, against="labels2.json")
    assert 0 < total.found <= total.labels
