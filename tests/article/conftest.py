"""Fixtures for the article tests: a temporary copy of the bundled data, the shipped article,
and the real ``kevidence`` executable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
ARTICLE = DATA / "articles" / "ketamine-infusions-article.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENT = "lpc-ketamine-infusions"
KEYS = {1: "stanford2020", 2: "maher2017", 3: "allen2017", 4: "orhurhu2019", 5: "nhs2020"}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (claims.json, references.bib, the article) to edit freely."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def edited(tmp_path: Path, article_text: str) -> Callable[[str, str], Path]:
    """Write a copy of the article with one passage replaced (the passage must be there)."""

    def edit(old: str, new: str, name: str = "edited.txt") -> Path:
        assert old in article_text, old
        path = tmp_path / name
        path.write_text(article_text.replace(old, new), encoding="utf-8")
        return path

    return edit


def kevidence_executable() -> str:
    """The installed console script (beside this interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / "kevidence"
    found = str(beside) if beside.exists() else shutil.which("kevidence")
    assert found, "the kevidence console script is not installed"
    return found


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``kevidence`` executable; returns the completed process."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([kevidence_executable(), *map(str, args)], check=False, capture_output=True,
                              text=True, cwd=tmp_path, timeout=120, encoding="utf-8")

    return run
