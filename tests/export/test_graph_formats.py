"""Graph formats read back by the tools their users use: networkx, Graphviz, a Mermaid reading."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.audit.model import Severity
from kevidence.claims.model import Citation, Claim, Stance
from kevidence.export import ExportError, export
from kevidence.export.diagram import WRAP_WIDTH, edge_label, node_label, wrap
from kevidence.export.evidencegraph import plain_graph
from kevidence.export.nodelink import node_link_schema
from kevidence.kb import KnowledgeBase
from kevidence.sources.model import Source
from tests.export.conftest import run_kevidence, tangled_base

CLAIM = "ketamine-beneficial-when-other-drugs-failed"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot (.ci/run installs graphviz)")


def bases(generated_bases: list[Path]) -> list[KnowledgeBase]:
    return [kevidence.load(), *(kevidence.load(folder) for folder in generated_bases)]


def edge_multiset(graph: nx.MultiDiGraph, drop: tuple[str, ...] = ()) -> Counter[str]:
    return Counter(json.dumps([u, v, {k: x for k, x in d.items() if k not in drop}], sort_keys=True)
                   for u, v, d in graph.edges(data=True))


@pytest.mark.slow
def test_graphml_reads_back_equal(generated_bases: list[Path], tmp_path: Path) -> None:
    for kb in bases(generated_bases):
        path = tmp_path / "g.graphml"
        export(kb, "graphml", path)
        back = nx.read_graphml(path, force_multigraph=True)
        expected = plain_graph(kb)
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(back.edges(keys=True, data=True), key=repr) == sorted(expected.edges(keys=True, data=True), key=repr)
        # The typed attributes stay typed.
        sources = [d for _, d in back.nodes(data=True) if d["type"] == "source" and "year" in d]
        assert sources and all(isinstance(d["year"], int) for d in sources)
        assert all(isinstance(d["missing"], bool) for _, d in back.nodes(data=True))


@pytest.mark.slow
def test_gexf_reads_back_equal(generated_bases: list[Path], tmp_path: Path) -> None:
    for kb in bases(generated_bases):
        path = tmp_path / "g.gexf"
        export(kb, "gexf", path)
        back = nx.read_gexf(path)
        expected = plain_graph(kb)
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        # GEXF numbers edges by its own ids instead of networkx keys; the edges are the same.
        assert edge_multiset(back, drop=("id",)) == edge_multiset(expected)


@pytest.mark.slow
def test_node_link_json_follows_its_schema_and_reads_back_equal(generated_bases: list[Path]) -> None:
    validator = jsonschema.Draft202012Validator(node_link_schema())
    for kb in bases(generated_bases):
        data = json.loads(export(kb, "json") or "")
        validator.validate(data)
        assert nx.utils.graphs_equal(nx.node_link_graph(data, edges="edges"), plain_graph(kb))
    one = json.loads(export(kevidence.load(), "json", claim=CLAIM) or "")
    validator.validate(one)


def test_node_link_schema_rejects_what_the_export_never_writes() -> None:
    validator = jsonschema.Draft202012Validator(node_link_schema())
    data = json.loads(export(kevidence.load(), "json") or "")
    source = next(n for n in data["nodes"] if n["type"] == "source" and "year" in n)
    for broken in ({**source, "year": None}, {**source, "level": 0}, {**source, "colour": "red"},
                   {k: v for k, v in source.items() if k != "missing"}):
        assert not validator.is_valid({**data, "nodes": [broken]})
    edge = data["edges"][0]
    assert not validator.is_valid({**data, "edges": [{**edge, "relation": "likes"}]})


def test_tangled_base_reads_back_equal(tmp_path: Path) -> None:
    kb = tangled_base()
    for fmt, read in (("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
                      ("json", lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="edges"))):
        path = tmp_path / f"g.{fmt}"
        export(kb, fmt, path)
        back, expected = read(path), plain_graph(kb)
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        assert edge_multiset(back) == edge_multiset(expected)
    assert plain_graph(kb).nodes["source:ghost"]["missing"] is True


def test_one_claims_graph_holds_its_evidence_only() -> None:
    kb = kevidence.load()
    graph = plain_graph(kb, CLAIM)
    assert set(graph) == {f"claim:{CLAIM}", "claim:ketamine-different-from-conventional-analgesics",
                          "source:maher2017", "source:allen2017", "document:lpc-ketamine-infusions"}
    assert graph.nodes["source:maher2017"]["study_design"] == "narrative-review"
    cites = [d for _, _, d in graph.edges(data=True) if d["relation"] == "cites"]
    assert {d["stance"] for d in cites} == {"supports"}


def test_orhurhu_citations_carry_the_level_on_the_edge() -> None:
    graph = plain_graph(kevidence.load())
    levels = {d.get("level") for u, v, d in graph.edges(data=True) if v == "source:orhurhu2019"}
    assert levels == {1}


@pytest.mark.slow
@needs_dot
def test_graphviz_parses_the_whole_base_and_one_claim(generated_bases: list[Path]) -> None:
    for kb in bases(generated_bases):
        for claim in (None, next(iter(kb.claims))):
            text = export(kb, "dot", claim=claim) or ""
            parsed = graphviz_json(text)
            names = {o["name"] for o in parsed.get("objects", [])}
            assert names == set(plain_graph(kb, claim))


def graphviz_json(text: str) -> dict:
    done = subprocess.run(["dot", "-Tjson0"], check=False, input=text, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def dot_label(raw: str) -> str:
    """What Graphviz shows for a label attribute as -Tjson gives it (escString and entities)."""
    return html.unescape(re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), raw))


key_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                 blacklist_characters=',{}()="#%\'~\\'), min_size=1, max_size=12)
hostile = st.lists(st.one_of(st.sampled_from(list('"\\{}[]()<>|#&;:`\'\n\r\t-') + ["end", "&amp;", "\\n", "#quot;"]),
                             st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=20).map("".join)


def hostile_base(statement: str, key: str, title: str) -> KnowledgeBase:
    claim = Claim(id="end", statement=statement, kind="efficacy",
                  citations=[Citation(source=key, stance=Stance.CONTRADICTS, quote=statement)])
    source = Source(key=key, entry_type="misc", fields={"title": title, "studydesign": "rct"})
    return KnowledgeBase.from_models([claim], [source])


@needs_dot
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=hostile, key=key_text, title=hostile)
@example(statement='"', key="&amp;", title="a\\")  # an entity in a key: ids are not entity-decoded
@example(statement="x" * 40 + "\r y", key="k", title="t")  # a wrap right after a carriage return
def test_dot_shows_any_text_as_itself(statement: str, key: str, title: str) -> None:
    kb = hostile_base(statement, key, title)
    parsed = graphviz_json(export(kb, "dot") or "")
    shown = {o["name"]: dot_label(o["label"]).replace("\n", " ") for o in parsed["objects"]}
    graph = plain_graph(kb)
    def plain(text: str) -> str:  # wrapping turns some spaces into line breaks
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", "\ufffd", text).replace("\n", " ")
    assert shown == {node: plain(node_label(data)) for node, data in graph.nodes(data=True)}


MERMAID_NODE = re.compile(r'^  (n\d+)(\["|\[\("|\[\[")([^"]*)("\]|"\)\]|"\]\])$')
MERMAID_EDGE = re.compile(r'^  (n\d+) (-->|-\.->)\|"([^"|]*)"\| (n\d+)$')


def mermaid_decode(text: str) -> str:
    """A label as shown, its wrapping undone (each ``<br>`` stands for one space)."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text.replace("<br>", " "))


@settings(max_examples=100, deadline=None)
@given(statement=hostile, key=key_text, title=hostile)
def test_mermaid_lines_parse_and_labels_decode_to_the_data(statement: str, key: str, title: str) -> None:
    kb = hostile_base(statement, key, title)
    lines = (export(kb, "mermaid") or "").splitlines()
    assert lines[0] == "flowchart LR"
    graph = plain_graph(kb)
    labels = {f"{d['type']}: {node_label(d)}" for _, d in graph.nodes(data=True)}
    nodes, edges = [], []
    for line in lines[1:]:
        node, edge = MERMAID_NODE.match(line), MERMAID_EDGE.match(line)
        assert node or edge or line.startswith(("  classDef ", "  class ", "  %% ")), line
        if node:
            assert re.fullmatch(r"([^#]|#\d+;)*", node.group(3))  # every '#' starts a code
            nodes.append(mermaid_decode(node.group(3)))
        if edge:
            edges.append((mermaid_decode(edge.group(3)), edge.group(2), edge.group(1), edge.group(4)))
    assert set(nodes) == labels
    # The one edge runs from the cited source to the claim citing it.
    ids = {node: f"n{i}" for i, node in enumerate(graph)}
    assert edges == [(edge_label(d), "-.->", ids[v], ids[u]) for u, v, d in graph.edges(data=True)]
    assert [u for u, _, _ in graph.edges(data=True)] == ["claim:end"]


def test_command_exports_one_claim_as_dot(data_copy: Path) -> None:
    done = run_kevidence("export", str(data_copy), "--format", "dot", "--claim", CLAIM)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('digraph "evidence of ' + CLAIM)
    if shutil.which("dot"):
        assert len(graphviz_json(done.stdout)["objects"]) == 5


def test_command_errors_are_clear() -> None:
    done = run_kevidence("export", "--format", "graphmel")
    assert done.returncode == 2 and "did you mean 'graphml'?" in done.stderr and "Traceback" not in done.stderr
    done = run_kevidence("export", "--format", "csl-json", "--claim", CLAIM)
    assert done.returncode == 2 and "exports the whole base" in done.stderr
    done = run_kevidence("export", "--format", "dot", "--claim", "ketamine-beneficial")
    assert done.returncode == 2 and "no claim with id" in done.stderr


def test_unknown_format_in_python() -> None:
    with pytest.raises(ExportError, match="no format 'svg'"):
        export(kevidence.load(), "svg")


# -- diagrams people can read: direction, severity marks, wrapping, Mermaid's edge limit ---------

def mermaid_chart(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]], dict[str, str]]:
    """Node labels by Mermaid id, edges ``(from, label, to)`` and each node's class, from a chart."""
    labels: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    classes: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        if node := MERMAID_NODE.match(line):
            labels[node.group(1)] = mermaid_decode(node.group(3))
        elif edge := MERMAID_EDGE.match(line):
            edges.append((edge.group(1), mermaid_decode(edge.group(3)), edge.group(4)))
        elif line.startswith("  class "):
            members, name = line.split()[1:]
            classes.update(dict.fromkeys(members.split(","), name))
    return labels, edges, classes


def test_mermaid_arrows_run_from_the_evidence_to_the_claim() -> None:
    text = export(kevidence.load(), "mermaid", claim=CLAIM) or ""
    labels, edges, _ = mermaid_chart(text)
    named = {(labels[a].split(": ")[0] + ": " + labels[a].split(": ")[1], label, labels[b]) for a, label, b in edges}
    claim = "claim: " + kevidence.load().claim(CLAIM).statement
    drawn_from = "claim: " + kevidence.load().claim("ketamine-different-from-conventional-analgesics").statement
    assert ("source: maher2017", "supports", claim) in named
    assert ("source: allen2017", "supports", claim) in named
    assert (drawn_from, "basis for", claim) in named  # the claim drawn from points to the claim drawn
    assert all(not labels[a].startswith("claim: ") or label == "basis for" for a, label, _ in edges)


@needs_dot
def test_dot_arrows_run_from_the_evidence_to_the_claim() -> None:
    parsed = graphviz_json(export(kevidence.load(), "dot", claim=CLAIM) or "")
    names = {o["_gvid"]: o["name"] for o in parsed["objects"]}
    arrows = {(names[e["tail"]], e["label"], names[e["head"]]) for e in parsed["edges"]}
    assert ("source:maher2017", "supports", f"claim:{CLAIM}") in arrows
    assert ("claim:ketamine-different-from-conventional-analgesics", "basis for", f"claim:{CLAIM}") in arrows
    assert ("document:lpc-ketamine-infusions", "states", f"claim:{CLAIM}") in arrows
    assert all(not tail.startswith("claim:") for tail, label, _ in arrows if label != "basis for")


def test_a_source_citing_another_is_drawn_from_the_cited_one() -> None:
    text = export(tangled_base(), "dot") or ""
    for line in text.splitlines():
        if 'relation="cites"' in line and "stance=" not in line:
            assert 'label="cited by"' in line
    assert 'label="cited by"' in text


def worst_by_claim(kb: KnowledgeBase) -> dict[str, str]:
    """Each claim's worst audit finding, ranked by hand from the audit's own findings."""
    order = [s.value for s in Severity]
    worst: dict[str, str] = {}
    for finding in kb.audit().findings:
        if finding.subject in kb.claims:
            value = finding.severity.value
            if finding.subject not in worst or order.index(value) < order.index(worst[finding.subject]):
                worst[finding.subject] = value
    return worst


def test_mermaid_marks_each_claim_by_its_worst_audit_finding() -> None:
    kb = kevidence.load()
    worst = worst_by_claim(kb)
    assert {"error", "warning", "info"} & set(worst.values())  # the bundled base has findings to mark
    labels, _, classes = mermaid_chart(export(kb, "mermaid") or "")
    statements = {"claim: " + c.statement: c.id for c in kb.claims.values()}
    marked = {statements[labels[i]]: name for i, name in classes.items() if labels[i] in statements}
    assert marked == worst
    text = export(kb, "mermaid") or ""
    for severity in {*worst.values()}:
        assert f"  classDef {severity} stroke:" in text
    assert "%% a claim outlined by its worst audit finding: error red" in text


@needs_dot
def test_dot_marks_each_claim_by_its_worst_audit_finding() -> None:
    kb = kevidence.load()
    parsed = graphviz_json(export(kb, "dot") or "")
    marked = {o["name"].removeprefix("claim:"): o["severity"] for o in parsed["objects"] if "severity" in o}
    assert marked == worst_by_claim(kb)
    colours = {o["severity"]: (o["color"], o["penwidth"]) for o in parsed["objects"] if "severity" in o}
    assert len(set(colours.values())) == len(colours)  # each severity its own mark


def test_worst_finding_follows_the_severity_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from kevidence.audit.model import AuditReport, Finding
    from kevidence.export.diagram import SEVERITY_MARKS, claim_severities, legend

    assert list(SEVERITY_MARKS) == list(Severity)
    positions = [legend().index(f"{s.value} ") for s in Severity]
    assert positions == sorted(positions)
    kb = KnowledgeBase.from_models([Claim(id="a", statement="x", kind="efficacy", citations=[Citation(source="k")])],
                                   [Source(key="k", entry_type="misc", fields={"title": "t"})])
    findings = (Finding("KE900", "x", Severity.INFO, "a", "m"), Finding("KE901", "y", Severity.ERROR, "a", "m"),
                Finding("KE902", "z", Severity.WARNING, "a", "m"), Finding("KE903", "w", Severity.ERROR, "k", "m"))
    monkeypatch.setattr(KnowledgeBase, "audit", lambda self, **_: AuditReport(findings=findings))
    assert claim_severities(kb) == {"claim:a": Severity.ERROR}  # a source's finding marks no claim


@settings(max_examples=200)
@given(text=st.text(st.sampled_from("ab \n-"), max_size=120), width=st.integers(1, 50))
def test_wrapping_only_turns_spaces_into_breaks(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert " ".join(lines) == text
    # A line over the width is one word (after the spaces a label starts with, kept on its first line).
    assert all(len(line) <= width or " " not in line.lstrip(" ") for line in lines)
    # No two neighbouring lines could have shared one.
    assert all(len(a) + 1 + len(b.split(" ")[0]) > width or not a for a, b in zip(lines, lines[1:]))


def test_long_labels_are_wrapped_at_about_forty_characters() -> None:
    kb = kevidence.load()
    mermaid = export(kb, "mermaid", claim=CLAIM) or ""
    statement = kb.claim(CLAIM).statement  # 65 characters
    assert '["claim: Ketamine can be beneficial when<br>other pain medicines have failed."]' in mermaid
    assert len(statement) > WRAP_WIDTH
    dot = export(kb, "dot", claim=CLAIM) or ""
    assert 'label="Ketamine can be beneficial when other\\npain medicines have failed."' in dot
    # A quote in a wrapped label stays a code, never a bare quote.
    hostile = hostile_base('a "quoted" word ' * 6, "k", "t")
    line = next(x for x in (export(hostile, "mermaid") or "").splitlines() if "claim: " in x)
    assert "<br>" in line and line.count('"') == 2 and "#34;quoted#34;" in line


def large_base(claims: int) -> KnowledgeBase:
    """Claims citing two sources each: ``2 * claims`` edges."""
    sources = [Source(key=f"s{i}", entry_type="misc", fields={"title": f"t{i}"}) for i in range(claims + 1)]
    return KnowledgeBase.from_models(
        [Claim(id=f"c{i}", statement=f"claim {i}", kind="efficacy",
               citations=[Citation(source=f"s{i}"), Citation(source=f"s{i + 1}")]) for i in range(claims)], sources)


def test_mermaid_refuses_a_chart_over_its_edge_limit_and_suggests_one_claim() -> None:
    assert (export(large_base(250), "mermaid") or "").count("-->") == 500  # at the limit: drawn
    with pytest.raises(ExportError) as raised:
        export(large_base(251), "mermaid")
    message = str(raised.value)
    assert "502 edges" in message and "at most 500" in message and "--claim" in message
    assert (export(large_base(251), "mermaid", claim="c7") or "").count("-->") == 2  # one claim still draws
    assert (export(large_base(251), "dot") or "").count(" -> ") == 502  # Graphviz has no such limit


def test_command_refuses_a_whole_generated_base_as_mermaid(generated_bases: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "chart.mmd"
    done = run_kevidence("export", str(generated_bases[0]), "--format", "mermaid", "-o", str(out))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "too large for Mermaid" in done.stderr and "--claim ID" in done.stderr
    assert re.search(r"makes \d+ edges", done.stderr) and not out.exists()
    done = run_kevidence("export", str(generated_bases[0]), "--format", "mermaid")
    assert done.returncode == 2 and done.stdout == ""  # nothing half-written to stdout
