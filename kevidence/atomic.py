"""Safe reading and writing of the data files: fingerprints taken at load, atomic replacement at save.

A save never leaves a half-written file: bytes go to a temporary file in the same folder, are
flushed and synced, then replace the old file in one ``os.replace``. Before anything is written,
every file is compared with the fingerprint taken when it was read, so a change made by someone
else is reported as a :class:`ConflictError` instead of being overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kevidence.errors import ConflictError, DataFileError, Location, Problem, display_path

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file held when it was read: its size, modification time and SHA-256 digest."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, mtime_ns: int = 0) -> FileStamp:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """One file a save will write: the new bytes and the fingerprint it must still match."""

    path: Path
    data: bytes | None  # None: only check that the file is unchanged
    expected: FileStamp | None  # None: the file did not exist when loaded


def read_bytes(path: Path, what: str, digest: bool = True) -> tuple[bytes, FileStamp]:
    """A data file's bytes and their fingerprint; a :class:`DataFileError` when unreadable.

    Without ``digest`` the fingerprint's SHA-256 is left empty (size and time only).
    """
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            mtime = os.fstat(handle.fileno()).st_mtime_ns
    except FileNotFoundError:
        raise DataFileError(
            f"{what} not found", [Problem(Location(shown), "no such file", "create it or pass the right path")]
        ) from None
    except IsADirectoryError:
        raise DataFileError(f"{what} is a directory", [Problem(Location(shown), "expected a file")]) from None
    except OSError as exc:
        raise DataFileError(f"cannot read {what}", [Problem(Location(shown), exc.strerror or str(exc))]) from None
    if not digest:
        return data, FileStamp(len(data), mtime, "")
    return data, FileStamp.of_bytes(data, mtime)


def changed_since(path: Path, expected: FileStamp | None) -> bool:
    """Whether the file's content differs from the fingerprint taken at load.

    The same size and modification time are taken as the same content (no read); otherwise
    content decides, not the clock: a file touched but not changed is no conflict.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return expected is not None
    if expected is None:
        return True
    if info.st_size != expected.size:
        return True
    if info.st_mtime_ns == expected.mtime_ns:
        return False
    return FileStamp.of_bytes(path.read_bytes()).sha256 != expected.sha256


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the old file stays whole if anything fails.

    The file mode of an existing file is kept; a new file gets the default mode.
    """
    with open_atomic(path) as handle:
        handle.write(data)


@contextmanager
def open_atomic(path: Path, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``path``'s new content into, piece by piece; on leaving the block it
    replaces ``path`` in one step (fsync, rename). If the block fails, ``path`` is untouched.

    Binary unless an ``encoding`` is given (then text with ``\n`` line ends). The file mode of
    an existing file is kept; a new file gets the default mode.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with (os.fdopen(fd, "w", encoding=encoding, newline="\n") if encoding else os.fdopen(fd, "wb")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # The rename itself must reach the disk too; folders cannot be opened on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_all(writes: Sequence[PendingWrite]) -> dict[Path, FileStamp]:
    """Check every file against its fingerprint, then write each atomically; returns the
    fingerprint of each file written.

    Raises :class:`ConflictError` (and writes nothing) when any file changed on disk since
    it was loaded; :class:`DataFileError` when the folder cannot be written.
    """
    conflicts = [
        Problem(
            Location(display_path(w.path)),
            "the file changed on disk since it was loaded",
            "load the knowledge base again, redo the edits, then save",
        )
        for w in writes
        if changed_since(w.path, w.expected)
    ]
    if conflicts:
        raise ConflictError("nothing was saved", conflicts)
    stamps: dict[Path, FileStamp] = {}
    for write in writes:
        if write.data is None:
            continue
        try:
            write_atomic(write.path, write.data)
            stamps[write.path] = FileStamp.of_bytes(write.data, os.stat(write.path).st_mtime_ns)
        except OSError as exc:
            raise DataFileError(
                "cannot save",
                [Problem(Location(display_path(write.path)), exc.strerror or str(exc),
                         "check that the folder exists and is writable")],
            ) from None
    return stamps
