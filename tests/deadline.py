"""A time bound for one call in a test: the call fails with ``TimeoutError`` once it is over."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


@contextmanager
def deadline(seconds: float, what: str = "the call") -> Iterator[None]:
    """Raise ``TimeoutError`` in the block once ``seconds`` have passed (the regex engine and
    Python code both check for the alarm, so a backtracking pattern is interrupted too)."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what} took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best_time(call: Callable[[], Any], repeat: int = 2) -> float:
    """The shortest of ``repeat`` runs of ``call``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best
