"""``hevy sync`` end to end: the real client and sync against the fake, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.db.models import (
    Athlete,
    AuditEntry,
    CompletedActivity,
    ExportRecord,
    ProgressMetric,
    StrengthSetRow,
    SyncState,
)
from coach.db.repo.athletes import create_athlete
from coach.db.session import session_scope
from coach.domain.athlete import AthleteProfile, default_availability
from coach.domain.clock import FixedClock
from coach.domain.errors import RateLimited
from coach.domain.goals import default_goals
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource, ExportStatus, ExportTarget
from coach.domain.sport import Sport
from coach.domain.workout import StrengthExercise, WorkoutDefinition
from coach.fakes.hevy import FakeHevy, FakeHevyApp
from coach.fakes.hevy.catalogue import template_id
from coach.intake.csv.common import store
from coach.intake.csv.hevy_csv import parse_hevy_csv
from coach.intake.hevy.sync import HevySyncReport, sync
from tests.fakes.hevy import SPEC, client_for
from tests.plans import add_plan

CLOCK = FixedClock(datetime(2026, 11, 23, 20, tzinfo=UTC))
LAST = datetime(2026, 11, 20, 18, tzinfo=UTC)


@pytest.fixture
def athlete(engine: Engine) -> Athlete:
    with session_scope(engine) as session:
        profile = AthleteProfile(name="Sam", timezone="America/Denver", weight_kg=80)
        row = create_athlete(
            session, CLOCK, profile, default_goals(), default_availability(), on=date(2026, 1, 1)
        )
        session.flush()
        session.expunge(row)
    return row


@pytest.fixture
def settings(coach_home: Path) -> Settings:
    return Settings(home=coach_home)


def run(engine: Engine, settings: Settings, athlete: Athlete, app: FakeHevyApp) -> HevySyncReport:
    with client_for(app) as client:
        return sync(engine, settings, CLOCK, athlete, client)


def stored(session: Session) -> dict[str, tuple[str | None, int]]:
    """external id -> (name, set count) of every Hevy activity."""
    rows = session.execute(
        select(CompletedActivity.external_id, CompletedActivity.name, func.count(StrengthSetRow.id))
        .join(StrengthSetRow, isouter=True)
        .where(CompletedActivity.source == DataSource.HEVY)
        .group_by(CompletedActivity.id)
    )
    return {external_id: (name, sets) for external_id, name, sets in rows}


def fake_state(hevy: FakeHevy) -> dict[str, tuple[str | None, int]]:
    return {
        w["id"]: (w["title"], sum(len(e["sets"]) for e in w["exercises"]))
        for w in hevy.workouts.values()
    }


def test_a_thousand_workouts_with_a_429_and_a_deletion_end_in_the_fakes_state(
    engine: Engine, settings: Settings, athlete: Athlete
) -> None:
    hevy = FakeHevy()
    hevy.seed_workouts(1000, last_start=LAST)
    app = FakeHevyApp(hevy, SPEC)
    hevy.inject(429, after=40, retry_after=0)
    first = run(engine, settings, athlete, app)
    assert (first.mode, first.added) == ("backfill", 1000)
    assert any(status == 429 for _, _, status in hevy.log)
    assert sum(1 for _, path, _ in hevy.log if path == "/v1/workouts") == 100 + 1  # one retried

    gone = next(iter(hevy.workouts))
    hevy.delete_workout(gone)
    changed = list(hevy.workouts)[5]
    hevy.workouts[changed]["title"] = "Renamed in Hevy"
    hevy.save_workout(hevy.build_workout(_as_body(hevy.workouts[changed]), changed))
    second = run(engine, settings, athlete, app)
    assert (second.mode, second.deleted, second.updated, second.added) == ("events", 1, 1, 0)
    with session_scope(engine) as session:
        assert stored(session) == fake_state(hevy)
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "activity.delete")
            )
            == 1
        )

    again = run(engine, settings, athlete, app)
    assert (again.added, again.updated, again.deleted) == (0, 0, 0)
    with session_scope(engine) as session:
        assert stored(session) == fake_state(hevy)


def _as_body(workout: dict[str, object]) -> dict[str, object]:
    exercises = workout["exercises"]
    assert isinstance(exercises, list)
    return {
        "title": workout["title"],
        "start_time": workout["start_time"].isoformat(),  # type: ignore[attr-defined]
        "end_time": workout["end_time"].isoformat(),  # type: ignore[attr-defined]
        "exercises": [
            {"exercise_template_id": e["exercise_template_id"], "sets": e["sets"]}
            for e in exercises
        ],
    }


def test_a_sync_stopped_by_rate_limits_keeps_what_it_stored_and_the_rerun_completes(
    engine: Engine, settings: Settings, athlete: Athlete
) -> None:
    hevy = FakeHevy()
    hevy.seed_workouts(35, last_start=LAST)
    app = FakeHevyApp(hevy, SPEC)
    hevy.inject(429, after=len(hevy.templates) // 100 + 4, times=50, path="/v1/workouts")
    with pytest.raises(RateLimited):
        run(engine, settings, athlete, app)
    with session_scope(engine) as session:
        partway = len(stored(session))
        assert 0 < partway < 35
        assert session.scalar(select(func.count()).select_from(SyncState)) == 0
    hevy.faults.clear()
    report = run(engine, settings, athlete, app)
    assert report.mode == "backfill"
    assert report.unchanged == partway
    with session_scope(engine) as session:
        assert stored(session) == fake_state(hevy)


def test_sets_loads_exercise_mapping_and_body_measurements_are_stored(
    engine: Engine, settings: Settings, athlete: Athlete
) -> None:
    hevy = FakeHevy()
    hevy.save_workout(
        hevy.build_workout(
            {
                "title": "Power",
                "start_time": "2026-11-20T01:30:00Z",  # evening of the 19th in Denver
                "end_time": "2026-11-20T02:30:00Z",
                "exercises": [
                    {
                        "exercise_template_id": "D04AC939",
                        "sets": [
                            {"type": "warmup", "weight_kg": 60, "reps": 5},
                            {"type": "normal", "weight_kg": 100, "reps": 5, "rpe": 8},
                            {"type": "normal", "weight_kg": 100, "reps": 5, "rpe": 9},
                        ],
                    },
                    {
                        "exercise_template_id": template_id("Triceps Pushdown"),
                        "sets": [{"type": "dropset", "weight_kg": 20, "reps": 12}],
                    },
                    {
                        "exercise_template_id": template_id("Plank"),
                        "sets": [{"type": "normal", "duration_seconds": 60}],
                    },
                ],
            }
        )
    )
    hevy.seed_measurements(date(2026, 11, 2), 3)
    report = run(engine, settings, athlete, FakeHevyApp(hevy, SPEC))
    assert report.unknown_exercises == {"Triceps Pushdown": 1}
    assert report.measurements == 6
    with session_scope(engine) as session:
        activity = session.scalars(select(CompletedActivity)).one()
        assert activity.activity_date == date(2026, 11, 19)
        assert activity.activity_type == Sport.STRENGTH.value
        assert activity.rpe == 8.5  # the working sets' mean RPE
        assert activity.load_method == "srpe"
        assert activity.load_tss == pytest.approx(8.5 * 60 / 10, abs=0.1)
        strength = activity.data["strength"]
        assert strength["volume_kg"] == 60 * 5 + 100 * 5 * 2 + 20 * 12
        squat = strength["exercises"][0]
        assert (squat["exercise_id"], squat["e1rm_kg"]) == ("back_squat", round(100 * 7 / 6, 1))
        sets = session.scalars(select(StrengthSetRow).order_by(StrengthSetRow.set_index)).all()
        assert [s.set_kind.value for s in sets] == [
            "warmup", "normal", "normal", "dropset", "normal"
        ]  # fmt: skip
        assert [s.exercise_id for s in sets] == ["back_squat"] * 3 + [None, "plank"]
        assert sets[3].exercise_title == "Triceps Pushdown"
        assert sets[4].duration_s == 60
        fat = session.scalars(
            select(ProgressMetric.value)
            .where(ProgressMetric.metric_type == MetricType.BODY_FAT_PCT)
            .order_by(ProgressMetric.metric_date)
        ).all()
        assert fat == [20.0, 19.9, 19.7]
        assert session.get(Athlete, athlete.id).current_body_fat == 19.7  # type: ignore[union-attr]
    rerun = run(engine, settings, athlete, FakeHevyApp(hevy, SPEC))
    assert (rerun.added, rerun.measurements) == (0, 0)


@pytest.fixture
def planned_routine(engine: Engine, athlete: Athlete) -> tuple[FakeHevy, str, int]:
    """A planned strength workout exported to Hevy as a routine (as the export issue will)."""
    hevy = FakeHevy()
    routine = hevy.build_routine(
        {
            "title": "Explosive legs",
            "exercises": [
                {"exercise_template_id": template_id("Box Jump"), "sets": [{"reps": 5}] * 3},
                {"exercise_template_id": "D04AC939", "sets": [{"reps": 5, "weight_kg": 90}] * 3},
            ],
        }
    )
    hevy.routines[routine["id"]] = routine
    definition = WorkoutDefinition(
        sport=Sport.STRENGTH,
        name="Explosive legs",
        exercises=(
            StrengthExercise.uniform("box_jump", "Box jump", sets=3, reps=5),
            StrengthExercise.uniform("back_squat", "Back squat", sets=3, reps=5, load_kg=90),
        ),
    )
    with session_scope(engine) as session:
        (workout,) = add_plan(
            session, athlete.id, date(2026, 11, 16), [("w-legs", date(2026, 11, 20), definition)]
        )
        session.add(
            ExportRecord(
                workout_uid="w-legs",
                planned_workout_id=workout.id,
                target=ExportTarget.HEVY,
                external_id=routine["id"],
                status=ExportStatus.EXPORTED,
            )
        )
        planned_id = workout.id
    return hevy, routine["id"], planned_id


def test_a_swap_in_the_gym_is_recorded_as_a_substitution_linked_to_the_plan(
    engine: Engine,
    settings: Settings,
    athlete: Athlete,
    planned_routine: tuple[FakeHevy, str, int],
) -> None:
    hevy, routine_id, planned_id = planned_routine
    # no box at the gym today: jump squats instead of box jumps
    hevy.perform_routine(
        routine_id, LAST, swap={template_id("Box Jump"): template_id("Jump Squat")}
    )
    report = run(engine, settings, athlete, FakeHevyApp(hevy, SPEC))
    assert report.substitutions == 1
    with session_scope(engine) as session:
        activity = session.scalars(select(CompletedActivity)).one()
        assert activity.planned_workout_id == planned_id
        assert activity.match_locked
        assert activity.data["substitutions"] == [
            {"planned": "box_jump", "performed": "jump_squat", "title": "Jump Squat"}
        ]
        replaced = session.scalars(
            select(StrengthSetRow.planned_exercise_id).order_by(StrengthSetRow.set_index)
        ).all()
        assert replaced == ["box_jump"] * 3 + [None] * 3


def test_the_api_copy_replaces_a_workout_imported_from_a_hevy_csv(
    engine: Engine, settings: Settings, athlete: Athlete, tmp_path: Path
) -> None:

    export = tmp_path / "hevy.csv"
    export.write_text(
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
        '"Legs","20 Nov 2026, 11:00","20 Nov 2026, 12:00","","Squat (Barbell)",,"",0,"normal",'
        "100,5,,,\n"
    )
    store(engine, settings.home, athlete, parse_hevy_csv(export, ZoneInfo("America/Denver")), 6)
    hevy = FakeHevy()
    hevy.save_workout(
        hevy.build_workout(
            {
                "title": "Legs",
                "start_time": "2026-11-20T18:00:27Z",  # 11:00:27 in Denver
                "end_time": "2026-11-20T19:00:00Z",
                "exercises": [
                    {"exercise_template_id": "D04AC939", "sets": [{"weight_kg": 100, "reps": 5}]}
                ],
            }
        )
    )
    run(engine, settings, athlete, FakeHevyApp(hevy, SPEC))
    with session_scope(engine) as session:
        sources = session.scalars(select(CompletedActivity.source)).all()
    assert sources == [DataSource.HEVY]
    # and importing the CSV again does not bring the copy back
    store(engine, settings.home, athlete, parse_hevy_csv(export, ZoneInfo("America/Denver")), 6)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(CompletedActivity)) == 1


def test_the_exercise_catalogue_is_cached_and_new_templates_are_looked_up(
    engine: Engine, settings: Settings, athlete: Athlete
) -> None:
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    run(engine, settings, athlete, app)
    custom = hevy.add_custom_template({"title": "Log split", "exercise_type": "reps_only"})
    hevy.save_workout(
        hevy.build_workout(
            {
                "title": "Wood",
                "start_time": (LAST + timedelta(days=1)).isoformat(),
                "end_time": (LAST + timedelta(days=1, hours=1)).isoformat(),
                "exercises": [{"exercise_template_id": custom["id"], "sets": [{"reps": 40}]}],
            }
        )
    )
    hevy.log.clear()
    report = run(engine, settings, athlete, app)
    paths = [path for _, path, _ in hevy.log]
    assert "/v1/exercise_templates" not in paths  # the cached copy is fresh
    assert f"/v1/exercise_templates/{custom['id']}" in paths
    assert report.unknown_exercises == {"Log split": 1}
