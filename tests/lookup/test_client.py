"""The HTTP client against a real local server, with an injected clock and sleep (no waiting)."""

from __future__ import annotations

from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from kevidence.lookup.client import (
    HttpClient,
    RegistryError,
    crossref_interval,
    public_url,
    retry_after,
)


class FakeTime:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def client(fake: FakeTime, **options) -> HttpClient:
    return HttpClient(sleep=fake.sleep, clock=fake.clock, **{"timeout": 2.0, "retries": 3, **options})


def test_429_waits_as_long_as_retry_after_says(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/x").respond_with_response(Response("busy", 429, {"Retry-After": "7"}))
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    fake = FakeTime()
    answer = client(fake).get(httpserver.url_for("/x"))
    assert (answer.status, answer.body) == (200, "ok")
    assert fake.slept == [7.0]


def test_server_errors_back_off_twice_as_long_each_time(httpserver: HTTPServer) -> None:
    for _ in range(2):
        httpserver.expect_ordered_request("/x").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    fake = FakeTime()
    assert client(fake, backoff=0.5).get(httpserver.url_for("/x")).body == "ok"
    assert fake.slept == [0.5, 1.0]


def test_gives_up_after_the_retries_naming_the_address(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("down", status=502)
    fake = FakeTime()
    http = client(fake, retries=2)
    with pytest.raises(RegistryError) as caught:
        http.get(httpserver.url_for("/x"), {"id": "1", "api_key": "secret"}, "PubMed")
    message = str(caught.value)
    assert "cannot get an answer from PubMed" in message and "HTTP 502 (server error) (3 tries)" in message
    assert "secret" not in message and "api_key=%2A%2A%2A" in message
    assert http.requests == 3 and fake.slept == [1.0, 2.0]


def test_a_pause_longer_than_allowed_is_not_waited(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_response(Response("busy", 429, {"Retry-After": "3600"}))
    fake = FakeTime()
    with pytest.raises(RegistryError, match="asked to wait 3600 s"):
        client(fake, max_wait=60).get(httpserver.url_for("/x"))
    assert fake.slept == []


def test_404_is_an_answer_and_other_4xx_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("Resource not found.", status=404)
    httpserver.expect_request("/bad").respond_with_data("bad request", status=400)
    http = client(FakeTime())
    assert http.get(httpserver.url_for("/missing")).status == 404
    with pytest.raises(RegistryError, match="HTTP 400: bad request"):
        http.get(httpserver.url_for("/bad"))
    assert http.requests == 2  # a 400 is not retried


def test_slow_answer_times_out(httpserver: HTTPServer) -> None:
    import time

    def slowly(request):
        time.sleep(0.6)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slowly)
    with pytest.raises(RegistryError, match=r"no answer within 0.2 s \(1 try\)"):
        HttpClient(timeout=0.2, retries=0).get(httpserver.url_for("/slow"))


def test_requests_to_one_host_are_spaced_by_its_rate(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("ok")
    fake = FakeTime()
    http = client(fake)
    host = httpserver.url_for("/x").split("/")[2]
    http.limit(host, 3)
    for _ in range(3):
        http.get(httpserver.url_for("/x"))
    assert fake.slept == [0.333, 0.333]


def test_crossref_rate_headers_set_the_spacing(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/works").respond_with_response(
        Response("{}", headers={"X-Rate-Limit-Limit": "2", "X-Rate-Limit-Interval": "1s"}))
    fake = FakeTime()
    http = client(fake)
    http.get(httpserver.url_for("/works"))
    http.get(httpserver.url_for("/works"))
    assert fake.slept == [0.5]


def test_header_parsing() -> None:
    assert crossref_interval({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"}) == 0.02
    assert crossref_interval({"X-Rate-Limit-Limit": "0", "X-Rate-Limit-Interval": "1s"}) is None
    assert crossref_interval({}) is None
    from datetime import datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=lambda: now) == 30.0
    assert public_url("http://h/e?id=1&api_key=k") == "http://h/e?id=1&api_key=%2A%2A%2A"


@given(st.text())
def test_retry_after_never_raises_and_is_never_negative(value: str) -> None:
    found = retry_after(value)
    assert found is None or found >= 0


@given(st.dictionaries(st.sampled_from(["X-Rate-Limit-Limit", "X-Rate-Limit-Interval", "Other"]), st.text()))
def test_rate_headers_never_raise(headers: dict[str, str]) -> None:
    found = crossref_interval(headers)
    assert found is None or found >= 0
