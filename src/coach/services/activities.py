"""Activities: what was done, from any source — list, one with its children, correct, delete,
restore."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coach.analysis.load import HR_ZONE_BOUNDS
from coach.domain.activity import swolf
from coach.domain.errors import ValidationFailed
from coach.domain.sport import Sport
from coach.services.context import (
    AthleteKey,
    Scope,
    Services,
    athlete_in,
    athlete_ref,
    not_ahead,
)
from coach.services.schemas import (
    ActivityDetail,
    ActivityOut,
    ActivityPage,
    LapOut,
    LengthOut,
    SetOut,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coach.db.models import Athlete, CompletedActivity
    from coach.domain.manual import ActivityChanges

MAX_PAGE = 1000
"""The most activities one page returns."""


def activity_out(row: CompletedActivity) -> ActivityOut:
    return ActivityOut(
        id=row.id,
        date=row.activity_date,
        start_time=row.start_time,
        sport=row.activity_type,
        sub_sport=row.sub_type,
        source=row.source.value,
        external_id=row.external_id,
        duration_s=row.duration,
        moving_time_s=row.moving_time_s,
        timer_s=row.timer_s,
        distance_m=row.distance_m,
        avg_hr_bpm=row.avg_hr_bpm,
        max_hr_bpm=row.max_hr_bpm,
        avg_power_w=row.avg_power_w,
        normalized_power_w=row.normalized_power_w,
        elevation_gain_m=row.elevation_gain_m,
        calories_kcal=row.calories_kcal,
        name=row.name,
        rpe=row.rpe,
        load_tss=row.load_tss,
        load_method=row.load_method,
        planned_workout_id=row.planned_workout_id,
        partial=row.is_partial,
        parent_activity_id=row.parent_activity_id,
    )


def activity_detail(row: CompletedActivity) -> ActivityDetail:
    data: dict[str, Any] = dict(row.data or {})
    zone_s = data.get("hr_zone_s")
    zones = (
        {"hr_zone_s": zone_s, "hr_zone_lower_bounds_of_max_hr": list(HR_ZONE_BOUNDS)}
        if zone_s
        else {}
    )
    return ActivityDetail(
        **activity_out(row).model_dump(),
        details=data,
        laps=[
            LapOut(
                index=lap.lap_index,
                start_time=lap.start_time,
                duration_s=lap.duration_s,
                distance_m=lap.distance_m,
                avg_hr_bpm=lap.avg_hr_bpm,
                avg_power_w=lap.avg_power_w,
                swim_stroke=lap.swim_stroke,
                num_lengths=lap.num_lengths,
            )
            for lap in row.laps
        ],
        swim_lengths=[
            LengthOut(
                index=length.length_index,
                start_time=length.start_time,
                duration_s=length.duration_s,
                active=length.is_active,
                stroke=length.stroke,
                strokes=length.strokes,
                swolf=swolf(length.duration_s, length.strokes, is_active=length.is_active),
            )
            for length in row.swim_lengths
        ],
        strength_sets=[
            SetOut(
                index=s.set_index,
                exercise=s.exercise_title,
                exercise_id=s.exercise_id,
                replaces=s.planned_exercise_id,
                kind=s.set_kind.value,
                reps=s.reps,
                weight_kg=s.weight_kg,
                duration_s=s.duration_s,
                distance_m=s.distance_m,
                rpe=s.rpe,
            )
            for s in row.strength_sets
        ],
        streams={s.kind: s.sample_count for s in row.streams},
        zones=zones,
    )


def _check_sport(session: Session, athlete: Athlete, sport: str | None) -> None:
    from coach.db.repo.activities import activity_types

    if sport is None:
        return
    known = sorted({s.value for s in Sport} | set(activity_types(session, athlete.id)))
    if sport not in known:
        raise ValidationFailed(f"no sport {sport!r}: use one of {', '.join(known)}")


def list_activities(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    *,
    sport: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> ActivityPage:
    """Activities oldest first (or newest first), filtered by sport and dates, one page."""
    from coach.db.repo.activities import count_activities
    from coach.db.repo.activities import list_activities as stored

    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed(f"limit must be between 1 and {MAX_PAGE}")
    if offset < 0:
        raise ValidationFailed("offset cannot be negative")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        _check_sport(session, row, sport)
        page = stored(
            session,
            row.id,
            sport=sport,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
            newest_first=newest_first,
        )
        return ActivityPage(
            athlete=athlete_ref(row),
            total=count_activities(session, row.id, sport=sport, since=since, until=until),
            offset=offset,
            limit=limit,
            activities=[activity_out(a) for a in page],
        )


def get_activity(
    svc: Services, scope: Scope, athlete: AthleteKey, activity_id: int
) -> ActivityDetail:
    from coach.db.repo.activities import get_activity as stored

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        return activity_detail(stored(session, row.id, activity_id))


def edit_activity(
    svc: Services, scope: Scope, athlete: AthleteKey, activity_id: int, changes: ActivityChanges
) -> ActivityOut:
    """Correct an activity; its load is computed again; audited."""
    from coach.intake.corrections import edit_activity as edit

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        if changes.day is not None:
            not_ahead(svc, row, changes.day, "--date")
        return activity_out(edit(session, svc.clock, row, activity_id, changes))


def delete_activity(
    svc: Services, scope: Scope, athlete: AthleteKey, activity_id: int
) -> ActivityOut:
    """Delete (softly): gone from every analysis; a sync or re-import does not bring it back."""
    from coach.intake.corrections import delete_activity as delete

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        return activity_out(delete(session, svc.clock, row, activity_id))


def restore_activity(
    svc: Services, scope: Scope, athlete: AthleteKey, activity_id: int
) -> ActivityOut:
    from coach.intake.corrections import restore_activity as restore

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        return activity_out(restore(session, svc.clock, row, activity_id))
