"""Planned workouts to Garmin Connect through the real garminconnect client and the CLI, against
the fake's workout service (bodies checked against the contract of docs/garmin.md §3)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from coach.db.models import Athlete, ExportRecord
from coach.db.session import make_engine, session_scope
from coach.domain.sport import Equipment, Sport
from coach.domain.units import M_PER_YD, PoolUnit
from coach.domain.workout import (
    Duration,
    Repeat,
    Step,
    StepKind,
    StrengthExercise,
    SwimStroke,
    Target,
    TargetKind,
    TargetReference,
    WorkoutDefinition,
)
from coach.export.fit_workout import Thresholds
from coach.export.garmin_json import workout_json
from tests.conftest import Cli
from tests.fakes.garmin import FakeGarmin, workout_problem
from tests.plans import add_plan, change_in_version, current, easy_run, remove_in_version

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
T = Thresholds(max_hr_bpm=185, lthr_bpm=165, ftp_w=250, threshold_speed_mps=4.0, css_s_per_100m=95)
POOL = 25 * M_PER_YD


def swim() -> WorkoutDefinition:
    return WorkoutDefinition(
        sport=Sport.SWIM,
        name="CSS 8x100",
        pool_length_m=POOL,
        pool_unit=PoolUnit.YARDS,
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.distance(12 * POOL),
                stroke=SwimStroke.FREESTYLE,
            ),
            Repeat(
                count=8,
                skip_last_rest=True,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.distance(4 * POOL),
                        stroke=SwimStroke.FREESTYLE,
                        equipment=(Equipment.PULL_BUOY,),
                        target=Target(kind=TargetKind.CSS_OFFSET, low=-2, high=0),
                    ),
                    Step(kind=StepKind.REST, duration=Duration.time(20)),
                ),
            ),
            Step(kind=StepKind.COOLDOWN, duration=Duration.distance(8 * POOL)),
        ),
    )


def test_swim_json_has_flat_step_orders_strokes_equipment_and_the_pool() -> None:
    body = workout_json(swim(), T, marker="coach:abc")
    assert workout_problem(body) is None
    assert body["sportType"]["sportTypeId"] == 4
    assert (body["poolLength"], body["poolLengthUnit"]["unitKey"]) == (25.0, "yard")
    warmup, repeat, cooldown = body["workoutSegments"][0]["workoutSteps"]
    assert [warmup["stepOrder"], repeat["stepOrder"], cooldown["stepOrder"]] == [1, 2, 5]
    main, rest = repeat["workoutSteps"]
    assert (main["stepOrder"], rest["stepOrder"]) == (3, 4)
    assert main["childStepId"] == rest["childStepId"] == 1
    assert (repeat["numberOfIterations"], repeat["skipLastRestStep"]) == (8, True)
    assert main["stepType"]["stepTypeKey"] == "main"
    assert main["strokeType"]["strokeTypeKey"] == "free"
    assert main["equipmentType"]["equipmentTypeKey"] == "pull_buoy"
    assert main["secondaryTargetType"]["workoutTargetTypeKey"] == "swim.css.offset"
    assert main["endConditionValue"] == pytest.approx(4 * POOL)
    assert (rest["endCondition"]["conditionTypeKey"], rest["endConditionValue"]) == (
        "fixed.rest",
        20.0,
    )
    assert cooldown["strokeType"]["strokeTypeKey"] == "any_stroke"
    assert body["description"].endswith("coach:abc")


def test_run_and_strength_json() -> None:
    run = WorkoutDefinition(
        sport=Sport.RUN,
        name="Threshold",
        steps=(
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.distance(800),
                target=Target(kind=TargetKind.SPEED, low=4.0, high=4.1667),
            ),
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.time(600),
                target=Target(
                    kind=TargetKind.HEART_RATE,
                    low=95,
                    high=100,
                    reference=TargetReference.PERCENT_LTHR,
                ),
            ),
        ),
    )
    pace, hr = workout_json(run, T, marker="m")["workoutSegments"][0]["workoutSteps"]
    assert (
        pace["targetType"]["workoutTargetTypeKey"],
        pace["targetValueOne"],
        pace["targetValueTwo"],
    ) == (
        "pace.zone",
        4.0,
        4.1667,
    )
    assert (hr["targetValueOne"], hr["targetValueTwo"]) == (round(0.95 * 165), 165.0)
    lift = WorkoutDefinition(
        sport=Sport.STRENGTH,
        name="Legs",
        exercises=(
            StrengthExercise.uniform(
                "back_squat", "Back squat", sets=2, reps=5, load_kg=90, rest_s=120
            ),
        ),
    )
    body = workout_json(lift, T, marker="m")
    assert workout_problem(body) is None
    assert body["sportType"]["sportTypeId"] == 5  # not 4: that saved strength as swims
    first, rest, second = body["workoutSegments"][0]["workoutSteps"]
    assert (first["category"], first["exerciseName"]) == ("SQUAT", "BARBELL_BACK_SQUAT")
    assert (first["endCondition"]["conditionTypeKey"], first["endConditionValue"]) == ("reps", 5.0)
    assert first["weightValue"] == 90_000  # grams
    assert rest["endConditionValue"] == 120.0
    assert second["stepOrder"] == 3


@pytest.fixture
def linked(
    cli: Cli, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Cli, FakeGarmin, str]]:
    monkeypatch.setenv("COACH_GARMIN_REQUEST_INTERVAL_S", "0")
    monkeypatch.setenv("COACH_GARMIN_RETRY_WAIT_S", "0")
    fake = FakeGarmin()
    with time_machine.travel(NOW, tick=False), fake.serving():
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "UTC")
        tokens = tmp_path / "garmin_tokens.json"
        tokens.write_text(json.dumps(fake.issue_tokens()))
        cli.ok("garmin", "login", "--tokens", str(tokens))
        engine = make_engine(database_url)
        with session_scope(engine) as session:
            athlete = session.scalars(select(Athlete)).one()
            add_plan(
                session,
                athlete.id,
                TODAY,
                [
                    ("swim-1", TODAY + timedelta(days=1), swim()),
                    ("run-1", TODAY + timedelta(days=2), easy_run(45)),
                    (
                        "walk-1",
                        TODAY + timedelta(days=3),
                        easy_run(30).model_copy(update={"sport": Sport.WALK}),
                    ),
                ],
            )
        engine.dispose()
        yield cli, fake, database_url


def garmin_export(cli: Cli) -> list[dict[str, object]]:
    return json.loads(cli.ok("export", "--target", "garmin", "--json").stdout)["garmin"]  # type: ignore[no-any-return]


def test_workouts_are_uploaded_scheduled_and_only_changes_resent(
    linked: tuple[Cli, FakeGarmin, str],
) -> None:
    cli, fake, url = linked
    first = garmin_export(cli)
    assert [e["status"] for e in first] == ["exported", "exported"]  # no walking workouts on Garmin
    assert sorted(d for _, d in fake.schedules.values()) == ["2026-11-24", "2026-11-25"]
    fake.requests.clear()
    assert [e["status"] for e in garmin_export(cli)] == ["unchanged", "unchanged"]
    assert not any("/workout-service/workout" in r for r in fake.requests)

    engine = make_engine(url)
    with session_scope(engine) as session:  # version 2: the run moves a day and gets longer
        change_in_version(
            session,
            "run-1",
            scheduled_date=current(session, "run-1").scheduled_date + timedelta(days=1),
            workout_definition=easy_run(60),
            estimated_duration=3600,
        )
        remove_in_version(session, "swim-1")
    engine.dispose()
    third = {e["workout_uid"]: (e["action"], e["status"]) for e in garmin_export(cli)}
    assert third == {"run-1": ("update", "exported"), "swim-1": ("remove", "removed")}
    assert len(fake.workouts) == 1
    (workout,) = fake.workouts.values()
    assert workout["workoutSegments"][0]["workoutSteps"][0]["endConditionValue"] == 3600.0
    assert [d for _, d in fake.schedules.values()] == ["2026-11-26"]


def test_a_rate_limit_stops_and_a_lost_answer_is_found_not_duplicated(
    linked: tuple[Cli, FakeGarmin, str],
) -> None:
    cli, fake, url = linked
    fake.fail(r"/workout-service/workout$", 429)
    result = cli("export", "--target", "garmin", "--json")
    entries = json.loads(result.stdout)["garmin"]
    assert [e["status"] for e in entries] == ["failed"]
    assert fake.workouts == {}
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert [r.status.value for r in session.scalars(select(ExportRecord))] == ["failed"]
    engine.dispose()
    # an earlier upload of the run reached Garmin but its answer was lost
    fake.workouts[123] = {"workoutId": 123, "workoutName": "Easy run", "description": "coach:run-1"}
    statuses = {e["workout_uid"]: e["status"] for e in garmin_export(cli)}
    assert statuses == {"swim-1": "exported", "run-1": "exported"}
    assert len(fake.workouts) == 2
    assert fake.workouts[123]["workoutSegments"]  # updated in place
