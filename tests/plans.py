"""Plans for tests that need one before plan generation exists: a plan and its workouts, stored
as the plan repository will store them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import PlannedWorkout, TrainingPlan
from coach.domain.plan import PlanStatus, WorkoutStatus
from coach.domain.sport import Sport
from coach.domain.workout import Duration, Step, StepKind, WorkoutDefinition


def easy_run(minutes: int = 30) -> WorkoutDefinition:
    return WorkoutDefinition(
        sport=Sport.RUN,
        name="Easy run",
        steps=(Step(kind=StepKind.ACTIVE, duration=Duration.time(minutes * 60)),),
    )


def add_plan(
    session: Session,
    athlete_id: int,
    start: date,
    workouts: list[tuple[str, date, WorkoutDefinition]],
    *,
    weeks: int = 4,
) -> list[PlannedWorkout]:
    """An active plan from ``start`` holding ``workouts`` (uid, date, definition), version 1."""
    plan = TrainingPlan(
        athlete_id=athlete_id,
        name="Base",
        start_date=start,
        end_date=start + timedelta(weeks=weeks),
        focus_areas=[],
        weekly_volume_target=4.0,
        status=PlanStatus.ACTIVE,
    )
    session.add(plan)
    session.flush()
    rows = [
        PlannedWorkout(
            plan_id=plan.id,
            workout_uid=uid,
            scheduled_date=day,
            workout_type=definition.sport,
            workout_definition=definition,
            estimated_duration=definition.fixed_duration_s() or 2700.0,
            status=WorkoutStatus.PLANNED,
            created_in_version=1,
        )
        for uid, day, definition in workouts
    ]
    session.add_all(rows)
    session.flush()
    return rows


def current(session: Session, uid: str) -> PlannedWorkout:
    """The current row of the planned workout ``uid``."""
    return session.scalars(
        select(PlannedWorkout).where(
            PlannedWorkout.workout_uid == uid, PlannedWorkout.removed_in_version.is_(None)
        )
    ).one()


def remove_in_version(session: Session, uid: str, version: int = 2) -> None:
    """What a plan change that drops a workout does."""
    current(session, uid).removed_in_version = version
    session.flush()


def change_in_version(
    session: Session, uid: str, version: int = 2, **changes: object
) -> PlannedWorkout:
    """What a plan change that alters a workout does: the old row ends, a new one (same uid)
    starts with ``changes`` (scheduled_date, workout_definition, estimated_duration, ...)."""
    old = current(session, uid)
    old.removed_in_version = version
    new = PlannedWorkout(
        plan_id=old.plan_id,
        workout_uid=uid,
        scheduled_date=old.scheduled_date,
        start_time_local=old.start_time_local,
        workout_type=old.workout_type,
        workout_definition=old.workout_definition,
        priority=old.priority,
        estimated_duration=old.estimated_duration,
        status=WorkoutStatus.PLANNED,
        created_in_version=version,
    )
    for name, value in changes.items():
        setattr(new, name, value)
    session.add(new)
    session.flush()
    return new
