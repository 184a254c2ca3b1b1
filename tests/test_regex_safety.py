"""No regular expression on user text can backtrack without end: none repeats a group that itself
holds an unbounded repeat unless one of the two is possessive or atomic (``(a+)+`` takes
exponential time on ``aaaa…b``; ``(?>a+)+`` or ``(a++)+`` does not)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import re._constants as sre_constants
import re._parser as sre_parse
from pathlib import Path
from typing import Any

import pytest

import kevidence

PACKAGES = ("kevidence.article", "kevidence.text", "kevidence.sources")
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
# A repeat that can take more than this many is "unbounded" here ("\d{1,3}" is not).
_SMALL = 3


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS or op is sre_constants.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is sre_constants.SUBPATTERN:
        return [av[3]]
    if op is sre_constants.BRANCH:
        return list(av[1])
    if op is sre_constants.ATOMIC_GROUP:
        return [av]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is sre_constants.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def nested_repeats(pattern: str, flags: int = 0) -> list[str]:
    """The backtracking repeats of ``pattern`` that hold another backtracking unbounded repeat."""
    found: list[str] = []

    def walk(items: Any, inside: bool) -> None:
        for op, av in items:
            if op in _REPEATS:
                unbounded = av[1] > _SMALL
                if inside and unbounded:
                    found.append(f"{op} {av[0]}..{av[1]}")
                walk(av[2], inside or unbounded)
            elif op is sre_constants.POSSESSIVE_REPEAT or op is sre_constants.ATOMIC_GROUP:
                for child in _children(op, av):
                    walk(child, False)
            else:
                for child in _children(op, av):
                    walk(child, inside)

    walk(sre_parse.parse(pattern, flags), False)
    return found


def _patterns() -> list[tuple[str, str, int]]:
    """Every compiled pattern at module level, and every literal pattern given to ``re.*``."""
    found: dict[tuple[str, int], str] = {}
    root = Path(kevidence.__file__).parent
    for package in PACKAGES:
        module = importlib.import_module(package)
        names = [package] + [f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)]
        for name in names:
            loaded = importlib.import_module(name)
            for value in vars(loaded).values():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    found.setdefault((value.pattern, value.flags & ~re.UNICODE), name)
    for package in PACKAGES:
        for path in (root / package.split(".", 1)[1]).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                        and node.args and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    found.setdefault((node.args[0].value, 0), f"{path.name}:{node.lineno}")
    return [(where, pattern, flags) for (pattern, flags), where in found.items()]


def test_the_guard_finds_nested_repeats() -> None:
    assert nested_repeats(r"(a+)+b")
    assert nested_repeats(r"(?:\s*(?:x|[,]+))+$")
    assert not nested_repeats(r"(?>\s*(?:x|[,]+))+$")
    assert not nested_repeats(r"(?:\s*+[,;]\s*+\d{1,3}+)*+")
    assert not nested_repeats(r"\d{1,3}(?:,\d{1,3})*")


def test_the_scan_sees_the_packages_patterns() -> None:
    assert len(_patterns()) > 30


@pytest.mark.parametrize(("where", "pattern", "flags"), _patterns())
def test_no_pattern_on_user_text_nests_repeats(where: str, pattern: str, flags: int) -> None:
    assert nested_repeats(pattern, flags) == [], f"{where}: {pattern!r} repeats a repeat; make one possessive or atomic"
