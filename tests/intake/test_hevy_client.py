"""coach's Hevy client against the fake: paging, retries, and every live deviation from the
spec that docs/hevy.md lists."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from coach.connectors.hevy.client import HevyClient, RetryPolicy
from coach.domain.errors import AuthError, ConnectorError, NotFound, RateLimited
from coach.fakes.hevy import FakeHevy, FakeHevyApp, HevyOptions
from tests.fakes.hevy import SPEC, Sleeps, client_for

LAST = datetime(2026, 11, 20, 18, tzinfo=UTC)

ROUTINE = {
    "title": "Legs",
    "folder_id": None,
    "notes": "coach",
    "exercises": [
        {
            "exercise_template_id": "D04AC939",
            "superset_id": None,
            "rest_seconds": 120,
            "notes": None,
            "sets": [{"type": "normal", "weight_kg": 60, "reps": 5}],
        }
    ],
}


def app_with(workouts: int = 0, **options: object) -> FakeHevyApp:
    hevy = FakeHevy(HevyOptions(**options))  # type: ignore[arg-type]
    hevy.seed_workouts(workouts, last_start=LAST)
    return FakeHevyApp(hevy, SPEC)


def test_reading_every_page_takes_one_request_per_page_of_ten() -> None:
    app = app_with(workouts=23)
    with client_for(app) as client:
        pages = list(client.workout_pages())
    assert [len(items) for items, _ in pages] == [10, 10, 3]
    assert sum(1 for method, path, status in app.hevy.log if status == 200) == 3


def test_a_404_on_a_later_page_ends_the_list() -> None:
    app = app_with(workouts=15)
    with client_for(app) as client:
        pages = client.workout_pages()
        _, page_count = next(pages)
        assert page_count == 2
        for workout_id in list(app.hevy.workouts)[:10]:  # the list shrinks while we read
            app.hevy.delete_workout(workout_id)
        assert list(pages) == []
    assert app.hevy.log[-1][2] == 404


@pytest.mark.parametrize(
    ("shape", "gets_routine"),
    [("list", True), ("object", True), ("bare", True), ("empty", False)],
)
def test_every_write_response_shape_is_accepted(shape: str, gets_routine: bool) -> None:
    app = app_with(write_shape=shape)
    with client_for(app) as client:
        routine = client.create_routine(ROUTINE)
    assert (routine is not None) is gets_routine
    if routine is not None:
        assert routine.title == "Legs"
        assert routine.exercises[0].rest_seconds == 120


def test_spec_shapes_supersets_id_string_rest_and_z_timestamps_are_read() -> None:
    app = app_with(workouts=5, spec_shapes=True, rest_seconds_as_string=True, z_timestamps=True)
    app.hevy.workouts[next(iter(app.hevy.workouts))]["exercises"][0]["superset_id"] = 3
    with client_for(app) as client:
        workouts = [w for items, _ in client.workout_pages() for w in items]
        routine = client.create_routine(ROUTINE)
    assert routine is not None
    assert routine.exercises[0].rest_seconds == 120
    assert any(e.superset_id == 3 for w in workouts for e in w.exercises)
    assert all(w.start_time.tzinfo is not None for w in workouts)


def test_a_429_is_retried_honouring_retry_after() -> None:
    app = app_with(workouts=3)
    app.hevy.inject(429, times=2, retry_after=7)
    sleeps = Sleeps()
    with client_for(app, sleeps=sleeps) as client:
        assert client.workout_count() == 3
    assert sleeps == [7.0, 7.0]


def test_retry_after_is_capped_and_back_off_is_bounded() -> None:
    app = app_with()
    app.hevy.inject(429, times=1, retry_after=3600)
    app.hevy.inject(429, times=1)
    sleeps = Sleeps()
    with client_for(app, sleeps=sleeps) as client:
        client.workout_count()
    assert sleeps[0] == 30.0  # max_wait_s of the test policy
    assert 0 <= sleeps[1] <= 30.0


def test_a_429_that_does_not_stop_ends_in_one_clear_rate_limit_error() -> None:
    app = app_with()
    app.hevy.inject(429, times=100)
    with client_for(app, attempts=3) as client, pytest.raises(RateLimited, match="429"):
        client.workout_count()
    assert len(app.hevy.log) == 3


def test_a_500_is_retried_on_reads_but_never_on_writes() -> None:
    app = app_with(workouts=1)
    app.hevy.inject(500, times=1)
    with client_for(app) as client:
        assert client.workout_count() == 1
        app.hevy.inject(500, times=1)
        with pytest.raises(ConnectorError, match="500"):
            client.create_routine(ROUTINE)
    posts = [entry for entry in app.hevy.log if entry[0] == "POST"]
    assert posts == [("POST", "/v1/routines", 500)]
    assert app.hevy.routines == {}


def test_a_wrong_key_is_one_clear_auth_error() -> None:
    with (
        client_for(app_with(), key="wrong") as client,
        pytest.raises(AuthError, match="Hevy rejected the API key"),
    ):
        client.user_info()


def test_a_400_carries_hevys_message() -> None:
    with client_for(app_with()) as client, pytest.raises(ConnectorError) as caught:
        client.create_routine({**ROUTINE, "routine_id": "x"})
    assert '"routine.routine_id" is not allowed' in str(caught.value)


def test_an_unknown_workout_is_not_found() -> None:
    with client_for(app_with()) as client, pytest.raises(NotFound):
        client.workout("00000000-0000-0000-0000-000000000000")


def test_an_unreachable_host_is_a_connector_error_after_the_attempts() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    sleeps = Sleeps()
    client = HevyClient(
        "k",
        base_url="http://hevy.test",
        request_interval_s=0,
        retry=RetryPolicy(attempts=2, first_wait_s=0),
        transport=httpx.MockTransport(refuse),
        sleep=sleeps,
    )
    with pytest.raises(ConnectorError, match="cannot reach Hevy"):
        client.workout_count()
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b'{"id": 42}', "42"), (b'"c0ffee"', "c0ffee"), (b"c0ffee-1", "c0ffee-1"), (b"", None)],
)
def test_a_custom_exercise_id_is_read_in_any_form(body: bytes, expected: str | None) -> None:
    client = HevyClient(
        "k",
        base_url="http://hevy.test",
        request_interval_s=0,
        transport=httpx.MockTransport(lambda _request: httpx.Response(200, content=body)),
    )
    assert client.create_exercise_template({"title": "x"}) == expected


def test_templates_folders_history_and_measurements_are_read() -> None:
    app = app_with(workouts=4)
    app.hevy.seed_measurements(LAST.date(), 2)
    with client_for(app) as client:
        templates = [t for items, _ in client.exercise_template_pages() for t in items]
        folder = client.create_routine_folder("coach")
        history = client.exercise_history(templates[0].id)
        measurements = client.body_measurements()
        user = client.user_info()
    assert len(templates) == len(app.hevy.templates)
    assert folder is not None
    assert folder.title == "coach"
    assert client.requests >= 5
    assert all(entry.exercise_template_id == templates[0].id for entry in history)
    assert [m.date for m in measurements] == sorted((m.date for m in measurements), reverse=True)
    assert user.name == "fake"
