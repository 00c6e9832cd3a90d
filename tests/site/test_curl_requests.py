"""``ggzy serve``'s server as curl meets it: raw UTF-8 in the query, and the API's 4xx always problem+json."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from ggzy.site.commands import make_server


@pytest.fixture
def served(app: Any) -> Iterator[int]:
    server = make_server(app, "127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield int(server.effective_port)
    server.close()
    thread.join(5)


def raw_get(port: int, target: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``GET target`` byte for byte, as curl sends ``?q=工程`` (no percent-encoding)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def test_raw_utf8_in_the_query_is_read_as_a_browser_s_percent_encoding(served: int) -> None:
    status, headers, body = raw_get(served, "/api/v1/notices?q=道路".encode())
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["total"] > 0
    status, headers, body = raw_get(served, "/search?q=道路改造".encode())
    assert status == 200 and "道路改造" in body.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "target",
    [b"/api/v1/no-such-thing", b"/api/v1/notices/no-such-notice", "/api/v1/notices?q=道路 OR".encode()],
)
def test_every_4xx_of_the_api_is_problem_json(served: int, target: bytes) -> None:
    status, headers, body = raw_get(served, target.replace(b" ", b"%20"))
    assert 400 <= status < 500
    assert headers["content-type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == status
