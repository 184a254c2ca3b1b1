"""The editors' set: how many of the defects an editor marked kevidence finds, and how many of
the sentences it flags match no marked defect.

    python -m bench.editors [--set first|heldout|fresh|fresh2|...|fresh34] [--base DIR] [--detail] [--json out.json]
        [--labels FILE] [--against FILE] [--second FILE]

The articles, the guide and the labels are in ``bench/editors/`` (see GUIDE.md there); the labels
were written before kevidence was run on the articles. ``--set heldout`` measures the held-out
articles of ``bench/editors/heldout/`` (labelled and committed before kevidence was run on them,
before the judgement's second round of changes); ``--set fresh`` the fresh articles of
``bench/editors/fresh/``, labelled and committed after those changes and before kevidence was run
on them; ``--set fresh2`` to ``fresh34`` likewise, each after a later round and before the next
(see each set's README.md). Each article is checked with
``check_article`` against a base (default: the bundled one; none of its documents is one of these
articles, so only the article rules speak).

``--labels`` names the labelling scored against (default ``labels.json``, the set's labels);
``--against`` scores another labelling of the same articles in place of kevidence's findings, so
that two independent labellings can be compared by the same measure (a set's ``labels2.json``
is a second labelling, written blind from GUIDE.md alone; see RESULTS.md). ``--second`` scores
kevidence against both labellings at once: recall over the defects both mark, false alarms over
the flagged sentences in which neither marks anything.

Scoring (one definition, :func:`score`):

- a labelled defect of severity warning or error is *found* when a finding of severity warning
  or error lies in a sentence that overlaps the labelled text (or inside the labelled text);
  info labels are not counted in recall;
- a *flagged* sentence has at least one finding; it is a *false alarm* when it overlaps no labelled
  text (info labels included). Flagged sentences are counted twice: with a warning or error
  finding (``flagged``/``false``), and with a finding of any severity (``flagged_any``/``false_any``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

if __package__ in (None, ""):  # run as a script: python bench/editors.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SET = Path(__file__).resolve().parent / "editors"
SETS = {"first": SET, "heldout": SET / "heldout",
        **{p.name: p for p in sorted(SET.glob("fresh*/"), key=lambda p: int(p.name[5:] or 1)) if (p / "labels.json").exists()}}
"""The labelled sets by name: the first (development) set, the held-out set, and the fresh sets
labelled after the judgement's later rounds of changes (each folder ``fresh*`` holding a labels.json)."""
COUNTED = frozenset({"warning", "error"})
"""Finding severities that count as finding a labelled defect (and as a flagged sentence)."""


class Label(NamedTuple):
    """A labelled defect as a span of the article's source text."""

    start: int
    end: int
    severity: str
    kind: str = ""
    text: str = ""


class Hit(NamedTuple):
    """A finding as an offset of the article's source text (None: not in the article)."""

    offset: int | None
    severity: str
    rule: str = ""


@dataclass
class Score:
    """The counts for one article, or pooled over the set."""

    labels: int = 0
    found: int = 0
    flagged: int = 0
    false: int = 0
    flagged_any: int = 0
    false_any: int = 0
    elsewhere: int = 0
    """Findings not placed in any sentence of the article (reference entries, the claims file)."""
    missed: list[Label] = field(default_factory=list)
    false_sentences: list[int] = field(default_factory=list)
    """Indices of the sentences flagged (warning or error) that overlap no label."""

    @property
    def recall(self) -> float | None:
        return self.found / self.labels if self.labels else None

    @property
    def false_share(self) -> float | None:
        return self.false / self.flagged if self.flagged else None

    @property
    def false_share_any(self) -> float | None:
        return self.false_any / self.flagged_any if self.flagged_any else None

    def add(self, other: Score) -> None:
        for name in ("labels", "found", "flagged", "false", "flagged_any", "false_any", "elsewhere"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def sentence_of(sentences: Sequence[tuple[int, int]], offset: int | None) -> int | None:
    """Index of the sentence (``(start, end)`` offsets, in order) holding ``offset``, if any."""
    if offset is None:
        return None
    index = bisect_right(sentences, (offset, float("inf"))) - 1
    if index >= 0 and offset < sentences[index][1]:
        return index
    return None


def score(sentences: Sequence[tuple[int, int]], labels: Sequence[Label], hits: Sequence[Hit]) -> Score:
    """Recall of ``labels`` and false alarms among flagged ``sentences`` (``(start, end)`` source
    offsets, in order), given the findings as ``hits``; see the module docstring."""
    def overlaps(index: int, label: Label) -> bool:
        start, end = sentences[index]
        return start < label.end and label.start < end

    result = Score()
    strong: dict[int, list[Hit]] = {}
    weak: set[int] = set()
    strong_offsets: list[int] = []
    for hit in hits:
        index = sentence_of(sentences, hit.offset)
        if hit.severity in COUNTED and hit.offset is not None:
            strong_offsets.append(hit.offset)
        if index is None:
            result.elsewhere += 1
            continue
        weak.add(index)
        if hit.severity in COUNTED:
            strong.setdefault(index, []).append(hit)
    for label in labels:
        if label.severity not in COUNTED:
            continue
        result.labels += 1
        if any(overlaps(i, label) for i in strong) or any(label.start <= o < label.end for o in strong_offsets):
            result.found += 1
        else:
            result.missed.append(label)
    for index in sorted(weak):
        labelled = any(overlaps(index, label) for label in labels)
        result.flagged_any += 1
        result.false_any += not labelled
        if index in strong:
            result.flagged += 1
            if not labelled:
                result.false += 1
                result.false_sentences.append(index)
    return result


def _find(text: str, wanted: str) -> tuple[int, int] | None:
    """Where ``wanted`` is in ``text``: exactly, else with any run of whitespace for a space."""
    at = text.find(wanted)
    if at >= 0:
        return at, at + len(wanted)
    words = wanted.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


def _offset(line_starts: Sequence[int], line: int | None, column: int | None) -> int | None:
    if line is None or not 1 <= line <= len(line_starts):
        return None
    return line_starts[line - 1] + (column or 1) - 1


@dataclass
class ArticleResult:
    id: str
    score: Score
    sentences: list[str]
    false_rules: Counter[str]
    missed: list[dict[str, str]]
    false_alarms: list[dict[str, Any]]
    main_claims: int = 0
    main_as_error: int = 0


def _spans(text: str, defects: Sequence[dict[str, Any]], where: str) -> list[Label]:
    """The labelled defects as spans of ``text``; ``where`` names the labels file and article."""
    labels = []
    for item in defects:
        span = _find(text, item["text"])
        if span is None:
            raise ValueError(f"{where}: labelled text not in the article as kevidence reads it: {item['text']!r}")
        labels.append(Label(span[0], span[1], item["severity"], item["kind"], item["text"]))
    return labels


def agreed(sentences: Sequence[tuple[int, int]], labels: Sequence[Label], other: Sequence[Label]) -> list[Label]:
    """The warning and error ``labels`` that ``other`` (a second labelling) also marks: a label
    whose sentence(s) overlap a warning or error label of ``other``, whatever its kind."""
    def spanned(label: Label) -> set[int]:
        return {i for i, (start, end) in enumerate(sentences) if start < label.end and label.start < end}

    marked = set().union(*(spanned(o) for o in other if o.severity in COUNTED))
    return [label for label in labels if label.severity in COUNTED and spanned(label) & marked]


def check_one(kb: Any, entry: dict[str, Any], root: Path = SET, *, labels_file: str = "labels.json",
              against: dict[str, Any] | None = None, second: dict[str, Any] | None = None) -> ArticleResult:
    """Check one labelled article and score it.

    With ``second`` (the same article's entry in a second, independent labelling), recall counts
    only the defects both labellings mark (:func:`agreed`), and a flagged sentence is a false
    alarm only when neither labelling marks anything in it.

    With ``against`` (the same article's entry in another labelling), that labelling's defects
    are scored in place of kevidence's findings: each labelled defect is a hit at the start of
    its text, with its severity and kind in place of a rule.
    """
    from kevidence.article.check import check_article

    report = check_article(kb, root / entry["text"])
    analysis = report.analysis
    source = analysis.article.source
    text = source.text
    sentences = [(s.start, s.end) for s in analysis.sentences]
    labels = _spans(text, entry["defects"], f"{root / labels_file}: article {entry['id']!r}")
    hits = []
    if against is not None:
        where = f"{root}: article {entry['id']!r} (the labelling scored)"
        hits = [Hit(label.start, label.severity, label.kind) for label in _spans(text, against["defects"], where)]
    else:
        for finding in report.findings:
            loc = finding.location
            same_file = loc is not None and loc.file is not None and Path(loc.file).name == Path(entry["text"]).name
            offset = _offset(source.line_starts, loc.line, loc.column) if loc is not None and same_file else None
            hits.append(Hit(offset, finding.severity.value, f"{finding.rule} {finding.name}"))
    result = score(sentences, labels, hits)
    if second is not None:
        other = _spans(text, second["defects"], f"{root}: article {entry['id']!r} (the second labelling)")
        both = agreed(sentences, labels, other)
        either = score(sentences, labels + other, hits)
        result = replace(either, **{name: getattr(score(sentences, both, hits), name)
                                    for name in ("labels", "found", "missed")})
    by_sentence: dict[int, list[Hit]] = {}
    for hit in hits:
        index = sentence_of(sentences, hit.offset)
        if index is not None:
            by_sentence.setdefault(index, []).append(hit)
    false_rules: Counter[str] = Counter()
    false_alarms = []
    for index in result.false_sentences:
        strong = [h for h in by_sentence[index] if h.severity in COUNTED]
        false_rules.update({h.rule for h in strong})
        false_alarms.append({"sentence": analysis.sentences[index].text,
                             "findings": sorted({f"{h.rule} ({h.severity})" for h in strong})})
    main = [label for item, label in zip(entry["defects"], labels) if item.get("main_claim")]
    errors = {i for i, found in by_sentence.items() if any(h.severity == "error" for h in found)}
    as_error = sum(1 for label in main
                   if any(sentences[i][0] < label.end and label.start < sentences[i][1] for i in errors))
    return ArticleResult(entry["id"], result, [s.text for s in analysis.sentences], false_rules,
                         [{"kind": m.kind, "severity": m.severity, "text": m.text} for m in result.missed],
                         false_alarms, len(main), as_error)


def _by_id(path: Path, reference: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The articles of the labelling at ``path`` by id; every article of ``reference`` must be there."""
    entries = {entry["id"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))["articles"]}
    lacking = [entry["id"] for entry in reference["articles"] if entry["id"] not in entries]
    if lacking:
        raise ValueError(f"{path}: no labels for article(s) {', '.join(lacking)}")
    return entries


def run(base: str | Path | None = None, root: Path = SET, *, labels: str = "labels.json",
        against: str | None = None, second: str | None = None) -> tuple[list[ArticleResult], Score]:
    """Check every article of the set against ``base`` (default: the bundled base) and score the
    findings against the labelling ``labels`` (a file of the set's folder).

    With ``against`` (another labelling of the same set, e.g. an independent second one), that
    labelling is scored in place of kevidence: how many of the reference labels it also marked,
    and how many of the sentences it marked hold no reference label.
    """
    import kevidence

    reference = json.loads((root / labels).read_text(encoding="utf-8"))
    scored = _by_id(root / against, reference) if against is not None else {}
    seconds = _by_id(root / second, reference) if second is not None else {}
    kb = kevidence.load(base) if base is not None else kevidence.load()
    results = [check_one(kb, entry, root, labels_file=labels, against=scored.get(entry["id"]),
                         second=seconds.get(entry["id"]))
               for entry in reference["articles"]]
    total = Score()
    for result in results:
        total.add(result.score)
    return results, total


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def render(results: Sequence[ArticleResult], total: Score) -> str:
    """The table: per article and overall."""
    head = ("article", "labels", "found", "recall", "flagged", "false", "false%", "flag-any", "false-any%",
            "main=error")
    rows = [head]
    for r in results:
        s = r.score
        rows.append((r.id, str(s.labels), str(s.found), _pct(s.recall), str(s.flagged), str(s.false),
                     _pct(s.false_share), str(s.flagged_any), _pct(s.false_share_any),
                     f"{r.main_as_error}/{r.main_claims}"))
    main = sum(r.main_claims for r in results)
    main_error = sum(r.main_as_error for r in results)
    rows.append(("overall", str(total.labels), str(total.found), _pct(total.recall), str(total.flagged),
                 str(total.false), _pct(total.false_share), str(total.flagged_any), _pct(total.false_share_any),
                 f"{main_error}/{main}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def summary(results: Sequence[ArticleResult], total: Score) -> dict[str, Any]:
    """JSON-ready figures, with the misses by kind and the false alarms by rule."""
    missed = Counter(m["kind"] for r in results for m in r.missed)
    rules: Counter[str] = Counter()
    for r in results:
        rules.update(r.false_rules)
    return {
        "counted_severities": sorted(COUNTED),
        "overall": {**{k: v for k, v in asdict(total).items() if k not in ("missed", "false_sentences")},
                    "recall": total.recall, "false_share": total.false_share,
                    "false_share_any": total.false_share_any},
        "missed_by_kind": dict(missed.most_common()),
        "false_alarm_rules": dict(rules.most_common()),
        "articles": [{"id": r.id, "labels": r.score.labels, "found": r.score.found, "recall": r.score.recall,
                      "flagged": r.score.flagged, "false": r.score.false, "false_share": r.score.false_share,
                      "flagged_any": r.score.flagged_any, "false_any": r.score.false_any,
                      "elsewhere": r.score.elsewhere, "main_claims": r.main_claims,
                      "main_claims_as_error": r.main_as_error, "missed": r.missed,
                      "false_alarms": r.false_alarms} for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.editors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="first",
                        help="which labelled set to measure (default: first)")
    parser.add_argument("--base", help="knowledge base folder (default: the bundled base)")
    parser.add_argument("--detail", action="store_true", help="also list each miss and each false alarm")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--labels", default="labels.json",
                        help="the labelling to score against, a file of the set's folder (default: labels.json)")
    parser.add_argument("--against", metavar="LABELS",
                        help="score this labelling of the set (a file of its folder) instead of kevidence's findings")
    parser.add_argument("--second", metavar="LABELS",
                        help="a second, independent labelling (a file of the set's folder): recall over the defects "
                             "both labellings mark, false alarms over the sentences neither marks")
    args = parser.parse_args(argv)
    results, total = run(args.base, SETS[args.set], labels=args.labels, against=args.against, second=args.second)
    print(render(results, total))
    data = summary(results, total)
    print("\nmissed, by labelled kind:", ", ".join(f"{k} {v}" for k, v in data["missed_by_kind"].items()) or "none")
    print("false alarms, by marked kind:" if args.against else "false alarms, by rule:", ", ".join(f"{k} {v}" for k, v in data["false_alarm_rules"].items()) or "none")
    if args.detail:
        for article in data["articles"]:
            for m in article["missed"]:
                print(f"MISS  {article['id']}: [{m['kind']}/{m['severity']}] {m['text']}")
            for f in article["false_alarms"]:
                print(f"FALSE {article['id']}: {f['sentence']!r} <- {', '.join(f['findings'])}")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
