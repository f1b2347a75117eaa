"""Everything coach keeps about one athlete, in open formats (``coach export-data``): one JSON
document with every table's rows (activities with their laps, lengths, sets and sample
streams; plans with every version; reviews with their proposals; the audit log) and a CSV per
table for spreadsheets. Stored secrets (the encrypted Garmin tokens and Hevy key) are never
written out. The folder appears whole or not at all: it is written beside its final name and
renamed into place.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
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
from coach.domain.errors import Conflict
from coach.privacy import private_dir

FORMAT = "coach-export"
VERSION = 1
JSON_NAME = "coach-export.json"


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


CSV_TABLES = (
    "goals",
    "availability",
    "metrics",
    "health_episodes",
    "activities",
    "laps",
    "swim_lengths",
    "strength_sets",
    "plans",
    "plan_versions",
    "planned_workouts",
    "plan_adjustments",
    "reviews",
    "audit_log",
)
"""The tables also written as CSV (streams stay in the JSON: one sample list per row)."""


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def write(document: dict[str, Any], folder: Path) -> dict[str, int]:
    """Write the document and its CSVs into ``folder`` (which must not exist yet); returns
    the rows per table."""
    if folder.exists():
        raise Conflict(f"{folder} already exists: choose another --out (nothing was written)")
    private_dir(folder.parent)
    staging = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    private_dir(staging)
    try:
        with (staging / JSON_NAME).open("w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
        for table in CSV_TABLES:
            rows: list[dict[str, Any]] = document[table]
            columns = list(dict.fromkeys(key for row in rows for key in row)) or ["id"]
            with (staging / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _cell(v) for k, v in row.items()})
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {key: len(value) for key, value in document.items() if isinstance(value, list)}
