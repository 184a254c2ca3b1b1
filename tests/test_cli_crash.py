"""A crash is never a finding: an unexpected failure exits 3 with one line asking for a report
(the traceback only with --debug), and output a terminal cannot encode is escaped, not a crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kevidence.kb
from kevidence.cli import main
from kevidence.cli.command import EXIT_CRASH

DATA = Path(__file__).resolve().parents[1] / "data"


def _boom(*args: object, **kwargs: object) -> None:
    raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")


def test_an_unexpected_exception_exits_3_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(kevidence.kb, "load", _boom)
    assert main(["audit", str(DATA)]) == EXIT_CRASH == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error (ValueError" in err and "bug" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(kevidence.kb, "load", _boom)
    assert main(["--debug", "audit", str(DATA)]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "_boom" in err


def test_the_help_documents_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "0 nothing at or above" in out and "1 findings" in out and "2 the input" in out and "3 kevidence failed" in out


def test_a_terminal_that_cannot_show_unicode_gets_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    claims = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    claim = claims["claims"][0]
    claim["statement"] = "Relief \u2265 50 % for \u00bd of patients \u2014 \u201cquoted\u201d."
    (folder / "claims.json").write_text(json.dumps(claims, ensure_ascii=False, indent=2), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "kevidence", "trace", claim["id"], str(folder)],
                          capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert b"Relief \\u2265 50" in done.stdout and b"Traceback" not in done.stderr
