"""Screenshots of every dashboard page at 360 px and 1280 px wide, for docs/screenshots/ and the
README (`make screenshots`): the demo athlete of `make run`, served by `coach serve`, read by
Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"phone": (360, 780), "wide": (1280, 900)}
PAGES = ["tonight", "week", "month", "fitness", "goals", "activities", "log", "settings"]


COACH_PASSWORD = "a coach's long password"
COACH_SETUP = [
    (["user", "add", "carla@example.org", "--name", "Carla", "--password-stdin"], COACH_PASSWORD),
    (["grant", "add", "carla@example.org", "--level", "view"], None),
]
COACH_PAGES = ["coach-offered", "coach-athletes", "coach-tonight"]


def _coach_pages(browser: Any, base: str) -> None:
    """The coach's side: the offer to accept, the page of athletes, a view-only Tonight."""
    page = browser.new_page()
    page.goto(f"{base}/sign-in")
    page.fill("#email", "carla@example.org")
    page.fill("#password", COACH_PASSWORD)
    page.click("button[type=submit]")
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/")
        page.screenshot(path=str(OUT / f"coach-offered-{label}.png"), full_page=True)
    page.click("button:has-text('Accept')")
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/")
        page.screenshot(path=str(OUT / f"coach-athletes-{label}.png"), full_page=True)
        page.goto(f"{base}/a/1/tonight")
        page.screenshot(path=str(OUT / f"coach-tonight-{label}.png"), full_page=True)
    page.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    coach = str(Path(sys.executable).with_name("coach"))
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "COACH_HOME": home, "COACH_DATABASE_URL": "", "COACH_SIGN_UP": "1"}
        subprocess.run([coach, "demo"], env=env, check=True, capture_output=True)
        for args, typed in COACH_SETUP:  # a coach, offered view access to the demo athlete
            subprocess.run(
                [coach, *args], env=env, check=True, capture_output=True, text=True, input=typed
            )
        port = _free_port()
        server = subprocess.Popen(
            [coach, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
        )
        try:
            link = ""
            assert server.stdout is not None
            for line in server.stdout:
                found = re.search(r"(http://\S+/sign-in\?code=\S+)", line)
                if found:
                    link = found.group(1)
                    break
            base = f"http://127.0.0.1:{port}"
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                for label, (width, height) in WIDTHS.items():  # signed out first
                    page.set_viewport_size({"width": width, "height": height})
                    for name in ("sign-in", "sign-up"):
                        page.goto(f"{base}/{name}")
                        page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)
                _coach_pages(browser, base)
                page.goto(link)  # one sign-in: the session cookie serves both widths
                for label, (width, height) in WIDTHS.items():
                    page.set_viewport_size({"width": width, "height": height})
                    for name in PAGES:
                        page.goto(f"{base}/a/1/{name}")
                        page.wait_for_load_state("networkidle")
                        time.sleep(0.3)  # the charts draw after the script loads
                        page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    shots = (len(PAGES) + 2 + len(COACH_PAGES)) * len(WIDTHS)
    print(f"{shots} screenshots in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
