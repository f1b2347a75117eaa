"""The athlete's whole record read from the database as one JSON-ready document (what
``coach export-data`` writes out): every table's rows, secrets excepted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.base import Base
from coach.db.models import (
    ActivityLap,
    ActivityStream,
    Athlete,
    AuditEntry,
    AvailabilityWindowRow,
    CompletedActivity,
    DailyReview,
    ExportRecord,
    GoalRow,
    HealthEpisode,
    PlanAdjustment,
    PlannedWorkout,
    PlanVersion,
    ProgressMetric,
    StrengthSetRow,
    SwimLength,
    SyncState,
    TrainingPlan,
)
from coach.db.streams import decode_stream

FORMAT = "coach-export"
VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def _row(obj: Base, skip: Sequence[str] = ()) -> dict[str, Any]:
    """Every column of a row, as JSON values."""
    return {
        column.key: _value(getattr(obj, column.key))
        for column in obj.__table__.columns
        if column.key not in skip
    }


def _all(session: Session, model: type[Base], *where: Any) -> list[Any]:
    return list(session.scalars(select(model).where(*where).order_by(model.id)))  # type: ignore[attr-defined]


def gather(session: Session, athlete: Athlete, exported_at: datetime) -> dict[str, Any]:
    """The athlete's whole record as one JSON-ready document."""
    plans = _all(session, TrainingPlan, TrainingPlan.athlete_id == athlete.id)
    plan_ids = [p.id for p in plans]
    activities = _all(session, CompletedActivity, CompletedActivity.athlete_id == athlete.id)
    activity_ids = [a.id for a in activities]
    planned = _all(session, PlannedWorkout, PlannedWorkout.plan_id.in_(plan_ids))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "athlete": _row(athlete),
        "goals": [_row(r) for r in _all(session, GoalRow, GoalRow.athlete_id == athlete.id)],
        "availability": [
            _row(r)
            for r in _all(
                session, AvailabilityWindowRow, AvailabilityWindowRow.athlete_id == athlete.id
            )
        ],
        "metrics": [
            _row(r) for r in _all(session, ProgressMetric, ProgressMetric.athlete_id == athlete.id)
        ],
        "health_episodes": [
            _row(r) for r in _all(session, HealthEpisode, HealthEpisode.athlete_id == athlete.id)
        ],
        "activities": [_row(a) for a in activities],
        "laps": [
            _row(r) for r in _all(session, ActivityLap, ActivityLap.activity_id.in_(activity_ids))
        ],
        "swim_lengths": [
            _row(r) for r in _all(session, SwimLength, SwimLength.activity_id.in_(activity_ids))
        ],
        "strength_sets": [
            _row(r)
            for r in _all(session, StrengthSetRow, StrengthSetRow.activity_id.in_(activity_ids))
        ],
        "streams": [
            {
                "activity_id": s.activity_id,
                "kind": s.kind,
                "samples": decode_stream(s.codec, s.sample_count, s.payload),
            }
            for s in _all(session, ActivityStream, ActivityStream.activity_id.in_(activity_ids))
        ],
        "plans": [_row(p) for p in plans],
        "plan_versions": [
            _row(r) for r in _all(session, PlanVersion, PlanVersion.plan_id.in_(plan_ids))
        ],
        "planned_workouts": [_row(r) for r in planned],
        "plan_adjustments": [
            _row(r) for r in _all(session, PlanAdjustment, PlanAdjustment.plan_id.in_(plan_ids))
        ],
        "reviews": [
            _row(r) for r in _all(session, DailyReview, DailyReview.athlete_id == athlete.id)
        ],
        "exports": [
            _row(r)
            for r in _all(
                session,
                ExportRecord,
                ExportRecord.workout_uid.in_({w.workout_uid for w in planned}),
            )
        ],
        "sync_states": [
            _row(r) for r in _all(session, SyncState, SyncState.athlete_id == athlete.id)
        ],
        "audit_log": [
            _row(r) for r in _all(session, AuditEntry, AuditEntry.athlete_id == athlete.id)
        ],
    }
