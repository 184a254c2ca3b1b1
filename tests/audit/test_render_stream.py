"""Rendering piece by piece: the pieces make the very text of the whole document."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.audit import AuditReport, Finding, FindingLocation, Severity
from kevidence.audit.render import RENDERERS, STREAMS, indented_json, render, sarif_log, write_report

_text = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(['"', "\\", "\n", "\x1b[2J", "é–\u2028"])
_location = st.none() | st.builds(
    FindingLocation, st.none() | _text, st.none() | st.integers(0, 10**6), st.none() | _text,
    st.none() | st.integers(1, 500))
_finding = st.builds(Finding, st.sampled_from(["KE001", "KE012", "KE999"]), _text, st.sampled_from(list(Severity)),
                     _text, _text, _location, st.lists(_text, max_size=3).map(tuple))
_reports = st.builds(AuditReport, st.lists(_finding, max_size=8).map(tuple),
                     st.sampled_from([{}, {"retractions": {"file": "r.csv", "sha256": "ab", "notices": 3}}]))
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(_json, st.sampled_from(["", "  ", "      "]))
def test_indented_json_writes_what_json_dumps_writes(value: Any, pad: str) -> None:
    assert indented_json(value, pad) == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)


def test_indented_json_keys_that_are_not_strings_as_json_writes_them() -> None:
    value = {"a": {1: [True, 2.5]}, "b": (None,)}
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=100, deadline=None)
@given(_reports)
def test_json_pieces_make_the_report_document(report: AuditReport) -> None:
    assert render(report, "json") == report.to_json() + "\n"
    json.loads(render(report, "json"))


@settings(max_examples=100, deadline=None)
@given(_reports)
def test_sarif_pieces_make_the_log_document(report: AuditReport) -> None:
    assert render(report, "sarif") == json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=60, deadline=None)
@given(_reports, st.booleans())
def test_every_format_writes_what_it_renders(report: AuditReport, colour: bool) -> None:
    assert set(STREAMS) == set(RENDERERS)
    for fmt in RENDERERS:
        out = io.StringIO()
        write_report(report, out, fmt, colour=colour)
        assert out.getvalue() == render(report, fmt, colour=colour)


def test_a_large_report_is_written_in_pieces_none_holding_it_all() -> None:
    location = FindingLocation("claims.json", 3, "$.claims[0]")
    report = AuditReport(tuple(Finding("KE001", "unsourced-claim", Severity.ERROR, f"c{i}", "m" * 50, location)
                               for i in range(5_000)))
    for fmt, stream in STREAMS.items():
        pieces = [p for p in stream(report) if p]
        whole = "".join(pieces)
        assert whole == render(report, fmt)
        assert len(pieces) > 5, fmt
        assert max(map(len, pieces)) < len(whole) / 4, fmt
