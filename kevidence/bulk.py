"""Bulk loading: build many objects without paying the cyclic garbage collector for them.

Loading a large base allocates millions of objects that all stay alive; the collector's
generational passes over them find nothing to free and, measured, take about half the time
of validating a claims file. Loads pause it and restore it afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nesting and errors are safe).

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
