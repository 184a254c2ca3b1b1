"""A hostile registry's answers are input: nested JSON, an unknown charset, a dripping body,
endless rate-limit waits end in a clear error (or an answer), never a crash or a hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

import kevidence
from kevidence.errors import KevidenceError
from kevidence.lookup.client import Answer, HttpClient
from kevidence.lookup.crossref import BadAnswer, parse_work
from kevidence.lookup.eutils import parse_summary
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
