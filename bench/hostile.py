"""Benchmark H1: hostile article shapes grow linearly. ``article check`` of articles of 0.25, 1 and
4 MB in four shapes (one paragraph, many paragraphs, an HTML list, runs of superscript digits);
each ratio is the time for 4 times the text over the time for the smaller one (linear: about 4,
quadratic: 16).

    python -m bench.hostile [--sizes 250000,1000000,4000000] [--repeat R] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/hostile.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Result, best_of_each, render_table, stopwatch

#: Largest growth accepted for 4 times the text (linear is 4; a little more for the machine).
LIMIT = 6.0
_SENTENCE = "Ketamine infusions can relieve pain for some weeks in some patients [2]. "


def _repeat(piece: str, size: int) -> str:
    return piece * max(1, size // len(piece))


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "paragraph": (".txt", lambda size: _repeat(_SENTENCE, size)),
    "paragraphs": (".txt", lambda size: _repeat(_SENTENCE * 3 + "\n\n", size)),
    "list": (".html", lambda size: "<ol>" + _repeat("<li>Maher D. Pain relief 2017.</li>", size) + "</ol>"),
    "superscripts": (".txt", lambda size: _repeat("Relief lasts weeks\u00b2\u00b3\u2074 " + "\u00b9" * 40 + ". ", size)),
}


def h1(shape: str, sizes: list[int], repeat: int) -> list[Result]:
    import kevidence
    from kevidence.article.check import check_article

    suffix, make = SHAPES[shape]
    kb = kevidence.load()
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kevidence-bench-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"{shape}-{size}{suffix}"
            path.write_text(make(size), encoding="utf-8")
            (seconds,) = best_of_each(repeat, stopwatch(lambda path=path: check_article(kb, path, "lpc-ketamine-infusions")))
            times.append(seconds)
    results = []
    for (small, large), (before, after) in zip(zip(sizes, sizes[1:]), zip(times, times[1:])):
        growth = (after / before) * (small * 4 / large)  # as if the step were exactly 4 times
        results.append(Result("H1", f"article check, {shape}: {small / 1e6:g} MB to {large / 1e6:g} MB", growth,
                              f"<= {LIMIT:g}", growth <= LIMIT, f"{before:.2f} s to {after:.2f} s"))
    return results


def run(sizes: list[int] | None = None, repeat: int = 1, shapes: list[str] | None = None) -> dict[str, Any]:
    """Measure H1 for each shape and return the results as JSON-ready data."""
    sizes = sizes or [250_000, 1_000_000, 4_000_000]
    results = [r for shape in shapes or list(SHAPES) for r in h1(shape, sizes, repeat)]
    return {"sizes": {"article_bytes": sizes, "repeat": repeat}, "results": [asdict(r) for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250000,1000000,4000000", help="article sizes in characters")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes to measure: " + ", ".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    report = run([int(s) for s in args.sizes.split(",")], args.repeat, args.shapes.split(","))
    print(render_table([Result(**r) for r in report["results"]]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
