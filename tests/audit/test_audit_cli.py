"""The audit command line: formats, exit codes, selection, config, retractions, rules."""

from __future__ import annotations

import json

import pytest
from tests.audit.audit_helpers import ARTICLE, claim

from kevidence.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_and_fail_on(kb_dir, capsys):
    clean = kb_dir([claim("a", "efficacy", ("trial2020",))])
    warned = kb_dir([claim("a", "background")], bib="")
    failing = kb_dir([claim("a", "efficacy")], bib="")
    assert run(capsys, "audit", str(clean))[0] == 0  # only an info (single-source)
    assert run(capsys, "audit", str(clean), "--fail-on", "info")[0] == 1
    assert run(capsys, "audit", str(warned))[0] == 0
    assert run(capsys, "audit", str(warned), "--fail-on", "warning")[0] == 1
    assert run(capsys, "audit", str(failing))[0] == 1


def test_unreadable_input_exits_2_without_traceback(kb_dir, tmp_path, capsys):
    broken = kb_dir([claim("a")], bib="@article{x, title = {unclosed\n")
    code, _, err = run(capsys, "audit", str(broken))
    assert code == 2 and "Traceback" not in err and "references.bib" in err
    code, out, _ = run(capsys, "audit", str(broken), "--lenient", "--format", "json")
    assert code == 1 and any(f["name"] == "bib-parse-error" for f in json.loads(out)["findings"])
    assert run(capsys, "audit", str(tmp_path / "missing"))[0] == 2


@pytest.mark.parametrize("selector", ["KE001", "KE00", "unsourced-claim", "ke001"])
def test_select_by_code_prefix_or_slug(kb_dir, capsys, selector):
    folder = kb_dir([claim("a", "efficacy"), claim("b", cites=("gone",))])
    code, out, _ = run(capsys, "audit", str(folder), "--select", selector, "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "KE001" in rules and rules <= {f"KE00{i}" for i in range(10)}
    if selector != "KE00":
        assert rules == {"KE001"}


def test_ignore_and_unknown_selector(kb_dir, capsys):
    folder = kb_dir([claim("a", "efficacy"), claim("b", cites=("gone",))])
    code, out, _ = run(capsys, "audit", str(folder), "--ignore", "KE001,unused-source", "--format", "json")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"KE002"}
    code, _, err = run(capsys, "audit", str(folder), "--select", "unsourced-clam")
    assert code == 2 and "did you mean 'unsourced-claim'" in err


def test_config_and_retractions_options(kb_dir, capsys):
    folder = kb_dir([claim("a", "efficacy", ("trial2020",))], ARTICLE, files={
        "kevidence.toml": 'fail-on = "info"\nretractions = "rw.csv"\n',
        "rw.csv": "OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n10.1000/trial.2020.1,,Retraction\n",
    })
    code, out, _ = run(capsys, "audit", str(folder), "--format", "json", "--select", "KE014")
    assert code == 1 and {f["subject"] for f in json.loads(out)["findings"]} == {"a", "trial2020"}
    assert "rw.csv" in json.loads(out)["summary"]["inputs"]["retractions"]["file"]
    code, out, _ = run(capsys, "audit", str(folder), "--select", "single-source")
    assert code == 1  # fail-on = "info" from the config
    assert run(capsys, "audit", str(folder), "--select", "single-source", "--fail-on", "error")[0] == 0


def test_bad_config_exits_2(kb_dir, capsys):
    folder = kb_dir([claim("a")], files={"kevidence.toml": "fail-on = 3\n"})
    code, _, err = run(capsys, "audit", str(folder))
    assert code == 2 and "kevidence.toml" in err and "fail-on" in err


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "sarif"])
def test_every_format_renders_bundled_data(capsys, fmt):
    code, out, _ = run(capsys, "audit", "--format", fmt)
    assert code == 1 and "ketamine-longer-infusions-longer-relief" in out


def test_rules_list_and_doc(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and len(out.splitlines()) >= 17 and "KE009  overstated-evidence" in out
    code, out, _ = run(capsys, "rules", "KE001")
    assert code == 0 and "Why it matters" in out and "How to fix" in out and "Example" in out
    assert run(capsys, "rules", "weak-support")[1].startswith("KE010 weak-support")
    code, _, err = run(capsys, "rules", "KE0999")
    assert code == 2 and "did you mean" in err
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert {r["name"] for r in json.loads(out)} >= {"unsourced-claim", "unused-suppression"}
