"""The load progress bar: silent off a terminal and on quick loads, drawn and cleared otherwise."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.progress import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _bar(stream: io.StringIO, clock: FakeClock) -> ProgressBar:
    return ProgressBar(stream, delay=1.0, width=10, clock=clock, thread=False)


def test_nothing_is_drawn_before_the_delay() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    bar = _bar(stream, clock)
    bar("reading claims", 0.0)
    clock.now += 0.9
    bar("reading BibTeX", 0.5)
    bar.close()
    assert stream.getvalue() == ""


def test_a_slow_load_draws_the_phase_and_fraction_then_clears_the_line() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    bar = _bar(stream, clock)
    bar("reading claims", 0.0)
    clock.now += 1.5
    bar("reading BibTeX", 0.5)
    drawn = stream.getvalue()
    assert drawn.startswith("\r") and "reading BibTeX" in drawn
    assert "[#####-----]" in drawn and "50%" in drawn and "1.5s" in drawn
    bar.close()
    cleared = stream.getvalue()[len(drawn):]
    assert cleared.strip() == "" and cleared.endswith("\r")
    assert len(cleared) >= len(drawn)


def test_tick_advances_the_elapsed_time_within_a_phase() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    bar = _bar(stream, clock)
    bar("linking", 0.9)
    clock.now += 2.0
    bar.tick()
    clock.now += 1.0
    bar.tick()
    assert "2.0s" in stream.getvalue() and "3.0s" in stream.getvalue()


def test_not_a_terminal_stays_silent() -> None:
    stream, clock = io.StringIO(), FakeClock()
    bar = _bar(stream, clock)
    clock.now += 10
    bar("reading BibTeX", 0.5)
    bar.tick()
    bar.close()
    assert stream.getvalue() == "" and not bar.enabled


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=True), min_size=1, max_size=8))
def test_the_bar_never_goes_backwards_or_overflows(fractions: list[float]) -> None:
    stream, clock = FakeTerminal(), FakeClock()
    bar = _bar(stream, clock)
    clock.now += 5
    seen = []
    for fraction in fractions:
        bar("phase", fraction)
        seen.append(bar.line(1.0).count("#"))
    assert seen == sorted(seen)
    assert all(0 <= n <= 10 for n in seen)


def test_a_thread_keeps_redrawing_until_closed() -> None:
    stream = FakeTerminal()
    with ProgressBar(stream, delay=0.0, interval=0.01) as bar:
        bar("reading claims", 0.2)
        before = stream.getvalue().count("\r")
        time.sleep(0.1)
        assert stream.getvalue().count("\r") > before
    after = stream.getvalue()
    time.sleep(0.05)
    assert stream.getvalue() == after  # closed: no more drawing


def test_load_reports_its_phases_in_order() -> None:
    calls: list[tuple[str, float]] = []
    kevidence.load(progress=lambda phase, fraction: calls.append((phase, fraction)))
    assert [p for p, _ in calls] == ["reading BibTeX", "reading claims", "linking", "done"]
    fractions = [f for _, f in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


def test_cli_prints_no_bar_when_stderr_is_not_a_terminal() -> None:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "kevidence", "audit"], capture_output=True, text=True,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode in (0, 1)
    assert "\r" not in done.stderr and "kevidence:" not in done.stderr
