"""The command line: the main job on the bundled data, JSON output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kevidence.cli import main
from tests.conftest import claim


def test_audit_bundled_lists_unsourced_claims(capsys: pytest.CaptureFixture[str]) -> None:
    main(["audit", "--select", "unsourced-claim"])
    out = capsys.readouterr().out
    assert "unsourced-claim" in out and "ketamine-infusions-increasingly-popular" in out
    assert "clinic-outpatient-flexibility" not in out  # suppressed with a reason in the data


def test_audit_json_shape_and_exit_code(write_kb: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_kb([claim("a"), claim("b", citations=[{"source": "smith2021"}])])
    code = main(["audit", str(folder), "--format", "json", "--select", "KE001,KE002"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    names = {(f["name"], f["subject"]) for f in payload["findings"]}
    assert names == {("unsourced-claim", "a"), ("dangling-citation", "b")}
    for finding in payload["findings"]:
        assert set(finding) >= {"rule", "name", "severity", "subject", "message", "location"}
        assert finding["location"]["file"].endswith("claims.json") and finding["location"]["line"]
    dangling = next(f for f in payload["findings"] if f["name"] == "dangling-citation")
    assert "did you mean 'smith2020'" in dangling["message"]
    assert payload["summary"]["total"] == 2


def test_audit_clean_base_exits_zero(write_kb: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_kb([claim("a", citations=[{"source": "smith2020"}])])
    assert main(["audit", str(folder), "--select", "KE001,KE002"]) == 0
    assert "No findings" in capsys.readouterr().out


def test_bad_input_exits_two_with_file_and_line(write_kb: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_kb([claim("a", kind="miracle")])
    assert main(["audit", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "claims.json:" in err and "$.claims[0].kind" in err and "Traceback" not in err


def test_unknown_rule_and_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--select", "unsorced-claim"]) == 2
    assert "did you mean 'unsourced-claim'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["audit", "--format", "yaml"])
    assert info.value.code == 2


def test_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    import kevidence

    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((kevidence.bundled_data_dir() / "claims.schema.json").read_text(encoding="utf-8"))
    assert printed == committed


def test_module_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "claims.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kevidence", "audit", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "claims.json:1" in result.stderr and "Traceback" not in result.stderr
