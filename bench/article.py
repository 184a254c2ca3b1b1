"""Benchmark A1: checking a 1 MB article against the bundled base, as a ratio to segmenting the
same text with the sentence segmenter alone, both timed in the same run.

    python -m bench.article [--size BYTES] [--repeat R] [--json out.json]

The article is generated (seeded) from the bundled article's sentences, with numbers varied so
that no paragraph repeats (the segmenter caches paragraphs), headings, markers [1]-[5] and the
bundled reference list at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/article.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Result, best_of_each, render_table, stopwatch

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "data" / "articles" / "ketamine-infusions-article.txt"
LIMIT = 10.0


def generate_article(size: int, seed: int = 0) -> str:
    """A plain-text article of about ``size`` characters built from the bundled one."""
    from kevidence.article.reading import read_article
    from kevidence.article.segment import segment

    source = read_article(ARTICLE)
    sentences = [re.sub(r"\s*\[\d(?:,\d)*\]", "", s.text) for s in segment(source)]
    references = source.source.text[source.source.text.index("[1]. Stanford"):]
    rng = random.Random(seed)
    parts = [source.title or "Article", ""]
    length = 0
    paragraph = 0
    while length < size:
        if paragraph % 8 == 0:
            parts += [f"Section {paragraph // 8 + 1} on Ketamine Infusions", ""]
        chosen = []
        for _ in range(rng.randint(2, 7)):
            sentence = rng.choice(sentences)
            sentence = re.sub(r"\d+", lambda m: str(rng.randint(2, 400)), sentence)
            if rng.random() < 0.5:
                stop = sentence[-1] if sentence[-1] in ".!?\u201d" else ""
                sentence = f"{sentence[:-1] if stop else sentence} [{rng.randint(1, 5)}]{stop}"
            chosen.append(sentence)
        text = " ".join(chosen)
        parts += [text, ""]
        length += len(text) + 2
        paragraph += 1
    return "\n".join(parts) + "\n\n" + references


def a1(size: int, repeat: int) -> Result:
    import kevidence
    from kevidence.article.check import check_article
    from kevidence.article.segment import segmenter

    with tempfile.TemporaryDirectory(prefix="kevidence-bench-") as tmp:
        path = Path(tmp) / "article.txt"
        text = generate_article(size)
        path.write_text(text, encoding="utf-8")
        kb = kevidence.load()
        bare, ours = best_of_each(repeat, stopwatch(lambda: list(segmenter().span_tokenize(text))),
                                  stopwatch(lambda: check_article(kb, path)))
    ratio = ours / bare
    return Result("A1", f"article check of a {len(text.encode()) / 1e6:.1f} MB article vs segmenting it with nupunkt alone",
                  ratio, f"<= {LIMIT:g}", ratio <= LIMIT, f"{ours:.3f} s vs {bare:.3f} s")


def run(size: int = 1_000_000, repeat: int = 3) -> dict[str, Any]:
    """Measure A1 and return the result as JSON-ready data."""
    return {"sizes": {"article_bytes": size, "repeat": repeat}, "results": [asdict(a1(size, repeat))]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.article", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="article size in characters (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    report = run(args.size, args.repeat)
    print(render_table([Result(**r) for r in report["results"]]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
