"""Every example in README.md and in docs/*.md runs, against a copy of the bundled data, and
shows what it says.

- ```pycon blocks are doctests: each ``>>>`` line runs and its shown result is compared
  (``...`` stands for any text); the namespace carries on through the page.
- ```python blocks run whole in the same namespace and must not raise.
- ```console blocks: each ``$ `` line runs in bash with the installed ``kevidence``; the lines
  after it are its output, compared the same way; the exit code must be 0, or the one a
  trailing ``# exit N`` gives.
- ```sh blocks: each command line runs and must exit 0 (or ``# exit N``).

A block right after a paragraph saying "not run by the tests" is skipped (the page says why).
Each page runs in its own temporary folder holding the files the examples name, with its own
namespace, so that pages are independent; within a page the blocks run in order (a block whose
earlier blocks ran elsewhere, e.g. on another pytest-xdist worker, runs them first).
"""

from __future__ import annotations

import contextlib
import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import kevidence

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
#: The pages whose examples run: the README and every page under docs/.
PAGES = [README, *sorted(DOCS.glob("*.md"))]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass
class Block:
    language: str
    text: str
    line: int  # of the opening fence
    skipped: bool


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        # The paragraph just before the block says whether it is run.
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        paragraph: list[str] = []
        while j >= 0 and lines[j].strip() and not lines[j].startswith("```"):
            paragraph.insert(0, lines[j])
            j -= 1
        skipped = "not run by the tests" in " ".join(paragraph).lower()
        blocks.append(Block(fence.group(1), "\n".join(body) + "\n", start + 1, skipped))
        i += 1
    return blocks


RUNNABLE = ("pycon", "python", "console", "sh")


def runnable_blocks(page: Path) -> list[Block]:
    """The blocks of a page that the tests run, in order."""
    return [b for b in readme_blocks(page.read_text(encoding="utf-8")) if b.language in RUNNABLE and not b.skipped]


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


BLOCKS = {page: runnable_blocks(page) for page in PAGES}
RUN = [(page, index) for page in PAGES for index in range(len(BLOCKS[page]))]


def _copy_data(target: Path) -> None:
    shutil.copytree(kevidence.bundled_data_dir(), target)


@pytest.fixture(scope="module")
def registry() -> Iterator[str]:
    """A local server replaying Crossref and PubMed answers (see tests/lookup), so that the
    lookup examples run without the internet."""
    from pytest_httpserver import HTTPServer

    from tests.lookup.conftest import Registry

    server = HTTPServer()
    server.start()
    replay = Registry(server)
    server.expect_request(re.compile(r"^/(crossref|eutils)/.*")).respond_with_handler(replay.handle)
    yield server.url_for("")
    server.clear()
    server.stop()


def make_workdir(work: Path) -> None:
    """The files the pages' examples name, made from the bundled data."""
    for name in ("path/to/dir", "my-kb", "report-kb"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        _copy_data(work / name)
    data = kevidence.bundled_data_dir()
    shutil.copy(data / "claims.json", work / "c.json")
    shutil.copy(data / "references.bib", work / "r.bib")
    _copy_data(work / "broken")
    (work / "broken" / "claims.json").write_text(
        '{\n  "claims": [\n    {"id": "x", "kind": "eficacy"}\n  ]\n}\n', encoding="utf-8")
    _copy_data(work / "broken-bib")
    (work / "broken-bib" / "references.bib").write_text("@article{smith2024,\n  title = {Unclosed\n", encoding="utf-8")
    (work / "entry.bib").write_text(
        "@article{smith2025,\n  title = {A Trial of Ketamine},\n  author = {Smith, Anna},\n"
        "  journal = {Pain},\n  year = {2024}\n}\n", encoding="utf-8")
    (work / "retraction_watch.csv").write_text(
        "Record ID,Title,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,RetractionDate,Reason\n"
        "1,Some other paper,10.5555/not-in-the-base,,Retraction,2020-01-01,+Error in data;\n", encoding="utf-8")
    for name, fixture in (("shapes-kb", "shapes.bib"), ("latin1-kb", "latin1.bib"), ("cyrillic-kb", "cp1251.bib"),
                          ("swallowed-kb", "swallowed.bib")):
        (work / name).mkdir()  # a base of the odd BibTeX files the README shows, with no claims
        (work / name / "claims.json").write_text('{"claims": []}', encoding="utf-8")
        shutil.copy(ROOT / "tests" / "sources" / "fixtures" / fixture, work / name / "references.bib")
    # A real pain-service leaflet the README starts a base from (bench/editors/fresh4/README.md has its address).
    shutil.copy(ROOT / "bench" / "editors" / "fresh4" / "articles" / "plymouth-sij.txt", work / "leaflet.txt")
    article = data / "articles" / "ketamine-infusions-article.txt"
    shutil.copy(article, work / "article.txt")
    fixtures = ROOT / "tests" / "article" / "fixtures"
    shutil.copy(fixtures / "ketamine-infusions-article.md", work / "article.md")
    shutil.copy(fixtures / "ketamine-infusions-article.html", work / "page.html")
    (work / "zotero.json").write_text(json.dumps([
        {"id": "new2022", "type": "webpage", "title": "Ketamine infusions", "URL": "https://example.org/ketamine"},
        {"id": "dup", "type": "article-journal", "DOI": "10.1213/ANE.0000000000004185"},
    ]), encoding="utf-8")
    (work / "rw.csv").write_text("Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n"
                                 "1,10.1016/j.pmn.2017.05.006,,Retraction\n", encoding="utf-8")
    (work / "path/to/kevidence.toml").write_text('ignore = ["single-source"]\n', encoding="utf-8")


@dataclass
class PageState:
    """One page's folder, namespace, and the index of its next block to run."""

    workdir: Path
    namespace: dict[str, object]
    next: int = 0


@pytest.fixture(scope="module")
def pages() -> dict[Path, PageState]:
    """Each page's state, made when its first block runs."""
    return {}


def _state(pages: dict[Path, PageState], page: Path, factory: pytest.TempPathFactory) -> PageState:
    if page not in pages:
        work = factory.mktemp(page.stem)
        make_workdir(work)
        pages[page] = PageState(work, {"__name__": page.stem})
    return pages[page]


def _check_output(expected: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(expected, got, FLAGS)


def _commands(block: Block) -> list[tuple[str, str | None, int]]:
    """(command, expected output or None, expected exit code) of a console or sh block."""
    found: list[tuple[str, str | None, int]] = []
    if block.language == "sh":
        for line in block.text.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                found.append((line, None, _exit(line)))
        return found
    command: str | None = None
    output: list[str] = []
    for line in block.text.splitlines() + ["$ "]:
        if line.startswith("$ "):
            if command is not None:
                found.append((command, "\n".join(output) + "\n" if output else None, _exit(command)))
            command, output = line[2:], []
        elif command is not None:
            output.append(line)
    return found


def _exit(command: str) -> int:
    match = re.search(r"#\s*exit (\d+)\s*$", command)
    return int(match.group(1)) if match else 0


def _run_block(page: Path, block: Block, namespace: dict[str, object]) -> None:
    where = f"{_name(page)}:{block.line}"
    if block.language == "pycon":
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.text, namespace, where, str(page), block.line)
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(test, clear_globs=False)
        namespace.update(test.globs)
        assert runner.failures == 0, f"{where}: a shown result differs (see the output above)"
        return
    if block.language == "python":
        exec(compile(block.text, where, "exec"), namespace)
        return
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for command, expected, code in _commands(block):
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=600)
        said = f"{where}: {command!r}"
        assert result.returncode == code, f"{said} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, said
        if expected is not None:
            assert _check_output(expected, result.stdout + result.stderr), (
                f"{said}\nexpected:\n{expected}\ngot:\n{result.stdout}{result.stderr}")


# The shell examples start the command line, a process each: slow (the quick loop leaves them out).
@pytest.mark.parametrize(("page", "index"), [
    pytest.param(p, i, marks=[pytest.mark.slow] if BLOCKS[p][i].language in ("console", "sh") else [])
    for p, i in RUN], ids=[f"{_name(p)}:{BLOCKS[p][i].line}:{BLOCKS[p][i].language}" for p, i in RUN])
def test_example(page: Path, index: int, pages: dict[Path, PageState], registry: str,
                 tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    state = _state(pages, page, tmp_path_factory)
    monkeypatch.chdir(state.workdir)
    # The lookup examples ask the local registry; the cache lives in the page's folder.
    monkeypatch.setenv("KEVIDENCE_CROSSREF_URL", registry.rstrip("/") + "/crossref")
    monkeypatch.setenv("KEVIDENCE_EUTILS_URL", registry.rstrip("/") + "/eutils")
    monkeypatch.setenv("KEVIDENCE_CACHE_DIR", str(state.workdir / ".cache"))
    monkeypatch.setenv("KEVIDENCE_EMAIL", "editor@example.org")
    blocks = BLOCKS[page]
    while state.next < index:  # the earlier blocks of this page ran in another process: run them here
        earlier = blocks[state.next]
        state.next += 1
        with contextlib.suppress(Exception):  # that block's own test reports it
            _run_block(page, earlier, state.namespace)
    state.next = index + 1
    _run_block(page, blocks[index], state.namespace)


#: The generated reference pages (docs/cli.md, docs/rules.md): nothing in them runs.
GENERATED = {"cli.md", "rules.md"}


def test_pages_have_examples_of_each_kind() -> None:
    # The harness itself: it must find the blocks it runs (an edit that broke the fences would
    # otherwise leave nothing checked).
    readme = {b.language for b in BLOCKS[README]}
    assert {"pycon", "console"} <= readme
    assert len(BLOCKS[README]) >= 5
    tasks = [page for page in PAGES if page.parent == DOCS and page.name not in GENERATED | {"README.md"}]
    assert len(tasks) >= 8
    for page in tasks:  # each task page shows the task in Python and on the command line
        kinds = {b.language for b in BLOCKS[page]}
        assert kinds & {"pycon", "python"} and kinds & {"console", "sh"}, f"{_name(page)} runs {sorted(kinds)}"
        # and at least one example whose shown output is compared
        assert "pycon" in kinds or "console" in kinds, f"{_name(page)}: no example with checked output"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_vocabulary_blocks_extend_a_base(page: Path, tmp_path: Path) -> None:
    """Each ```json block holding a claims file's "vocabulary" member loads, and its terms are usable."""
    shown = [b for b in readme_blocks(page.read_text(encoding="utf-8"))
             if b.language == "json" and b.text.lstrip().startswith('"vocabulary"')]
    for block in shown:
        member = json.loads("{" + block.text + "}")
        (tmp_path / "claims.json").write_text(json.dumps({"claims": [], **member}), encoding="utf-8")
        (tmp_path / "references.bib").write_text("", encoding="utf-8")
        kb = kevidence.load(tmp_path)
        for facet, terms in member["vocabulary"].items():
            for term in terms:
                found = kb.query(**{facet.removesuffix("s"): term["id"]})
                assert found == [], (page, block.line)  # a valid id: no error, no claims yet
