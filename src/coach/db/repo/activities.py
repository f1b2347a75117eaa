"""Completed activities and their children: idempotent inserts by (athlete, source, external id)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Table, func, insert, select
from sqlalchemy.orm import Session, selectinload

from coach.db.base import Base
from coach.db.models import (
    ActivityLap,
    ActivityStream,
    CompletedActivity,
    StrengthSetRow,
    SwimLength,
)
from coach.db.revisions import touch
from coach.db.streams import encode_stream
from coach.domain.activity import ActivityData, LapData, StrengthSetData, SwimLengthData
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


@dataclass(frozen=True, slots=True)
class NewActivity:
    """One activity to store, with what intake worked out about it."""

    data: ActivityData
    source: DataSource
    activity_date: date
    raw_sha256: str | None = None
    parent_activity_id: int | None = None
    load_tss: float | None = None
    load_method: str | None = None
    extra_details: dict[str, Any] | None = None
    planned_workout_id: int | None = None
    match_locked: bool = False


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
    """Store one activity with its laps, lengths, sets and streams (the caller checked: new)."""
    item = NewActivity(
        data,
        source,
        activity_date,
        raw_sha256,
        parent_activity_id,
        load_tss,
        load_method,
        extra_details,
    )
    (activity_id,) = add_activities(session, athlete_id, [item])
    row = session.get(CompletedActivity, activity_id)
    assert row is not None
    return row


def add_activities(session: Session, athlete_id: int, items: Sequence[NewActivity]) -> list[int]:
    """Store activities with their children (the caller checked: all new); their ids in order.

    Everything is inserted in bulk (one statement per table), not through the ORM unit of work:
    a long swim has hundreds of lengths and a CSV export thousands of workouts.
    """
    if not items:
        return []
    touch(session, athlete_id)
    rows = [_activity_row(athlete_id, item) for item in items]
    if len(rows) == 1:
        table: Table = CompletedActivity.__table__  # type: ignore[assignment]
        ids = list(session.connection().scalars(insert(table).returning(table.c.id), rows))
    else:
        # one executemany, then the ids by the natural key: RETURNING with the rows' order
        # kept runs one statement per row on SQLite (8 000 of them for a CSV export)
        _insert(session, CompletedActivity, rows)
        found = {
            (source, external_id): activity_id
            for activity_id, source, external_id in session.execute(
                select(
                    CompletedActivity.id, CompletedActivity.source, CompletedActivity.external_id
                ).where(
                    CompletedActivity.athlete_id == athlete_id,
                    CompletedActivity.external_id.in_([row["external_id"] for row in rows]),
                )
            )
        }
        ids = [found[(row["source"], row["external_id"])] for row in rows]
    laps: list[dict[str, Any]] = []
    lengths: list[dict[str, Any]] = []
    sets: list[tuple[Any, ...]] = []
    streams: list[dict[str, Any]] = []
    for activity_id, item in zip(ids, items, strict=True):
        data = item.data
        laps += [
            {"activity_id": activity_id, "lap_index": i, **_fields(lap)}
            for i, lap in enumerate(data.laps)
        ]
        lengths += [
            {"activity_id": activity_id, "length_index": i, **_fields(length)}
            for i, length in enumerate(data.lengths)
        ]
        sets += _set_rows(activity_id, data.sets)
        streams += [
            {"activity_id": activity_id, **_stream(kind, values)}
            for kind, values in data.streams.items()
        ]
    _insert(session, ActivityLap, laps)
    _insert(session, SwimLength, lengths)
    _insert_tuples(session, StrengthSetRow, SET_COLUMNS, sets)
    _insert(session, ActivityStream, streams)
    return ids


def _activity_row(athlete_id: int, item: NewActivity) -> dict[str, Any]:
    data = item.data
    return {
        "athlete_id": athlete_id,
        "activity_date": item.activity_date,
        "start_time": data.start_time,
        "source": item.source,
        "external_id": data.external_id,
        "activity_type": data.sport,
        "sub_type": data.sub_sport,
        "name": data.name,
        "duration": data.elapsed_s,
        "moving_time_s": data.moving_time_s,
        "timer_s": data.timer_s,
        "distance_m": data.distance_m,
        "avg_hr_bpm": data.avg_hr_bpm,
        "max_hr_bpm": data.max_hr_bpm,
        "avg_power_w": data.avg_power_w,
        "normalized_power_w": data.normalized_power_w,
        "elevation_gain_m": data.elevation_gain_m,
        "calories_kcal": data.calories_kcal,
        "rpe": data.rpe,
        "load_tss": item.load_tss,
        "load_method": item.load_method,
        "is_partial": data.is_partial,
        "raw_sha256": item.raw_sha256,
        "data": {**data.details, **(item.extra_details or {})},
        "parent_activity_id": item.parent_activity_id,
        "planned_workout_id": item.planned_workout_id,
        "match_locked": item.match_locked,
    }


SET_COLUMNS = (
    "activity_id", "set_index", "exercise_index", "exercise_id", "exercise_title",
    "source_exercise_ref", "planned_exercise_id", "set_kind", "reps", "weight_kg", "duration_s",
    "distance_m", "rpe", "start_time",
)  # fmt: skip


def _set_rows(activity_id: int, sets: Sequence[StrengthSetData]) -> list[tuple[Any, ...]]:
    """Rows of strength_sets in SET_COLUMNS order (tuples: exports bring 100 000s of sets)."""
    exercise_index: dict[str, int] = {}
    rows = []
    for i, item in enumerate(sets):
        key = item.exercise_key or item.exercise_title
        position = exercise_index.get(key)
        if position is None:
            position = exercise_index[key] = len(exercise_index)
        rows.append(
            (
                activity_id,
                i,
                position,
                item.exercise_id,
                item.exercise_title,
                item.source_exercise_ref,
                item.planned_exercise_id,
                item.kind.value,
                item.reps,
                item.weight_kg,
                item.duration_s,
                item.distance_m,
                item.rpe,
                item.start_time,
            )
        )
    return rows


def _fields(item: LapData | SwimLengthData) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in item.__dataclass_fields__}
    if isinstance(item, SwimLengthData):
        values["is_active"] = item.is_active
    return values


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert many child rows (dicts of one shape)."""
    if rows:
        names = tuple(rows[0])
        getter = itemgetter(*names)
        values = [getter(row) for row in rows] if len(names) > 1 else [(r[names[0]],) for r in rows]
        _insert_tuples(session, model, names, values)


PLAIN_TYPES = frozenset({str, type(None)})


def _insert_tuples(
    session: Session, model: type[Base], names: tuple[str, ...], values: list[Any]
) -> None:
    """Insert many child rows with one driver-level executemany.

    SQLAlchemy's executemany builds each row's parameters through its compiler (about 17 µs a
    row: 1.7 s for a 100 000-set export); here each column's own bind processor (the same
    conversion SQLAlchemy applies: enums to text, UTC datetimes, binary) runs on plain tuples.
    """
    if not values:
        return
    connection = session.connection()
    dialect = connection.dialect
    table: Table = model.__table__  # type: ignore[assignment]
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    # Plain strings and None need no conversion (text columns, enum values given as text).
    needed = [
        (position, process)
        for position, process in enumerate(processors)
        if process is not None
        and set(map(type, map(itemgetter(position), values))) - PLAIN_TYPES  # C-level pass
    ]
    if needed:
        for index, row_values in enumerate(values):
            converted = list(row_values)
            for position, process in needed:
                if converted[position] is not None:
                    converted[position] = process(converted[position])
            values[index] = tuple(converted)
    connection.exec_driver_sql(statement, values)


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


def find_activity(
    session: Session, athlete_id: int, source: DataSource, external_id: str
) -> CompletedActivity | None:
    return session.scalar(
        select(CompletedActivity).where(
            CompletedActivity.athlete_id == athlete_id,
            CompletedActivity.source == source,
            CompletedActivity.external_id == external_id,
        )
    )


def delete_activity(
    session: Session, athlete_id: int, source: DataSource, external_id: str
) -> bool:
    """Remove an activity (and its children) deleted at its source; False when not here."""
    row = find_activity(session, athlete_id, source, external_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def find_named_near(
    session: Session,
    athlete_id: int,
    source: DataSource,
    name: str,
    start_time: datetime,
    tolerance_s: float,
) -> CompletedActivity | None:
    """An activity of one source with this name starting within ``tolerance_s`` (the same
    workout from an export that keeps only minutes). The names are compared here, not in the
    query: they may be stored encrypted (crypto.py)."""
    tolerance = timedelta(seconds=tolerance_s)
    near = session.scalars(
        select(CompletedActivity)
        .where(
            CompletedActivity.athlete_id == athlete_id,
            CompletedActivity.source == source,
            CompletedActivity.start_time >= start_time - tolerance,
            CompletedActivity.start_time <= start_time + tolerance,
        )
        .order_by(CompletedActivity.id)
    )
    return next((row for row in near if row.name == name), None)


def named_starts(
    session: Session, athlete_id: int, source: DataSource
) -> list[tuple[str | None, datetime]]:
    """(name, start) of every activity of one source (to recognise the same workout from an
    export that keeps only minutes, without one query per workout)."""
    rows = session.execute(
        select(CompletedActivity.name, CompletedActivity.start_time).where(
            CompletedActivity.athlete_id == athlete_id, CompletedActivity.source == source
        )
    )
    return [(name, start) for name, start in rows]


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
    until: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[CompletedActivity]:
    """The athlete's activities (not deleted), oldest first (or newest first); ``limit`` and
    ``offset`` page them."""
    query = select(CompletedActivity).where(*_filters(athlete_id, since, until, sport))
    order = (CompletedActivity.start_time, CompletedActivity.id)
    query = query.order_by(*(c.desc() for c in order) if newest_first else order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_activities(
    session: Session,
    athlete_id: int,
    *,
    since: date | None = None,
    sport: str | None = None,
    until: date | None = None,
) -> int:
    query = select(func.count(CompletedActivity.id)).where(
        *_filters(athlete_id, since, until, sport)
    )
    return int(session.scalar(query) or 0)


def _filters(
    athlete_id: int, since: date | None, until: date | None, sport: str | None
) -> list[ColumnElement[bool]]:
    found = [CompletedActivity.athlete_id == athlete_id, CompletedActivity.deleted_at.is_(None)]
    if since is not None:
        found.append(CompletedActivity.activity_date >= since)
    if until is not None:
        found.append(CompletedActivity.activity_date <= until)
    if sport is not None:
        found.append(CompletedActivity.activity_type == sport)
    return found


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


def newest_by_source(session: Session, athlete_id: int) -> dict[str, date]:
    """Each source's newest activity date (sources with no activity are absent)."""
    rows = session.execute(
        select(CompletedActivity.source, func.max(CompletedActivity.activity_date))
        .where(CompletedActivity.athlete_id == athlete_id, CompletedActivity.deleted_at.is_(None))
        .group_by(CompletedActivity.source)
    )
    return {DataSource(source).value: newest for source, newest in rows}


def activity_types(session: Session, athlete_id: int) -> list[str]:
    """The sports (or the source's own sport names) of the athlete's stored activities."""
    return list(
        session.scalars(
            select(CompletedActivity.activity_type)
            .where(CompletedActivity.athlete_id == athlete_id)
            .distinct()
        )
    )


def remove_imported(
    session: Session,
    athlete_id: int,
    source: DataSource,
    *,
    external_ids: Collection[str] = (),
    prefix: str | None = None,
) -> int:
    """Erase what an import stored (by external id, or every id starting with ``prefix``),
    deleted ones included, so the same file can be imported again with other settings;
    returns how many activities went."""
    query = select(CompletedActivity).where(
        CompletedActivity.athlete_id == athlete_id, CompletedActivity.source == source
    )
    if prefix is not None:
        query = query.where(CompletedActivity.external_id.startswith(prefix, autoescape=True))
    else:
        query = query.where(CompletedActivity.external_id.in_(list(external_ids)))
    rows = list(session.scalars(query))
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def erase_activity(session: Session, row: CompletedActivity) -> None:
    """Remove an activity and its children for good (a replaced copy, a workout the source
    deleted); a person's delete is soft (coach.intake.corrections)."""
    session.delete(row)
    session.flush()
