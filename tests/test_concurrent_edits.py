"""One-shot command-line edits re-apply themselves on a fresh load when another save got in
first: many processes editing one base at once all land, each edit once."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import kevidence

PROCESSES, EDITS = 8, 20

WORKER = textwrap.dedent("""
    import sys
    from kevidence.cli import main
    folder, process, edits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for edit in range(edits):
        entry = f"{folder}/../entry-{process}-{edit}.bib"
        code = main(["add-source", folder, entry])
        if code:
            sys.exit(f"edit {edit} of process {process} exited {code}")
""")


def test_simultaneous_edits_all_land_once(tmp_path: Path) -> None:
    base = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), base)
    for process in range(PROCESSES):
        for edit in range(EDITS):
            (tmp_path / f"entry-{process}-{edit}.bib").write_text(
                f"@misc{{p{process}e{edit},\n  title = {{Edit {edit} of process {process}}},\n  year = {{2024}}\n}}\n",
                encoding="utf-8")
    before = len(kevidence.load(base).sources)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(base), str(p), str(EDITS)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for p in range(PROCESSES)]
    failures = [w.communicate(timeout=900)[1] for w in workers if w.wait(timeout=900) != 0]
    assert failures == []
    text = (base / "references.bib").read_text(encoding="utf-8")
    keys = [f"p{p}e{e}" for p in range(PROCESSES) for e in range(EDITS)]
    assert all(text.count(f"{{{key},") == 1 for key in keys)
    assert len(kevidence.load(base).sources) == before + PROCESSES * EDITS
