"""The on-disk cache of registry answers, keyed by registry and identifier, with an expiry.

One JSON file per answer: ``CACHE/crossref/10.1213%2Fane.0000000000001787.json`` holds the
URL asked, the status (200, or 404 for an identifier the registry does not know), when it was
fetched and the body. New answers are held back until :meth:`Cache.commit`, so that a run
that fails half-way writes nothing; each file is written atomically.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kevidence.lookup.client import Answer
from kevidence.store.atomic import write_atomic

DAY = 86_400.0


@dataclass(frozen=True)
class CachedAnswer:
    """An answer read from the cache, and when it was fetched (seconds since the epoch)."""

    answer: Answer
    fetched: float


class Cache:
    """Answers kept on disk; an answer older than ``max_age_days`` is not used (except offline)."""

    def __init__(self, folder: Path, max_age_days: float = 30.0, clock: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.max_age = max_age_days * DAY
        self.clock = clock
        self._pending: dict[Path, bytes] = {}

    def path(self, kind: str, identifier: str) -> Path:
        """The file of one answer: the identifier in lower case, quoted to be a file name."""
        return self.folder / kind / (urllib.parse.quote(identifier.lower(), safe="") + ".json")

    def get(self, kind: str, identifier: str, *, any_age: bool = False) -> CachedAnswer | None:
        """The cached answer, if there is one young enough (any age with ``any_age``)."""
        path = self.path(kind, identifier)
        data = self._pending.get(path)
        try:
            record = json.loads(data if data is not None else path.read_bytes())
            found = CachedAnswer(Answer(int(record["status"]), str(record["body"]), str(record["url"])),
                                 float(record["fetched"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or unreadable: fetched again
        if not any_age and self.clock() - found.fetched > self.max_age:
            return None
        return found

    def put(self, kind: str, identifier: str, answer: Answer) -> None:
        """Keep an answer, to be written by :meth:`commit`."""
        record = {"identifier": identifier, "url": answer.url, "status": answer.status,
                  "fetched": self.clock(), "body": answer.body}
        self._pending[self.path(kind, identifier)] = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")

    def commit(self) -> list[Path]:
        """Write the answers kept since the last commit; returns their files."""
        written = []
        for path, data in sorted(self._pending.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            written.append(path)
        self._pending.clear()
        return written

    def discard(self) -> None:
        """Forget the answers not yet written."""
        self._pending.clear()
