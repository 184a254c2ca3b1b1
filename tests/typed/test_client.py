"""The public API as a client sees it: every name of ``kevidence.__all__`` loads, type checkers
see each one (the ``TYPE_CHECKING`` block names the same set as ``_HOMES``), each is typed and
documented, and a typed tool (:mod:`tests.typed.client`) passes ``mypy --strict`` and pyright."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence
from tests.typed import client

ROOT = Path(__file__).resolve().parents[2]
INIT = ROOT / "kevidence" / "__init__.py"
CLIENT = Path(client.__file__)
ARTICLE = ROOT / "data" / "articles" / "ketamine-infusions-article.txt"


def type_checking_names() -> dict[str, str]:
    """What the ``if TYPE_CHECKING:`` block of kevidence/__init__.py imports: name -> home, in
    ``_HOMES``'s spelling (``module:attribute`` where the name differs)."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module, ast.unparse(stmt)
                for alias in stmt.names:
                    name = alias.asname or alias.name
                    found[name] = stmt.module if name == alias.name else f"{stmt.module}:{alias.name}"
    return found


def test_all_names_homes_and_the_type_checking_block_agree() -> None:
    homes = kevidence._HOMES
    renamed = kevidence._RENAMED
    assert len(kevidence.__all__) == len(set(kevidence.__all__))
    assert set(kevidence.__all__) == {"__version__", *homes}
    seen = type_checking_names()
    # the renamed names are seen too (as the new function), but are not exported
    assert {old: seen.pop(old) for old in renamed} == {old: f"{homes[new]}:{new}" for old, new in renamed.items()}
    assert seen == homes
    assert not set(renamed) & set(kevidence.__all__)


def test_the_oracle_sees_a_name_missing_from_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(kevidence._HOMES, "check_claims", "kevidence.article.check")
    with pytest.raises(AssertionError):
        test_all_names_homes_and_the_type_checking_block_agree()


def test_every_public_name_loads_from_its_home() -> None:
    code = ("import kevidence, importlib\n"
            "for name, home in kevidence._HOMES.items():\n"
            "    module, _, attribute = home.partition(':')\n"
            "    assert getattr(kevidence, name) is getattr(importlib.import_module(module), attribute or name), name\n"
            "from kevidence import *\n"
            "star = set(globals())\n"
            "print(len([n for n in kevidence.__all__ if n in star]))")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(kevidence.__all__)


def test_each_task_has_its_public_names() -> None:
    tasks = {
        "check an article": ["check_article", "ArticleReport"],
        "draft claims": ["draft_claims", "write_drafts", "DraftedClaim"],
        "build a report": ["build_report", "write_report", "render_report", "Report"],
        "export": ["export_as", "import_csl_json", "ExportError"],
        "look up and verify": ["lookup_reference", "LookupSession", "lookup_settings", "verify", "record_verified"],
    }
    for task, names in tasks.items():
        assert set(names) <= set(kevidence.__all__), task
    from kevidence.export import export
    from kevidence.lookup import lookup

    assert kevidence.export_as is export and kevidence.lookup_reference is lookup
    # the subpackages keep their names: a public function does not hide them
    export_package = importlib.import_module("kevidence.export")
    lookup_package = importlib.import_module("kevidence.lookup")
    assert kevidence.export is export_package and kevidence.lookup is lookup_package  # type: ignore[attr-defined]


def test_public_callables_are_typed_and_documented() -> None:
    undocumented: list[str] = []
    untyped: list[str] = []
    for name in kevidence.__all__:
        value = getattr(kevidence, name)
        if not callable(value) or not (inspect.isfunction(value) or inspect.isclass(value)):
            continue
        if not (value.__doc__ or "").strip():
            undocumented.append(name)
        if inspect.isfunction(value):
            signature = inspect.signature(value)
            if signature.return_annotation is inspect.Signature.empty or any(
                    p.annotation is inspect.Parameter.empty for p in signature.parameters.values()):
                untyped.append(name)
    assert undocumented == [] and untyped == []


def test_the_typed_client_runs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(kevidence.bundled_data_dir(), data)
    result = client.run(data, data / "articles" / ARTICLE.name, tmp_path)
    kb = kevidence.load(data)
    expected = [c.id for c in kb.query(condition="crps") if not c.sources]
    assert result["unsourced"] == expected and expected
    assert result["report"] == tmp_path / "report.html" and (tmp_path / "report.html").stat().st_size > 0
    assert str(result["mermaid"]).startswith("flowchart")
    assert (tmp_path / "references.json").read_text(encoding="utf-8").startswith("[")
    checked = kevidence.check_article(kb, data / "articles" / ARTICLE.name)
    assert result["article_errors"] == [f"{f.location}: {f.rule} {f.message}"
                                        for f in checked.at_or_above(kevidence.Severity.ERROR)]


# What a type checker must reject if it sees the public names' types (were they Any, or
# unexported, it would accept all three lines).
WRONG = '''import kevidence
from kevidence import KnowledgeBase, load
kb: KnowledgeBase = load()
count: int = kevidence.check_article(kb, "article.txt")
keys: list[str] = kevidence.sources_of(kb.graph, "claim")
'''


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=600)


@pytest.mark.slow
def test_mypy_strict_accepts_the_client_and_sees_the_types(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy comes with the lint extra: pip install -e '.[lint]'")
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG, encoding="utf-8")
    result = _run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
                   str(CLIENT), str(wrong)], ROOT)
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not [line for line in lines if "client.py" in line], result.stdout
    assert any("wrong.py:4:" in line and "incompatible types" in line.lower() for line in lines), result.stdout
    assert any("wrong.py:5:" in line and 'does not explicitly export attribute "sources_of"' in line
               for line in lines), result.stdout


@pytest.mark.slow
def test_pyright_accepts_the_client_and_sees_the_types(tmp_path: Path) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which("pyright")
    if pyright is None:
        pytest.skip("pyright comes with the lint extra: pip install -e '.[lint]'")
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG, encoding="utf-8")
    result = _run([pyright, "--pythonpath", sys.executable, str(CLIENT), str(wrong)], ROOT)
    errors = [line for line in result.stdout.splitlines() if " - error:" in line]
    assert not [line for line in errors if "client.py" in line], result.stdout
    assert any("wrong.py:4:" in line for line in errors), result.stdout
