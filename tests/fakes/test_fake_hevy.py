"""The fake Hevy behaves as docs/hevy.md §8 says the live API does, with the spec and without."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from coach.fakes.hevy import ASGIBridge, FakeHevy, FakeHevyApp, HevyOptions
from coach.fakes.hevy.state import DEFAULT_API_KEY
from tests.fakes.hevy import SPEC

SPECS = [pytest.param(None, id="coach-contract")]
if SPEC is not None:
    SPECS.append(pytest.param(SPEC, id="hevy-openapi"))

LAST = datetime(2026, 11, 20, 18, tzinfo=UTC)


@pytest.fixture(params=SPECS)
def spec(request: pytest.FixtureRequest) -> Path | None:
    return request.param  # type: ignore[no-any-return]


def http(app: FakeHevyApp, key: str | None = DEFAULT_API_KEY) -> httpx.Client:
    headers = {"api-key": key} if key else {}
    return httpx.Client(base_url="http://hevy.test", transport=ASGIBridge(app), headers=headers)


def routine_body(**extra: Any) -> dict[str, Any]:
    exercise = {
        "exercise_template_id": "D04AC939",
        "superset_id": None,
        "rest_seconds": 120,
        "notes": None,
        "sets": [{"type": "normal", "weight_kg": 60, "reps": 5}],
    }
    return {"routine": {"title": "Legs", "folder_id": None, "exercises": [exercise], **extra}}


def test_a_request_without_the_right_key_gets_401(spec: Path | None) -> None:
    app = FakeHevyApp(FakeHevy(), spec)
    assert http(app, key=None).get("/v1/workouts").status_code == 401
    assert http(app, key="not-the-key").get("/v1/workouts/count").status_code == 401


@pytest.mark.parametrize(
    ("path", "size", "status"),
    [
        ("/v1/workouts", 10, 200),
        ("/v1/workouts", 11, 400),
        ("/v1/workouts", 0, 400),
        ("/v1/exercise_templates", 100, 200),
        ("/v1/exercise_templates", 101, 400),
        ("/v1/body_measurements", 10, 200),
        ("/v1/routines", 11, 400),
    ],
)
def test_page_sizes_are_enforced(spec: Path | None, path: str, size: int, status: int) -> None:
    hevy = FakeHevy()
    hevy.seed_workouts(3, last_start=LAST)
    response = http(FakeHevyApp(hevy, spec)).get(path, params={"pageSize": size})
    assert response.status_code == status
    if status == 400:
        assert response.json() == {"error": "Invalid page size"}


def test_a_page_past_the_last_is_404_but_an_empty_list_is_one_empty_page(
    spec: Path | None,
) -> None:
    hevy = FakeHevy()
    client = http(FakeHevyApp(hevy, spec))
    empty = client.get("/v1/workouts", params={"page": 1, "pageSize": 10})
    assert empty.status_code == 200
    assert empty.json() == {"page": 1, "page_count": 0, "workouts": []}
    hevy.seed_workouts(25, last_start=LAST)
    pages = [client.get("/v1/workouts", params={"page": n, "pageSize": 10}) for n in (1, 2, 3, 4)]
    assert [p.status_code for p in pages] == [200, 200, 200, 404]
    assert [len(p.json()["workouts"]) for p in pages[:3]] == [10, 10, 5]
    starts = [w["start_time"] for p in pages[:3] for w in p.json()["workouts"]]
    assert starts == sorted(starts, reverse=True)  # newest first


@pytest.mark.parametrize(
    ("method", "path", "body", "error"),
    [
        (
            "POST",
            "/v1/routines",
            routine_body(routine_id="x"),
            '"routine.routine_id" is not allowed',
        ),
        (
            "POST",
            "/v1/workouts",
            {"workout": {"title": "x", "routine_id": "r", "start_time": "", "end_time": ""}},
            '"workout.routine_id" is not allowed',
        ),
        ("POST", "/v1/routines", {"title": "unwrapped"}, '"title" is not allowed'),
        (
            "PUT",
            "/v1/routines/abc",
            {"routine": {"title": "x", "folder_id": 3}},
            '"routine.folder_id" is not allowed',
        ),
        (
            "POST",
            "/v1/routines",
            {"routine": {"title": "x", "exercises": [{"sets": [{"type": "normal", "rpe": 8}]}]}},
            '"routine.exercises[0].sets[0].rpe" is not allowed',
        ),
        (
            "POST",
            "/v1/routines",
            {"routine": {"title": "x", "exercises": [{"sets": [{"rep_range": None}]}]}},
            '"routine.exercises[0].sets[0].rep_range" must be of type object',
        ),
        (
            "POST",
            "/v1/routines",
            {"routine": {"title": "x", "exercises": [{"sets": [{"type": "heavy"}]}]}},
            '"routine.exercises[0].sets[0].type" must be one of [warmup, normal, failure, dropset]',
        ),
        ("POST", "/v1/exercise_templates", {}, '"exercise" is required'),
    ],
)
def test_requests_are_validated_like_hevy_does(
    spec: Path | None, method: str, path: str, body: dict[str, Any], error: str
) -> None:
    response = http(FakeHevyApp(FakeHevy(), spec)).request(method, path, json=body)
    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_a_workout_rpe_outside_hevys_scale_is_refused(spec: Path | None) -> None:
    body = {
        "workout": {
            "title": "x",
            "start_time": "2026-11-20T18:00:00Z",
            "end_time": "2026-11-20T19:00:00Z",
            "exercises": [{"exercise_template_id": "D04AC939", "sets": [{"rpe": 6.5}]}],
        }
    }
    response = http(FakeHevyApp(FakeHevy(), spec)).post("/v1/workouts", json=body)
    assert response.status_code == 400
    assert "rpe" in response.json()["error"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (HevyOptions(), lambda r: r.json()["routine"][0]["title"] == "Legs"),
        (HevyOptions(write_shape="object"), lambda r: r.json()["routine"]["title"] == "Legs"),
        (HevyOptions(write_shape="bare"), lambda r: r.json()["title"] == "Legs"),
        (HevyOptions(write_shape="empty"), lambda r: r.content == b""),
        (HevyOptions(spec_shapes=True), lambda r: r.json()["title"] == "Legs"),
    ],
)
def test_write_responses_come_in_the_configured_shape(
    spec: Path | None, options: HevyOptions, expected: Any
) -> None:
    response = http(FakeHevyApp(FakeHevy(options), spec)).post("/v1/routines", json=routine_body())
    assert response.status_code == 201
    assert expected(response)


def test_reads_spell_the_superset_field_as_configured() -> None:
    live = FakeHevy()
    live.seed_workouts(1, last_start=LAST)
    exercise = http(FakeHevyApp(live)).get("/v1/workouts").json()["workouts"][0]["exercises"][0]
    assert "superset_id" in exercise
    assert "supersets_id" not in exercise
    spec_like = FakeHevy(HevyOptions(spec_shapes=True))
    spec_like.seed_workouts(1, last_start=LAST)
    exercise = (
        http(FakeHevyApp(spec_like)).get("/v1/workouts").json()["workouts"][0]["exercises"][0]
    )
    assert "supersets_id" in exercise


def test_events_are_newest_first_after_since_with_deletions() -> None:
    hevy = FakeHevy()
    hevy.seed_workouts(3, last_start=LAST)
    first, second, third = sorted(hevy.workouts, key=lambda i: hevy.workouts[i]["updated_at"])
    since = hevy.workouts[first]["updated_at"].isoformat().replace("+00:00", "Z")
    hevy.delete_workout(second)
    events = http(FakeHevyApp(hevy)).get("/v1/workouts/events", params={"since": since}).json()
    assert [e["type"] for e in events["events"]] == ["deleted", "updated"]
    assert events["events"][0]["id"] == second
    assert events["events"][1]["workout"]["id"] == third


def test_injected_faults_answer_instead_of_the_handler() -> None:
    hevy = FakeHevy()
    hevy.inject(429, retry_after=2, times=2)
    client = http(FakeHevyApp(hevy))
    first = client.get("/v1/workouts/count")
    assert first.status_code == 429
    assert first.headers["retry-after"] == "2"
    assert client.get("/v1/workouts/count").status_code == 429
    assert client.get("/v1/workouts/count").json() == {"workout_count": 0}


def test_limits_and_conflicts_answer_as_hevy_does() -> None:
    hevy = FakeHevy(HevyOptions(routine_limit=1, custom_exercise_limit=0))
    client = http(FakeHevyApp(hevy))
    assert client.post("/v1/routines", json=routine_body()).status_code == 201
    refused = client.post("/v1/routines", json=routine_body())
    assert (refused.status_code, refused.json()) == (403, {"error": "Routine limit exceeded"})
    custom = {
        "exercise": {
            "title": "Log split",
            "exercise_type": "reps_only",
            "equipment_category": "other",
            "muscle_group": "full_body",
            "other_muscles": [],
        }
    }
    refused = client.post("/v1/exercise_templates", json=custom)
    assert refused.json() == {"error": "exceeds-custom-exercise-limit"}
    measurement = {"date": "2026-11-20", "weight_kg": 80.0, "fat_percent": 18.0}
    assert client.post("/v1/body_measurements", json=measurement).status_code == 200
    assert client.post("/v1/body_measurements", json=measurement).status_code == 409


def test_a_put_replaces_the_routines_exercise_list() -> None:
    hevy = FakeHevy()
    client = http(FakeHevyApp(hevy))
    created = client.post("/v1/routines", json=routine_body()).json()["routine"][0]
    replacement = routine_body()["routine"]
    del replacement["folder_id"]
    replacement["exercises"] = []
    client.put(f"/v1/routines/{created['id']}", json={"routine": replacement})
    fetched = client.get(f"/v1/routines/{created['id']}").json()
    assert fetched["routine"]["exercises"] == []
