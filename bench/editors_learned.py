"""A learned baseline for the editors' sets: would a model trained on the labels judge unseen
articles better than the hand-written judgement does?

    python -m bench.editors_learned [--thresholds 0.2,0.3,0.4] [--sets fresh18,fresh19,fresh20]

Each set is held out in turn; a bag-of-words logistic regression (words and word pairs, numbers
as one word, the two classes weighted equally) is trained on the labelled sentences of every
other set and flags the held-out set's sentences that carry no marker when it scores them at
least the threshold. The flags are scored by ``bench.editors``' own measure (recall of the marked
warnings and errors, false alarms among flagged sentences) and pooled over the held-out sets.
So every figure is a first measurement: the model never saw the set it is scored on. Compare
with the judgement's first measurements in RESULTS.md (each set measured once, before its errors
were read), not with its figures on the sets its rounds were written from.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/editors_learned.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.editors import COUNTED, SETS, Hit, Label, Score, _spans, score

_TOKEN = re.compile(r"[a-z]+|\d+|%")
_SHORT = 6
"""A sentence of fewer words gets a feature of its own (list items, fragments)."""


@dataclass
class Article:
    """One labelled article as the check reads it: its sentences and which of them a model may flag."""

    sentences: list[tuple[int, int]]
    texts: list[str]
    labels: list[Label]
    candidates: list[int]
    """Sentences with no marker that are not questions: what the unsourced-sentence rule judges."""

    def positive(self, index: int) -> bool:
        start, end = self.sentences[index]
        return any(label.severity in COUNTED and start < label.end and label.start < end for label in self.labels)


def features(text: str) -> frozenset[str]:
    """Lower-case words and word pairs of ``text`` (every number one word), a bias and a short mark."""
    words = ["<n>" if w.isdigit() else w for w in _TOKEN.findall(text.lower())]
    found = {*words, *(f"{a}_{b}" for a, b in zip(words, words[1:])), "<bias>"}
    if len(words) < _SHORT:
        found.add("<short>")
    return frozenset(found)


def read_set(root: Path, kb: object) -> list[Article]:
    """The articles of the labelled set at ``root``, read and segmented by the article check."""
    from kevidence.article.check import check_article

    reference = json.loads((root / "labels.json").read_text(encoding="utf-8"))
    articles = []
    for entry in reference["articles"]:
        analysis = check_article(kb, root / entry["text"]).analysis  # type: ignore[arg-type]
        text = analysis.article.source.text
        articles.append(Article(
            sentences=[(s.start, s.end) for s in analysis.sentences],
            texts=[s.text for s in analysis.sentences],
            labels=_spans(text, entry["defects"], f"{root / 'labels.json'}: article {entry['id']!r}"),
            candidates=[s.index for s in analysis.sentences if not s.all_markers and not s.is_question],
        ))
    return articles


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def train(examples: Sequence[tuple[frozenset[str], bool]], *, epochs: int = 12, rate: float = 0.2,
          decay: float = 1e-4, seed: int = 0) -> dict[str, float]:
    """Weights of a logistic regression fitted by stochastic gradient descent, each class weighted
    by the inverse of its share (a marked sentence is rarer than an unmarked one)."""
    order = list(examples)
    positives = sum(1 for _, y in order if y)
    if not positives or positives == len(order):
        raise ValueError("training needs both marked and unmarked sentences")
    weight = {True: len(order) / (2 * positives), False: len(order) / (2 * (len(order) - positives))}
    weights: dict[str, float] = {}
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for found, marked in order:
            gradient = (_logistic(sum(weights.get(f, 0.0) for f in found)) - marked) * weight[marked]
            for f in found:
                weights[f] = weights.get(f, 0.0) * (1 - rate * decay) - rate * gradient
        rate *= 0.8
    return weights


def probability(weights: dict[str, float], text: str) -> float:
    return _logistic(sum(weights.get(f, 0.0) for f in features(text)))


def examples(articles: Iterable[Article]) -> list[tuple[frozenset[str], bool]]:
    return [(features(a.texts[i]), a.positive(i)) for a in articles for i in a.candidates]


def leave_one_out(sets: dict[str, list[Article]], held: Sequence[str],
                  thresholds: Sequence[float]) -> dict[float, Score]:
    """Pooled scores of the model at each threshold, each set of ``held`` scored by a model trained on
    all the other sets."""
    totals = {t: Score() for t in thresholds}
    for name in held:
        weights = train(examples(a for other, articles in sets.items() if other != name for a in articles))
        for article in sets[name]:
            scored = {i: probability(weights, article.texts[i]) for i in article.candidates}
            for t in thresholds:
                hits = [Hit(article.sentences[i][0], "warning", "model") for i, p in scored.items() if p >= t]
                totals[t].add(score(article.sentences, article.labels, hits))
    return totals


def main(argv: list[str] | None = None) -> int:
    import kevidence

    parser = argparse.ArgumentParser(prog="python -m bench.editors_learned", description=__doc__.split("\n\n")[0])
    parser.add_argument("--thresholds", default="0.2,0.25,0.3,0.4,0.5",
                        help="comma-separated probabilities at which the model flags a sentence")
    parser.add_argument("--sets", help="comma-separated sets to hold out in turn (default: every set)")
    args = parser.parse_args(argv)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    held = args.sets.split(",") if args.sets else list(SETS)
    unknown = [name for name in held if name not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; the sets are {', '.join(sorted(SETS))}")
    kb = kevidence.load()
    sets = {name: read_set(root, kb) for name, root in SETS.items()}
    totals = leave_one_out(sets, held, thresholds)
    print(f"held out in turn: {', '.join(held)} (each scored by a model trained on the other {len(SETS) - 1} sets)")
    for t, total in totals.items():
        print(f"threshold {t:.2f}: recall {total.found}/{total.labels} ({total.recall or 0:.0%}), "
              f"false alarms {total.false}/{total.flagged} ({total.false_share or 0:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
