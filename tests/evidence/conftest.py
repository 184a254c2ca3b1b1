"""Fixtures of the evidence-weighing tests: a temporary copy of the bundled data, edited."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kevidence.kb import bundled_data_dir

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the bundled data folder; ``edit`` changes claims by id before it is written."""

    def copy(edits: dict[str, Edit] | None = None, bib_extra: str = "") -> Path:
        folder = tmp_path / "data"
        shutil.copytree(bundled_data_dir(), folder)
        claims_file = folder / "claims.json"
        document = json.loads(claims_file.read_text(encoding="utf-8"))
        for claim in document["claims"]:
            if edits and claim["id"] in edits:
                edits[claim["id"]](claim)
        claims_file.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if bib_extra:
            with (folder / "references.bib").open("a", encoding="utf-8") as bib:
                bib.write("\n" + bib_extra)
        return folder

    return copy


def kevidence_command(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``kevidence`` console script."""
    executable = shutil.which("kevidence")
    assert executable, "the kevidence console script is not installed"
    return subprocess.run([executable, *map(str, args)], capture_output=True, text=True, timeout=120, check=False)

