"""A hostile registry's answers are input: nested JSON, an unknown charset, a dripping body,
endless rate-limit waits end in a clear error (or an answer), never a crash or a hang."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from kevidence.lookup.client import Answer, HttpClient
from kevidence.lookup.crossref import BadAnswer, parse_work
from kevidence.lookup.eutils import parse_summary


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
