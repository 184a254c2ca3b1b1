"""Packages whose public names are imported on first use.

``import kevidence`` should not pay for the graph library, the parsers or the HTTP client a
program may never use: a package lists where each public name lives and :func:`lazy_names`
makes them appear on first access (PEP 562), once and for all.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from importlib import import_module
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package module whose public names stay what they are when a submodule of the same
    name loads (``kevidence.trace`` the function, not the module ``kevidence/trace.py``)."""

    _homes: Mapping[str, str] = {}

    def __getattr__(self, name: str) -> Any:
        home = self._homes.get(name)
        if home is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in self._homes:
            return  # the submodule stays reachable through sys.modules and `from ... import`
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*vars(self), *self._homes})


def lazy_names(package: str, homes: Mapping[str, str]) -> None:
    """Make ``package``'s public names (name -> defining module) load on first access."""
    module = sys.modules[package]
    module.__class__ = _LazyPackage
    object.__setattr__(module, "_homes", dict(homes))
