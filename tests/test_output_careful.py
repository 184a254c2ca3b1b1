"""``-o`` is careful and saves refuse what they must not replace: the base's own files, a
folder, a read-only file; a FIFO is written to and a symlink followed, never replaced."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

import kevidence
from kevidence.cli import main
from kevidence.errors import DataFileError

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "ketamine-infusions-article.txt"
CLAIM = "ketamine-crps-inpatient-relief-several-weeks"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(kevidence.bundled_data_dir(), target)
    return target


def _snapshot(base: Path) -> dict[str, bytes]:
    return {name: (base / name).read_bytes() for name in ("claims.json", "references.bib")}


@pytest.mark.parametrize("command", [
    ["export", "{base}", "--format", "csl-json", "-o", "{base}/references.bib"],
    ["export", "{base}", "--format", "json", "-o", "{base}/claims.json"],
    ["report", "{base}", "-o", "{base}/claims.json"],
    ["article", "draft", str(ARTICLE), "{base}", "--document", "lpc-ketamine-infusions", "-o", "{base}/claims.json"],
])
def test_o_refuses_the_bases_own_files(base: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(base)
    assert main([part.format(base=base) for part in command]) == 2
    assert "base's own data file" in capsys.readouterr().err
    assert _snapshot(base) == before


def test_o_refuses_a_folder_naming_it(base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["export", str(base), "--format", "csl-json", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert str(folder) in err and "folder" in err and ".tmp" not in err


def test_o_refuses_a_read_only_file_unless_forced(base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    out.write_text("keep", encoding="utf-8")
    out.chmod(0o444)
    assert main(["export", str(base), "--format", "csl-json", "-o", str(out)]) == 2
    assert "read-only" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep"
    assert main(["export", str(base), "--format", "csl-json", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("[")


def test_o_writes_into_a_fifo_and_keeps_it(base: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["export", str(base), "--format", "csl-json", "-o", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and received and received[0].startswith(b"[")


def test_o_follows_a_symlink(base: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "out.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert main(["export", str(base), "--format", "csl-json", "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("[")


def test_a_save_refuses_a_read_only_claims_file(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (base / "claims.json").chmod(0o444)
    before = _snapshot(base)
    assert main(["link", str(base), CLAIM, "orhurhu2019"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert _snapshot(base) == before
    kb = kevidence.load(base)
    kb.link(CLAIM, "orhurhu2019")
    with pytest.raises(DataFileError, match="cannot save"):
        kb.save()


def test_a_save_through_a_symlink_writes_where_it_points(base: Path, tmp_path: Path) -> None:
    real = tmp_path / "store" / "claims.json"
    real.parent.mkdir()
    shutil.move(base / "claims.json", real)
    (base / "claims.json").symlink_to(real)
    assert main(["link", str(base), CLAIM, "orhurhu2019"]) == 0
    assert (base / "claims.json").is_symlink()
    assert "orhurhu2019" in real.read_text(encoding="utf-8")
    assert not [p for p in base.iterdir() if p.name.endswith(".tmp")]
    assert [c.source for c in kevidence.load(base).claim(CLAIM).citations].count("orhurhu2019") == 1


@pytest.mark.parametrize("command", [["trace", CLAIM], ["query", "--format", "markdown"], ["query"],
                                     ["trace", CLAIM, "--format", "markdown"]])
def test_text_output_escapes_terminal_control_sequences(base: Path, command: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    claims = json.loads((base / "claims.json").read_text(encoding="utf-8"))
    for claim in claims["claims"]:
        if claim["id"] == CLAIM:
            claim["statement"] = "Relief\x1b]0;owned\x07 lasts \x1b[2J weeks \u202e."
    (base / "claims.json").write_text(json.dumps(claims, indent=2), encoding="utf-8")
    assert main([command[0], *command[1:2], str(base), *command[2:]] if command[0] == "trace"
                else [command[0], str(base), *command[1:]]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if command[0] == "trace":
        assert "Relief\\x1b]0;owned\\x07 lasts \\x1b[2J weeks \\u202e." in out


def test_a_save_through_a_symlink_to_another_file_system(base: Path) -> None:
    # /dev/shm is a file system of its own on Linux: a rename from the link's folder to it fails.
    import tempfile

    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as other:
        real = Path(other) / "claims.json"
        shutil.copy(base / "claims.json", real)
        (base / "claims.json").unlink()
        (base / "claims.json").symlink_to(real)
        assert main(["link", str(base), CLAIM, "orhurhu2019"]) == 0
        assert (base / "claims.json").is_symlink() and "orhurhu2019" in real.read_text(encoding="utf-8")
        assert kevidence.load(base).audit() is not None  # no intent record left to retry
