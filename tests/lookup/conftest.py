"""A local registry: a real HTTP server replaying Crossref and E-utilities answers from files.

``registry`` serves ``/crossref/works/{doi}`` and ``/eutils/{esummary,efetch,esearch}.fcgi``
the way the real services answer (404 or an error record for unknown identifiers), logs every
request, and can be told to answer some requests otherwise first (429, 5xx, bad JSON, slow).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

RESPONSES = Path(__file__).parent / "responses"
DATA = Path(__file__).parents[2] / "data"
EXECUTABLE = shutil.which("kevidence") or str(Path(sys.executable).parent / "kevidence")


def file_name(identifier: str) -> str:
    return identifier.lower().replace("/", "_")


@dataclass
class Registry:
    """The replaying registry behind one test's local server."""

    server: HTTPServer
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripted: dict[str, deque[Callable[[], Response]]] = field(default_factory=lambda: defaultdict(deque))

    @property
    def crossref_url(self) -> str:
        return self.server.url_for("/crossref")

    @property
    def eutils_url(self) -> str:
        return self.server.url_for("/eutils")

    def script(self, path: str, *answers: Callable[[], Response]) -> None:
        """Answer the next requests to ``path`` (e.g. '/crossref/works/10.1213/...') with these."""
        self.scripted[path].extend(answers)

    def requests_to(self, fragment: str) -> list[dict[str, str]]:
        return [args for path, args in self.log if fragment in path]

    def handle(self, request: Request) -> Response:
        args = {k: v for k, v in request.args.items()}
        self.log.append((request.path, args))
        queue = self.scripted.get(request.path)
        if queue:
            return queue.popleft()()
        if request.path.startswith("/crossref/works/"):
            doi = request.path[len("/crossref/works/"):]
            found = RESPONSES / "crossref" / f"{file_name(doi)}.json"
            if not found.is_file():
                return Response("Resource not found.", status=404, content_type="text/plain")
            return Response(found.read_bytes(), content_type="application/json",
                            headers={"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"})
        pmids = [p for p in args.get("id", "").split(",") if p]
        if request.path == "/eutils/esummary.fcgi":
            result: dict[str, Any] = {"uids": pmids}
            for pmid in pmids:
                found = RESPONSES / "esummary" / f"{pmid}.json"
                result[pmid] = (json.loads(found.read_text())["result"][pmid] if found.is_file()
                                else {"uid": pmid, "error": "cannot get document summary"})
            body = {"header": {"type": "esummary", "version": "0.3"}, "result": result}
            return Response(json.dumps(body), content_type="application/json")
        if request.path == "/eutils/efetch.fcgi":
            articles = []
            for pmid in pmids:
                found = RESPONSES / "efetch" / f"{pmid}.xml"
                if found.is_file():
                    text = found.read_text()
                    articles.append(text[text.index("<PubmedArticle>"):text.index("</PubmedArticleSet>")])
            xml = "<?xml version='1.0'?>\n<PubmedArticleSet>" + "".join(articles) + "</PubmedArticleSet>"
            return Response(xml, content_type="text/xml")
        if request.path == "/eutils/esearch.fcgi":
            doi = args.get("term", "").removesuffix("[doi]").lower()
            ids = [p.stem for p in sorted((RESPONSES / "esummary").glob("*.json"))
                   if any(a.get("idtype") == "doi" and a["value"].lower() == doi
                          for a in json.loads(p.read_text())["result"][p.stem]["articleids"])]
            body = {"header": {"type": "esearch", "version": "0.3"},
                    "esearchresult": {"count": str(len(ids)), "retmax": str(len(ids)), "retstart": "0",
                                      "idlist": ids, "translationset": [], "querytranslation": args.get("term", "")}}
            return Response(json.dumps(body), content_type="application/json")
        return Response("no such path", status=404)


@pytest.fixture
def registry(httpserver: HTTPServer) -> Iterator[Registry]:
    replay = Registry(httpserver)
    httpserver.expect_request(re.compile(r"^/(crossref|eutils)/.*")).respond_with_handler(replay.handle)
    yield replay


def slow(seconds: float, then: Callable[[], Response]) -> Callable[[], Response]:
    """An answer that comes only after ``seconds``."""
    def answer() -> Response:
        time.sleep(seconds)
        return then()
    return answer


def status(code: int, body: str = "", headers: dict[str, str] | None = None) -> Callable[[], Response]:
    return lambda: Response(body, status=code, headers=headers or {})


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A temporary copy of the bundled data folder, with quick timeouts for the tests."""
    target = tmp_path / "kb"
    shutil.copytree(DATA, target)
    (target / "kevidence.toml").write_text("[lookup]\ntimeout = 0.5\nretries = 1\n", encoding="utf-8")
    return target


@pytest.fixture
def run(registry: Registry, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``kevidence`` executable against the local registry."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NCBI_API_KEY", "KEVIDENCE_EMAIL", "KEVIDENCE_CACHE_DIR", "NO_COLOR")}
    env.update({
        "KEVIDENCE_CROSSREF_URL": registry.crossref_url,
        "KEVIDENCE_EUTILS_URL": registry.eutils_url,
        "KEVIDENCE_CACHE_DIR": str(tmp_path / "cache"),
        "KEVIDENCE_EMAIL": "editor@example.org",
        "NCBI_API_KEY": "test-key",
    })

    def call(*args: str, extra_env: dict[str, str] | None = None, stdin: str | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([EXECUTABLE, *args], check=False, capture_output=True, text=True, timeout=60,
                              env={**env, **(extra_env or {})}, input=stdin, cwd=cwd or tmp_path)

    return call


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def json_of(text: str) -> Any:
    return json.loads(text)
