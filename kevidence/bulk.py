"""Bulk loading: build many objects without paying the cyclic garbage collector for them.

Loading a large base allocates millions of objects that all stay alive; the collector's
generational passes over them find nothing to free and, measured, take about half the time
of validating a claims file. Loads pause it and restore it afterwards.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


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
    """Inside the block, :func:`share_equal_parts` keeps one object per distinct value.

    The table lives as long as the block, in its thread: a load shares values among its own
    models, and nothing is kept once it is done.
    """
    _TABLES.stack.append({})
    try:
        yield
    finally:
        _TABLES.stack.pop()



def share_equal_parts(model: BaseModel, names: Sequence[str]) -> None:
    """Make equal values of the named fields one object across the models of a load (in place).

    A large base repeats small values in many models: the same tuple of vocabulary ids, the
    same place in a document, the same relief. Inside :func:`sharing`, each distinct value
    (a tuple of strings, or a frozen model whose fields hold strings, numbers, ``None`` or
    tuples of strings) is kept once and the others point to it; outside, this does nothing.
    It runs as each model is validated, so that a duplicate's memory is freed at once and
    reused by the next model rather than left as holes. Two models count as equal only with
    the same type, field values and set of fields given, so what a model writes back
    (``exclude_unset``) does not change. Only for freshly validated frozen models.
    """
    tables = _TABLES.stack
    if not tables:
        return
    table = tables[-1]
    owned = model.__dict__
    for name in names:
        value = owned[name]
        if not value:
            continue
        if isinstance(value, tuple):
            if isinstance(value[0], str):
                owned[name] = table.setdefault(value, value)
            else:
                parts = [_shared_model(v, table) for v in value]
                owned[name] = table.setdefault(tuple(map(id, parts)), tuple(parts))
        else:
            owned[name] = _shared_model(value, table)


def _shared_model(value: Any, table: dict[Any, Any]) -> Any:
    owned = value.__dict__
    values = [table.setdefault(v, v) if v.__class__ is tuple else v for v in owned.values()]
    key = (value.__class__, frozenset(value.__pydantic_fields_set__), *values)
    try:
        found = table.get(key)
    except TypeError:  # a value that cannot be hashed: the model stays its own
        return value
    if found is None:
        table[key] = found = value
        owned.update(zip(owned, values))
    return found
