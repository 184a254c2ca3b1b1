"""Fixtures of the export tests: a copy of the bundled data, and generated bases."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence

HERE = Path(__file__).parent
CSL_SCHEMA = HERE / "csl-schema" / "csl-data.json"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A temporary copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


@pytest.fixture(scope="session")
def generated_bases(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two generated bases of different seeds and sizes (written once per test session)."""
    from bench.generate import generate

    folders = []
    for seed, (sources, claims) in enumerate(((60, 300), (150, 800))):
        folder = tmp_path_factory.mktemp(f"generated{seed}")
        generate(folder, sources=sources, claims=claims, seed=seed)
        folders.append(folder)
    return folders


def run_kevidence(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``kevidence`` console script (the one beside this Python)."""
    script = Path(sys.executable).parent / "kevidence"
    command = str(script) if script.exists() else shutil.which("kevidence") or "kevidence"
    return subprocess.run([command, *args], check=False, capture_output=True, text=True, input=stdin,
                          timeout=300, cwd=cwd)
