"""The package's shape: no import circle, a lazy top-level import, one owner for process-wide tricks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kevidence"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every kevidence module a file imports, at any depth of its code (only what type
    checkers alone read, under ``if TYPE_CHECKING:``, does not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()
    own = _module_name(path)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            # the deepest kevidence module the name is (an imported function names its module)
            while name and name not in modules:
                name = name.rpartition(".")[0]
            # importing a.b.c runs a/__init__ and a/b/__init__ too: those are imports as well
            while name:
                if name != own and not own.startswith(name + "."):
                    found.add(name)
                name = name.rpartition(".")[0]
    return found


def import_graph() -> nx.DiGraph:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in files.items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(path, set(files)))
    return graph


def test_no_import_circle_anywhere() -> None:
    graph = import_graph()
    # Every import counts, at any depth of the code and with the packages it runs; only the
    # import of a package's own parent from inside it is none (it is already running).
    cycles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert cycles == []


def test_the_oracle_sees_an_import_circle() -> None:
    graph = import_graph()
    graph.add_edge("kevidence.errors", "kevidence.kb")  # errors would import the base
    assert any(len(c) > 1 for c in nx.simple_cycles(graph))


# The layers, lowest first: a package (or top-level module) may import only from layers below
# its own. Packages sharing a layer are independent of each other.
LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer) for layer in (
    {"errors", "lazy", "bulk", "progress"},  # helpers that know nothing of kevidence's data
    {"text"},  # the text core: normalising, quotations, word-bounded matching, decoding
    {"sources"},  # BibTeX entries, evidence levels and study designs, registry records
    {"claims"},  # claims, vocabularies, the facet table, the claims file
    {"store"},  # loaded-files record, edits, the locked two-file save
    {"graph"},  # support, query, trace, table, neighbourhood, the networkx graph
    {"audit"},  # every rule, claims-side and article-side
    {"kb"},  # the facade
    {"article", "export", "lookup"},  # features
    {"report"},  # the report reads an article's check
    {"cli"},  # the thin command line
    {"__main__", ""},  # "": the package's own __init__, whose public names load on first use
))


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_arrows(graph: nx.DiGraph) -> set[tuple[str, str]]:
    """The imports between packages (and top-level modules): (importer, imported). Reading
    the version from the package's ``__init__`` is no arrow: that module imports nothing at run
    time but :mod:`kevidence.lazy`."""
    return {(package_of(a), package_of(b)) for a, b in graph.edges()
            if package_of(a) != package_of(b) and package_of(b) != ""}


def upward_arrows(arrows: set[tuple[str, str]]) -> list[tuple[str, str]]:
    rank = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    return sorted((a, b) for a, b in arrows if rank[a] <= rank[b])


def test_every_package_has_a_layer() -> None:
    placed = {name for layer in LAYERS for name in layer}
    found = {package_of(m) for m in import_graph().nodes}
    assert found == placed


def test_package_imports_run_one_way() -> None:
    assert upward_arrows(layer_arrows(import_graph())) == []


def test_the_layer_oracle_sees_an_upward_import() -> None:
    graph = import_graph()
    graph.add_edge("kevidence.audit.rules.claims", "kevidence.article.analysis")
    graph.add_edge("kevidence.lookup.session", "kevidence.export.csljson")  # two features
    assert upward_arrows(layer_arrows(graph)) == [("audit", "article"), ("lookup", "export")]


def test_import_kevidence_loads_no_parser_and_no_graph_library() -> None:
    code = ("import sys, kevidence; "
            "print(sorted(m for m in ('networkx', 'bibtexparser', 'pydantic', 'kevidence.kb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "import sys, kevidence; kevidence.Claim; print('pydantic' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


def test_rules_command_needs_neither_the_graph_nor_the_bibtex_parser() -> None:
    code = ("import sys; from kevidence.cli import main; main(['rules']); "
            "sys.stderr.write(str(sorted(m for m in ('networkx', 'bibtexparser') if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "KE001" in result.stdout
    assert result.stderr.strip() == "[]"


def test_a_load_pauses_the_collector_once_and_restores_it(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import gc

    import kevidence

    calls: list[str] = []
    real_disable = gc.disable
    monkeypatch.setattr(gc, "disable", lambda: (calls.append("disable"), real_disable())[1])
    kevidence.load()
    assert calls == ["disable"]
    assert gc.isenabled()
    (tmp_path / "claims.json").write_text("{", encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    try:
        kevidence.load(tmp_path)
    except kevidence.KevidenceError:
        pass
    assert gc.isenabled()  # a failed load leaks nothing either


@pytest.mark.slow
def test_a_moved_module_keeps_its_old_name_with_a_warning() -> None:
    import importlib
    import warnings

    import kevidence

    for old, new in kevidence._MOVED_MODULES.items():
        code = (f"import warnings, sys; warnings.simplefilter('error'); import {old}")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        assert f"{old} has moved to {new}" in result.stderr, old
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            module = importlib.import_module(old)
        assert module is importlib.import_module(new)  # the same module, not a copy
