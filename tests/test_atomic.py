"""Safe saves: atomic replacement, kept file mode, conflict detection, crashes mid-save."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import kevidence
from kevidence import ConflictError
from kevidence.store.atomic import PendingWrite, write_atomic
from kevidence.text.encoding import FileStamp
from kevidence.store.transaction import commit


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    for name in ("claims.json", "references.bib"):
        shutil.copy(kevidence.bundled_data_dir() / name, tmp_path / name)
    return tmp_path


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder and its bytes, but the save lock (its file stays by design)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ".kevidence.lock"}


def test_unedited_save_writes_nothing(kb_dir: Path) -> None:
    before = files(kb_dir)
    mtimes = {p: p.stat().st_mtime_ns for p in kb_dir.iterdir()}
    assert kevidence.load(kb_dir).save() == []
    assert files(kb_dir) == before
    assert {p: p.stat().st_mtime_ns for p in kb_dir.iterdir()} == mtimes


def test_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


@pytest.mark.parametrize("changed", ["claims.json", "references.bib"])
def test_conflict_when_either_file_changed(kb_dir: Path, changed: str) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_claim({"id": "conflict-claim", "statement": "S", "kind": "background"})
    with open(kb_dir / changed, "ab") as handle:
        handle.write(b"\n")
    before = files(kb_dir)
    with pytest.raises(ConflictError) as info:
        kb.save()
    assert changed in str(info.value)
    assert files(kb_dir) == before


def test_touch_without_change_is_no_conflict(kb_dir: Path) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_claim({"id": "touched", "statement": "S", "kind": "background"})
    os.utime(kb_dir / "claims.json", ns=(1, 1))
    kb.save()
    assert "touched" in kevidence.load(kb_dir).claims


def test_exception_mid_write_leaves_old_files(kb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = kevidence.load(kb_dir)
    kb.add_claim({"id": "crash-claim", "statement": "S", "kind": "background"})
    kb.update_source("maher2017", {"note": "changed"})
    before = files(kb_dir)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(kevidence.DataFileError, match="No space left"):
        kb.save()
    assert files(kb_dir) == before


def test_commit_checks_everything_before_writing(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"A")
    b.write_bytes(b"B")
    stale = FileStamp.of_bytes(b"something else")
    with pytest.raises(ConflictError):
        commit([PendingWrite(a, b"A2", FileStamp.of_bytes(b"A")), PendingWrite(b, b"B2", stale)])
    assert (a.read_bytes(), b.read_bytes()) == (b"A", b"B")


CHILD = textwrap.dedent(
    """
    import os, sys, time
    import kevidence
    kb = kevidence.load(sys.argv[1])
    kb.add_claim({"id": "killed-claim", "statement": "S", "kind": "background"})
    real_fsync = os.fsync
    def slow_fsync(fd):
        open(os.path.join(sys.argv[1], "writing.flag"), "w").close()
        time.sleep(60)
    os.fsync = slow_fsync
    kb.save()
    """
)


def test_process_killed_mid_write_leaves_old_files(kb_dir: Path) -> None:
    before = files(kb_dir)
    env = dict(os.environ, PYTHONPATH=str(Path(kevidence.__file__).parent.parent))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(kb_dir)], env=env)
    flag = kb_dir / "writing.flag"
    deadline = time.monotonic() + 30
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert flag.exists(), "the child never reached the write"
    child.send_signal(signal.SIGKILL)
    child.wait()
    flag.unlink()
    after = files(kb_dir)
    assert {k: v for k, v in after.items() if not k.startswith(".")} == before
    kb = kevidence.load(kb_dir)  # stray temporary files do not disturb the next load
    assert "killed-claim" not in kb.claims
    kb.add_claim({"id": "after-kill", "statement": "S", "kind": "background"})
    kb.save()
    assert "after-kill" in kevidence.load(kb_dir).claims
