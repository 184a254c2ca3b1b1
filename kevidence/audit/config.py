"""Audit settings from a ``kevidence.toml`` or the ``[tool.kevidence]`` table of a ``pyproject.toml``.

Keys: ``select``, ``ignore`` (lists of codes, prefixes or slugs), ``fail-on`` (a severity),
``stale-years`` (int), ``retractions`` (path of a Retraction Watch CSV, relative to the
config file) and a ``severity`` table of overrides (``KE011 = "warning"``). In
``kevidence.toml`` the keys may sit at the top level or under ``[tool.kevidence]``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kevidence.audit.engine import check_selectors, severity_overrides
from kevidence.audit.model import Severity, severity_choices
from kevidence.errors import DataFileError, KevidenceError, Location, Problem, did_you_mean, display_path

CONFIG_FILES = ("kevidence.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "severity", "stale-years", "retractions", "lookup")
# The lookup table is read and checked by kevidence.lookup.settings.


class ConfigError(KevidenceError):
    """A kevidence.toml or [tool.kevidence] table that cannot be used."""


@dataclass(frozen=True)
class AuditConfig:
    """Audit settings read from a config file (all optional)."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    severities: Mapping[str, Severity] = field(default_factory=dict)
    stale_years: int | None = None
    retractions: Path | None = None

    def settings(self) -> dict[str, Any]:
        """The rule settings this config gives (without the retraction file, which is read separately)."""
        return {"stale-years": self.stale_years} if self.stale_years is not None else {}


def find_config(folder: str | Path | None) -> Path | None:
    """The first ``kevidence.toml``, or ``pyproject.toml`` with a ``[tool.kevidence]`` table, in ``folder``."""
    if folder is None:
        return None
    for name in CONFIG_FILES:
        candidate = Path(folder) / name
        if candidate.is_file():
            if name == "pyproject.toml" and not _has_table(candidate):
                continue
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml that names no [tool.kevidence] is somebody else's problem.
        return "[tool.kevidence" in path.read_text(encoding="utf-8", errors="replace")
    return isinstance(data.get("tool", {}).get("kevidence"), dict)


_TOML_LINE = re.compile(r"at line (\d+)")


def load_config(path: str | Path) -> AuditConfig:
    """Read and check a config file; :class:`ConfigError` naming the file, key and fix."""
    path = Path(path)
    shown = display_path(path) or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError("cannot read the config file",
                            [Problem(Location(shown), str(exc), "pass the path of a TOML file")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        raise ConfigError("the config file is not valid TOML",
                          [Problem(Location(shown, int(match.group(1)) if match else None), str(exc),
                                   "fix the TOML syntax")]) from None
    table = data.get("tool", {}).get("kevidence")
    if table is None and path.name != "pyproject.toml":
        table = {k: v for k, v in data.items() if k != "tool"}
    return parse_config(table or {}, path, _line_finder(text, shown))


def _line_finder(text: str, shown: str) -> Any:
    lines = text.splitlines()

    def where(key: str) -> Location:
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number, line in enumerate(lines, 1):
            if pattern.match(line):
                return Location(shown, number)
        return Location(shown)

    return where


def parse_config(table: Mapping[str, Any], path: Path | None = None, where: Any = None) -> AuditConfig:
    """Check a ``[tool.kevidence]`` table's keys and values and build an :class:`AuditConfig`."""
    shown = display_path(path) if path else None

    def locate(key: str) -> Location:
        return where(key) if where else Location(shown)

    problems: list[Problem] = []
    for key in table:
        if key.replace("_", "-") not in KEYS:
            problems.append(Problem(locate(key), f"unknown key {key!r} in [tool.kevidence]",
                                    did_you_mean(key, KEYS, f"valid keys: {', '.join(KEYS)}")))
    values = {k.replace("_", "-"): v for k, v in table.items()}

    def selectors(key: str) -> tuple[str, ...] | None:
        value = values.get(key)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            problems.append(Problem(locate(key), f"{key} must be a list of rule codes or slugs",
                                    f'write {key} = ["KE001", "weak-support"]'))
            return None
        parts = tuple(p.strip() for item in items for p in item.split(",") if p.strip())
        try:
            check_selectors(parts)
        except KevidenceError as exc:
            problems.extend(Problem(locate(key), f"{key}: {p.message}", p.hint) for p in exc.problems)
        return parts

    select, ignore = selectors("select"), selectors("ignore")
    fail_on = None
    if "fail-on" in values:
        try:
            fail_on = Severity(str(values["fail-on"]).lower())
        except ValueError:
            problems.append(Problem(locate("fail-on"), f"fail-on {values['fail-on']!r} is not a severity",
                                    "use " + severity_choices()))
    severities: dict[str, Severity] = {}
    raw = values.get("severity", {})
    if not isinstance(raw, dict):
        problems.append(Problem(locate("severity"), "severity must be a table",
                                'write [tool.kevidence.severity] then KE011 = "warning"'))
    else:
        for selector, level in raw.items():
            try:
                severities.update(severity_overrides({selector: level}))
            except KevidenceError as exc:
                problems.extend(Problem(locate(selector), f"severity.{p.message}", p.hint) for p in exc.problems)
    stale = values.get("stale-years")
    if stale is not None and (isinstance(stale, bool) or not isinstance(stale, int) or stale < 0):
        problems.append(Problem(locate("stale-years"), f"stale-years must be a whole number of years, not {stale!r}",
                                "write stale-years = 10"))
        stale = None
    retractions = values.get("retractions")
    retraction_path = None
    if retractions is not None:
        if not isinstance(retractions, str) or not retractions.strip():
            problems.append(Problem(locate("retractions"), "retractions must be the path of a CSV file",
                                    'write retractions = "retraction_watch.csv"'))
        else:
            retraction_path = Path(retractions)
            if path is not None and not retraction_path.is_absolute():
                retraction_path = path.parent / retraction_path
    if problems:
        raise ConfigError(f"bad audit settings in {shown or 'the config'}", problems)
    return AuditConfig(path, select, ignore or (), fail_on, severities, stale, retraction_path)


def audit_arguments(
    config: AuditConfig | None = None,
    *,
    select: list[str] | tuple[str, ...] | None = None,
    ignore: list[str] | tuple[str, ...] | None = None,
    severities: Mapping[str, Severity | str] | None = None,
    settings: Mapping[str, Any] | None = None,
    retractions: str | Path | None = None,
) -> dict[str, Any]:
    """Keyword arguments for :func:`~kevidence.audit.run_audit` from a config and explicit values.

    Explicit ``select`` replaces the config's; ``ignore`` adds to it; ``severities`` and
    ``settings`` override key by key. The retraction file (explicit, else the config's) is
    read here, so the audit that follows does no I/O.
    """
    from kevidence.audit.retractions import load_retractions

    config = config or AuditConfig()
    merged_settings: dict[str, Any] = {**config.settings(), **dict(settings or {})}
    csv_path = retractions if retractions is not None else config.retractions
    if csv_path is not None:
        merged_settings["retractions"] = load_retractions(csv_path)
    return {
        "select": list(select) if select else (list(config.select) if config.select else None),
        "ignore": [*config.ignore, *(ignore or ())] or None,
        "severities": {**config.severities, **dict(severities or {})} or None,
        "settings": merged_settings,
    }
