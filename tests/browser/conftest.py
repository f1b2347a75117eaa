"""The dashboard in a real browser: Debian's Chromium driven by Playwright (never a browser
Playwright downloads), against `coach serve`'s application running in a thread of the test, on
a story's database built through the public inputs (tests/scenarios/story.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from coach.api.app import create_app
from coach.config import load_settings
from coach.domain.clock import FixedClock
from tests.scenarios import conftest as scenario_fixtures
from tests.scenarios.story import SUNDAY, ZONE, Story

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
NOW = datetime.combine(SUNDAY, datetime.min.time().replace(hour=20), tzinfo=ZONE)
PHONE = {"width": 360, "height": 780}
WIDE = {"width": 1280, "height": 900}

story = scenario_fixtures.story  # the scenarios' Alex, here in a browser

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


@dataclass
class Served:
    base: str
    app: Any
    story: Story

    def sign_in_link(self) -> str:
        return f"{self.base}/sign-in?code={self.app.state.web_sessions.issue_code()}"


@pytest.fixture
def browser() -> Iterator[Any]:
    """Chromium for one test: Playwright's sync API holds an event loop while it runs, which
    must not outlive the test (other tests of the same worker run their own loops)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def serve(story: Story) -> Iterator[Served]:
    """The server on the story's database, its clock on Sunday 22 Nov 2026, 20:00 in Denver."""
    app = create_app(load_settings(), clock=FixedClock(NOW))
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(64)
    port = listening.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, story)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        listening.close()


@pytest.fixture
def page(browser: Any, serve: Served) -> Iterator[Any]:
    """A signed-in page (the one-time link `coach serve` prints), wide screen."""
    context = browser.new_context(viewport=WIDE)
    opened = context.new_page()
    opened.goto(serve.sign_in_link())
    yield opened
    context.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def no_sideways_scroll(page: Any) -> bool:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]
