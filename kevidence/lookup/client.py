"""A patient HTTP client for the registries: timeouts, retries with backoff, rate limits per host.

It never hammers a registry: requests to one host are spaced by that host's rate limit
(NCBI: 3 a second, 10 with an API key; Crossref: what its ``X-Rate-Limit-Limit`` and
``X-Rate-Limit-Interval`` headers announce); a 429 or a 5xx answer, a timeout or a dropped
connection is retried after a growing pause, or after the ``Retry-After`` the server asked
for. The clock and the sleep are injectable, so that tests do not wait.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from kevidence.errors import KevidenceError, Location, Problem

#: The largest answer read from a registry (bytes); a larger one is refused.
MAX_BYTES = 32_000_000
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
SECRET_PARAMETERS = ("api_key",)


class RegistryError(KevidenceError):
    """A registry could not be reached, kept failing, or answered something unreadable."""


@dataclass(frozen=True)
class Answer:
    """A registry's answer: the status (200, or 404 for an unknown identifier) and the body."""

    status: int
    body: str
    url: str


def public_url(url: str) -> str:
    """The URL with secret parameters (the NCBI API key) blanked, for messages and the cache."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, "***" if k in SECRET_PARAMETERS else v) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def retry_after(value: str | None, now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number of seconds or an HTTP date).

    >>> retry_after("7"), retry_after(None), retry_after("soon")
    (7.0, None, None)
    """
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def crossref_interval(headers: Mapping[str, str]) -> float | None:
    """Seconds between requests that Crossref's ``X-Rate-Limit-*`` headers allow (None: not said).

    >>> crossref_interval({"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"})
    0.02
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    limit, interval = lowered.get("x-rate-limit-limit"), lowered.get("x-rate-limit-interval")
    if not limit or not interval:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", interval)
    try:
        count = float(limit)
    except ValueError:
        return None
    if match is None or count <= 0:
        return None
    seconds = float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[match.group(2)]
    return seconds / count


class HttpClient:
    """GET requests with a timeout, retries and a rate limit per host."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 3,
        user_agent: str = "kevidence",
        backoff: float = 1.0,
        max_wait: float = 120.0,
        deadline: float = 60.0,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.retries = retries
        self.user_agent = user_agent
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self._interval: dict[str, float] = {}
        self._next: dict[str, float] = {}  # when the next request to a host may start
        self._started: dict[str, float] = {}  # when the last request to a host started
        self.requests = 0  # how many requests went out (tests and reports read it)

    def limit(self, host: str, per_second: float) -> None:
        """Send at most ``per_second`` requests a second to ``host``."""
        self._interval[host] = 1.0 / per_second

    def interval(self, host: str) -> float:
        return self._interval.get(host, 0.0)

    def get(self, url: str, params: Mapping[str, str] | None = None, registry: str = "the registry") -> Answer:
        """The answer to a GET; 200 and 404 are answers, anything else ends in :class:`RegistryError`."""
        full = url + ("?" + urllib.parse.urlencode(dict(params)) if params else "")
        shown = public_url(full)
        host = urllib.parse.urlsplit(full).netloc
        failure = ""
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            wait: float | None = None
            try:
                status, body, headers = self._send(full)
            except urllib.error.HTTPError as exc:
                status, headers = exc.code, dict(exc.headers.items()) if exc.headers else {}
                body = _read_error_body(exc)
            except _PastDeadline:
                failure = f"no whole answer from {host} within {self.deadline:g} s (the deadline of a request)"
                status, body, headers = 0, "", {}
            except _TooLarge:
                raise RegistryError(f"{registry} answered too much", [Problem(
                    Location(shown), f"{host} sent more than {self.max_bytes:,} bytes",
                    "check the registry's address in the settings")]) from None
            except TimeoutError:
                failure = f"no answer within {self.timeout:g} s"
                status, body, headers = 0, "", {}
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                failure = ("no answer within " f"{self.timeout:g} s" if isinstance(reason, (TimeoutError, socket.timeout))
                           else f"cannot connect ({reason})")
                status, body, headers = 0, "", {}
            self._learn_limits(host, headers)
            if status in (200, 404):
                return Answer(status, body, shown)
            if status and status not in RETRIED_STATUSES:
                raise RegistryError(f"{registry} refused the request", [Problem(
                    Location(shown), f"HTTP {status}{_excerpt(body)}",
                    "check the identifier and the registry's address in the settings")])
            if status:
                failure = f"HTTP {status}" + (" (too many requests)" if status == 429 else " (server error)")
                wait = retry_after(headers.get("Retry-After") or headers.get("retry-after"))
            if attempt == self.retries:
                break
            pause = wait if wait is not None else self.backoff * (2 ** attempt)
            if pause > self.max_wait:
                failure += f"; it asked to wait {pause:g} s"
                break
            self.sleep(pause)
            if wait is not None:
                # The server's pause also spaces the next requests to it.
                self._next[host] = max(self._next.get(host, 0.0), self.clock())
        tries = f"{self.retries + 1} tries" if self.retries else "1 try"
        raise RegistryError(f"cannot get an answer from {registry}", [Problem(
            Location(shown), f"{failure} ({tries})",
            "try again later, check the address in the settings, or use --offline to work from the cache")])

    def _wait_turn(self, host: str) -> None:
        now = self.clock()
        due = self._next.get(host, 0.0)
        if due - now > self.max_wait:
            raise RegistryError(f"{host} asks to wait too long", [Problem(
                Location(host), f"its rate limit asks for {due - now:g} s before the next request, "
                f"more than max-wait ({self.max_wait:g} s)",
                "try again later, or raise max-wait in the [lookup] settings")])
        if due > now:
            self.sleep(due - now)
            now = due
        self._started[host] = now
        self._next[host] = now + self._interval.get(host, 0.0)

    def _learn_limits(self, host: str, headers: Mapping[str, str]) -> None:
        interval = crossref_interval(headers)
        if interval is not None:
            self._interval[host] = interval
            self._next[host] = self._started.get(host, 0.0) + interval

    def _send(self, url: str) -> tuple[int, str, dict[str, str]]:
        """One GET, whole within :attr:`deadline` (connect, headers and body): a watchdog shuts
        the socket down when the time is up, so that a server dripping bytes cannot hold it."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"})
        self.requests += 1
        watch = _Watchdog(self.deadline)
        opener = urllib.request.build_opener(_WatchedHTTPHandler(watch), _WatchedHTTPSHandler(watch))
        try:
            with opener.open(request, timeout=min(self.timeout, self.deadline)) as response:
                chunks: list[bytes] = []
                size = 0
                while chunk := response.read(65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise _TooLarge
                    chunks.append(chunk)
                    watch.check()
                watch.check()
                return response.status, b"".join(chunks).decode(
                    _charset(response.headers.get_content_charset()), errors="replace"), dict(response.headers.items())
        except _PastDeadline:
            raise
        except Exception:
            if watch.expired:
                raise _PastDeadline from None
            raise
        finally:
            watch.stop()


class _PastDeadline(Exception):
    """A request's whole answer did not come within its deadline."""


class _TooLarge(Exception):
    """An answer larger than the client reads."""


class _Watchdog:
    """Shuts the request's socket down once its deadline has passed."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            if self.expired:
                self._shut()

    def check(self) -> None:
        if self.expired or time.monotonic() > self.ends:
            self.expired = True
            raise _PastDeadline

    def stop(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):  # already closed
                self._socket.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], watch: _Watchdog) -> Callable[..., http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            watch.watch(self.sock)

    return Watched


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__()
        self.watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req,
                            context=self._context)  # type: ignore[attr-defined]


def _charset(declared: str | None) -> str:
    """The codec of an answer's declared charset; UTF-8 when it names none Python knows."""
    try:
        return codecs.lookup(declared or "utf-8").name
    except LookupError:
        return "utf-8"


def _read_error_body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        return ""


def _excerpt(body: str) -> str:
    text = " ".join(body.split())[:120]
    return f": {text}" if text else ""
