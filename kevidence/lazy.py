"""Packages whose public names are imported on first use, and module names that have moved.

``import kevidence`` should not pay for the graph library, the parsers or the HTTP client a
program may never use: a package lists where each public name lives and :func:`lazy_names`
makes them appear on first access (PEP 562), once and for all.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import warnings
from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Any


class _LazyPackage(types.ModuleType):
    """A package module whose public names stay what they are when a submodule of the same
    name loads (``kevidence.graph.trace`` the function, not the module ``kevidence/graph/trace.py``)."""

    _homes: Mapping[str, str] = {}
    _renamed: Mapping[str, tuple[str, str]] = {}

    def __getattr__(self, name: str) -> Any:
        home = self._homes.get(name)
        if home is None:
            if name in self._renamed:
                new, removal = self._renamed[name]
                # stacklevel 2 names the line that used the old name
                warnings.warn(f"{self.__name__}.{name} is renamed {self.__name__}.{new}: use that name "
                              f"({name} will be removed in kevidence {removal})", DeprecationWarning, stacklevel=2)
                return getattr(self, new)
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        module, _, attribute = home.partition(":")
        value = getattr(import_module(module), attribute or name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in self._homes:
            return  # the submodule stays reachable through sys.modules and `from ... import`
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*vars(self), *self._homes})


def lazy_names(package: str, homes: Mapping[str, str], renamed: Mapping[str, str] | None = None,
               removal: str = "") -> None:
    """Make ``package``'s public names (name -> defining module) load on first access.

    A home ``"module:attribute"`` gives the package's name to an attribute of another name (a
    name the package cannot share with a subpackage). ``renamed`` (old name -> new name) keeps
    old names working with a :class:`DeprecationWarning` until version ``removal``.
    """
    module = sys.modules[package]
    module.__class__ = _LazyPackage
    object.__setattr__(module, "_homes", dict(homes))
    object.__setattr__(module, "_renamed", {old: (new, removal) for old, new in (renamed or {}).items()})


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Old module names that now live elsewhere: importing one warns and gives the new module."""

    def __init__(self, moved: Mapping[str, str], removal: str) -> None:
        self.moved = dict(moved)
        self.removal = removal

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.moved:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        new = self.moved[spec.name]
        # stacklevel 2 names the importing line: the import system's own frames are skipped
        warnings.warn(f"{spec.name} has moved to {new}: import it from there "
                      f"({spec.name} will be removed in kevidence {self.removal})",
                      DeprecationWarning, stacklevel=2)
        return import_module(new)

    def exec_module(self, module: types.ModuleType) -> None:
        """The module is the new one, already run."""


def moved_modules(moved: Mapping[str, str], removal: str) -> None:
    """Keep each old module name (old -> new) importable, with a :class:`DeprecationWarning`."""
    sys.meta_path.append(_MovedModules(moved, removal))
