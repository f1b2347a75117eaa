"""Completed activities and their children: idempotent inserts by (athlete, source, external id)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, insert, select
from sqlalchemy.orm import Session, selectinload

from coach.db.base import Base
from coach.db.models import (
    ActivityLap,
    ActivityStream,
    CompletedActivity,
    StrengthSetRow,
    SwimLength,
)
from coach.db.streams import encode_stream
from coach.domain.activity import ActivityData, LapData, SwimLengthData
from coach.domain.errors import NotFound
from coach.domain.plan import DataSource


def activity_exists(
    session: Session, athlete_id: int, source: DataSource, external_id: str
) -> bool:
    return (
        session.scalar(
            select(CompletedActivity.id).where(
                CompletedActivity.athlete_id == athlete_id,
                CompletedActivity.source == source,
                CompletedActivity.external_id == external_id,
            )
        )
        is not None
    )


def add_activity(
    session: Session,
    athlete_id: int,
    data: ActivityData,
    *,
    source: DataSource,
    activity_date: date,
    raw_sha256: str | None,
    parent_activity_id: int | None = None,
    load_tss: float | None = None,
    load_method: str | None = None,
    extra_details: dict[str, Any] | None = None,
) -> CompletedActivity:
    """Store one activity with its laps, lengths, sets and streams (the caller checked: new).

    Children are inserted in bulk (one statement per table), not through the ORM unit of work:
    a long swim has hundreds of lengths and imports run over thousands of files.
    """
    row = CompletedActivity(
        athlete_id=athlete_id,
        activity_date=activity_date,
        start_time=data.start_time,
        source=source,
        external_id=data.external_id,
        activity_type=data.sport,
        sub_type=data.sub_sport,
        name=data.name,
        duration=data.elapsed_s,
        moving_time_s=data.moving_time_s,
        distance_m=data.distance_m,
        avg_hr_bpm=data.avg_hr_bpm,
        max_hr_bpm=data.max_hr_bpm,
        avg_power_w=data.avg_power_w,
        normalized_power_w=data.normalized_power_w,
        elevation_gain_m=data.elevation_gain_m,
        calories_kcal=data.calories_kcal,
        rpe=data.rpe,
        load_tss=load_tss,
        load_method=load_method,
        is_partial=data.is_partial,
        raw_sha256=raw_sha256,
        data={**data.details, **(extra_details or {})},
        parent_activity_id=parent_activity_id,
    )
    session.add(row)
    session.flush()
    _insert(
        session,
        ActivityLap,
        [
            {"activity_id": row.id, "lap_index": i, **_fields(lap)}
            for i, lap in enumerate(data.laps)
        ],
    )
    _insert(
        session,
        SwimLength,
        [
            {"activity_id": row.id, "length_index": i, **_fields(length)}
            for i, length in enumerate(data.lengths)
        ],
    )
    titles = list(dict.fromkeys(item.exercise_title for item in data.sets))
    _insert(
        session,
        StrengthSetRow,
        [
            {
                "activity_id": row.id,
                "set_index": i,
                "exercise_index": titles.index(item.exercise_title),
                "exercise_title": item.exercise_title,
                "source_exercise_ref": item.source_exercise_ref,
                "set_kind": item.kind,
                "reps": item.reps,
                "weight_kg": item.weight_kg,
                "duration_s": item.duration_s,
                "distance_m": item.distance_m,
                "rpe": item.rpe,
                "start_time": item.start_time,
            }
            for i, item in enumerate(data.sets)
        ],
    )
    _insert(
        session,
        ActivityStream,
        [{"activity_id": row.id, **_stream(kind, values)} for kind, values in data.streams.items()],
    )
    return row


def _fields(item: LapData | SwimLengthData) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in item.__dataclass_fields__}
    if isinstance(item, SwimLengthData):
        values["is_active"] = item.is_active
    return values


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), rows)


def _stream(kind: str, values: npt.NDArray[np.float64]) -> dict[str, Any]:
    codec, count, payload = encode_stream(values)
    return {"kind": kind, "codec": codec, "sample_count": count, "payload": payload}


SAME_START_TOLERANCE_S = 2.0
"""Two recordings of one sport starting within 2 s of each other are the same activity (a FIT
file imported by hand and the same workout synced from Garmin, a re-exported file)."""


UNKNOWN_SPORT = "generic"
"""The sport of a recording whose summary is missing (FIT's own word for "not said")."""


def _starting_near(athlete_id: int, start_time: datetime) -> tuple[ColumnElement[bool], ...]:
    """The athlete's live activities starting within SAME_START_TOLERANCE_S of ``start_time``."""
    tolerance = timedelta(seconds=SAME_START_TOLERANCE_S)
    return (
        CompletedActivity.athlete_id == athlete_id,
        CompletedActivity.start_time >= start_time - tolerance,
        CompletedActivity.start_time <= start_time + tolerance,
        CompletedActivity.deleted_at.is_(None),
    )


def find_same_activity(
    session: Session, athlete_id: int, sport: str, start_time: datetime
) -> CompletedActivity | None:
    """An activity already stored, from any source, that is this one: the same start (within
    SAME_START_TOLERANCE_S) and the same sport, or a sport unknown on either side (a cut-off
    recording may lack the summary that names its sport)."""
    candidates = session.scalars(
        select(CompletedActivity)
        .where(*_starting_near(athlete_id, start_time))
        .order_by(CompletedActivity.id)
    )
    return next(
        (
            row
            for row in candidates
            if row.activity_type == sport or UNKNOWN_SPORT in (row.activity_type, sport)
        ),
        None,
    )


def replaceable(session: Session, row: CompletedActivity) -> bool:
    """A partial activity that nothing hangs on (no later multisport session points to it)."""
    if not row.is_partial:
        return False
    child = session.scalar(
        select(CompletedActivity.id).where(CompletedActivity.parent_activity_id == row.id).limit(1)
    )
    return child is None


def any_activity_near(session: Session, athlete_id: int, start_time: datetime) -> bool:
    """Whether any activity starts within the tolerance (before knowing its sport)."""
    query = select(CompletedActivity.id).where(*_starting_near(athlete_id, start_time)).limit(1)
    return session.scalar(query) is not None


def external_ids(session: Session, athlete_id: int, source: DataSource) -> set[str]:
    """Every external id stored for one source (to skip what a sync already has)."""
    return set(
        session.scalars(
            select(CompletedActivity.external_id).where(
                CompletedActivity.athlete_id == athlete_id, CompletedActivity.source == source
            )
        )
    )


def list_activities(
    session: Session,
    athlete_id: int,
    *,
    since: date | None = None,
    sport: str | None = None,
) -> list[CompletedActivity]:
    query = select(CompletedActivity).where(
        CompletedActivity.athlete_id == athlete_id, CompletedActivity.deleted_at.is_(None)
    )
    if since is not None:
        query = query.where(CompletedActivity.activity_date >= since)
    if sport is not None:
        query = query.where(CompletedActivity.activity_type == sport)
    return list(session.scalars(query.order_by(CompletedActivity.start_time)))


def get_activity(session: Session, athlete_id: int, activity_id: int) -> CompletedActivity:
    row = session.scalar(
        select(CompletedActivity)
        .where(CompletedActivity.id == activity_id, CompletedActivity.athlete_id == athlete_id)
        .options(
            selectinload(CompletedActivity.laps),
            selectinload(CompletedActivity.swim_lengths),
            selectinload(CompletedActivity.strength_sets),
            selectinload(CompletedActivity.streams),
        )
    )
    if row is None:
        raise NotFound(f"no activity {activity_id}: `coach activities list` shows the ids")
    return row
