"""Real receivers on localhost: an SMTP server (aiosmtpd) and an HTTP server for webhooks; an app whose index and
subscription store are fresh files, its mail going to that SMTP server."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ggzy.index import open_index
from ggzy.index.base import Index
from ggzy.model import Kind, Notice, Party
from ggzy.normalize.dates import china_today
from ggzy.site import create_app
from tests import factories

SITE_URL = "https://ggzy.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """Every mail the SMTP server accepted, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def text(self, message: EmailMessage) -> str:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        return str(body.get_content())

    def link(self, message: EmailMessage, path: str) -> str:
        """The path of the first link to ``path`` in the mail."""
        found = re.search(re.escape(SITE_URL) + "(" + re.escape(path) + r"[^\s]*)", self.text(message))
        assert found is not None, self.text(message)
        return found.group(1)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@dataclass
class Receiver:
    """Webhook POSTs received; answers ``failures`` of them with 500 before accepting."""

    url: str = ""
    failures: int = 0
    posts: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    refused: int = 0

    def accepted(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _headers, body in self.posts]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    received = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if received.refused < received.failures:
                received.refused += 1
                self.send_response(500)
            else:
                received.posts.append((dict(self.headers.items()), body))
                self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield received
    server.shutdown()
    server.server_close()


def notice(number: int, title: str, **fields: Any) -> Notice:
    values: dict[str, Any] = {
        "id": f"alert-{number}",
        "kind": Kind.TENDER,
        "published": china_today(),
        "region_code": "330502",
        "buyer": Party("湖州市交通运输局"),
        "body_text": f"{title}。",
    }
    values.update(fields)
    return factories.notice("huzhou-ggzy", str(number), title, **values)


@pytest.fixture
def config(tmp_path: Path, mailbox: tuple[Mailbox, int]) -> dict[str, Any]:
    return {
        "TESTING": True,
        "INDEX": f"sqlite:///{tmp_path / 'ggzy.db'}",
        "ALERTS_STORE": f"sqlite:///{tmp_path / 'alerts.db'}",
        "SITE_URL": SITE_URL,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": mailbox[1],
        "MAIL_FROM": "ggzy <alerts@ggzy.example.org>",
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def index(config: dict[str, Any]) -> Iterator[Index]:
    opened = open_index(config["INDEX"])
    opened.upsert([notice(1, "湖州市某道路改造工程招标公告", published=china_today() - timedelta(days=1))])
    yield opened
    opened.close()


@pytest.fixture
def app(config: dict[str, Any], index: Index) -> Any:
    return create_app(config)
