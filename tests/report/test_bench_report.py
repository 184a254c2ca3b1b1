"""The report benchmark runs end to end on a small base (no timing asserted)."""

from __future__ import annotations

import math

from bench.report import run


def test_report_benchmark_reports_its_ratios() -> None:
    results = {r["goal"]: r for r in run(sources=200, claims=1_000, repeat=1, browser=False)["results"]}
    assert set(results) == {"R1", "R2"}
    for result in results.values():
        assert math.isfinite(result["ratio"]) and result["ratio"] > 0
        assert result["ok"] == (result["ratio"] <= float(result["limit"].split()[1]))
