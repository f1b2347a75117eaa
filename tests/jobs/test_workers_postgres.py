"""Workers as separate processes on the PostgreSQL server, under faults: Hevy answering 429 for
every athlete, a worker killed in the middle of a review, the database dropping every worker
connection during a run, a notification service down. Each time: every athlete reviewed once,
nothing lost, nothing sent twice, and what gave up is listed with its reason."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coach.fakes.hevy import FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY, FakeHevy
from tests.conftest import Cli
from tests.fakes.hevy import SPEC, serving
from tests.fakes.http_sink import Sink
from tests.jobs.conftest import Postgres

pytestmark = pytest.mark.postgres

NAMES = ["Ana", "Ben", "Cai", "Dee"]


@pytest.fixture
def cli(cli_default_db: Cli, postgres: Postgres) -> Cli:
    """The CLI here, on the test's PostgreSQL schema (the workers' database)."""
    return cli_default_db


class Slow:
    """The fake Hevy, slow to list workouts (``delay_s`` each time): a sync takes a while, so a
    worker can be caught in the middle of one."""

    def __init__(self, app: FakeHevyApp, delay_s: float) -> None:
        self.app, self.delay_s = app, delay_s

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("path", "").startswith("/v1/workouts"):
            await asyncio.sleep(self.delay_s)
        await self.app(scope, receive, send)


@pytest.fixture
def hevy(postgres: Postgres, request: pytest.FixtureRequest) -> Iterator[FakeHevy]:
    """Four athletes, each with a plan and a Hevy account linked (one fake Hevy, 6 workouts)."""
    delay_s = getattr(request, "param", 0.0)
    fake = FakeHevy()
    fake.seed_workouts(6, last_start=datetime.now(UTC) - timedelta(days=1))
    app = FakeHevyApp(fake, SPEC)
    with serving(Slow(app, delay_s) if delay_s else app) as url:  # type: ignore[arg-type]
        postgres.set(
            COACH_HEVY_BASE_URL=url,
            COACH_HEVY_REQUEST_INTERVAL_S="0",
            COACH_HEVY_MAX_WAIT_S="0",
            COACH_HEVY_MAX_ATTEMPTS="1",  # a 429 reaches the job at once: the queue backs off
        )
        yield fake


def athletes(cli: Cli, *, hevy: bool) -> dict[str, int]:
    for name in NAMES:
        cli.ok("init", "--no-input", "--name", name, "--timezone", "America/Denver")
        cli.ok("plan", "generate", "--athlete", name, "--weeks", "2")
        if hevy:
            cli.ok("hevy", "login", "--athlete", name, input=DEFAULT_API_KEY)
    return {a["name"]: a["id"] for a in json.loads(cli.ok("athlete", "list", "--json").stdout)}


def reviews_of(cli: Cli, name: str) -> list[str]:
    found = json.loads(cli.ok("review", "list", "--athlete", name, "--json").stdout)
    return [r["date"] for r in found]


def jobs(cli: Cli) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli.ok("jobs", "--json", "--limit", "200").stdout)
    return found


def test_hevy_answering_429_for_every_athlete_backs_off_loses_nothing_and_exports_once(
    cli: Cli, postgres: Postgres, hevy: FakeHevy
) -> None:
    athletes(cli, hevy=True)
    hevy.inject(429, times=3 * len(NAMES), retry_after=0)
    queued = json.loads(cli.ok("jobs", "due", "--json").stdout)
    assert queued == {"reviews": len(NAMES), "reminders": 0}
    postgres.work_until_idle()
    for name in NAMES:
        assert len(reviews_of(cli, name)) == 1, name
        done = json.loads(cli.ok("activities", "list", "--athlete", name, "--json").stdout)
        assert len(done) == 6, name  # every Hevy workout arrived despite the 429s
    ran = jobs(cli)
    assert {j["status"] for j in ran} == {"succeeded"}
    assert len([j for j in ran if j["kind"] == "nightly-review"]) == len(NAMES)
    syncs = [j for j in ran if j["kind"] == "sync"]
    assert len(syncs) == len(NAMES)
    assert max(j["attempts"] for j in syncs) > 1  # backed off and tried again
    routines = len(hevy.routines)
    assert routines > 0
    # The next due-check, another worker and a manual export send nothing again.
    assert json.loads(cli.ok("jobs", "due", "--json").stdout)["reviews"] == 0
    postgres.work_until_idle()
    again = json.loads(cli.ok("export", "--target", "hevy", "--athlete", "Ana", "--json").stdout)
    assert {e["action"] for e in again["hevy"]} == {"unchanged"}
    assert len(hevy.routines) == routines


@pytest.mark.parametrize("hevy", [1.0], indirect=True)
def test_a_worker_killed_mid_review_is_retried_and_the_review_kept_once(
    cli: Cli, postgres: Postgres, hevy: FakeHevy
) -> None:
    athletes(cli, hevy=True)
    cli.ok("jobs", "due")
    worker = postgres.start_worker()
    deadline = time.monotonic() + 60
    while not postgres.sql("SELECT id FROM procrastinate_jobs WHERE status = 'doing'"):
        assert time.monotonic() < deadline, "the worker never started a job"
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)  # in the middle of its syncs
    worker.wait(timeout=10)
    assert postgres.sql("SELECT id FROM procrastinate_jobs WHERE status = 'doing'")
    time.sleep(2.5)  # COACH_WORKER_STALLED_S is 2: the killed worker counts as dead
    said = postgres.work_until_idle()
    assert "1 job of a worker that stopped is queued again" in said[0]
    for name in NAMES:
        assert len(reviews_of(cli, name)) == 1, name
    ran = jobs(cli)
    assert len([j for j in ran if j["kind"] == "nightly-review"]) == len(NAMES)
    assert {j["status"] for j in ran} == {"succeeded"}
    syncs = [j for j in ran if j["kind"] == "sync"]
    assert sorted(j["attempts"] for j in syncs) == [1, 1, 1, 2]  # the killed one ran again


@pytest.mark.parametrize("hevy", [1.0], indirect=True)
def test_the_database_dropping_every_worker_connection_mid_run_loses_nothing(
    cli: Cli, postgres: Postgres, hevy: FakeHevy
) -> None:
    """What a database restart looks like to a worker: each of its connections cut."""
    athletes(cli, hevy=True)
    cli.ok("jobs", "due")
    worker = postgres.start_worker()
    try:
        cut = 0
        deadline = time.monotonic() + 90
        while postgres.waiting():
            if time.monotonic() > deadline:
                worker.send_signal(signal.SIGTERM)
                stuck = postgres.sql(
                    "SELECT task_name, status, attempts FROM procrastinate_jobs "
                    "WHERE status IN ('todo', 'doing')"
                )
                pytest.fail(f"jobs still waiting: {stuck}; the worker said {worker.communicate()}")
            if cut < 2 and postgres.sql("SELECT id FROM procrastinate_jobs WHERE status = 'doing'"):
                postgres.sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()",
                    name=postgres.name,
                )
                cut += 1
                time.sleep(1.5)
            time.sleep(0.1)
        assert cut == 2
        assert worker.poll() is None, worker.communicate()[1]  # it lived through it
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    assert "Traceback" not in stderr
    for name in NAMES:
        assert len(reviews_of(cli, name)) == 1, name
    ran = jobs(cli)
    assert {j["status"] for j in ran} == {"succeeded"}
    assert len([j for j in ran if j["kind"] == "nightly-review"]) == len(NAMES)


def test_a_notification_service_down_is_listed_as_failed_and_sent_once_when_retried(
    cli: Cli, postgres: Postgres, sink: Sink
) -> None:
    postgres.set(COACH_NOTIFY_URL=f"json://{sink.host_port}/hook", COACH_JOB_ATTEMPTS="2")
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    cli.ok("plan", "generate", "--weeks", "2")
    sink.status = 500
    cli.ok("jobs", "due")
    postgres.work_until_idle()
    (failed,) = json.loads(cli.ok("jobs", "--failed", "--json").stdout)
    assert failed["kind"] == "notify:review"
    assert failed["attempts"] == 2
    assert "500" in failed["error"] or "refused" in failed["error"]
    listed = cli.ok("jobs", "--failed").stdout
    assert "notify:review" in listed and "failed" in listed
    assert f"job {failed['id']}: {failed['error']}" in " ".join(listed.split())
    assert json.loads(cli.ok("jobs", "due", "--json").stdout)["reviews"] == 0  # kept once
    tries = len(sink.requests)
    sink.status = 200
    cli.ok("jobs", "retry", str(failed["id"]))
    postgres.work_until_idle()
    assert len(sink.requests) == tries + 1
    assert sink.requests[-1].body["title"].startswith("coach: Sam's")
    # The failed job now says it was run again; a second retry is refused in one line.
    assert json.loads(cli.ok("jobs", "--failed", "--json").stdout) == []
    again = cli("jobs", "retry", str(failed["id"]))
    assert again.exit_code == 4
    assert again.stderr.strip() == (
        f"error: job {failed['id']} was queued again already: `coach jobs` shows how it went"
    )
