"""A hostile registry's answers are input: nested JSON, an unknown charset, a dripping body,
endless rate-limit waits end in a clear error (or an answer), never a crash or a hang."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

import kevidence
import kevidence.lookup.settings as lookup_settings_module
from kevidence.errors import KevidenceError
from kevidence.lookup.client import Answer, HttpClient, RegistryError
from kevidence.lookup.crossref import BadAnswer, parse_work
from kevidence.lookup.eutils import parse_summary
from kevidence.lookup.settings import parse_lookup_table
from tests.lookup.test_lookup_cli import COHEN_DOI


@pytest.mark.parametrize("parse", [lambda a: parse_work(a, "10.1/x"), lambda a: parse_summary(a, "1")])
def test_json_nested_too_deep_is_a_bad_answer(parse) -> None:
    answer = Answer(200, "[" * 200_000 + "]" * 200_000, "https://registry.example/x")
    with pytest.raises(BadAnswer) as caught:
        parse(answer)
    assert "registry.example" in str(caught.value)


def test_an_unknown_charset_is_read_as_utf8(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_response(
        Response("caf\u00e9".encode(), 200, {"Content-Type": "application/json; charset=x-bogus"}))
    assert HttpClient(timeout=2, retries=0).get(httpserver.url_for("/x")).body == "caf\u00e9"


def _crossref_with(registry, doi: str, **fields: object) -> None:
    from tests.lookup.conftest import RESPONSES, file_name

    work = json.loads((RESPONSES / "crossref" / f"{file_name(doi)}.json").read_text(encoding="utf-8"))
    work["message"].update(fields)
    registry.script(f"/crossref/works/{doi.lower()}",
                    lambda: Response(json.dumps(work), content_type="application/json"))


def test_a_nul_in_a_registry_title_never_reaches_the_bib(run, registry, data_copy: Path) -> None:
    _crossref_with(registry, COHEN_DOI, title=["Ketamine\u0000 and \u001b[31mpain"])
    result = run("add-source", str(data_copy), "--doi", COHEN_DOI)
    assert result.returncode == 0, result.stderr
    text = (data_copy / "references.bib").read_text(encoding="utf-8")
    assert "\x00" not in text and "\x1b" not in text
    assert run("audit", str(data_copy)).returncode in (0, 1)  # the base still loads
    assert "Ketamine  and  [31mpain" in kevidence.load(data_copy).sources["cohen2018"].title


def test_a_huge_registry_title_refuses_the_record(run, registry, data_copy: Path) -> None:
    before = (data_copy / "references.bib").read_bytes()
    _crossref_with(registry, COHEN_DOI, title=["x" * 20_000])
    result = run("add-source", str(data_copy), "--doi", COHEN_DOI)
    assert result.returncode == 2 and "title is 20,000 characters long" in result.stderr
    assert (data_copy / "references.bib").read_bytes() == before


def test_a_save_refuses_text_the_loader_would_refuse(data_copy: Path) -> None:
    kb = kevidence.load(data_copy)
    before = (data_copy / "references.bib").read_bytes()
    kb.add_source("@article{nul2020,\n  title = {Bad \u0000 title},\n  year = {2020}\n}\n")
    with pytest.raises(KevidenceError, match="not a text file"):
        kb.save()
    assert (data_copy / "references.bib").read_bytes() == before


class DrippingServer:
    """A raw HTTP server that sends its answer one byte at a time, ``pause`` seconds apart,
    its headers (``part='headers'``) or only its body (``part='body'``)."""

    def __init__(self, part: str, pause: float = 0.1) -> None:
        self.part, self.pause = part, pause
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/x"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed
                break
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        body = b"{}" * 10_000
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        head += b"X-Padding: " + b"a" * 10_000 + b"\r\n\r\n"
        try:
            conn.recv(65536)
            if self.part == "body":
                conn.sendall(head)
            for byte in (head + body if self.part == "headers" else body):
                if self.stop.is_set():
                    break
                conn.sendall(bytes([byte]))
                time.sleep(self.pause)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_dripping_answer_ends_at_the_deadline_naming_the_host(part: str) -> None:
    server = DrippingServer(part)
    try:
        client = HttpClient(timeout=5, deadline=1.0, retries=0)
        started = time.monotonic()
        with pytest.raises(RegistryError) as caught:
            client.get(server.url, registry="Crossref")
        assert time.monotonic() - started < 4  # each byte came within the per-read timeout
        message = str(caught.value)
        assert f"127.0.0.1:{server.port}" in message and "within 1 s" in message
    finally:
        server.close()


def test_an_endless_rate_limit_interval_is_refused_not_slept(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_response(
        Response("{}", 200, {"X-Rate-Limit-Limit": "1", "X-Rate-Limit-Interval": "100000s"}))
    slept: list[float] = []
    client = HttpClient(timeout=2, retries=0, max_wait=30, sleep=slept.append)
    client.get(httpserver.url_for("/x"))
    with pytest.raises(RegistryError) as caught:
        client.get(httpserver.url_for("/x"))
    assert slept == [] and "max-wait (30 s)" in str(caught.value)
    assert f"localhost:{httpserver.port}" in str(caught.value) or f"127.0.0.1:{httpserver.port}" in str(caught.value)


def test_an_answer_too_large_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("x" * 5000)
    with pytest.raises(RegistryError, match="answered too much"):
        HttpClient(timeout=2, retries=0, max_bytes=1000).get(httpserver.url_for("/x"))


def test_deadline_and_max_wait_are_settings() -> None:
    settings = parse_lookup_table({"deadline": 5, "max-wait": 7})
    assert (settings.deadline, settings.max_wait) == (5.0, 7.0)
    with pytest.raises(KevidenceError, match="deadline must be a positive number"):
        parse_lookup_table({"deadline": 0})
    assert "deadline" in lookup_settings_module.__doc__ and "max-wait" in lookup_settings_module.__doc__
