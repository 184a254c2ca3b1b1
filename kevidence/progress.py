"""Feedback while a large base loads: a progress bar on a terminal, driven by load phases.

:func:`kevidence.load` reports its phases to an optional callback ``progress(phase,
fraction)`` (fraction of the whole load done, 0 to 1). :class:`ProgressBar` is such a
callback: it draws one line on ``stderr`` only when that is a terminal and only once the load
has taken about a second, so quick loads and redirected output stay silent.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

Progress = Callable[[str, float], None]
"""A load-progress callback: ``progress(phase, fraction_done)``."""


class ProgressBar:
    """A one-line progress bar for :func:`kevidence.load`'s ``progress`` callback.

    ``delay`` is how long a load runs before the bar appears; ``clock`` and ``thread`` exist so
    that tests can drive it (a background thread keeps the elapsed time moving during long
    phases). Use it as a context manager so that the line is cleared at the end.

    >>> import io
    >>> bar = ProgressBar(io.StringIO(), thread=False)   # not a terminal: draws nothing
    >>> bar("parsing", 0.5); bar.close(); bar.stream.getvalue()
    ''
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        delay: float = 1.0,
        width: int = 24,
        clock: Callable[[], float] = time.monotonic,
        thread: bool = True,
        interval: float = 0.2,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty()) if callable(isatty) else False
        self.delay = delay
        self.width = width
        self._clock = clock
        self._start = clock()
        self._phase = "starting"
        self._fraction = 0.0
        self._shown = 0  # length of the line on screen (0: nothing drawn)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self.enabled and thread:
            self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
            self._thread.start()

    def __call__(self, phase: str, fraction: float) -> None:
        """Record that ``phase`` has begun with ``fraction`` of the load done, and redraw."""
        with self._lock:
            self._phase = phase
            # The bar never moves backwards, whatever the estimates of the phases say.
            self._fraction = max(self._fraction, min(1.0, max(0.0, fraction)))
        self.tick()

    def line(self, elapsed: float) -> str:
        """The text of the bar after ``elapsed`` seconds."""
        filled = round(self._fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        return f"kevidence: {self._phase:<16} [{bar}] {self._fraction:4.0%} {elapsed:5.1f}s"

    def tick(self) -> None:
        """Redraw the bar if it is due (a terminal, and the delay has passed)."""
        if not self.enabled:
            return
        with self._lock:
            elapsed = self._clock() - self._start
            if elapsed < self.delay or self._stop.is_set():
                return
            text = self.line(elapsed)
            padding = " " * max(0, self._shown - len(text))
            self.stream.write("\r" + text + padding)
            self.stream.flush()
            self._shown = len(text)

    def close(self) -> None:
        """Stop redrawing and clear the line (if one was drawn)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            if self._shown:
                self.stream.write("\r" + " " * self._shown + "\r")
                self.stream.flush()
                self._shown = 0

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.tick()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
