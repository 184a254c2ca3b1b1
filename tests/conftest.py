"""Shared fixtures: small knowledge bases written to a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

MINIMAL_BIB = """@article{smith2020,
  author = {Smith, Jane and Doe, John},
  title = {Ketamine for {CRPS}: a randomized trial},
  journal = {Pain Journal},
  year = {2020},
  doi = {10.1000/xyz123},
  studydesign = {rct},
}
"""


def claim(id: str = "c1", **fields: Any) -> dict[str, Any]:
    """A minimal valid claim as JSON data, with fields overridden."""
    data: dict[str, Any] = {"id": id, "statement": f"Statement {id}.", "kind": "efficacy"}
    data.update(fields)
    return data


@pytest.fixture
def write_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write claims (a list of claim dicts or a whole document) and BibTeX into a folder."""

    def write(claims: Any = None, bib: str = MINIMAL_BIB, folder: str = "kb") -> Path:
        target = tmp_path / folder
        target.mkdir(exist_ok=True)
        document = claims if isinstance(claims, dict) else {"claims": claims or []}
        (target / "claims.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
        (target / "references.bib").write_text(bib, encoding="utf-8")
        return target

    return write
