"""`coach serve` as a person starts it: a real process on 127.0.0.1, the API behind a token,
a port already taken said in one line, and Ctrl-C ending it cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.processes import coach_process

START_LIMIT_S = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(home: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(url: str) -> httpx.Response:
    deadline = time.monotonic() + START_LIMIT_S
    while True:
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_answers_behind_a_token_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert coach_process(home, "init", "--no-input", "--name", "Sam").returncode == 0
    made = coach_process(home, "token", "create", "phone", "--json")
    token = json.loads(made.stdout)["token"]
    port = _free_port()
    server = _serve(home, port)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        assert _wait_for(f"{base}/health").json()["status"] == "ok"
        assert httpx.get(f"{base}/athletes").status_code == 401
        athletes = httpx.get(f"{base}/athletes", headers={"Authorization": f"Bearer {token}"})
        assert [a["name"] for a in athletes.json()] == ["Sam"]
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "coach"
        taken = coach_process(home, "serve", "--port", str(port), timeout_s=60)
        assert taken.returncode == 2
        assert taken.stderr.strip().count("\n") == 0  # one line
        assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode in (0, 130), err
    assert "Traceback" not in err
    link = re.search(rf"dashboard: (http://127\.0\.0\.1:{port}/sign-in\?code=\S+)", out)
    assert link, out  # the one-time sign-in link for the dashboard


def test_the_printed_link_signs_into_the_dashboard_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert coach_process(home, "init", "--no-input", "--name", "Sam").returncode == 0
    port = _free_port()
    server = _serve(home, port)
    try:
        assert server.stdout is not None
        found = None
        for line in server.stdout:
            found = re.search(r"(http://\S+/sign-in\?code=\S+)", line)
            if found:
                break
        assert found
        _wait_for(f"http://127.0.0.1:{port}/api/v1/health")
        with httpx.Client(follow_redirects=True) as browser:
            tonight = browser.get(found.group(1))
            assert tonight.url.path == "/a/1/tonight"
            assert "Run tonight's review" in tonight.text
        again = httpx.get(found.group(1))
        assert again.status_code == 401
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
