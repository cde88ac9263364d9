"""The alert webhook against real local HTTP servers: flaky, dead and slow."""

# ruff: noqa: S101, PLR2004, INP001, DTZ001  pytest asserts on literals; tests/ is no package; alert times are naive UTC as DuckDB stores them

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from towerkit.drift.alerts import Alert, alert_message, post_alerts, send

ALERTS = [
    Alert(
        1,
        datetime(2026, 1, 2, 3, 4, 5),
        "major",
        "TX-1001",
        "ab" * 32,
        "field_moved",
        "quarantined z1/a.pdf (site TX-1001): field_moved: structure_height_ft moved 84 pt (tolerance 24)",
    )
]


class Recorder(BaseHTTPRequestHandler):
    """A webhook that records what it is sent; each test's subclass sets how it misbehaves."""

    fail_first = 0
    delay = 0.0
    bodies: ClassVar[list[dict[str, object]]] = []
    attempts = 0

    def do_POST(self) -> None:
        """Count the attempt; answer 503 for the first ``fail_first``, else record the body and answer 204."""
        cls = type(self)
        cls.attempts += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if cls.delay:
            time.sleep(cls.delay)
        if cls.attempts <= cls.fail_first:
            self.send_response(503)
            self.end_headers()
            return
        cls.bodies.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(name="server")
def _server() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("H", (Recorder,), {"bodies": [], "attempts": 0, "fail_first": 0, "delay": 0.0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook", handler
    httpd.shutdown()
    httpd.server_close()


def test_flaky_webhook_gets_the_alerts_on_retry(server: tuple[str, type[Recorder]]) -> None:
    """A server failing the first attempt with 503 receives the payload on the second."""
    url, h = server
    h.fail_first = 1
    post_alerts(ALERTS, url, backoff=0.05, wait=True)
    assert h.attempts == 2
    assert h.bodies[0]["count"] == 1
    assert h.bodies[0]["alerts"][0]["doc_id"] == "ab" * 32
    assert h.bodies[0]["alerts"][0]["created_at"] == "2026-01-02T03:04:05Z"


def test_dead_port_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    """A port nobody listens on costs a few quick retries and a logged error, never an exception."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    t0 = time.monotonic()
    assert send(f"http://127.0.0.1:{port}/", b"{}", timeout=1, retries=3, backoff=0.05) is False
    assert time.monotonic() - t0 < 3
    assert "unreachable after 3 attempts" in caplog.text


def test_slow_webhook_does_not_block_the_caller(server: tuple[str, type[Recorder]]) -> None:
    """post_alerts returns at once while a slow server takes its time; the thread is a daemon."""
    url, h = server
    h.delay = 1.5
    t0 = time.monotonic()
    thread = post_alerts(ALERTS, url, timeout=0.5, retries=2, backoff=0.05)
    assert time.monotonic() - t0 < 0.2
    assert thread is not None
    assert thread.daemon
    thread.join(5)
    assert not thread.is_alive()
    assert h.bodies == []


def test_nothing_to_send_starts_no_thread() -> None:
    """No URL or no alerts: nothing happens."""
    assert post_alerts(ALERTS, None) is None
    assert post_alerts([], "http://127.0.0.1:9/") is None


def test_alert_message_is_one_line_with_the_first_reasons() -> None:
    """The message names the file and site and shows at most three reasons."""
    msg = alert_message("z1/a.pdf", "TX-1", ["r1", "r2", "r3", "r4", "r5"])
    assert msg == "quarantined z1/a.pdf (site TX-1): r1; r2; r3; +2 more"
    assert "\n" not in msg
