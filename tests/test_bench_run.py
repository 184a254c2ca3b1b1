"""The benchmark runs end to end on a tiny base and reports every goal (no timing asserted)."""

from __future__ import annotations

import math

import pytest

from bench.run import Result, best_of_each, clear_caches, goal_key, render_table, run
from kevidence.claims.relief import parse_relief

pytestmark = pytest.mark.slow  # runs the benchmark's whole pipeline


def test_every_goal_is_reported_with_a_ratio_or_a_reason() -> None:
    report = run(sources=30, claims=120, repeat=1, real=False)
    results = {r["goal"]: r for r in report["results"]}
    assert {"P1", "P2", "P3", "P3f", "P3x2", "P4", "P4t", "P5"} <= set(results)
    assert math.isfinite(results["P3f"]["ratio"]) and results["P3f"]["ratio"] > 0
    # every command's --help start is measured, and the slowest is named
    from kevidence.cli import COMMANDS

    sweep = [r for r in report["results"] if goal_key(Result(**r)) == "P8 kevidence COMMAND --help"]
    assert len(sweep) == 1 and f"each of the {len(COMMANDS)} commands" in sweep[0]["what"]
    assert sweep[0]["what"].rsplit("(", 1)[1].rstrip(")") in {name for name, _, _ in COMMANDS}
    for goal in ("P1", "P2", "P3", "P3x2"):
        ratio = results[goal]["ratio"]
        assert ratio is not None and math.isfinite(ratio) and ratio > 0
        assert results[goal]["ok"] == (ratio <= float(results[goal]["limit"].split()[1]))
    for result in results.values():
        # a goal without a limit ("info", the audit's floor) has a ratio and no verdict
        assert (result["ratio"] is None or result["limit"] == "info") == (result["ok"] is None)
        if result["ratio"] is None:
            assert result["detail"].startswith("n/a")
    assert report["sizes"] == {"sources": 30, "claims": 120, "seed": 0, "repeat": 1}


def test_table_lists_each_goal() -> None:
    table = render_table([Result("P1", "load", 1.234, "<= 1.3", True, "1 s vs 1 s"),
                          Result("P4", "query", None, ">= 100", None, "n/a: no query")])
    lines = table.splitlines()
    assert lines[0].split()[:5] == ["goal", "ratio", "first", "limit", "ok"]
    assert "1.23" in lines[2] and "yes" in lines[2]
    assert "n/a" in lines[3]


def test_clear_caches_empties_kevidence_caches() -> None:
    parse_relief("several weeks")
    assert parse_relief.cache_info().currsize > 0
    clear_caches()
    assert parse_relief.cache_info().currsize == 0


def test_measures_take_turns_and_the_best_of_each_counts() -> None:
    calls: list[str] = []
    times = {"a": iter([3.0, 1.0, 2.0]), "b": iter([0.5, 0.7, 0.2])}

    def measure(name: str) -> float:
        calls.append(name)
        return next(times[name])

    best = best_of_each(3, lambda: measure("a"), lambda: measure("b"))
    assert best == [1.0, 0.2]
    assert calls == ["a", "b"] * 3  # in turns, not all of one and then all of the other


def test_text_benchmark_reports_every_sample() -> None:
    from bench.text import SAMPLES
    from bench.text import run as run_text

    rows = run_text(megabytes=0.01, repeat=1)
    assert [r["sample"] for r in rows] == list(SAMPLES)
    assert all(r["normalize_text_ratio"] > 0 and r["characters"] == 10_000 for r in rows)


def test_bounds_name_goals_the_benchmark_reports() -> None:
    from bench.check import key, read_bounds

    claims, bounds = read_bounds()
    assert claims >= 1_000
    report = run(sources=30, claims=120, repeat=1, real=False)
    reported = {key(Result(**r)) for r in report["results"]}
    assert set(bounds) <= reported, f"bounds for goals the benchmark no longer has: {set(bounds) - reported}"


def test_growth_compares_the_largest_size_with_the_smallest() -> None:
    from bench.run import describe_growth, growth

    def report(claims: int, amount: float) -> dict:
        return {"sizes": {"claims": claims}, "results": [{"goal": "P3a", "amount": amount},
                                                         {"goal": "P4", "amount": None}]}

    rows = growth(report(10_000, 1.0), report(100_000, 12.0))
    assert [r["goal"] for r in rows] == ["P3a"]
    assert rows[0]["growth"] == 12.0 and abs(rows[0]["per_size"] - 1.2) < 1e-9
    assert describe_growth(1.2) == "linear"
    assert describe_growth(0.5) == "better than linear"
    assert describe_growth(2.0).startswith("faster than linear")
