"""`kevidence query` and `kevidence trace`: the same answers as the library, exit codes 0 and 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kevidence
from kevidence.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_crps_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--condition", "crps", "--min-relief", "P2W")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["claim", "kind"]
    rows = [line.split()[0] for line in lines[2:] if line and not line.startswith("2 claims")]
    assert rows == ["ketamine-crps-inpatient-relief-several-weeks", "ketamine-crps-outpatient-relief-several-months"]
    assert "several weeks" in out and "several months in some cases" in out


def test_query_json_mirrors_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--pain-type", "neuropathic", "--kind", "efficacy,mechanism", "--format", "json")
    assert code == 0
    data = json.loads(out)
    expected = [c.id for c in kevidence.load().query(pain_type="neuropathic", kind=["efficacy", "mechanism"])]
    assert [row["claim"] for row in data["claims"]] == expected
    assert data["count"] == len(expected) > 0


def test_query_citing_source_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--cites", "orhurhu2019", "--format", "markdown")
    assert code == 0
    assert out.startswith("| claim | statement |")
    assert "`ketamine-short-term-benefit-refractory-chronic-pain`" in out
    assert "`ketamine-dose-response`" in out
    assert out.count("\n| `") == 2


def test_query_exact_switches_off_narrower_terms(capsys: pytest.CaptureFixture[str]) -> None:
    _, broad, _ = run(capsys, "query", "--condition", "chronic-neuropathic-pain", "--format", "json")
    _, exact, _ = run(capsys, "query", "--condition", "chronic-neuropathic-pain", "--exact", "--format", "json")
    broad_ids = {r["claim"] for r in json.loads(broad)["claims"]}
    exact_ids = {r["claim"] for r in json.loads(exact)["claims"]}
    assert "ketamine-crps-inpatient-relief-several-weeks" in broad_ids - exact_ids


def test_query_nothing_matches_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--condition", "crps", "--kind", "safety")
    assert (code, out) == (0, "No claims match.\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["query", "--condition", "cprs"], ["did you mean 'crps'", "valid values"]),
        (["query", "--cites", "maher2016"], ["did you mean 'maher2017'"]),
        (["query", "--min-relief", "two weeks"], ["ISO 8601"]),
        (["query", "--evidence-level", "7"], ["1 (strongest) to 5"]),
        (["trace", "ketamine-dose-respons"], ["did you mean 'ketamine-dose-response'"]),
    ],
)
def test_bad_input_is_one_message_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("kevidence: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    for word in words:
        assert word in err


def test_trace_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "lidocaine-immediate-long-relief")
    assert code == 0
    assert out.startswith("claim lidocaine-immediate-long-relief")
    assert "└── cites (supports) source stanford2020" in out
    assert "dead end: web page: not research" in out


def test_trace_json_equals_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trace", "ketamine-longer-infusions-longer-relief", "--format", "json")
    assert code == 0
    assert json.loads(out) == kevidence.load().trace("ketamine-longer-infusions-longer-relief").to_dict()


def test_trace_with_a_folder_after_the_claim(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = kevidence.bundled_data_dir()
    for name in ("claims.json", "references.bib", "claims.schema.json"):
        shutil.copy(data / name, tmp_path / name)
    code, out, _ = run(capsys, "trace", "ketamine-short-term-benefit-refractory-chronic-pain", str(tmp_path), "--format", "markdown")
    assert code == 0
    assert "Best level reached: CEBM level 1 via `orhurhu2019`" in out


def test_query_missing_folder_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "query", str(tmp_path / "nope"), "--condition", "crps")
    assert code == 2 and "folder not found" in err
