"""progress_metrics: idempotent upserts on (athlete, metric type, date, source) and reads."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import ProgressMetric
from coach.domain.errors import NotFound
from coach.domain.metrics import MetricType, check_metric_value
from coach.domain.plan import DataSource


def upsert_metric(
    session: Session,
    *,
    athlete_id: int,
    metric_type: MetricType,
    metric_date: date,
    value: float,
    source: DataSource,
    notes: str | None = None,
    external_id: str | None = None,
) -> ProgressMetric:
    """Store one value; the same (athlete, type, date, source) again replaces it.

    An implausible value raises ValidationFailed before anything is written.
    """
    check_metric_value(metric_type, value)
    row = session.scalar(
        select(ProgressMetric).where(
            ProgressMetric.athlete_id == athlete_id,
            ProgressMetric.metric_type == metric_type,
            ProgressMetric.metric_date == metric_date,
            ProgressMetric.source == source,
        )
    )
    if row is None:
        row = ProgressMetric(
            athlete_id=athlete_id,
            metric_type=metric_type,
            metric_date=metric_date,
            source=source,
            value=value,
        )
        session.add(row)
    row.value = value
    row.notes = notes
    row.external_id = external_id
    session.flush()
    return row


def metric_value(
    session: Session,
    athlete_id: int,
    metric_type: MetricType,
    metric_date: date,
    source: DataSource,
) -> float | None:
    """The value stored for one (metric, date, source), if any."""
    return session.scalar(
        select(ProgressMetric.value).where(
            ProgressMetric.athlete_id == athlete_id,
            ProgressMetric.metric_type == metric_type,
            ProgressMetric.metric_date == metric_date,
            ProgressMetric.source == source,
        )
    )


def latest_metric(
    session: Session, athlete_id: int, metric_type: MetricType
) -> ProgressMetric | None:
    """The most recent value of one metric, from any source."""
    return session.scalar(
        select(ProgressMetric)
        .where(ProgressMetric.athlete_id == athlete_id, ProgressMetric.metric_type == metric_type)
        .order_by(ProgressMetric.metric_date.desc(), ProgressMetric.id.desc())
        .limit(1)
    )


def list_metrics(
    session: Session,
    athlete_id: int,
    metric_type: MetricType | None = None,
    since: date | None = None,
) -> list[ProgressMetric]:
    query = select(ProgressMetric).where(ProgressMetric.athlete_id == athlete_id)
    if metric_type is not None:
        query = query.where(ProgressMetric.metric_type == metric_type)
    if since is not None:
        query = query.where(ProgressMetric.metric_date >= since)
    return list(session.scalars(query.order_by(ProgressMetric.metric_date, ProgressMetric.id)))


def metric_history(
    session: Session, athlete_id: int, metric_types: list[MetricType]
) -> dict[MetricType, list[tuple[date, float]]]:
    """(date, value) pairs per metric type, oldest first; several sources on a day: the last id."""
    rows = session.execute(
        select(ProgressMetric.metric_type, ProgressMetric.metric_date, ProgressMetric.value)
        .where(
            ProgressMetric.athlete_id == athlete_id, ProgressMetric.metric_type.in_(metric_types)
        )
        .order_by(ProgressMetric.metric_date, ProgressMetric.id)
    )
    history: dict[MetricType, list[tuple[date, float]]] = {}
    for metric_type, day, value in rows:
        series = history.setdefault(metric_type, [])
        if series and series[-1][0] == day:
            series[-1] = (day, value)
        else:
            series.append((day, value))
    return history


def metric_points(
    session: Session,
    athlete_id: int,
    types: list[MetricType] | None = None,
    since: date | None = None,
) -> list[tuple[MetricType, date, float, DataSource]]:
    """(type, date, value, source) of readings, oldest first: plain rows for analyses (no ORM
    objects: ten years of daily readings are tens of thousands)."""
    query = select(
        ProgressMetric.metric_type,
        ProgressMetric.metric_date,
        ProgressMetric.value,
        ProgressMetric.source,
    ).where(ProgressMetric.athlete_id == athlete_id)
    if types is not None:
        query = query.where(ProgressMetric.metric_type.in_(types))
    if since is not None:
        query = query.where(ProgressMetric.metric_date >= since)
    rows = session.execute(query.order_by(ProgressMetric.metric_date, ProgressMetric.id))
    return [(metric, day, value, source) for metric, day, value, source in rows]


def get_metric(session: Session, athlete_id: int, metric_id: int) -> ProgressMetric:
    row = session.get(ProgressMetric, metric_id)
    if row is None or row.athlete_id != athlete_id:
        raise NotFound(f"no measured value {metric_id}: `coach metrics list` shows the ids")
    return row


def erase_metric(session: Session, row: ProgressMetric) -> None:
    session.delete(row)
    session.flush()


def same_kind_on(session: Session, row: ProgressMetric, day: date) -> int | None:
    """Another reading of ``row``'s metric and source on ``day`` (its id), if there is one."""
    return session.scalar(
        select(ProgressMetric.id).where(
            ProgressMetric.athlete_id == row.athlete_id,
            ProgressMetric.metric_type == row.metric_type,
            ProgressMetric.metric_date == day,
            ProgressMetric.source == row.source,
            ProgressMetric.id != row.id,
        )
    )
