"""The benchmark's regression check: bounds read from their file, a burst of load forgiven, a
regression that stays reported (the measuring is faked here: the real run is in test_bench_run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.check import Bound, check, main, read_bounds


def fake_runs(*ratios: float) -> Any:
    """A measure returning P3a at each of ``ratios`` in turn (and an unbounded P1)."""
    pending = list(ratios)
    calls: list[int] = []

    def measure(sources: int, claims: int, repeat: int, real: bool = True) -> dict[str, Any]:
        calls.append(claims)
        ratio = pending.pop(0)
        return {"results": [
            {"goal": "P3a", "what": "audit", "ratio": ratio, "limit": "<= 1.0", "ok": ratio <= 1, "detail": ""},
            {"goal": "P1", "what": "load", "ratio": 9.0, "limit": "<= 1.3", "ok": False, "detail": ""},
        ]}

    measure.calls = calls  # type: ignore[attr-defined]
    return measure


BOUNDS = {"P3a": Bound("P3a", 2.0)}


def test_within_bounds_measures_once() -> None:
    measure = fake_runs(1.5)
    results, failing = check(10_000, 1, BOUNDS, measure)
    assert failing == [] and measure.calls == [10_000]
    assert [r.goal for r in results] == ["P3a", "P1"]


def test_a_burst_of_load_is_measured_again_and_passes() -> None:
    measure = fake_runs(3.0, 1.5)
    assert check(10_000, 1, BOUNDS, measure)[1] == []
    assert len(measure.calls) == 2


def test_a_regression_over_its_bound_twice_fails() -> None:
    assert check(10_000, 1, BOUNDS, fake_runs(3.0, 2.5))[1] == ["P3a"]


def test_a_speed_up_bound_is_a_minimum() -> None:
    assert Bound("P4", 100, at_least=True).holds(150) and not Bound("P4", 100, at_least=True).holds(50)
    assert str(Bound("P4", 100, at_least=True)) == ">= 100"


def test_bounds_file_states_its_size_and_one_limit_per_goal(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('claims = 5000\n[P3a]\nmax = 2.5\n[P4]\nmin = 100\n', encoding="utf-8")
    claims, bounds = read_bounds(good)
    assert claims == 5000 and bounds["P3a"].limit == 2.5 and bounds["P4"].at_least
    no_size = tmp_path / "no-size.toml"
    no_size.write_text('[P3a]\nmax = 2.5\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="claims = 10000"):
        read_bounds(no_size)
    both = tmp_path / "both.toml"
    both.write_text('claims = 5000\n[P3a]\nmax = 2.5\nmin = 1\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"\[P3a\] needs exactly one"):
        read_bounds(both)


def test_the_shipped_bounds_read() -> None:
    claims, bounds = read_bounds()
    assert claims == 10_000 and "P3a" in bounds and all(b.limit > 0 for b in bounds.values())


def test_main_exits_1_and_names_the_regression(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    import bench.check

    bounds = tmp_path / "b.toml"
    bounds.write_text('claims = 300\n[P3a]\nmax = 2.0\n', encoding="utf-8")
    monkeypatch.setattr(bench.check, "run", fake_runs(3.0, 3.0))
    assert main(["--bounds", str(bounds), "--repeat", "1"]) == 1
    out = capsys.readouterr().out
    assert "REGRESSED" in out and "P3a" in out.splitlines()[-1]


def test_an_unreadable_bounds_file_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.toml"
    assert main(["--bounds", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
