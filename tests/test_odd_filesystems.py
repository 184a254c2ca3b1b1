"""Saves on odd file systems: a dead save's record whose renames cannot happen is finished by
copying or rolled back, never retried forever; readers need no write access; a deleted data
folder is not made again."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import filelock
import pytest

import kevidence
from kevidence.errors import DataFileError
from kevidence.store.transaction import INTENT_NAME, TEMP_SUFFIX, locked
from tests.test_transaction import _killed_save, fresh_base, marks

CLAIM = "ketamine-crps-inpatient-relief-several-weeks"


def _dead_save(folder: Path) -> bytes:
    """An intent record naming a whole new claims file, as a save that died before its rename."""
    claims = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    claims["claims"][0]["statement"] = "Rolled forward."
    new = json.dumps(claims, indent=2).encode()
    temp = folder / f".claims.json.dead{TEMP_SUFFIX}"
    temp.write_bytes(new)
    (folder / INTENT_NAME).write_text(json.dumps({"version": 1, "moves": [
        {"target": str(folder / "claims.json"), "temp": str(temp), "sha256": hashlib.sha256(new).hexdigest()}]}))
    return new


def _renames_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if str(src).endswith(TEMP_SUFFIX):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def test_a_record_that_cannot_be_renamed_is_finished_by_a_copy_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fresh_base(tmp_path / "kb")
    new = _dead_save(folder)
    _renames_fail(monkeypatch)
    kb = kevidence.load(folder)
    assert (folder / "claims.json").read_bytes() == new and not (folder / INTENT_NAME).exists()
    assert kb.claims[next(iter(kb.claims))].statement == "Rolled forward."
    kevidence.load(folder)  # nothing left to retry
    assert not [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_a_record_that_cannot_be_applied_at_all_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fresh_base(tmp_path / "kb")
    before = (folder / "claims.json").read_bytes()
    _dead_save(folder)
    _renames_fail(monkeypatch)
    monkeypatch.setattr("kevidence.store.transaction.write_atomic",
                        lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only file system")))
    kevidence.load(folder)
    assert (folder / "claims.json").read_bytes() == before and not (folder / INTENT_NAME).exists()
    kevidence.load(folder).audit()


def test_a_reader_without_write_access_reads_a_dead_saves_new_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fresh_base(tmp_path / "kb")
    _killed_save(folder, "round-1", "after-first-replace", 0)
    assert (folder / INTENT_NAME).exists()

    def no_lock(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / ".kevidence.lock"))

    monkeypatch.setattr(filelock.FileLock, "acquire", no_lock)  # a folder this reader cannot write
    assert marks(folder) == ({"round-1"}, "round-1")  # new and new, read through the record
    kevidence.load(folder).audit()


def test_a_deleted_data_folder_is_not_made_again(tmp_path: Path) -> None:
    folder = fresh_base(tmp_path / "kb")
    kb = kevidence.load(folder)
    kb.link(CLAIM, "orhurhu2019")
    shutil.rmtree(folder)
    with pytest.raises(DataFileError):
        kb.save()
    assert not folder.exists()
    # Deleted between the save's reading and its lock: the lock does not make the folder again.
    with pytest.raises(DataFileError, match="nothing was saved") as caught, locked([folder], 1.0):
        pass
    assert "no longer exists" in str(caught.value) and not folder.exists()
