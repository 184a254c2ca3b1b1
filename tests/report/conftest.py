"""Fixtures for the report tests: the bundled data and article, and a base full of hostile
strings (markup, event handlers, quotes, ``</script>``, ``javascript:`` URLs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence

EXECUTABLE = shutil.which("kevidence") or str(Path(sys.executable).parent / "kevidence")
ARTICLE = Path("articles") / "ketamine-infusions-article.txt"

#: Each would run script, add an element or break out of an attribute if it were not escaped.
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "\" onmouseover=\"window.__pwned=3",
    "' autofocus onfocus='window.__pwned=4",
    "</script><script>window.__pwned=5</script>",
    "<!-- --><svg onload=window.__pwned=6>",
    "]]><u>underlined</u> & &amp; &lt;",
]
JAVASCRIPT_URL = "javascript:window.__pwned=7"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXECUTABLE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled data, with the article at articles/."""
    target = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


def write_hostile(target: Path) -> Path:
    """A base whose every free-text field holds hostile strings, and an article stating it."""
    target.mkdir(parents=True, exist_ok=True)
    h = HOSTILE
    bib = (
        "@article{evil2020,\n"
        f"  title = {{{h[0]} {h[1]}}},\n"
        f"  author = {{Tag, {h[3]}}},\n"
        f"  journal = {{{h[4]}}},\n"
        "  year = {2020},\n"
        f"  url = {{{JAVASCRIPT_URL}}},\n"
        "  doi = {10.5555/evil\"><script>window.__pwned=8</script>},\n"
        "  studydesign = {rct},\n"
        "}\n\n"
        "@misc{page2021,\n"
        f"  title = {{{h[6]}}},\n"
        "  year = {2021},\n"
        "  url = {https://example.org/a?b=\"c\"&d=<e>},\n"
        "}\n"
    )
    sentence = f"Ketamine helps {h[0]} in CRPS [1]."
    second = f"An unsourced {h[1]} sentence."
    claims = {
        "documents": [{"id": "evil-doc", "title": f"Title {h[4]}", "path": "article.txt", "note": h[2]}],
        "claims": [
            {"id": "evil-claim", "statement": f"Statement {h[0]}", "quote": sentence, "kind": "efficacy",
             "intervention": "ketamine-iv", "conditions": ["crps"], "relief": {"text": h[3], "min": "P2W", "max": "P6W"},
             "evidence": {"level": 1, "quote": h[5]},
             "note": h[4], "stated_in": [{"document": "evil-doc", "section": h[2]}],
             "citations": [
                 {"source": "evil2020", "locator": h[2], "quote": h[4], "attribution": "unverified", "note": h[5]},
                 {"source": "page2021", "stance": "contradicts", "quote": h[1]},
                 {"source": "nowhere", "quote": h[6]},
             ]},
            {"id": "evil-unsourced", "statement": f"Unsourced {h[1]}", "quote": second, "kind": "efficacy",
             "stated_in": [{"document": "evil-doc", "section": h[2]}]},
        ],
    }
    (target / "claims.json").write_text(json.dumps(claims, indent=2), encoding="utf-8")
    (target / "references.bib").write_text(bib, encoding="utf-8")
    article = (f"Title {h[4]}\n\n{h[2]} heading\n\n{sentence} {second} Not recorded {h[5]}.\n\n\n"
               f"[1]. Tag (2020). \u201c{h[0]} {h[1]}\u201d {h[4]}.\n")
    (target / "article.txt").write_text(article, encoding="utf-8")
    return target


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile(tmp_path / "hostile")
