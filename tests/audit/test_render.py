"""Renderers: json, text, markdown, github annotations and SARIF 2.1.0."""

from __future__ import annotations

import json

import jsonschema
from tests.audit.audit_helpers import claim
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.audit import AuditReport, Finding, FindingLocation, Severity
from kevidence.audit.render import render, render_github

# The official SARIF 2.1.0 schema cannot be fetched at test time and no package on PyPI ships
# it; this schema encodes the parts of it that code-scanning consumers require.
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "informationUri": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"],
                            "properties": {
                                "id": {"type": "string"},
                                "shortDescription": {"$ref": "#/$defs/message"},
                                "fullDescription": {"$ref": "#/$defs/message"},
                                "help": {"$ref": "#/$defs/message"},
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": {"enum": ["none", "note", "warning", "error"]}}},
                            }}},
                    }}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"$ref": "#/$defs/message"},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {
                                "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"}}},
                                "region": {"type": "object", "properties": {"startLine": {"type": "integer", "minimum": 1}}},
                            }}}}},
                    }}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
            }}},
    },
    "$defs": {"message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
                          "properties": {"text": {"type": "string"}}}},
}


def _report(make_kb) -> AuditReport:
    return make_kb([claim("eff", "efficacy"), claim("bg"), claim("a", cites=("nowhere",))]).audit()


def test_json_has_required_fields(make_kb):
    data = json.loads(render(_report(make_kb), "json"))
    assert set(data) == {"findings", "summary"}
    for finding in data["findings"]:
        assert {"rule", "name", "severity", "subject", "message", "location"} <= set(finding)
    # eff and bg are unsourced, a cites a missing key, and trial2020 is cited by nobody.
    assert sorted((f["rule"], f["subject"]) for f in data["findings"]) == [
        ("KE001", "bg"), ("KE001", "eff"), ("KE002", "a"), ("KE003", "trial2020")]
    assert data["summary"]["by_severity"] == {"error": 2, "warning": 2, "info": 0}


def test_text_is_grouped_by_file_with_lines_and_no_colour_by_default(make_kb):
    text = render(_report(make_kb), "text")
    assert "\033[" not in text
    claims_at = text.index("claims.json\n")
    bib_at = text.index("references.bib\n")
    assert claims_at < text.index("KE002") < bib_at < text.index("KE003")
    assert "claims.json:" in text and "references.bib:" in text
    assert "4 findings: 2 errors, 2 warnings, 0 infos." in text
    assert "\033[31m" in render(_report(make_kb), "text", colour=True)


def test_markdown_tables(make_kb):
    text = render(_report(make_kb), "markdown")
    assert text.startswith("# kevidence audit")
    assert text.count("| Line | Severity | Rule | Subject | Message |") == 2
    assert "`KE002` dangling-citation" in text


def test_github_annotations(make_kb):
    lines = render(_report(make_kb), "github").splitlines()
    assert len(lines) == 4
    error = next(line for line in lines if "KE002" in line)
    assert error.startswith("::error file=")
    assert ",line=" in error and ",title=KE002 dangling-citation::" in error
    assert any(line.startswith("::warning ") for line in lines)


def test_sarif_matches_schema_and_findings(make_kb):
    report = _report(make_kb)
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules) and len(rules) >= 17
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == finding.location.line
    assert {r["level"] for r in run["results"]} == {"error", "warning"}


def _finding(message: str, file: str) -> Finding:
    return Finding(rule="KE001", name="unsourced-claim", severity=Severity.INFO, subject="x",
                   message=message, location=FindingLocation(file=file, line=3))


@settings(max_examples=100)
@given(st.text(), st.text(min_size=1))
def test_github_annotation_is_one_line_whatever_the_text(message, file):
    out = render_github(AuditReport(findings=(_finding(message, file),)))
    assert out.count("\n") == 1 and out.startswith("::notice file=")
    command, _, data = out.rstrip("\n").partition("::")[2].partition("::")
    assert data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%") == message
