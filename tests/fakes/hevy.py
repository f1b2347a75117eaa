"""Helpers to run coach's fake Hevy (src/coach/fakes/hevy) for tests: in-process through an
httpx transport, or served on a real 127.0.0.1 port for the CLI."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from coach.connectors.hevy.client import HevyClient, RetryPolicy
from coach.fakes.hevy import ASGIBridge, FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY

SHARED_SPEC = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hevy" / "openapi.json"
)
SPEC = SHARED_SPEC if SHARED_SPEC.is_file() else None
"""Hevy's published spec when ../shared is beside the project; else the fake uses coach's own
contract (the same rules)."""


class Sleeps(list[float]):
    """Records the waits the client asked for instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(
    app: FakeHevyApp, *, key: str = DEFAULT_API_KEY, attempts: int = 5, sleeps: Sleeps | None = None
) -> HevyClient:
    return HevyClient(
        key,
        base_url="http://hevy.test",
        request_interval_s=0,
        retry=RetryPolicy(attempts=attempts, max_wait_s=30, first_wait_s=0.01),
        transport=ASGIBridge(app),
        sleep=sleeps if sleeps is not None else Sleeps(),
    )


@contextmanager
def serving(app: FakeHevyApp) -> Iterator[str]:
    """Serve ``app`` on a free 127.0.0.1 port in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake Hevy server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
