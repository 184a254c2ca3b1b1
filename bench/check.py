"""The benchmark's regression check: the ratios at a small size against generous bounds.

    python -m bench.check [--claims N] [--repeat R] [--bounds FILE]

Runs :func:`bench.run.run` on a generated base of the size the bounds hold at (10,000 claims
and 2,000 sources) and compares each goal's ratio with its bound in ``bench/bounds.toml``. The bounds sit about half as far
again above the ratios of a quiet run at this size: a change that doubles what a goal measures
(a rule that doubles the audit's cost) passes its bound, while the noise of a shared machine
does not. A goal over its bound is measured once more with the whole run, and the check fails
only when it is over both times: a burst of load passes, a regression stays. Exit status 0
when every goal is within its bound, 1 when one is not (the table says which).

Only ratios are compared, never seconds, so the check means the same on any machine.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/check.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Result, format_rows, run
from bench.run import goal_key as key

BOUNDS = Path(__file__).with_name("bounds.toml")


@dataclass(frozen=True)
class Bound:
    """A goal's bound at the check's size: a ratio not to exceed (or, for a speed-up, to reach)."""

    goal: str
    limit: float
    at_least: bool = False  # a speed-up: the ratio must be at least the limit

    def holds(self, ratio: float) -> bool:
        return ratio >= self.limit if self.at_least else ratio <= self.limit

    def __str__(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.limit:g}"


def read_bounds(path: Path = BOUNDS) -> tuple[int, dict[str, Bound]]:
    """The bounds file: the size they hold at (``claims = N``), then one table per goal with
    ``max`` (or ``min`` for a speed-up)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SystemExit(f"{path}: cannot read the bounds: {exc}") from None
    claims = data.pop("claims", None)
    if not isinstance(claims, int) or claims < 1:
        raise SystemExit(f"{path}: needs the size the bounds hold at, e.g. 'claims = 10000' before the tables")
    bounds = {}
    for goal, table in data.items():
        if not isinstance(table, dict) or len({"max", "min"} & set(table)) != 1:
            raise SystemExit(f"{path}: [{goal}] needs exactly one of max = RATIO or min = RATIO")
        if "min" in table:
            bounds[goal] = Bound(goal, float(table["min"]), at_least=True)
        else:
            bounds[goal] = Bound(goal, float(table["max"]))
    return claims, bounds


def over(results: list[Result], bounds: dict[str, Bound]) -> list[Result]:
    """The results whose ratio breaks its bound (goals without a bound, or without a ratio, pass)."""
    return [r for r in results if key(r) in bounds and r.ratio is not None and not bounds[key(r)].holds(r.ratio)]


def check(claims: int, repeat: int, bounds: dict[str, Bound], measure: Any = None) -> tuple[list[Result], list[str]]:
    """Measure (with ``measure``, :func:`bench.run.run` by default), and measure again when a
    goal is over its bound; the results of the last run and the goals over their bounds in both."""
    measure = measure or run
    sources = max(1, claims // 5)
    results = [Result(**r) for r in measure(sources, claims, repeat, real=False)["results"]]
    failing = {key(r) for r in over(results, bounds)}
    if failing:
        results = [Result(**r) for r in measure(sources, claims, repeat, real=False)["results"]]
        failing &= {key(r) for r in over(results, bounds)}
    return results, sorted(failing)


def render(results: list[Result], bounds: dict[str, Bound], failing: list[str]) -> str:
    rows = [("goal", "ratio", "bound", "", "what")]
    for r in results:
        bound = bounds.get(key(r))
        if bound is None:
            continue
        ratio = "n/a" if r.ratio is None else f"{r.ratio:.2f}"
        verdict = "REGRESSED" if key(r) in failing else "ok"
        rows.append((key(r), ratio, str(bound), verdict, r.what.split(" (")[0]))
    return format_rows(rows, rule=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, help="claims in the base (default: the size the bounds hold at)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best counts")
    parser.add_argument("--bounds", type=Path, default=BOUNDS, help="the bounds file (default bench/bounds.toml)")
    args = parser.parse_args(argv)
    try:
        claims, bounds = read_bounds(args.bounds)
    except SystemExit as exc:  # a bounds file that cannot be read is the user's to fix: exit 2
        sys.stderr.write(f"{exc}\n")
        return 2
    if args.claims is not None and args.claims != claims:
        sys.stderr.write(f"note: the bounds hold at {claims:,} claims; at {args.claims:,} they may not\n")
    results, failing = check(args.claims or claims, max(1, args.repeat), bounds)
    sys.stdout.write(render(results, bounds, failing))
    if failing:
        sys.stdout.write(f"over their bounds in two runs: {', '.join(failing)} (see docs/performance.md)\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
