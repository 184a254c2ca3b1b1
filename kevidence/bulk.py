"""Bulk loading: build many objects without paying the cyclic garbage collector for them.

Loading a large base allocates millions of objects that all stay alive; the collector's
generational passes over them find nothing to free and, measured, take about half the time
of validating a claims file. Loads pause it and restore it afterwards.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

T = TypeVar("T")


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


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none (not Linux, or another C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:  # pragma: no cover - no C library to ask
        return None
    if trim is None:  # pragma: no cover - a C library without it (musl)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Hand the C heap's free pages back to the operating system; True if that was possible.

    Parsing and validating a large file allocates scratch memory in the C heap (pydantic-core's
    and bibtexparser's temporaries) that is freed afterwards but, scattered between live
    objects, stays part of the process: measured on a 20,000-claim base, about 1.5 KB per claim.
    glibc's ``malloc_trim`` returns those pages; elsewhere this does nothing and returns False.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


# pydantic records on each instance the set of fields its input gave (``model_fields_set``,
# which keeps a saved claim's explicit defaults written). A claims file has few distinct such
# sets but hundreds of thousands of models, and a set object costs 200-700 bytes: instances
# share one set per distinct value instead. Frozen models never change theirs in place
# (``model_copy`` copies it first), so sharing is safe; do not mutate ``model_fields_set``.
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_fields_set(model: BaseModel) -> None:
    """Point a frozen model's fields-set record at the shared set of the same value."""
    own = model.__pydantic_fields_set__
    key = frozenset(own)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        shared = _FIELD_SETS[key] = own
    elif shared is not own:
        object.__setattr__(model, "__pydantic_fields_set__", shared)


class _Tables(threading.local):
    """Per thread, the table of each load in progress, innermost last."""

    def __init__(self) -> None:
        self.stack: list[dict[Any, Any]] = []


_TABLES = _Tables()


@contextmanager
def sharing() -> Iterator[None]:
    """Inside the block, :func:`shared` keeps one object per distinct value.

    The table lives as long as the block, in its thread: a load shares values among its own
    models, and nothing is kept once it is done.
    """
    _TABLES.stack.append({})
    try:
        yield
    finally:
        _TABLES.stack.pop()




def shared(value: T, key: Hashable = None) -> T:
    """Inside :func:`sharing`, the object first given for ``key`` (by default the value itself)
    and otherwise ``value``; outside, ``value`` itself.

    A large base repeats small immutable values in many models: the same tuple of vocabulary
    ids, the same place in a document, the same relief. Validators return ``shared(...)`` so
    that each distinct value is kept once and a duplicate is freed as soon as it is made (its
    memory reused by the next model rather than left as holes). The key must tell apart
    whatever a model writes back: its type, its values and the fields its input gave.
    """
    tables = _TABLES.stack
    if not tables:
        return value
    found: T = tables[-1].setdefault(value if key is None else key, value)
    return found
