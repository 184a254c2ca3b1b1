"""Whatever the files hold, the page shows it as text: no element, attribute, script or link
is ever made from data, the data reaches the script unchanged, and nothing loads from outside."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.claims.model import Citation, Claim, Document, Stance, StatedIn
from kevidence.report import build_report, render, render_report
from kevidence.report.model import doi_url, safe_url
from kevidence.sources.model import Source
from tests.report.conftest import HOSTILE, JAVASCRIPT_URL


class Page(HTMLParser):
    """Every start tag with its attributes, the text outside scripts, and each script's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)

    @property
    def data(self) -> dict[str, Any]:
        found = [(attrs, text) for attrs, text in self.scripts if attrs.get("id") == "report-data"]
        assert len(found) == 1
        attrs, text = found[0]
        if attrs.get("data-encoding") == "gzip+base64":
            assert re.fullmatch(r"[A-Za-z0-9+/=]+", text)
            return json.loads(gzip.decompress(base64.b64decode(text)))
        assert attrs.get("data-encoding") == "json"
        return json.loads(text)


def hostile_page(hostile: Path) -> tuple[str, Page]:
    kb = kevidence.load(hostile)
    html = render_report(build_report(kb, hostile / "article.txt"))
    return html, Page(html)


def test_hostile_strings_make_no_element_attribute_or_script(hostile: Path) -> None:
    html, page = hostile_page(hostile)
    names = {tag for tag, _ in page.tags}
    assert not names & {"img", "iframe", "object", "embed", "link", "base", "form", "u"}
    assert [tag for tag, _ in page.tags].count("script") == 2
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs and "autofocus" not in attrs, (tag, attrs)
        assert (attrs.get("href") or "#").startswith("#"), (tag, attrs)
    # The only scripts: the JSON data and our own script, which holds no hostile text.
    kinds = sorted(attrs.get("type") or "" for attrs, _ in page.scripts)
    assert kinds == ["", "application/json"]
    own = next(text for attrs, text in page.scripts if not attrs.get("type"))
    assert "pwned" not in own
    assert "</script" not in next(text for attrs, text in page.scripts if attrs.get("type"))


def test_hostile_strings_show_verbatim_as_text(hostile: Path) -> None:
    _, page = hostile_page(hostile)
    text = "".join(page.text)
    assert f"Ketamine helps {HOSTILE[0]} in CRPS [1]." in text  # the article's sentence
    assert f"{HOSTILE[2]} heading" in text
    assert f"Title {HOSTILE[4]}" in text  # the document's title, in the graph section


def test_data_reach_the_script_unchanged(hostile: Path) -> None:
    _, page = hostile_page(hostile)
    data = page.data
    claim = data["claims"]["evil-claim"]
    assert claim["s"] == f"Statement {HOSTILE[0]}"
    assert claim["note"] == HOSTILE[4]
    assert claim["r"] == HOSTILE[3]
    assert ["page2021", "contradicts", None, HOSTILE[1], "unchecked", None] in claim["cit"]
    source = data["sources"]["evil2020"]
    assert source["t"] == f"{HOSTILE[0]} {HOSTILE[1]}"
    assert source["url"] == JAVASCRIPT_URL and source["link"] is None  # shown as text, never a link
    assert source["doiurl"].startswith("https://doi.org/10.5555/evil")
    assert not set('"<> ') & set(source["doiurl"])
    assert data["sources"]["page2021"]["link"] is None  # quotes and brackets in the address


def test_large_data_go_compressed_and_round_trip(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, plain = hostile_page(hostile)
    monkeypatch.setattr(render, "COMPRESS_ABOVE", 0)
    _, packed = hostile_page(hostile)
    assert packed.scripts[0][0]["data-encoding"] == "gzip+base64"
    assert packed.data == plain.data


def test_policy_forbids_outside_loads_and_allows_only_our_script(hostile: Path) -> None:
    html, page = hostile_page(hostile)
    metas = [attrs for tag, attrs in page.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = metas[0]["content"] or ""
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "connect-src 'none'" in policy
    own = next(text for attrs, text in page.scripts if not attrs.get("type"))
    digest = base64.b64encode(hashlib.sha256(own.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    # The policy meta comes before anything that could load or run.
    assert html.index("Content-Security-Policy") < html.index("<style") < html.index("<script")


def test_safe_url_keeps_only_web_addresses() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (JAVASCRIPT_URL, " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>",
                "vbscript:x", "//example.org", "https://", "https://x.org/\"onclick=", "file:///etc/passwd", None, ""):
        assert safe_url(bad) is None, bad
    assert doi_url("10.1/a\"<b>") == "https://doi.org/10.1/a%22%3Cb%3E"


@given(st.text(max_size=40))
def test_safe_url_never_lets_a_script_address_through(text: str) -> None:
    found = safe_url(text)
    if found is not None:
        assert re.match(r"^https?://[^\s\"'<>\\]+$", found, re.IGNORECASE)


WORDS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=WORDS, quote=WORDS, title=WORDS, section=WORDS, key_tail=st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
def test_any_text_renders_as_text_and_round_trips(statement: str, quote: str, title: str, section: str,
                                                  key_tail: str) -> None:
    key = "src" + key_tail
    source = Source(key=key, entry_type="misc", fields={"title": title, "url": quote})
    claims = [
        Claim(id="a", statement=statement, kind="efficacy", quote=quote,
              citations=(Citation(source=key, quote=quote), Citation(source=key, stance=Stance.CONTRADICTS)),
              stated_in=(StatedIn(document="d", section=section),)),
        Claim(id="b", statement=title, kind="background", note=statement),
    ]
    kb = kevidence.KnowledgeBase.from_models(claims, [source], [Document(id="d", title=title)])
    page = Page(render_report(build_report(kb)))
    names = [tag for tag, _ in page.tags]
    assert names.count("script") == 2 and "img" not in names
    for _, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")]
    data = page.data
    assert data["claims"]["a"]["s"] == statement and data["claims"]["a"]["q"] == quote
    assert data["claims"]["b"]["note"] == statement
    assert data["sources"][key]["t"] == source.title  # (BibTeX's LaTeX decoded)
    assert data["groups"][0][:2] == ["d", section]
    assert data["documents"]["d"] == title
