"""The audit's findings and every rendering of them stay exactly what they were.

``findings_digests.json`` records, for the bundled base and a generated one (fixed seed), the
number of findings, the count of each rule's findings and a SHA-256 of every finding (all
fields, in report order), and of the report rendered in each format, by the library and by
``kevidence audit``. A change that makes the audit faster must leave all of them unchanged.

After a deliberate change of what the audit finds or prints, write the file again with
``python -m tests.audit.test_findings_unchanged`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import kevidence
from bench.generate import generate
from kevidence.audit.model import AuditReport
from kevidence.audit.render import RENDERERS, render
from kevidence.audit.retractions import load_retractions

DIGESTS = Path(__file__).with_name("findings_digests.json")
BUNDLED = Path(kevidence.__file__).resolve().parent.parent / "data"
TODAY = date(2026, 1, 1)  # stale-source judges against a fixed day
GENERATED = {"sources": 1_000, "claims": 5_000, "seed": 7}
# The CLI judges staleness against the real day: a horizon no generated year reaches.
CLI_ARGS = ["--stale-years", "1000"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _neutral(text: str, folder: Path | None) -> str:
    """A rendering without kevidence's version (SARIF names it) or the base's folder: a release
    or a temporary folder must not matter."""
    base = folder if folder is not None else BUNDLED
    for spelling in (str(base.resolve()), str(base), os.path.relpath(base)):
        text = text.replace(spelling + os.sep, "BASE/")
    return text.replace(f'"version": "{kevidence.__version__}"', '"version": "VERSION"')


def _findings_digest(report: AuditReport, folder: Path | None) -> str:
    lines = (_neutral(json.dumps([*f[:5], None if f.location is None else list(f.location), list(f.related)],
                        ensure_ascii=False, default=str), folder) for f in report.findings)
    return _sha("\n".join(lines).encode("utf-8"))


def _cli(folder: Path, fmt: str, extra: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "kevidence", "audit", str(folder), "--format", fmt, *CLI_ARGS,
                           *extra],
                          capture_output=True, check=False, env={"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1",
                                                                 "PATH": ""})
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def digests(folder: Path | None) -> dict[str, Any]:
    """What the audit of the base in ``folder`` (None: the bundled one) finds and prints."""
    kb = kevidence.load(folder)
    settings: dict[str, Any] = {"today": TODAY}
    retractions = folder / "retractions.csv" if folder is not None else None
    if retractions is not None and retractions.is_file():
        settings["retractions"] = load_retractions(retractions)
    report = kb.audit(settings=settings)
    out: dict[str, Any] = {
        "total": len(report.findings),
        "by_rule": dict(sorted(Counter(f.rule for f in report.findings).items())),
        "findings": _findings_digest(report, folder),
        "rendered": {fmt: _sha(_neutral(render(report, fmt), folder).encode("utf-8")) for fmt in RENDERERS},
    }
    cli_folder = folder if folder is not None else BUNDLED
    extra = ["--retractions", str(retractions)] if retractions is not None and retractions.is_file() else []
    out["cli"] = {fmt: _sha(_neutral(_cli(cli_folder, fmt, extra), folder).encode("utf-8")) for fmt in RENDERERS}
    return out


_QUOTED = "pain scores fell during the follow-up"
_TEXTS = (f"Results. In the treated group {_QUOTED}.", "Results. In the treated group pain scores rose during the "
          "follow-up.", "Results. Pain scores did not fall during the follow-up.", "Methods only.")


def _generated(tmp: Path) -> Path:
    """The generated base, with the texts of some sources (the quoted words verbatim, altered,
    negated or absent) and a retraction file naming some DOIs, for the rules that read them."""
    folder = generate(tmp / "generated", GENERATED["sources"], GENERATED["claims"], GENERATED["seed"]).folder
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, flags=re.MULTILINE)
    texts = folder / "texts"
    texts.mkdir()
    for n, key in enumerate(keys[::3]):
        (texts / f"{key}.txt").write_text(_TEXTS[n % len(_TEXTS)], encoding="utf-8")
    dois = re.findall(r"doi\s*=\s*\{([^}]+)\}", bib)
    rows = "".join(f"{doi},,Retraction\n" for doi in dois[::40])
    (folder / "retractions.csv").write_text("OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n" + rows,
                                            encoding="utf-8")
    return folder


def all_digests(tmp: Path) -> dict[str, Any]:
    return {"bundled": digests(None), "generated": digests(_generated(tmp))}


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    return dict(json.loads(DIGESTS.read_text(encoding="utf-8")))


def test_bundled_base_findings_unchanged(recorded: dict[str, Any]) -> None:
    assert digests(None) == recorded["bundled"]


def test_generated_base_findings_unchanged(recorded: dict[str, Any], tmp_path: Path) -> None:
    found = digests(_generated(tmp_path))
    assert found["total"] > 1_000  # a base large enough to exercise every kind of finding
    assert found == recorded["generated"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        DIGESTS.write_text(json.dumps(all_digests(Path(tmp)), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {DIGESTS}")
