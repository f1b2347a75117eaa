"""The dashboard's pages with a 10-year athlete (bench/history.py: ~4 800 activities, ~30 000
readings, a 12-week plan, a review), served by `coach serve` as its own process on SQLite and
PostgreSQL, one browser-like client signed in with the link the server prints. For each page,
the server's own time (its Server-Timing header) of the first request (nothing cached yet: the
whole history is read) and p50/p95 of the following ones, beside the client's round trip.
Targets: pages p95 under 100 ms; the fitness chart's data for 10 years under 50 ms."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import (  # the same 10-year athlete, ports and databases as the API's
    YEARS,
    _free_port,
    _history,
    _stats,
    on_both_databases,
)
from coach.config import load_settings
from coach.services.context import OWNER, Services
from coach.services.reviews import run as run_review

REQUESTS = 30
TARGET_PAGE_P95_MS = 100.0
TARGET_CHART_MS = 50.0


def _pages(review_id: int) -> dict[str, str]:
    return {
        "tonight": "/a/1/tonight",
        "review": f"/a/1/reviews/{review_id}",
        "week": "/a/1/week",
        "month": "/a/1/month",
        "fitness (3 months)": "/a/1/fitness",
        "fitness (10 years)": "/a/1/fitness?days=3660",
        "goals": "/a/1/goals",
        "activities": "/a/1/activities",
        "activity": "/a/1/activities/1",
        "log": "/a/1/log",
        "settings": "/a/1/settings",
    }


def _server_ms(answer: httpx.Response) -> float:
    return float(answer.headers.get("server-timing", "app;dur=0").split("dur=")[1])


def _bench(url: str, home: Path) -> dict[str, Any]:
    _history(url)
    env = {**os.environ, "COACH_HOME": str(home), "COACH_DATABASE_URL": url}
    services = Services(settings=load_settings(home=home, database_url=url))
    review = run_review(services, OWNER, 1).review_id
    services.close()
    port = _free_port()
    coach = str(Path(sys.executable).with_name("coach"))
    server = subprocess.Popen(
        [coach, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        link = ""
        for line in server.stdout:
            found = re.search(r"(http://\S+/sign-in\?code=\S+)", line)
            if found:
                link = found.group(1)
                break
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get(link, follow_redirects=True).raise_for_status()
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            results: dict[str, Any] = {}
            for name, path in _pages(review).items():
                first = client.get(path)
                first.raise_for_status()
                server_ms, client_ms = [], []
                for _ in range(REQUESTS):
                    began = time.perf_counter()
                    answer = client.get(path)
                    client_ms.append((time.perf_counter() - began) * 1000)
                    answer.raise_for_status()
                    server_ms.append(_server_ms(answer))
                results[name] = {
                    "first_request_ms": round(_server_ms(first), 1),
                    "server": _stats(server_ms),
                    "client": _stats(client_ms),
                    "kb": round(len(answer.content) / 1024, 1),
                }
            return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def run() -> dict[str, Any]:
    results: dict[str, Any] = {
        "years": YEARS,
        "target_page_p95_ms": TARGET_PAGE_P95_MS,
        "target_chart_data_ms": TARGET_CHART_MS,
    }
    return {**results, **on_both_databases(_bench)}


if __name__ == "__main__":
    print(run())
