"""``ggzy serve`` answers real HTTP requests with waitress."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.site.conftest import WINNER


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 20.0) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_ggzy_serve_serves_the_site(index_url):
    port = free_port()
    env = {**os.environ, "GGZY_INDEX": index_url}
    command = [
        sys.executable,
        "-c",
        "from ggzy.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--threads",
        "2",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        home = wait_for(f"http://127.0.0.1:{port}/").decode("utf-8")
        assert '<html lang="zh-CN">' in home and "共收录 <strong>36</strong> 条公开公告" in home
        company = wait_for(f"http://127.0.0.1:{port}/entity/{WINNER.uscc}").decode("utf-8")
        assert WINNER.name in company
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert b"Traceback" not in errors
