"""Settings of reference lookups: registry addresses, contact details, cache, timeouts.

They come from the ``[lookup]`` table of a ``kevidence.toml`` (or ``[tool.kevidence.lookup]``
in a ``pyproject.toml``) beside the data, then from the environment, which wins:

=====================  ==========================  ===========================================
key in ``[lookup]``    environment variable        meaning
=====================  ==========================  ===========================================
``email``              ``KEVIDENCE_EMAIL``         contact address: Crossref's polite pool, NCBI ``email``
``crossref-url``       ``KEVIDENCE_CROSSREF_URL``  Crossref REST API (``https://api.crossref.org``)
``eutils-url``         ``KEVIDENCE_EUTILS_URL``    NCBI E-utilities (``https://eutils.ncbi.nlm.nih.gov/entrez/eutils``)
``ncbi-api-key``       ``NCBI_API_KEY``            NCBI API key (10 requests/s instead of 3)
``tool``                                           NCBI ``tool`` parameter (``kevidence``)
``cache``              ``KEVIDENCE_CACHE_DIR``     cache folder (relative to the config file)
``cache-days``                                     how long a cached record is used (30)
``timeout``                                        seconds to wait for each read of an answer (20)
``deadline``                                       seconds one request may take in all: connect,
                                                   headers and body (60); past it, exit 2
``max-wait``                                       longest pause a registry may ask for, by
                                                   ``Retry-After`` or its rate-limit headers (120);
                                                   past it, exit 2
``retries``                                        retries after a 429, a 5xx or a timeout (3)
=====================  ==========================  ===========================================
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kevidence.errors import KevidenceError, Location, Problem, closest, display_path

CROSSREF_URL = "https://api.crossref.org"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"

ENVIRONMENT = {
    "KEVIDENCE_EMAIL": "email",
    "KEVIDENCE_CROSSREF_URL": "crossref_url",
    "KEVIDENCE_EUTILS_URL": "eutils_url",
    "NCBI_API_KEY": "ncbi_api_key",
    "KEVIDENCE_CACHE_DIR": "cache_dir",
}

_KEYS = {
    "email": "email", "crossref-url": "crossref_url", "eutils-url": "eutils_url",
    "ncbi-api-key": "ncbi_api_key", "tool": "tool", "cache": "cache_dir",
    "cache-days": "cache_days", "timeout": "timeout", "retries": "retries",
    "deadline": "deadline", "max-wait": "max_wait",
}


class LookupSettingsError(KevidenceError):
    """A ``[lookup]`` table that cannot be used."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kevidence/lookup``, else ``~/.cache/kevidence/lookup``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kevidence" / "lookup"


@dataclass(frozen=True)
class LookupSettings:
    """Where the registries are, who is asking, and how patiently."""

    crossref_url: str = CROSSREF_URL
    eutils_url: str = EUTILS_URL
    email: str | None = None
    ncbi_api_key: str | None = None
    tool: str = "kevidence"
    cache_dir: Path | None = None
    cache_days: float = 30.0
    timeout: float = 20.0
    retries: int = 3
    deadline: float = 60.0
    max_wait: float = 120.0

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()

    def with_environment(self, environ: Mapping[str, str] | None = None) -> LookupSettings:
        """These settings with the environment variables' values put over them."""
        env = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for variable, name in ENVIRONMENT.items():
            value = env.get(variable, "").strip()
            if value:
                changes[name] = Path(value) if name == "cache_dir" else value
        return replace(self, **changes)


def lookup_settings(folder: str | Path | None = None, config: str | Path | None = None,
                    environ: Mapping[str, str] | None = None) -> LookupSettings:
    """The settings for a data folder: its config file's ``[lookup]`` table, then the environment."""
    from kevidence.audit.config import (
        find_config,  # the audit's rules import this package
    )

    path = Path(config) if config is not None else find_config(folder)
    settings = LookupSettings()
    if path is not None:
        settings = read_lookup_table(path)
    return settings.with_environment(environ)


def read_lookup_table(path: Path) -> LookupSettings:
    """The ``[lookup]`` table of a config file (``[tool.kevidence.lookup]`` in pyproject.toml)."""
    shown = display_path(path) or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LookupSettingsError("cannot read the lookup settings",
                                  [Problem(Location(shown), str(exc), "fix the TOML file")]) from None
    table = data.get("tool", {}).get("kevidence", {}).get("lookup")
    if table is None and path.name != "pyproject.toml":
        table = data.get("lookup")
    if table is None:
        return LookupSettings()
    return parse_lookup_table(table, path)


def parse_lookup_table(table: Any, path: Path | None = None) -> LookupSettings:
    """Check a ``[lookup]`` table; :class:`LookupSettingsError` naming each bad key and its fix."""
    where = Location(display_path(path) if path else None)
    if not isinstance(table, dict):
        raise LookupSettingsError("bad lookup settings", [Problem(where, "lookup must be a table",
                                                                  'write [lookup] then email = "you@example.org"')])
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = _KEYS.get(key.replace("_", "-"))
        if name is None:
            guess = closest(key, _KEYS)
            problems.append(Problem(where, f"unknown key {key!r} in [lookup]",
                                    f"did you mean {guess!r}?" if guess else f"valid keys: {', '.join(_KEYS)}"))
            continue
        if name in ("cache_days", "timeout", "deadline", "max_wait"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                problems.append(Problem(where, f"lookup {key} must be a positive number, not {value!r}",
                                        f"write {key} = 10"))
                continue
            values[name] = float(value)
        elif name == "retries":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
                problems.append(Problem(where, f"lookup retries must be a whole number from 0 to 10, not {value!r}",
                                        "write retries = 3"))
                continue
            values[name] = value
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, f"lookup {key} must be text, not {value!r}", f'write {key} = "..."'))
        elif name == "cache_dir":
            folder = Path(value)
            values[name] = folder if folder.is_absolute() or path is None else path.parent / folder
        else:
            values[name] = value.strip()
    if problems:
        raise LookupSettingsError(f"bad lookup settings in {where.file or 'the config'}", problems)
    return LookupSettings(**values)
