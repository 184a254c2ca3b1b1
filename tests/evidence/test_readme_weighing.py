"""The README's "Weighing the evidence" section, run as written: each command with the installed
``kevidence`` on a copy of the bundled data, and the Python examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kevidence
from kevidence import CEBMLevel, parse_relief
from kevidence.text import typography
from tests.evidence.conftest import kevidence_command

CLAIM = "ketamine-sci-relief-two-weeks"


@pytest.mark.slow
def test_commands_of_the_section_in_order(data_copy) -> None:
    kb_dir = data_copy()

    linked = kevidence_command("link", kb_dir, CLAIM, "orhurhu2019", "--stance", "contradicts")
    assert linked.returncode == 0, linked.stderr

    query = kevidence_command("query", kb_dir, "--contradicted")
    assert query.returncode == 0, query.stderr
    header, _, row, *_ = query.stdout.splitlines()
    assert header.split()[-1] == "against" and row.split()[0] == CLAIM
    assert row.endswith("orhurhu2019 (level 1)")

    trace = kevidence_command("trace", CLAIM, kb_dir)
    assert trace.returncode == 0 and "Evidence against: CEBM level 1 via orhurhu2019" in trace.stdout

    audit = kevidence_command("audit", kb_dir, "--select", "contradicted-claim")
    assert audit.returncode == 1  # an error: level 1 against, no level for
    assert f"KE018 error [contradicted-claim] claim {CLAIM!r}" in audit.stdout

    # A stored text of the meta-analysis that does not hold the article's verified quotation of
    # Maher, and one of Maher that holds it: only what is really missing is reported.
    texts = kb_dir / "texts"
    texts.mkdir()
    (texts / "maher2017.txt").write_text(
        "Ketamine was first synthesized in the 1960s as a safer dissociative analgesic and amnestic "
        "alternative to phencyclidine.\n", encoding="utf-8")
    quotes = kevidence_command("audit", kb_dir, "--select", "altered-quotation,quotation-not-in-source")
    assert (quotes.returncode, quotes.stdout.strip()) == (0, "No findings.")
    (texts / "maher2017.txt").write_text("Ketamine was first made in the 1960s.\n", encoding="utf-8")
    quotes = kevidence_command("audit", kb_dir, "--select", "altered-quotation,quotation-not-in-source",
                               "--format", "json")
    [finding] = json.loads(quotes.stdout)["findings"]
    assert (finding["rule"], finding["severity"]) == ("KE020", "error")  # a verified citation
    assert "texts/maher2017.txt" in finding["message"]

    unidentifiable = kevidence_command("audit", kb_dir, "--select", "unidentifiable-source", "--format", "json")
    resting = {c for f in json.loads(unidentifiable.stdout)["findings"] for c in f["related"]}
    assert "lidocaine-immediate-long-relief" in resting and CLAIM not in resting

    relief = kevidence_command("query", kb_dir, "--min-relief", "P2W")
    assert relief.returncode == 0 and "ketamine-crps-inpatient-relief-several-weeks" in relief.stdout


def test_python_examples_of_the_section(data_copy) -> None:
    kb = kevidence.load(data_copy())
    kb.link(CLAIM, "orhurhu2019", stance="contradicts")
    kb.save()
    assert [c.id for c in kb.query(contradicted=True)] == [CLAIM]
    row = kb.evidence_table(contradicted=True).rows[0]
    assert (row.sources, row.against, row.against_level) == (("maher2017",), ("orhurhu2019",), CEBMLevel(1))
    t = kb.trace(CLAIM)
    assert (t.contradicting, t.contradicting_level) == (("orhurhu2019",), CEBMLevel.SYSTEMATIC_REVIEW_OF_RCTS)
    assert [f.subject for f in kb.audit(select=["contradicted-claim"]).findings] == [CLAIM]

    assert typography("\u201cRelief lasted 2\u20134 weeks\u2026\u201d") == typography('"Relief lasted 2 - 4 weeks..."')
    bounds = parse_relief("weeks to months")
    assert (bounds.min_days, bounds.max_days, bounds.approximate) == (14.0, 210.0, True)
    assert parse_relief("within days").onset_max_days == 7.0


def test_texts_setting_points_at_another_folder(data_copy, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "maher2017.txt").write_text("Nothing of the kind.\n", encoding="utf-8")
    kb = kevidence.load(data_copy())
    assert kb.audit(select=["KE020"]).findings == ()
    [finding] = kb.audit(select=["KE020"], settings={"texts": str(elsewhere)}).findings
    assert finding.subject == "ketamine-first-synthesized-1960s"
