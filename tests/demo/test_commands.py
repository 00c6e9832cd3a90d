"""``ggzy demo-centres`` serves until interrupted."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

from tests.demo.client import fetch


def test_demo_centres_command_serves_until_ctrl_c() -> None:
    command = [
        sys.executable,
        "-c",
        "from ggzy.cli import main; main()",
        "demo-centres",
        "--port",
        "0",
        "--today",
        "2026-03-17",
    ]
    # As in a terminal: a runner started in the background hands its children SIGINT ignored, which Python keeps.
    terminal = {"preexec_fn": lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **terminal) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            base = re.search(r"(http://127\.0\.0\.1:\d+)/", first).group(1)
            lines = [process.stdout.readline() for _ in range(7)]
            assert any("ggzy-gov-cn" in line for line in lines)
            answer = fetch(base + "/huzhou/jyxx/list_1.html")
            assert answer.status == 200 and answer.headers["Content-Type"] == "text/html"
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
