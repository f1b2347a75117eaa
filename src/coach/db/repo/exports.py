"""Export records: what coach sent where, per planned workout (by its stable uid) and target."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import ExportRecord, PlannedWorkout, TrainingPlan
from coach.domain.plan import ExportStatus, ExportTarget


def records(session: Session, athlete_id: int, target: ExportTarget) -> dict[str, ExportRecord]:
    """The athlete's records for one target, by workout uid."""
    uids = (
        select(PlannedWorkout.workout_uid)
        .join(TrainingPlan, TrainingPlan.id == PlannedWorkout.plan_id)
        .where(TrainingPlan.athlete_id == athlete_id)
    )
    rows = session.scalars(
        select(ExportRecord).where(
            ExportRecord.target == target, ExportRecord.workout_uid.in_(uids)
        )
    )
    return {row.workout_uid: row for row in rows}


def save_record(
    session: Session,
    *,
    workout_uid: str,
    target: ExportTarget,
    status: ExportStatus,
    planned_workout_id: int | None,
    external_id: str | None,
    content_sha256: str | None,
    error: str | None,
    at: datetime,
) -> ExportRecord:
    row = session.scalar(
        select(ExportRecord).where(
            ExportRecord.workout_uid == workout_uid, ExportRecord.target == target
        )
    )
    if row is None:
        row = ExportRecord(workout_uid=workout_uid, target=target)
        session.add(row)
    row.status = status
    row.planned_workout_id = planned_workout_id
    if external_id is not None or status is ExportStatus.REMOVED:
        row.external_id = external_id
    if status is not ExportStatus.FAILED:
        row.content_sha256 = content_sha256
        row.exported_at = at
    row.error = error
    session.flush()
    return row
