"""Fixtures of the export tests: a copy of the bundled data, generated bases, a tangled base."""

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


def tangled_base() -> kevidence.KnowledgeBase:
    """A small base with what walks trip on: claims drawn from each other in a cycle, sources
    citing each other in a cycle, a citation of a key missing from the .bib, a claim drawn
    from a claim the base lacks, and every stance."""
    from kevidence.claims.model import Citation, Claim, Stance
    from kevidence.sources.model import Source

    def source(key: str, design: str, cites: str = "") -> Source:
        fields = {"title": f"Study {key}", "studydesign": design, "doi": f"10.5555/tangled.{key}"}
        if cites:
            fields["cites"] = cites
        return Source(key=key, entry_type="article", fields=fields)

    sources = [source("review", "narrative-review", "trial, loop1"), source("trial", "rct"),
               source("loop1", "case-series", "loop2"), source("loop2", "cohort", "loop1"),
               source("meta", "meta-analysis-of-rcts")]
    claims = [
        Claim(id="a", statement="A.", kind="efficacy", derived_from=("b",), citations=(Citation(source="review"),)),
        Claim(id="b", statement="B.", kind="efficacy", derived_from=("a",),
              citations=(Citation(source="ghost"), Citation(source="meta", stance=Stance.MENTIONS))),
        Claim(id="c", statement="C.", kind="efficacy", derived_from=("gone",),
              citations=(Citation(source="loop2"), Citation(source="meta", stance=Stance.CONTRADICTS))),
        Claim(id="d", statement="D.", kind="background"),
    ]
    return kevidence.KnowledgeBase.from_models(claims, sources)
