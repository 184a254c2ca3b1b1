"""The export benchmark runs end to end on a tiny base and reports every goal (no timing asserted)."""

from __future__ import annotations

import math

from bench.export import run


def test_every_export_goal_is_reported() -> None:
    report = run(sources=30, claims=120, repeat=1)
    results = {r["goal"]: r for r in report["results"]}
    assert set(results) == {"E1", "E2", "E3"}
    for result in results.values():
        ratio = result["ratio"]
        assert ratio is not None and math.isfinite(ratio) and ratio > 0
        assert result["ok"] == (ratio <= float(result["limit"].split()[1]))
