"""The report as one self-contained HTML page: jinja2 templates with autoescape, inline CSS,
script and SVG, the data handed to the script as escaped JSON, and a Content-Security-Policy
that forbids loading anything from outside the file."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.report.model import SEVERITIES, STATUS_LABELS, STATUSES, Report

if TYPE_CHECKING:
    from jinja2 import Environment


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("kevidence.report", "templates"),
                       autoescape=select_autoescape(["html"], default=True), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _asset(name: str) -> str:
    return resources.files("kevidence.report").joinpath("templates", name).read_text(encoding="utf-8")


#: Data larger than this (bytes of JSON) go into the page gzip-compressed, base64-encoded.
COMPRESS_ABOVE = 1_000_000
_OMIT: tuple[object, ...] = (None, [], "")


def wire_data(data: dict[str, Any]) -> dict[str, Any]:
    """The report's data as the page carries it: findings as short rows with the severity as
    an index into ``severities`` and the file as an index and the rule's slug left to the rule table, a claim's empty fields left out, its
    reached sources left out when they are just the sources it cites as support. The page's
    script expands it back to :attr:`Report.data`."""
    files: dict[str | None, int] = {}
    findings = []
    severity_index = {severity: i for i, severity in enumerate(SEVERITIES)}
    for severity, code, _, subject, message, file, line, column, sentence, reference in data["findings"]:
        row = [severity_index[severity], code, subject, message,
               None if file is None else files.setdefault(file, len(files)), line, column, sentence, reference]
        while row[-1] is None:
            row.pop()
        findings.append(row)
    sources = data["sources"]
    claims = {}
    for claim_id, row in data["claims"].items():
        compact = {k: v for k, v in row.items() if v not in _OMIT}
        direct = sorted({c[0] for c in row["cit"] if c[1] == "supports" and c[0] in sources
                         and not sources[c[0]].get("missing")})
        if row["sup"] == direct and all(key.isascii() for key in direct):
            compact.pop("sup", None)
        else:
            compact["sup"] = row["sup"]
        claims[claim_id] = compact
    return {**data, "findings": findings, "files": list(files), "claims": claims}


def render_report(report: Report) -> str:
    """The page's HTML text."""
    from jinja2.utils import htmlsafe_json_dumps
    from markupsafe import Markup

    script = _asset("report.js")
    style = _asset("report.css")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    style_digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'sha256-{style_digest}'; "
              "img-src data:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    wired = wire_data(report.data)
    text = _compact_json(wired)
    if len(text) > COMPRESS_ABOVE:
        encoding = "gzip+base64"
        payload = Markup(base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii"))
    else:
        # jinja2's |tojson, compact: characters that could end the script element become JSON escapes.
        encoding = "json"
        payload = htmlsafe_json_dumps(wired, dumps=_compact_json)
    template = _environment().get_template("report.html")
    return template.render(report=report, data=report.data, policy=policy, script=Markup(script),
                           style=Markup(style), statuses=STATUSES, status_labels=STATUS_LABELS,
                           severities=SEVERITIES,
                           payload=payload, encoding=encoding)


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_report(report: Report, path: str | Path) -> Path:
    """Write the page to ``path`` atomically; returns the path."""
    from kevidence.store.atomic import write_atomic

    target = Path(path)
    write_atomic(target, render_report(report).encode("utf-8"))
    return target
