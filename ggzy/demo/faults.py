"""Deterministic, seeded faults of the demo centres (``--faults``), each recoverable.

Transient faults hit a request the first time its key (method, path, query string and body) is asked for,
and never again, so a harvest that retries ends with the same notices as a clean run. Which keys are hit
depends only on the seed:

* ``error``: a 500, 502 or 503 answer (about 6% of keys);
* ``truncate``: half the body sent with the full ``Content-Length`` and ``Connection: close`` (about 4%);
* ``slow``: the answer comes after ``slow_seconds`` — longer than a harvester's download timeout (about 1%);
* ``rate_limit``: ``429 Too Many Requests`` with ``Retry-After: 1`` (about 2%).

Lasting faults, always present with ``--faults``: list pages (the national list API, the provincial trade
API, the classic sites' lists) after the first repeat the previous page's last row (duplicate rows), and one
list page per classic site has a 下一页 link that answers 404 while the page it should lead to is reachable
through the page-number links.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app

logger = logging.getLogger(__name__)

#: Share of request keys hit by each transient fault, tried in this order.
RATES = (("error", 0.06), ("truncate", 0.04), ("slow", 0.01), ("rate_limit", 0.02))

StartResponse = Callable[..., Any]


class Faults:
    """The fault plan of one demo server; ``enabled=False`` injects nothing."""

    def __init__(self, enabled: bool = False, seed: int = 1, slow_seconds: float = 11.0) -> None:
        self.enabled = enabled
        self.seed = seed
        self.slow_seconds = slow_seconds
        self.injected: Counter[str] = Counter()
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    @staticmethod
    def key(method: str, path: str, query: str = "", body: bytes = b"") -> str:
        """The key a request is planned by: method, path, query string and a hash of the body."""
        return f"{method} {path}?{query} " + (hashlib.sha1(body).hexdigest() if body else "")

    def _roll(self, *parts: object) -> float:
        digest = hashlib.sha1("\x1f".join(map(str, (self.seed, *parts))).encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def planned(self, key: str) -> str | None:
        """The transient fault planned for ``key`` (whether or not it was already served)."""
        if not self.enabled:
            return None
        roll = self._roll("transient", key)
        for name, rate in RATES:
            if roll < rate:
                return name
            roll -= rate
        return None

    def transient(self, key: str) -> str | None:
        """The fault to inject now: the planned one on the key's first request, then None."""
        fault = self.planned(key)
        if fault is None:
            return None
        with self._lock:
            if key in self._seen:
                return None
            self._seen.add(key)
            self.injected[fault] += 1
        return fault

    def duplicate_rows(self, centre: str) -> bool:
        """Whether list pages of ``centre`` repeat the previous page's last row."""
        return self.enabled

    def broken_next(self, centre: str, page: int, pages: int) -> bool:
        """Whether page ``page`` of ``centre``'s list has a 下一页 link that answers 404."""
        if not self.enabled or pages < 3:
            return False
        return page == 1 + int(self._roll("next", centre) * (pages - 2))

    def reset(self) -> None:
        """Forget which keys were served, so every planned fault happens again."""
        with self._lock:
            self._seen.clear()
            self.injected.clear()


def current_faults() -> Faults:
    """The fault plan of the app handling the current request."""
    faults = current_app.extensions.get("ggzy_demo_faults")
    return faults if isinstance(faults, Faults) else Faults()


class FaultMiddleware:
    """WSGI middleware injecting the transient faults of ``faults`` in front of ``app``."""

    def __init__(self, app: Callable[..., Iterable[bytes]], faults: Faults) -> None:
        self.app = app
        self.faults = faults

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.faults.enabled:
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        key = Faults.key(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), body)
        fault = self.faults.transient(key)
        if fault is None:
            return self.app(environ, start_response)
        logger.info("demo fault=%s key=%s", fault, key)
        if fault == "error":
            status = ("500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable")[len(key) % 3]
            message = b"<html><body><h1>Service temporarily unavailable</h1></body></html>"
            start_response(status, [("Content-Type", "text/html"), ("Content-Length", str(len(message)))])
            return [message]
        if fault == "rate_limit":
            message = b"<html><body><h1>429 Too Many Requests</h1></body></html>"
            headers = [("Content-Type", "text/html"), ("Content-Length", str(len(message))), ("Retry-After", "1")]
            start_response("429 Too Many Requests", headers)
            return [message]
        if fault == "slow":
            time.sleep(self.faults.slow_seconds)
            return self.app(environ, start_response)
        return self._truncated(environ, start_response)

    def _truncated(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.app(environ, capture)
        try:
            data = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not data:
            start_response(captured["status"], captured["headers"])
            return [data]
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("content-length", "connection")]
        headers += [("Content-Length", str(len(data) + 1)), ("Connection", "close")]
        start_response(captured["status"], headers)
        return [data[: len(data) // 2]]
