"""Two files, one save: a lock, an intent record, and recovery from a save that died.

A save of a knowledge base may change ``claims.json`` and ``references.bib`` together. Each is
replaced atomically (a temporary file, fsync, rename), but a process killed between the two
renames would leave a new claims file beside an old ``.bib``. So a save (:func:`commit`):

1. takes an exclusive lock (``.kevidence.lock`` beside the data; a second saver waits up to
   ``lock_timeout`` seconds, then gets :class:`ConflictError` naming the lock), and inside it
2. checks every file against the fingerprint taken when it was loaded (a change made by
   anyone since is a :class:`ConflictError`: two saves of the same loaded state never both
   succeed);
3. writes each new content to a temporary file beside its target and syncs it;
4. writes and syncs the intent record ``.kevidence-save.json``: which temporary file becomes
   which target, with the digest it must have;
5. renames each temporary file over its target, syncs the folder, and removes the record.

A save that dies before step 4 changed nothing (its temporary files are litter); one that dies
after it is rolled forward by the next save or load (:func:`recover`), which renames what is
left. Either way the pair is old+old or new+new. Litter of dead saves (temporary files no intent
record names) is removed by the next save or load that holds the lock.

Readers do not take the lock and never wait: :func:`read_consistent` reads both files and
checks that no save replaced either meanwhile; while a live save is between its renames, it
reads the new content from the temporary files the intent record names.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kevidence.errors import ConflictError, DataFileError, Location, Problem, display_path
from kevidence.store.atomic import PendingWrite, sync_folder, write_atomic
from kevidence.text.encoding import FileStamp, changed_since, read_bytes

LOCK_NAME = ".kevidence.lock"
INTENT_NAME = ".kevidence-save.json"
TEMP_SUFFIX = ".kevidence-tmp"
DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout_default() -> float:
    """The seconds a saver waits for another save: ``KEVIDENCE_LOCK_TIMEOUT``, else 10."""
    try:
        return max(0.0, float(os.environ.get("KEVIDENCE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextmanager
def locked(folders: Sequence[Path], timeout: float) -> Iterator[None]:
    """Hold the lock of every folder (in a fixed order, so that two savers cannot deadlock).

    Raises :class:`ConflictError` naming the lock file when another save holds it longer
    than ``timeout`` seconds.
    """
    from filelock import FileLock, Timeout

    held = []
    try:
        for folder in sorted({f.resolve() for f in folders}):
            if not folder.is_dir():  # the lock would make it again, holding nothing but the lock
                raise DataFileError("nothing was saved", [Problem(
                    Location(display_path(folder)), "the data folder no longer exists",
                    "restore the folder (or load the base from where it is now), then save")])
            lock = FileLock(str(folder / LOCK_NAME), timeout=timeout)
            try:
                lock.acquire()
            except Timeout:
                raise ConflictError("nothing was saved", [Problem(
                    Location(display_path(folder / LOCK_NAME)),
                    f"another save of this knowledge base held the lock for more than {timeout:g} s",
                    "try again when it is done; if no save is running, the lock file's owner died and "
                    "the lock is free again: retry")]) from None
            held.append(lock)
        yield
    finally:
        for lock in reversed(held):
            lock.release()


@dataclass(frozen=True, slots=True)
class _Move:
    target: Path
    temp: Path
    sha256: str


def commit(writes: Sequence[PendingWrite], lock_timeout: float | None = None) -> dict[Path, FileStamp]:
    """Check every file against its fingerprint and write the new ones as one save (see the
    module's description); returns the fingerprint of each file written.

    Raises :class:`ConflictError` when a file changed since it was loaded or another save
    holds the lock too long, :class:`DataFileError` when the folder cannot be written.
    """
    folders = _folders(w.path for w in writes)
    timeout = lock_timeout_default() if lock_timeout is None else lock_timeout
    try:
        with locked(folders, timeout):
            recover(folders, locked_already=True)
            conflicts = [Problem(Location(display_path(w.path)), "the file changed on disk since it was loaded",
                                 "load the knowledge base again, redo the edits, then save")
                         for w in writes if changed_since(w.path, w.expected)]
            if conflicts:
                raise ConflictError("nothing was saved", conflicts)
            read_only = [Problem(Location(display_path(w.path)), "the file is read-only",
                                 "make it writable (chmod u+w) to save to it; nothing was saved")
                         for w in writes if w.data is not None and _read_only(w.path)]
            if read_only:
                raise DataFileError("cannot save", read_only)
            moves: list[_Move] = []
            try:
                for write in writes:
                    if write.data is not None:
                        moves.append(_stage(write.path, write.data))
                intent = folders[0] / INTENT_NAME
                _write_intent(intent, moves)
            except BaseException:
                for move in moves:  # nothing was replaced yet: the save leaves no trace
                    move.temp.unlink(missing_ok=True)
                raise
            for move in moves:
                os.replace(move.temp, move.target)
            for folder in folders:
                sync_folder(folder)
            # The record's removal needs no sync: a record whose files are all in place is
            # simply cleared by the next load or save.
            intent.unlink()
            written = [w for w in writes if w.data is not None]  # the digest taken when staged
            return {w.path: FileStamp(len(w.data or b""), os.stat(m.target).st_mtime_ns, m.sha256)
                    for w, m in zip(written, moves)}
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else folders[0]
        raise DataFileError("cannot save", [Problem(Location(display_path(where)), exc.strerror or str(exc),
                                                    "check that the folder exists and is writable")]) from None


def _read_only(path: Path) -> bool:
    """Whether ``path`` is a file no one may write (its mode has no write bit)."""
    try:
        return not os.stat(path).st_mode & 0o222
    except OSError:
        return False


def _folders(paths: Iterator[Path] | Sequence[Path]) -> list[Path]:
    """The folders the files are in, resolved, in a fixed order."""
    return sorted({(p.parent if str(p.parent) else Path(".")).resolve() for p in paths})


def _stage(target: Path, data: bytes | None) -> _Move:
    """The new content in a synced temporary file beside ``target``, with ``target``'s mode.

    A symlink is followed: the temporary file goes beside the file it points to (a rename
    cannot cross file systems), which the save then replaces, the link kept."""
    assert data is not None
    target = Path(os.path.realpath(target))
    temp = target.parent / f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    try:
        mode: int | None = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return _Move(target.resolve(), temp.resolve(), hashlib.sha256(data).hexdigest())


def _write_intent(intent: Path, moves: Sequence[_Move]) -> None:
    record = {"version": 1, "moves": [{"target": str(m.target), "temp": str(m.temp), "sha256": m.sha256}
                                      for m in moves]}
    staged = intent.with_name(f"{INTENT_NAME}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
    try:
        with open(staged, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    for folder in {move.temp.parent for move in moves}:  # the temporary files' names first
        sync_folder(folder)
    os.replace(staged, intent)
    sync_folder(intent.parent)


def _read_intent(intent: Path) -> list[_Move] | None:
    try:
        record = json.loads(intent.read_text(encoding="utf-8"))
        return [_Move(Path(m["target"]), Path(m["temp"]), str(m["sha256"])) for m in record["moves"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return []  # unreadable: written by something else; treated as naming nothing


def recover(folders: Sequence[Path], *, locked_already: bool = False, timeout: float = 0.0) -> bool:
    """Finish a save that died: roll its intent record forward, and remove the litter of dead
    saves. Needs the lock: without ``locked_already`` it is taken for at most ``timeout``
    seconds, and when a live save holds it nothing is done. Returns whether anything changed.
    """
    folders = sorted({Path(f).resolve() for f in folders})
    if not locked_already:
        try:
            with locked(folders, timeout):
                return recover(folders, locked_already=True)
        except ConflictError:
            return False  # a live save holds the lock: it finishes its own work
    changed = False
    named: set[Path] = set()
    for folder in folders:
        intent = folder / INTENT_NAME
        moves = _read_intent(intent)
        if moves is None:
            continue
        named.update(move.temp for move in moves)
        _roll_forward(intent, moves)
        for move in moves:
            sync_folder(move.target.parent)
        intent.unlink(missing_ok=True)
        sync_folder(folder)
        changed = True
    for folder in folders:
        for litter in folder.glob(f".*{TEMP_SUFFIX}"):
            if litter.resolve() not in named:
                litter.unlink(missing_ok=True)
                changed = True
    return changed


def _roll_forward(intent: Path, moves: Sequence[_Move]) -> None:
    """Finish a dead save's renames. Every temporary file was synced before the record was
    written, so each whole one replaces its target: by a rename, else (another file system,
    from a save made beside a symlink) by an atomic copy. If none was applied yet and one
    cannot be, the save is rolled back instead (its temporary files removed): old and old.
    Past that, :class:`DataFileError` says which file to put where."""
    ready = [m for m in moves if m.temp.exists() and hashlib.sha256(m.temp.read_bytes()).hexdigest() == m.sha256]
    applied = len(ready) < len(moves)  # a temporary file already gone was renamed
    for move in ready:
        try:
            try:
                os.replace(move.temp, move.target)
            except OSError:
                write_atomic(move.target, move.temp.read_bytes())
                move.temp.unlink()
        except OSError as exc:
            if not applied:
                for other in moves:
                    other.temp.unlink(missing_ok=True)
                return
            raise DataFileError("a save that died cannot be finished", [Problem(
                Location(display_path(move.target)), f"it cannot be replaced ({exc.strerror or exc})",
                f"copy {move.temp} over {move.target}, then delete {intent}")]) from None
        applied = True


def read_consistent(paths: Sequence[Path], what: Sequence[str], attempts: int = 200) -> list[tuple[bytes, FileStamp]]:
    """Read several files as one consistent state without taking the lock: all as before a
    save, or all as after it.

    A dead save's intent record is rolled forward first (when the lock is free). While a live
    save is between its renames, the new content is read from the temporary files its intent
    record names. The files are read again if a save replaced one of them meanwhile.
    """
    folders = _folders(paths)
    if any((f / INTENT_NAME).exists() or next(f.glob(f".*{TEMP_SUFFIX}"), None) for f in folders):
        # A folder this reader cannot write: the intent record is read as a live save's would be.
        with contextlib.suppress(OSError, DataFileError):
            recover(folders)  # a dead save's work or litter (nothing, while a live save holds the lock)
    for _ in range(attempts):
        before = [_identity(p) for p in paths]
        pending = _pending_moves(folders)
        contents = []
        for path, name in zip(paths, what):
            temp = pending.get(path.resolve())
            read = None
            if temp is not None:
                try:
                    read = read_bytes(temp, name)
                except DataFileError:
                    read = None  # renamed meanwhile: the target holds it now
            contents.append(read_bytes(path, name) if read is None else read)
        if [_identity(p) for p in paths] == before and _pending_moves(folders) == pending:
            return contents
        time.sleep(0.005)  # a save is replacing the files right now
    raise ConflictError("the knowledge base kept changing while it was read", [Problem(
        Location(display_path(paths[0])), "another program is saving it again and again",
        "load it when the saves are done")])


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _pending_moves(folders: Sequence[Path]) -> dict[Path, Path]:
    pending: dict[Path, Path] = {}
    for folder in folders:
        for move in _read_intent(folder / INTENT_NAME) or ():
            if move.temp.exists():
                pending[move.target] = move.temp
    return pending
