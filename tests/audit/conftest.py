"""Fixtures of the audit tests: small knowledge bases written to tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.audit.audit_helpers import ARTICLE

import kevidence
from kevidence import KnowledgeBase

MakeKB = Callable[..., KnowledgeBase]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write claims and BibTeX text (and any extra files) into a fresh folder; return it."""
    counter = iter(range(1_000_000))

    def write(claims: list[dict[str, Any]], bib: str = ARTICLE, files: dict[str, str] | None = None) -> Path:
        folder = tmp_path / f"kb{next(counter)}"
        folder.mkdir()
        (folder / "claims.json").write_text(json.dumps({"claims": claims}, indent=2), encoding="utf-8")
        (folder / "references.bib").write_text(bib, encoding="utf-8")
        for name, text in (files or {}).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def make_kb(kb_dir: Callable[..., Path]) -> MakeKB:
    """Write a knowledge base to a fresh folder and load it."""

    def make(claims: list[dict[str, Any]], bib: str = ARTICLE, strict: bool = True,
             files: dict[str, str] | None = None) -> KnowledgeBase:
        return kevidence.load(kb_dir(claims, bib, files), strict=strict)

    return make
