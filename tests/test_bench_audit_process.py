"""P9 of the benchmark: the whole audit process, in time and in memory, on a tiny base."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.check import read_bounds
from bench.generate import generate
from bench.run import goal_key, p9

pytestmark = pytest.mark.slow  # starts the audit process


def test_p9_reports_time_and_memory_ratios(tmp_path: Path) -> None:
    folder = generate(tmp_path / "base", 30, 120, 0).folder
    results = {r.goal: r for r in p9(folder, 1)}
    assert set(results) == {"P9", "P9m"}
    for goal, limit in (("P9", 1.5), ("P9m", 2.0)):
        ratio = results[goal].ratio
        assert ratio is not None and math.isfinite(ratio) and ratio > 0
        assert results[goal].ok == (ratio <= limit)
    # A process that loads, audits and writes JSON holds at least the loaded base.
    assert results["P9m"].ratio is not None and results["P9m"].ratio >= 1.0
    # The regression check (bench.check, which CI runs) has a bound for both.
    assert {goal_key(r) for r in results.values()} <= set(read_bounds()[1])


def test_p9m_is_the_audit_process_own_peak_not_the_parents(tmp_path: Path) -> None:
    # A benchmark that has loaded large bases has a large peak of its own; the audit process
    # it starts must not report that peak as the audit's (Linux's ru_maxrss of a started
    # process carries it over).
    folder = generate(tmp_path / "base", 30, 120, 0).folder
    held = b"\x01" * (300 * 2**20)  # resident in this process while the audit process runs
    results = {r.goal: r for r in p9(folder, 1)}
    assert held[-1] == 1
    peak = results["P9m"].amount
    assert peak is not None and 0 < peak < 200 * 2**20, f"audit process peak {peak} reads the parent's"
