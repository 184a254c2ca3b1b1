"""The versioned contract: the public API as recorded, one version everywhere, a changelog."""

from __future__ import annotations

import difflib
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import kevidence
from tests.public_api import RECORD, describe

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"


def test_the_public_api_is_the_recorded_one() -> None:
    now = describe()
    recorded = RECORD.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(recorded.splitlines(True), now.splitlines(True), "recorded", "now"))
    assert now == recorded, (
        "the public API changed. If that is intended, record it with `python -m tests.public_api "
        "--update`, say so in CHANGELOG.md, and keep a moved or renamed name working with a "
        "DeprecationWarning for at least one minor version.\n" + diff)


def test_the_record_sees_a_changed_signature(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def load(path: str | None = None) -> None:  # a parameter less than the real one
        """Stand-in."""

    monkeypatch.setattr(kevidence, "load", load)
    assert describe() != RECORD.read_text(encoding="utf-8")


def test_one_version_everywhere() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", kevidence.__version__)  # semantic versioning
    assert importlib.metadata.version("kevidence") == kevidence.__version__
    shown = subprocess.run([sys.executable, "-m", "kevidence", "--version"], capture_output=True, text=True,
                           check=True).stdout
    assert shown.strip() == f"kevidence {kevidence.__version__}"


def test_the_changelog_has_a_section_for_this_version() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    versions = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", text, flags=re.M)
    assert versions and versions[0] == kevidence.__version__, "the newest section must be this version"
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    allowed = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    headings = set(re.findall(r"^### (.+)$", text, flags=re.M))
    assert headings and headings <= allowed, headings - allowed
