"""Training plans and planned workouts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from coach.db.models import Athlete, ExportRecord, PlannedWorkout, PlanVersion, TrainingPlan
from coach.db.repo import audit
from coach.domain.clock import Clock
from coach.domain.errors import Conflict, NotFound
from coach.domain.health import MissReason
from coach.domain.plan import ExportTarget, PlanStatus, WorkoutStatus
from coach.domain.workout import WorkoutDefinition


def get_planned_workout(session: Session, athlete: Athlete, workout_id: int) -> PlannedWorkout:
    """A current planned workout of the athlete (one not replaced by a later plan version)."""
    row = session.scalar(
        select(PlannedWorkout)
        .join(TrainingPlan, TrainingPlan.id == PlannedWorkout.plan_id)
        .where(
            PlannedWorkout.id == workout_id,
            TrainingPlan.athlete_id == athlete.id,
            PlannedWorkout.removed_in_version.is_(None),
        )
    )
    if row is None:
        raise NotFound(f"{athlete.name} has no planned workout {workout_id}")
    return row


def mark_missed(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    workout_id: int,
    kind: MissReason,
    note: str | None = None,
) -> PlannedWorkout:
    """Mark a planned workout missed, with why (``kind``) and the athlete's own words."""
    row = get_planned_workout(session, athlete, workout_id)
    before = row.status
    row.status = WorkoutStatus.MISSED
    row.reason_kind = kind
    row.status_reason = note
    session.flush()
    audit.record(
        session,
        clock,
        actor="cli",
        action="workout.missed",
        entity="planned_workout",
        entity_id=row.id,
        athlete_id=athlete.id,
        details={"before": before.value, "reason": kind.value, "note": note},
    )
    return row


def planned_for_export(
    session: Session, athlete_id: int, target: ExportTarget, external_id: str
) -> PlannedWorkout | None:
    """The athlete's current planned workout that was exported to ``target`` as
    ``external_id`` (e.g. the Hevy routine a workout was started from), if any."""
    return session.scalar(
        select(PlannedWorkout)
        .join(ExportRecord, ExportRecord.workout_uid == PlannedWorkout.workout_uid)
        .join(TrainingPlan, TrainingPlan.id == PlannedWorkout.plan_id)
        .where(
            ExportRecord.target == target,
            ExportRecord.external_id == external_id,
            TrainingPlan.athlete_id == athlete_id,
            PlannedWorkout.removed_in_version.is_(None),
        )
        .order_by(PlannedWorkout.created_in_version.desc())
        .limit(1)
    )


def current_planned(
    session: Session, athlete_id: int, start: date, end: date
) -> list[PlannedWorkout]:
    """The athlete's planned workouts from ``start`` to ``end`` in every plan's current version
    (active and archived plans alike: the past keeps the plan it had)."""
    return list(
        session.scalars(
            select(PlannedWorkout)
            .join(TrainingPlan, TrainingPlan.id == PlannedWorkout.plan_id)
            .where(
                TrainingPlan.athlete_id == athlete_id,
                PlannedWorkout.removed_in_version.is_(None),
                PlannedWorkout.scheduled_date >= start,
                PlannedWorkout.scheduled_date <= end,
            )
            .order_by(PlannedWorkout.scheduled_date, PlannedWorkout.start_time_local)
        )
    )


def previous_dates(session: Session, rows: list[PlannedWorkout]) -> dict[int, date]:
    """For workouts a plan change moved: current row id -> the date its previous version had."""
    if not rows:
        return {}
    keys = {(row.plan_id, row.workout_uid): row for row in rows}
    older = session.scalars(
        select(PlannedWorkout)
        .where(
            PlannedWorkout.plan_id.in_({row.plan_id for row in rows}),
            PlannedWorkout.workout_uid.in_({row.workout_uid for row in rows}),
            PlannedWorkout.removed_in_version.is_not(None),
        )
        .order_by(PlannedWorkout.created_in_version)
    )
    moved: dict[int, date] = {}
    for old in older:
        current = keys.get((old.plan_id, old.workout_uid))
        if current is not None and old.scheduled_date != current.scheduled_date:
            moved[current.id] = old.scheduled_date  # the latest earlier version wins
    return moved


@dataclass(frozen=True, slots=True)
class NewWorkout:
    day: date
    start: time | None
    definition: WorkoutDefinition
    estimated_duration_s: float
    priority: int


def active_plan(session: Session, athlete_id: int) -> TrainingPlan | None:
    return session.scalar(
        select(TrainingPlan)
        .where(TrainingPlan.athlete_id == athlete_id, TrainingPlan.status == PlanStatus.ACTIVE)
        .order_by(TrainingPlan.id.desc())
        .limit(1)
    )


def create_plan(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    *,
    name: str,
    start: date,
    end: date,
    focus: list[str],
    weekly_hours: float,
    workouts: list[NewWorkout],
    replace: bool = False,
) -> TrainingPlan:
    """A new active plan at version 1 holding ``workouts``; the athlete's active plan, if any,
    is archived when ``replace`` (its workouts from ``start`` on are removed), else refused."""
    current = active_plan(session, athlete.id)
    if current is not None:
        if not replace:
            raise Conflict(
                f"{athlete.name} has an active plan ({current.name}, from {current.start_date}): "
                "pass --replace to archive it and start a new one"
            )
        current.status = PlanStatus.ARCHIVED
        for row in current_planned(session, athlete.id, start, date.max):
            if row.plan_id == current.id:
                row.removed_in_version = current.current_version + 1
    plan = TrainingPlan(
        athlete_id=athlete.id,
        name=name,
        start_date=start,
        end_date=end,
        focus_areas=focus,
        weekly_volume_target=weekly_hours,
        status=PlanStatus.ACTIVE,
        current_version=1,
    )
    session.add(plan)
    session.flush()
    session.add(PlanVersion(plan_id=plan.id, version=1, created_at=clock.now(), reason="generated"))
    session.add_all(
        PlannedWorkout(
            plan_id=plan.id,
            workout_uid=str(uuid.uuid4()),
            scheduled_date=item.day,
            start_time_local=item.start,
            workout_type=item.definition.sport,
            workout_definition=item.definition,
            priority=item.priority,
            estimated_duration=item.estimated_duration_s,
            status=WorkoutStatus.PLANNED,
            created_in_version=1,
        )
        for item in workouts
    )
    session.flush()
    audit.record(
        session,
        clock,
        actor="cli",
        action="plan.create",
        entity="training_plan",
        entity_id=plan.id,
        athlete_id=athlete.id,
        details={"workouts": len(workouts), "replaced": current.id if current else None},
    )
    return plan


def plan_versions(session: Session, plan: TrainingPlan) -> list[tuple[PlanVersion, int, int]]:
    """Each version with the workouts it added and removed."""
    out = []
    for version in plan.versions:
        added = session.scalar(
            select(func.count()).where(
                PlannedWorkout.plan_id == plan.id,
                PlannedWorkout.created_in_version == version.version,
            )
        )
        removed = session.scalar(
            select(func.count()).where(
                PlannedWorkout.plan_id == plan.id,
                PlannedWorkout.removed_in_version == version.version,
            )
        )
        out.append((version, int(added or 0), int(removed or 0)))
    return out


def lock_plan(session: Session, plan_id: int) -> TrainingPlan:
    """The plan, locked for this transaction and read again: a no-op write to its row, which
    both databases serialise (PostgreSQL holds the row, SQLite takes its write lock), so a
    second writer waits here and then sees what the first one did."""
    session.execute(
        update(TrainingPlan)
        .where(TrainingPlan.id == plan_id)
        .values(current_version=TrainingPlan.current_version)
        .execution_options(synchronize_session=False)
    )
    return session.scalars(
        select(TrainingPlan)
        .where(TrainingPlan.id == plan_id)
        .execution_options(populate_existing=True)
    ).one()


def planned_by_id(session: Session, workout_id: int) -> PlannedWorkout | None:
    return session.get(PlannedWorkout, workout_id)


def plan_by_id(session: Session, plan_id: int) -> TrainingPlan:
    plan = session.get(TrainingPlan, plan_id)
    if plan is None:
        raise NotFound(f"no plan {plan_id}")
    return plan


def version_by_id(session: Session, version_id: int) -> PlanVersion:
    version = session.get(PlanVersion, version_id)
    if version is None:
        raise NotFound(f"no plan version {version_id}")
    return version


def made_in_version(session: Session, plan_id: int, version: int) -> list[PlannedWorkout]:
    """The workout rows a plan version created."""
    return list(
        session.scalars(
            select(PlannedWorkout).where(
                PlannedWorkout.plan_id == plan_id, PlannedWorkout.created_in_version == version
            )
        )
    )


def removed_in_version(session: Session, plan_id: int, version: int) -> list[PlannedWorkout]:
    """The workout rows a plan version replaced or removed."""
    return list(
        session.scalars(
            select(PlannedWorkout).where(
                PlannedWorkout.plan_id == plan_id, PlannedWorkout.removed_in_version == version
            )
        )
    )


def live_workout(session: Session, plan_id: int, uid: str) -> PlannedWorkout | None:
    """The current row of the planned workout ``uid`` (None once a change removed it)."""
    return session.scalar(
        select(PlannedWorkout).where(
            PlannedWorkout.plan_id == plan_id,
            PlannedWorkout.workout_uid == uid,
            PlannedWorkout.removed_in_version.is_(None),
        )
    )


def planned_for_reminders(
    session: Session, start: date, end: date
) -> list[tuple[PlannedWorkout, Athlete]]:
    """Every athlete's still-planned sessions from ``start`` to ``end`` in their active plan's
    current version, for athletes who want reminders, with the athlete (one query)."""
    return [
        (workout, athlete)
        for workout, athlete in session.execute(
            select(PlannedWorkout, Athlete)
            .join(TrainingPlan, TrainingPlan.id == PlannedWorkout.plan_id)
            .join(Athlete, Athlete.id == TrainingPlan.athlete_id)
            .where(
                TrainingPlan.status == PlanStatus.ACTIVE,
                PlannedWorkout.removed_in_version.is_(None),
                PlannedWorkout.status == WorkoutStatus.PLANNED,
                PlannedWorkout.scheduled_date >= start,
                PlannedWorkout.scheduled_date <= end,
                Athlete.remind_before_min > 0,
            )
            .order_by(Athlete.id, PlannedWorkout.scheduled_date)
        )
    ]
