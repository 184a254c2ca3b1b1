"""P9 of the benchmark: the whole audit process, in time and in memory, on a tiny base."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.generate import generate
from bench.run import p9

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
