"""A sync through the API starts in the background: 202 and a job to poll, which says what the
sync brought (or its one-line failure). The fake Hevy serves on a real 127.0.0.1 port."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from coach.fakes.hevy import FakeHevy, FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY
from tests.api.conftest import Api
from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.fakes.hevy import SPEC, serving
from tests.fakes.http_sink import Sink, sink

LAST = datetime(2026, 11, 20, 18, tzinfo=UTC)
__all__ = ["hevy_url", "sink"]
POLL_LIMIT_S = 30.0


@pytest.fixture
def hevy_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    fake = FakeHevy()
    fake.seed_workouts(5, last_start=LAST)
    with serving(FakeHevyApp(fake, SPEC)) as url:
        monkeypatch.setenv("COACH_HEVY_BASE_URL", url)
        monkeypatch.setenv("COACH_HEVY_REQUEST_INTERVAL_S", "0")
        monkeypatch.setenv("COACH_HEVY_MAX_WAIT_S", "0")
        yield url


def _poll(api: Api, path: str) -> Any:
    deadline = time.monotonic() + POLL_LIMIT_S
    while True:
        job = api.ok("GET", path)
        if job["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_a_sync_is_a_job_to_poll(hevy_url: str, api: Api, cli: Cli) -> None:
    athlete = api.ok(
        "POST", "/athletes", 201, json={"profile": {"name": "Sam", "timezone": "America/Denver"}}
    )["athlete"]["id"]
    base = f"/athletes/{athlete}"
    unlinked = api.call("POST", f"{base}/connections/hevy/sync")
    assert unlinked.status_code == 202  # accepted: the failure is the job's
    failed = _poll(api, f"{base}/jobs/{unlinked.json()['id']}")
    assert failed["status"] == "failed"
    assert "not linked to Hevy" in failed["error"]

    cli.ok("hevy", "login", input=DEFAULT_API_KEY)
    assert api.ok("GET", f"{base}/connections/hevy")["linked"]
    started = api.call("POST", f"{base}/connections/hevy/sync")
    assert started.status_code == 202
    assert (started.json()["status"], started.json()["kind"]) == ("queued", "sync:hevy")
    done = _poll(api, f"{base}/jobs/{started.json()['id']}")
    assert done["status"] == "succeeded", done
    assert done["result"]["report"]["added"] == 5
    assert api.ok("GET", f"{base}/activities")["total"] == 5
    assert api.call("POST", f"{base}/connections/strava/sync").status_code == 404
    assert api.call("GET", f"{base}/jobs/999").status_code == 404
    listed = api.ok("GET", f"{base}/jobs")
    assert [j["id"] for j in listed] == [
        started.json()["id"],
        unlinked.json()["id"],
    ]  # newest first
    assert [j["id"] for j in api.ok("GET", f"{base}/jobs?failed=true")] == [unlinked.json()["id"]]
    assert api.ok("GET", f"{base}/jobs?failed=true") == json.loads(
        cli.ok("jobs", "--failed", "--json").stdout
    )  # the CLI's --json and the API: one schema


def test_the_messages_sent_are_listed_once_each(
    api: Api, cli: Cli, sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    def athlete(name: str) -> int:
        made = api.ok(
            "POST", "/athletes", 201, json={"profile": {"name": name, "timezone": "America/Denver"}}
        )
        return int(made["athlete"]["id"])

    sam = athlete("Sam")
    assert api.ok("GET", f"/athletes/{sam}/notices") == []
    monkeypatch.setenv("COACH_REVIEW_TIME", "19:00")  # NOW is 20:00 in Denver: Sam is due
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    for _ in range(2):  # the timer, twice: one review, one message
        with time_machine.travel(NOW, tick=False):
            cli.ok("review", "--auto", "--due")
    (sent,) = sink.requests
    (notice,) = api.ok("GET", f"/athletes/{sam}/notices")
    assert (notice["kind"], notice["key"], notice["delivered"]) == (
        "review",
        f"review:{sam}:2026-11-22",
        1,
    )
    assert notice["title"] == sent.body["title"]
    kai = athlete("Kai")
    monkeypatch.setenv("COACH_NOTIFY_URL", "json://127.0.0.1:9/hook")  # nobody listens there
    with time_machine.travel(NOW, tick=False):
        failed = cli("review", "--auto", "--due")
    assert failed.exit_code == 69  # Kai's review is kept, the message could not go
    assert api.ok("GET", f"/athletes/{kai}/notices") == []  # not claimed: it may go later
    assert api.call("GET", "/athletes/999/notices").status_code == 404
