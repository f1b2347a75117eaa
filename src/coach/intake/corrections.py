"""Mistakes an athlete fixes without SQL: an activity corrected, deleted or brought back, a
measured value corrected or deleted, a missed mark taken back. Each change is kept in the audit
log with what it was before, and an edited activity's load is computed again from what is
stored (its samples, its lengths) with the thresholds of its day.

A deleted activity is hidden, not erased: a later sync or re-import of the same file does not
bring it back (the source still has it), and ``coach activities restore`` does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from coach.db.models import Athlete, CompletedActivity, PlannedWorkout, ProgressMetric
from coach.db.repo import audit
from coach.db.repo.activities import get_activity
from coach.db.repo.metrics import erase_metric, get_metric, same_kind_on
from coach.db.repo.plans import get_planned_workout
from coach.db.streams import decode_stream
from coach.domain.activity import ActivityData, SwimLengthData
from coach.domain.clock import Clock
from coach.domain.errors import Conflict, NotFound, ValidationFailed
from coach.domain.manual import ActivityChanges
from coach.domain.metrics import check_metric_value
from coach.domain.plan import WorkoutStatus
from coach.domain.plausibility import check_activity, check_day
from coach.domain.units import M_PER_YD
from coach.intake.load import activity_load
from coach.intake.thresholds import ThresholdBook

LOAD_STREAMS = ("time_s", "heart_rate_bpm", "power_w", "speed_mps")


def _summary(row: CompletedActivity) -> dict[str, Any]:
    return {
        "sport": row.activity_type,
        "name": row.name,
        "start_time": row.start_time.isoformat(),
        "date": row.activity_date.isoformat(),
        "duration_s": row.duration,
        "distance_m": row.distance_m,
        "rpe": row.rpe,
        "load_tss": row.load_tss,
        "load_method": row.load_method,
        "note": (row.data or {}).get("note"),
    }


def _visible(session: Session, athlete: Athlete, activity_id: int) -> CompletedActivity:
    row = get_activity(session, athlete.id, activity_id)
    if row.deleted_at is not None:
        raise NotFound(
            f"activity {activity_id} was deleted: `coach activities restore {activity_id}` "
            "brings it back"
        )
    return row


def delete_activity(
    session: Session, clock: Clock, athlete: Athlete, activity_id: int
) -> CompletedActivity:
    """Hide an activity from every analysis (restorable); a sync never brings it back."""
    row = _visible(session, athlete, activity_id)
    row.deleted_at = clock.now()
    row.planned_workout_id = None
    session.flush()
    _audit(session, clock, athlete, "activity.delete", row.id, {"before": _summary(row)})
    return row


def restore_activity(
    session: Session, clock: Clock, athlete: Athlete, activity_id: int
) -> CompletedActivity:
    row = get_activity(session, athlete.id, activity_id)
    if row.deleted_at is None:
        raise Conflict(f"activity {activity_id} is not deleted")
    row.deleted_at = None
    session.flush()
    _audit(session, clock, athlete, "activity.restore", row.id, {"after": _summary(row)})
    return row


def edit_activity(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    activity_id: int,
    changes: ActivityChanges,
) -> CompletedActivity:
    """Correct an activity's sport, name, start, duration, distance, RPE or note; its load is
    computed again. A result that cannot be real is refused like an import would refuse it."""
    if changes.empty():
        raise ValidationFailed("nothing to change: give at least one option (see --help)")
    row = _visible(session, athlete, activity_id)
    before = _summary(row)
    zone = ZoneInfo(athlete.timezone)
    local = row.start_time.astimezone(zone)
    day = changes.day or local.date()
    start_time = datetime.combine(
        day, changes.start or local.time().replace(microsecond=0), tzinfo=zone
    ).astimezone(UTC)
    check_day(day, clock.now().astimezone(zone).date(), "the activity's date")
    duration = changes.duration_s if changes.duration_s is not None else row.duration
    scale = duration / row.duration if row.duration else 1.0
    details = dict(row.data or {})
    if changes.note is not None:
        details["note"] = changes.note or None
    stored = _as_data(row, details)
    data = check_activity(
        replace(
            stored,
            sport=changes.sport or stored.sport,
            name=changes.name if changes.name is not None else stored.name,
            start_time=start_time,
            elapsed_s=duration,
            moving_time_s=None if row.moving_time_s is None else row.moving_time_s * scale,
            timer_s=None if row.timer_s is None else row.timer_s * scale,
            distance_m=changes.distance_m if changes.distance_m is not None else stored.distance_m,
            rpe=changes.rpe if changes.rpe is not None else stored.rpe,
        ),
        clock.now(),
    )
    load, extra = activity_load(data, ThresholdBook.load(session, athlete), day)
    row.activity_type = data.sport
    row.name = data.name
    row.start_time = start_time
    row.activity_date = day
    row.duration = data.elapsed_s
    row.moving_time_s = data.moving_time_s
    row.timer_s = data.timer_s
    row.distance_m = data.distance_m
    row.rpe = data.rpe
    row.load_tss = load.value
    row.load_method = load.method.value if load.method else None
    row.data = {**details, **extra, "edited": True}
    if not row.match_locked:
        row.planned_workout_id = None  # matched again on the next review
    session.flush()
    _audit(
        session,
        clock,
        athlete,
        "activity.edit",
        row.id,
        {"before": before, "after": _summary(row)},
    )
    return row


def _as_data(row: CompletedActivity, details: dict[str, Any]) -> ActivityData:
    """The stored activity as intake shaped it: enough to compute its load again."""
    streams = {
        stream.kind: np.array(
            [
                np.nan if v is None else v
                for v in decode_stream(stream.codec, stream.sample_count, stream.payload)
            ],
            dtype=np.float64,
        )
        for stream in row.streams
        if stream.kind in LOAD_STREAMS
    }
    return ActivityData(
        external_id=row.external_id,
        start_time=row.start_time,
        sport=row.activity_type,
        elapsed_s=row.duration,
        timer_s=row.timer_s,
        sub_sport=row.sub_type,
        name=row.name,
        moving_time_s=row.moving_time_s,
        distance_m=row.distance_m,
        avg_hr_bpm=row.avg_hr_bpm,
        max_hr_bpm=row.max_hr_bpm,
        avg_power_w=row.avg_power_w,
        normalized_power_w=row.normalized_power_w,
        rpe=row.rpe,
        lengths=tuple(
            SwimLengthData(n.start_time, n.duration_s, n.is_active, n.stroke, n.strokes)
            for n in row.swim_lengths
        ),
        pool_length_m=_pool_length_m(details),
        streams=streams,
        details=details,
    )


def _pool_length_m(details: dict[str, Any]) -> float | None:
    swim = details.get("swim") or {}
    length = swim.get("pool_length")
    if not isinstance(length, int | float):
        return None
    return float(length) * (M_PER_YD if swim.get("pool_unit") == "yd" else 1.0)


def _metric(session: Session, athlete: Athlete, metric_id: int) -> ProgressMetric:
    return get_metric(session, athlete.id, metric_id)


def _metric_summary(row: ProgressMetric) -> dict[str, Any]:
    return {
        "type": row.metric_type.value,
        "date": row.metric_date.isoformat(),
        "value": row.value,
        "source": row.source.value,
        "notes": row.notes,
    }


def delete_metric(
    session: Session, clock: Clock, athlete: Athlete, metric_id: int
) -> ProgressMetric:
    row = _metric(session, athlete, metric_id)
    before = _metric_summary(row)
    erase_metric(session, row)
    _audit(session, clock, athlete, "metric.delete", metric_id, {"before": before})
    return row


def edit_metric(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    metric_id: int,
    *,
    value: float | None = None,
    day: date | None = None,
    note: str | None = None,
) -> ProgressMetric:
    """Correct a measured value (in the metric's canonical unit), its date or its note."""
    if value is None and day is None and note is None:
        raise ValidationFailed("nothing to change: give --value, --date or --note")
    row = _metric(session, athlete, metric_id)
    before = _metric_summary(row)
    if value is not None:
        check_metric_value(row.metric_type, value)
        row.value = value
    if day is not None:
        clash = same_kind_on(session, row, day)
        if clash is not None:
            raise Conflict(
                f"there is already a {row.metric_type.value} value on {day} (id {clash}): "
                "edit or delete that one"
            )
        row.metric_date = day
    if note is not None:
        row.notes = note or None
    session.flush()
    _audit(
        session, clock, athlete, "metric.edit", metric_id,
        {"before": before, "after": _metric_summary(row)},
    )  # fmt: skip
    return row


def unmiss(session: Session, clock: Clock, athlete: Athlete, workout_id: int) -> PlannedWorkout:
    """Take back a missed mark: the session is planned again (done, if an activity matches)."""
    row = get_planned_workout(session, athlete, workout_id)
    if row.status is not WorkoutStatus.MISSED:
        raise Conflict(f"planned workout {workout_id} is not marked missed")
    before = {
        "reason": row.reason_kind.value if row.reason_kind else None,
        "note": row.status_reason,
    }
    row.status = WorkoutStatus.PLANNED
    row.reason_kind = None
    row.status_reason = None
    session.flush()
    _audit(session, clock, athlete, "workout.unmiss", row.id, {"before": before})
    return row


def _audit(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    action: str,
    entity_id: int,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        clock,
        actor="cli",
        action=action,
        entity=action.split(".", maxsplit=1)[0],
        entity_id=entity_id,
        athlete_id=athlete.id,
        details=details,
    )
