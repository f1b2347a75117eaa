"""The API with a 10-year athlete (~4 800 activities, ~30 000 metric readings, a 12-week plan
and a review), served by `coach serve` as a separate process on SQLite and on PostgreSQL:
latency of the status, load-series, week and review reads, from the client's side (whole HTTP
round trip) and the server's own time (its Server-Timing header), in three loads:

- one client, one request at a time (each read's own cost; the first one fills the cache);
- 50 clients, each reading once a second (50 people with the dashboard open and busy:
  50 requests/s offered) — the target: reads p95 under 50 ms;
- 50 clients, each sending its next request the moment the answer comes (saturation: the
  throughput one server process reaches, and what queueing does to latency).

The clients run in this process's threads on the same 2 cores as the server."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, make_url, text

from coach.config import load_settings
from coach.db.migrate import upgrade
from coach.db.session import make_engine
from coach.domain.clock import FixedClock
from coach.services.context import OWNER, Services
from coach.services.reviews import run as run_review
from coach.services.tokens import create as create_token

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history

YEARS = 10
CLIENTS = 50
REQUESTS_PER_CLIENT = 6
PACED_REQUESTS_PER_CLIENT = 10
PACE_S = 1.0
SINGLE_REQUESTS = 30
TARGET_P95_MS = 50.0
TODAY = datetime.now(UTC).date()
POSTGRES_URL = os.environ.get(
    "COACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _history(url: str) -> int:
    """A 10-year athlete in the database at ``url``; its id."""
    engine = make_engine(url)
    upgrade(engine)
    athlete = history.build(engine, FixedClock(datetime.now(UTC)), years=YEARS, today=TODAY)
    engine.dispose()
    return athlete.id


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(_percentile(values, 0.95), 1),
    }


def _measure(
    base: str, token: str, path: str, clients: int, each: int, pace_s: float = 0.0
) -> dict[str, Any]:
    """``clients`` threads, ``each`` requests each; with ``pace_s``, a client's requests start
    ``pace_s`` apart (the clients' starts spread over the first ``pace_s``)."""
    headers = {"Authorization": f"Bearer {token}"}
    client_ms: list[float] = []
    server_ms: list[float] = []

    # every client's connection is made before the clock starts: making 50 httpx clients
    # at once costs the two cores a burst that is no part of the server's latency
    https = [httpx.Client(base_url=base, headers=headers, timeout=120) for _ in range(clients)]
    for http in https:
        http.get("/health").raise_for_status()

    def one_client(number: int) -> None:
        http = https[number]
        due = time.perf_counter() + pace_s * number / clients
        for _ in range(each):
            if pace_s:
                time.sleep(max(0.0, due - time.perf_counter()))
                due += pace_s
            began = time.perf_counter()
            answer = http.get(path)
            client_ms.append((time.perf_counter() - began) * 1000)
            answer.raise_for_status()
            timing = answer.headers.get("server-timing", "app;dur=0")
            server_ms.append(float(timing.split("dur=")[1]))

    began = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(one_client, range(clients)))
    finally:
        for http in https:
            http.close()
    wall_s = time.perf_counter() - began
    return {
        "client": _stats(client_ms),
        "server": _stats(server_ms),
        "requests": len(client_ms),
        "requests_per_s": round(len(client_ms) / wall_s, 1),
    }


def _serve(home: Path, url: str) -> tuple[subprocess.Popen[bytes], str, str, int]:
    env = {**os.environ, "COACH_HOME": str(home), "COACH_DATABASE_URL": url}
    settings = load_settings(home=home, database_url=url)
    services = Services(settings=settings)
    token = create_token(services, OWNER, "bench").token
    athlete = 1
    review = run_review(services, OWNER, athlete).review_id
    services.close()
    port = _free_port()
    coach = str(Path(sys.executable).with_name("coach"))
    server = subprocess.Popen([coach, "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/health", timeout=1).raise_for_status()
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.2)
    return server, base, token, review


def _bench(url: str, home: Path) -> dict[str, Any]:
    athlete = _history(url)
    server, base, token, review = _serve(home, url)
    try:
        paths = {
            "status": f"/athletes/{athlete}/status",
            "load (10 years)": f"/athletes/{athlete}/load?days=3650",
            "plan week": f"/athletes/{athlete}/plan/week",
            "review": f"/athletes/{athlete}/reviews/{review}",
        }
        first = {name: _measure(base, token, path, 1, 1) for name, path in paths.items()}
        for path in paths.values():  # warm the server's caches and connections
            _measure(base, token, path, 1, 3)
        return {
            name: {
                "first_request": first[name]["server"]["p50_ms"],
                "one_client": _measure(base, token, path, 1, SINGLE_REQUESTS),
                f"{CLIENTS}_clients_each_once_a_second": _measure(
                    base, token, path, CLIENTS, PACED_REQUESTS_PER_CLIENT, PACE_S
                ),
                f"{CLIENTS}_clients_saturating": _measure(
                    base, token, path, CLIENTS, REQUESTS_PER_CLIENT
                ),
            }
            for name, path in paths.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _postgres_schema() -> tuple[str, str] | None:
    try:
        admin = create_engine(POSTGRES_URL)
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception:  # no PostgreSQL here: the SQLite figures stand alone
        return None
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(schema: str) -> None:
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def run() -> dict[str, Any]:
    results: dict[str, Any] = {
        "years": YEARS,
        "clients": CLIENTS,
        "target_read_p95_ms": TARGET_P95_MS,
    }
    return {**results, **on_both_databases(_bench)}


def on_both_databases(bench: Callable[[str, Path], dict[str, Any]]) -> dict[str, Any]:
    """``bench(url, home)`` on a new SQLite file and, when the server answers, in a PostgreSQL
    schema of its own (dropped afterwards): ``{"sqlite": …, "postgresql": …}``."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results["sqlite"] = bench(f"sqlite:///{folder / 'bench.db'}", folder / "sqlite-home")
        found = _postgres_schema()
        if found is not None:
            url, schema = found
            try:
                results["postgresql"] = bench(url, folder / "pg-home")
            finally:
                drop_schema(schema)
    return results


if __name__ == "__main__":
    print(run())
