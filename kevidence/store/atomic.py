"""Atomic replacement of a file: a save never leaves a half-written file.

Bytes go to a temporary file in the same folder, are flushed and synced, then replace the old
file in one ``os.replace``. What a file held when it was read (its fingerprint) is
:class:`kevidence.text.encoding.FileStamp`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kevidence.text.encoding import FileStamp


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """One file a save will write: the new bytes and the fingerprint it must still match."""

    path: Path
    data: bytes | None  # None: only check that the file is unchanged
    expected: FileStamp | None  # None: the file did not exist when loaded


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
    an existing file is kept; a new file gets the default mode. A symlink's target is replaced
    (the link is kept); a device or a FIFO is written to, not replaced; a folder is refused
    (:class:`IsADirectoryError` naming ``path``).
    """
    given = path
    # A symlink is followed: its target is replaced, the temporary file made beside it (a
    # rename cannot cross file systems), and the link stays a link.
    path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file: give a file name", str(given))
    if status is not None and not stat.S_ISREG(status.st_mode):
        # A device, a FIFO, a socket: written to, never replaced by a regular file.
        with (open(path, "w", encoding=encoding, newline="\n") if encoding else open(path, "wb")) as direct:
            yield direct
        return
    mode = status.st_mode & 0o7777 if status is not None else None
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
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where folders can be opened and synced)."""
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
