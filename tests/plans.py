"""Plans for tests that need one before plan generation exists: a plan and its workouts, stored
as the plan repository will store them."""

from __future__ import annotations

from datetime import date, timedelta

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
