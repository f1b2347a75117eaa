"""Planned strength workouts as Hevy routines, against the fake Hevy (requests validated against
Hevy's spec): created once, updated only when changed, emptied when removed, never duplicated."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from coach.connectors.hevy.catalogue import load_catalogue
from coach.db.models import Athlete, ExportRecord, PlannedWorkout
from coach.db.repo.athletes import create_athlete
from coach.db.session import session_scope
from coach.domain.athlete import AthleteProfile
from coach.domain.clock import FixedClock
from coach.domain.plan import ExportTarget
from coach.domain.sport import Sport
from coach.domain.workout import StrengthExercise, StrengthSet, WorkoutDefinition
from coach.export.hevy_routines import REMOVED_PREFIX, HevyExport, export_hevy, relevant
from coach.export.plan import Result, plan_export
from coach.fakes.hevy import FakeHevy, FakeHevyApp, HevyOptions
from coach.fakes.hevy.catalogue import template_id
from tests.fakes.hevy import SPEC, client_for
from tests.plans import add_plan, change_in_version, easy_run, remove_in_version

CLOCK = FixedClock(datetime(2026, 11, 23, 20, tzinfo=UTC))
TODAY = date(2026, 11, 23)


def legs(name: str = "Explosive legs", reps_max: int | None = None) -> WorkoutDefinition:
    return WorkoutDefinition(
        sport=Sport.STRENGTH,
        name=name,
        exercises=(
            StrengthExercise.uniform("box_jump", "Box jump", sets=3, reps=5, rest_s=90),
            StrengthExercise(
                exercise_id="back_squat",
                name="Back squat",
                sets=(
                    StrengthSet(kind="warmup", reps=8, load_kg=40),
                    *(StrengthSet(reps=5, reps_max=reps_max, load_kg=90) for _ in range(3)),
                ),
                rest_s=150,
                notes="brace",
            ),
            StrengthExercise(
                exercise_id="single_leg_balance",
                name="Single-leg balance",
                sets=(StrengthSet(duration_s=45), StrengthSet(duration_s=45)),
                rest_s=30,
            ),
        ),
    )


@pytest.fixture
def setup(engine: Engine, coach_home: Path) -> tuple[Engine, Athlete]:
    with session_scope(engine) as session:
        athlete = create_athlete(
            session, CLOCK, AthleteProfile(name="Sam", timezone="UTC"), [], [], on=TODAY
        )
        add_plan(
            session,
            athlete.id,
            TODAY,
            [
                ("legs", TODAY + timedelta(days=1), legs()),
                ("run", TODAY + timedelta(days=2), easy_run()),
                ("upper", TODAY + timedelta(days=3), legs("Upper")),
            ],
        )
        session.expunge(athlete)
    return engine, athlete


def export(engine: Engine, athlete: Athlete, app: FakeHevyApp, home: Path) -> list[Result]:
    with session_scope(engine) as session:
        items = plan_export(session, athlete, ExportTarget.HEVY, TODAY, date.max)
    with client_for(app) as client:
        catalogue = load_catalogue(client, home / "catalogue.json", CLOCK.now(), 7)
        return export_hevy(
            engine, [i for i in items if relevant(i)], HevyExport(client, catalogue), CLOCK
        )


def writes(hevy: FakeHevy) -> list[tuple[str, str, int]]:
    return [entry for entry in hevy.log if entry[0] in ("POST", "PUT")]


def test_routines_are_created_in_a_coach_folder_with_mapped_templates(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    results = export(engine, athlete, app, coach_home)
    assert [r.status.value for r in results if r.status] == ["exported", "exported"]  # no run
    (folder,) = hevy.folders
    assert folder["title"] == "coach"
    routines = sorted(hevy.routines.values(), key=lambda r: r["title"])
    assert [r["title"] for r in routines] == ["Explosive legs", "Upper"]
    assert all(r["folder_id"] == folder["id"] for r in routines)
    box, squat, balance = routines[0]["exercises"]
    assert box["exercise_template_id"] == template_id("Box Jump")
    assert squat["exercise_template_id"] == "D04AC939"  # Hevy's published id for Squat (Barbell)
    assert (squat["rest_seconds"], squat["notes"]) == (150, "brace")
    assert [s["type"] for s in squat["sets"]] == ["warmup", "normal", "normal", "normal"]
    assert squat["sets"][1]["weight_kg"] == 90
    # no template for single-leg balance in the catalogue: one custom exercise, reused
    custom = [t for t in hevy.templates.values() if t["is_custom"]]
    assert [t["title"] for t in custom] == ["Single-leg balance"]
    assert balance["exercise_template_id"] == custom[0]["id"]
    assert balance["sets"][0]["duration_seconds"] == 45


def test_a_rerun_sends_nothing_and_a_change_is_one_put(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    export(engine, athlete, app, coach_home)
    hevy.log.clear()
    export(engine, athlete, app, coach_home)
    assert writes(hevy) == []
    with session_scope(engine) as session:  # plan version 2: rep ranges on the squat
        change_in_version(session, "legs", workout_definition=legs(reps_max=8))
    hevy.log.clear()
    export(engine, athlete, app, coach_home)
    assert [(m, p.rsplit("/", 1)[0]) for m, p, _ in writes(hevy)] == [("PUT", "/v1/routines")]
    routine = next(r for r in hevy.routines.values() if r["title"] == "Explosive legs")
    assert routine["exercises"][1]["sets"][1]["rep_range"] == {"start": 5, "end": 8}
    assert len(hevy.routines) == 2


def test_a_removed_workout_is_renamed_and_emptied(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    export(engine, athlete, app, coach_home)
    with session_scope(engine) as session:
        remove_in_version(session, "upper")
    results = export(engine, athlete, app, coach_home)
    assert [r.status.value for r in results if r.status] == ["removed"]
    upper = next(r for r in hevy.routines.values() if "Upper" in r["title"])
    assert upper["title"] == f"{REMOVED_PREFIX}Upper"
    assert upper["exercises"] == []


def test_a_create_answered_without_an_id_is_found_not_duplicated(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy(HevyOptions(write_shape="empty"))
    app = FakeHevyApp(hevy, SPEC)
    results = export(engine, athlete, app, coach_home)
    ids = sorted(r.external_id or "" for r in results if r.status)
    assert ids == sorted(hevy.routines)
    export(engine, athlete, app, coach_home)
    assert len(hevy.routines) == 2


def test_a_failure_midway_leaves_true_records_and_the_rerun_completes_without_duplicates(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    first_created: list[str] = []
    # the second routine's POST fails with a 500 (a write is never retried blindly)
    hevy.inject(500, path="/v1/routines", after=0, times=0)
    original = hevy.build_routine

    def build(body: dict[str, object], routine_id: str | None = None) -> dict[str, object]:
        routine = original(body, routine_id)
        first_created.append(routine["id"])
        if len(first_created) == 1:
            hevy.faults[0].times = 1  # arm the 500 for the next request to /v1/routines
        return routine

    hevy.build_routine = build  # type: ignore[method-assign]
    results = export(engine, athlete, app, coach_home)
    assert [r.status.value for r in results if r.status] == ["exported", "failed"]
    with session_scope(engine) as session:
        records = {r.workout_uid: r.status.value for r in session.scalars(select(ExportRecord))}
    assert records == {"legs": "exported", "upper": "failed"}
    results = export(engine, athlete, app, coach_home)
    assert [r.status for r in results if r.status] == [results[-1].status]
    assert len(hevy.routines) == 2
    assert sorted(r["title"] for r in hevy.routines.values()) == ["Explosive legs", "Upper"]


def test_a_rate_limit_stops_the_run_and_the_rest_stays_pending(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    hevy.inject(429, path="/v1/routine_folders", times=50)
    results = export(engine, athlete, app, coach_home)
    assert [r.status.value for r in results if r.status] == ["failed"]  # stopped at the first
    assert "rate-limiting" in (results[0].error or "")
    hevy.faults.clear()
    results = export(engine, athlete, app, coach_home)
    assert [r.status.value for r in results if r.status] == ["exported", "exported"]


def test_a_swap_made_in_hevy_comes_back_with_the_next_sync(
    setup: tuple[Engine, Athlete], coach_home: Path
) -> None:
    from coach.config import Settings
    from coach.db.models import CompletedActivity
    from coach.intake.hevy.sync import sync

    engine, athlete = setup
    hevy = FakeHevy()
    app = FakeHevyApp(hevy, SPEC)
    results = export(engine, athlete, app, coach_home)
    routine_id = next(r.external_id for r in results if r.item.workout_uid == "legs")
    assert routine_id is not None
    # at the gym: no box, so jump squats instead of box jumps
    hevy.perform_routine(
        routine_id,
        datetime(2026, 11, 24, 17, tzinfo=UTC),
        swap={template_id("Box Jump"): template_id("Jump Squat")},
    )
    with client_for(app) as client:
        report = sync(engine, Settings(home=coach_home), CLOCK, athlete, client)
    assert report.substitutions == 1
    with session_scope(engine) as session:
        done = session.scalars(select(CompletedActivity)).one()
        planned = session.scalars(
            select(PlannedWorkout).where(PlannedWorkout.workout_uid == "legs")
        ).one()
        assert done.planned_workout_id == planned.id
        assert done.data["substitutions"][0] == {
            "planned": "box_jump",
            "performed": "jump_squat",
            "title": "Jump Squat",
        }
