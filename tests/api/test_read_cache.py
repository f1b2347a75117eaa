"""The server keeps its heaviest answers (status, load series, goal progress) until the athlete's
data changes — whoever changes it: this server, the CLI beside it, another server on the same
database — or the day turns. Each test reads, changes, and reads again what a person would see."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from coach.services.context import Services
from tests import fitfiles
from tests.api.conftest import API, Api, make_token
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import NOW, call
from tests.conftest import Cli

BASE = "/athletes/1"
athlete_with_a_plan = cli_fixtures.athlete_with_a_plan  # the CLI tests' Sam, here too


@pytest.fixture
def served(athlete_with_a_plan: Cli) -> Any:
    token = make_token(athlete_with_a_plan, "sam", "--athlete", "Sam", "--write")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Api(client, token), client.app.state.services  # type: ignore[attr-defined]


def _body_fat(status: dict[str, Any]) -> Any:
    return next(g["current"] for g in status["goals"] if g["metric"] == "body_fat_pct")


def test_a_second_read_is_served_from_the_cache(served: tuple[Api, Services]) -> None:
    api, services = served
    first = api.ok("GET", f"{BASE}/status")
    hits = services.cache.hits
    assert api.ok("GET", f"{BASE}/status") == first
    assert services.cache.hits == hits + 1  # reading changed nothing, so nothing was redone


def test_a_reading_logged_by_the_cli_beside_the_server_shows(
    served: tuple[Api, Services], athlete_with_a_plan: Cli
) -> None:
    api, _ = served
    before = api.ok("GET", f"{BASE}/progress/body_fat")
    assert call(athlete_with_a_plan, "log", "body-fat", "19.5").exit_code == 0
    status = api.ok("GET", f"{BASE}/status")
    after = api.ok("GET", f"{BASE}/progress/body_fat")
    assert _body_fat(status) == 19.5
    assert len(after["series"]) == len(before["series"]) + 1


def test_an_upload_through_the_api_shows_in_the_load(served: tuple[Api, Services]) -> None:
    api, _ = served
    before = api.ok("GET", f"{BASE}/load", params={"days": 60})
    uploaded = api.ok(
        "POST",
        f"{BASE}/uploads/fit",
        files=[("files", ("run.fit", fitfiles.run_with_power(), "application/octet-stream"))],
    )
    assert uploaded["summary"]["imported"] == 1
    after = api.ok("GET", f"{BASE}/load", params={"days": 60})
    assert sum(d["load"] for d in after["days"]) > sum(d["load"] for d in before["days"])

    activity = api.ok("GET", f"{BASE}/activities", params={"sport": "run"})["activities"][0]["id"]
    api.ok("DELETE", f"{BASE}/activities/{activity}")
    again = api.ok("GET", f"{BASE}/load", params={"days": 60})
    assert again["days"] == before["days"]


def test_a_miss_undone_and_a_session_moved_show_in_the_week(
    served: tuple[Api, Services], athlete_with_a_plan: Cli
) -> None:
    api, _ = served
    last_week = {"week": "2026-11-16"}
    before = api.ok("GET", f"{BASE}/status", params=last_week)
    missed = next(w for w in before["workouts"] if w["reason_kind"] == "time")
    assert call(athlete_with_a_plan, "log", "unmiss", str(missed["planned_id"])).exit_code == 0
    after = api.ok("GET", f"{BASE}/status", params=last_week)
    now = next(w for w in after["workouts"] if w["planned_id"] == missed["planned_id"])
    assert now["reason_kind"] is None  # a plain miss again, no longer "no time"

    next_week = {"week": "2026-11-23"}
    ahead = api.ok("GET", f"{BASE}/status", params=next_week)
    workout = ahead["workouts"][0]
    later = (date.fromisoformat(workout["date"]) + timedelta(days=1)).isoformat()
    moved = api.ok(
        "POST",
        f"{BASE}/plan/workouts/{workout['planned_id']}/move",
        json={"to": later},
    )
    assert moved["version"] > 1
    shown = api.ok("GET", f"{BASE}/status", params=next_week)
    assert later in {w["date"] for w in shown["workouts"] if w["name"] == workout["name"]}
    assert workout["planned_id"] not in {w["planned_id"] for w in shown["workouts"]}


def test_the_next_day_is_a_new_answer(served: tuple[Api, Services]) -> None:
    api, _ = served
    sunday = api.ok("GET", f"{BASE}/status")
    headers = {"Authorization": f"Bearer {api.token}"}
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        monday = api.client.get(f"{API}{BASE}/status", headers=headers).json()
    assert (sunday["today"], monday["today"]) == ("2026-11-22", "2026-11-23")
    assert monday["week"] == "2026-11-23"


def test_a_change_by_another_server_on_the_same_database_shows(
    served: tuple[Api, Services], athlete_with_a_plan: Cli
) -> None:
    api, _ = served
    token = make_token(athlete_with_a_plan, "other", "--athlete", "Sam", "--write")
    api.ok("GET", f"{BASE}/status")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        Api(client, token).ok("POST", f"{BASE}/metrics", 201, json={"values": {"body_fat_pct": 18}})
    assert _body_fat(api.ok("GET", f"{BASE}/status")) == 18


def test_a_failed_change_keeps_the_cached_answer(served: tuple[Api, Services]) -> None:
    api, services = served
    first = api.ok("GET", f"{BASE}/status")
    refused = api.call("POST", f"{BASE}/metrics", json={"values": {"body_fat_pct": 95}})
    assert refused.status_code == 422
    hits = services.cache.hits
    assert api.ok("GET", f"{BASE}/status") == first
    assert services.cache.hits == hits + 1
