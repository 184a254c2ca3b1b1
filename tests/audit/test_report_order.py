"""The report's order: sorting field by field gives exactly the order of report_order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kevidence.audit.model import Finding, Severity, report_order, sort_for_report
from kevidence.errors import Location

_few = st.sampled_from
locations = st.none() | st.builds(Location, _few([None, "", "a.json", "b.bib"]), _few([None, 0, 1, 2, 10]),
                                  _few([None, "$.claims[0]"]))
findings = st.builds(Finding, _few(["KE001", "KE012", "KE005"]), st.just("name"), st.sampled_from(list(Severity)),
                     _few(["a", "b", "c"]), _few(["m", "n", "o"]), locations, _few([(), ("x",)]))


@given(st.lists(findings, max_size=40))
def test_sort_for_report_is_report_order_and_stable(found: list[Finding]) -> None:
    expected = sorted(found, key=report_order)  # stable: ties keep the rules' order
    sort_for_report(found)
    assert [id(f) for f in found] == [id(f) for f in expected]
