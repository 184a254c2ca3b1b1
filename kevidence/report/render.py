"""The report as one self-contained HTML page: jinja2 templates with autoescape, inline CSS,
script and SVG, the data handed to the script as escaped JSON, and a Content-Security-Policy
that forbids loading anything from outside the file."""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kevidence.report.model import STATUS_LABELS, STATUSES, Report

if TYPE_CHECKING:
    from jinja2 import Environment


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("kevidence.report", "templates"),
                       autoescape=select_autoescape(["html"], default=True), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _asset(name: str) -> str:
    return resources.files("kevidence.report").joinpath("templates", name).read_text(encoding="utf-8")


def render_report(report: Report) -> str:
    """The page's HTML text."""
    from markupsafe import Markup

    script = _asset("report.js")
    style = _asset("report.css")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    style_digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'sha256-{style_digest}'; "
              "img-src data:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    template = _environment().get_template("report.html")
    return template.render(report=report, data=report.data, policy=policy, script=Markup(script),
                           style=Markup(style), statuses=STATUSES, status_labels=STATUS_LABELS)


def write_report(report: Report, path: str | Path) -> Path:
    """Write the page to ``path`` atomically; returns the path."""
    from kevidence.atomic import write_atomic

    target = Path(path)
    write_atomic(target, render_report(report).encode("utf-8"))
    return target
