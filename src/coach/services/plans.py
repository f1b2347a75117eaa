"""The plan: generate it, its weeks, one workout, its history, moving or skipping a session by
hand (a new plan version, exported at once)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from coach.domain.clock import local_today
from coach.domain.errors import NotFound, ValidationFailed
from coach.services.context import AthleteKey, Scope, Services, athlete_in, athlete_ref
from coach.services.schemas import (
    HandChange,
    PlanGenerated,
    PlanHistory,
    PlannedOut,
    PlannedWeek,
    PlanVersionOut,
    PlanWeekSummary,
    WorkoutDetail,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coach.db.models import Athlete

MAX_WEEKS = 52


def generate(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    *,
    weeks: int = 12,
    start: date | None = None,
    replace: bool = False,
) -> PlanGenerated:
    """A plan from the goals, the windows and the weekly hours band."""
    from coach.review.plans import generate_plan

    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationFailed(f"weeks must be between 1 and {MAX_WEEKS}")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        made = generate_plan(
            session,
            svc.clock,
            row,
            today=local_today(svc.clock, row.timezone),
            weeks=weeks,
            start=start,
            replace=replace,
        )
        per_week: dict[int, list[object]] = {}
        for s in made.sessions:
            per_week.setdefault(s.week, []).append(s)
        summary = [
            PlanWeekSummary(
                week=week + 1,
                monday=made.monday + timedelta(weeks=week),
                sessions=len(items),
                hours=round(sum(s.minutes for s in made.sessions if s.week == week) / 60, 2),
                hard=sum(1 for s in made.sessions if s.week == week and s.hard),
            )
            for week, items in sorted(per_week.items())
        ]
        return PlanGenerated(
            plan_id=made.plan.id,
            monday=made.monday,
            weeks=summary,
            unserved=[q.value for q in made.unserved],
        )


def _planned(
    session: Session, athlete: Athlete, first: date, last: date, today: date
) -> list[PlannedOut]:
    from coach.db.repo.plans import current_planned
    from coach.review.reports import planned_states

    states = planned_states(session, athlete, first, last, today)
    return [
        PlannedOut(
            id=r.id,
            date=r.scheduled_date,
            start=r.start_time_local.isoformat() if r.start_time_local else None,
            sport=r.workout_type.value,
            name=r.workout_definition.name,
            template=r.workout_definition.template,
            minutes=round(r.estimated_duration / 60),
            priority=r.priority,
            status=states.get(r.id, r.status.value),
        )
        for r in current_planned(session, athlete.id, first, last)
    ]


def week(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    day: date | None = None,
    *,
    whole_plan: bool = False,
) -> PlannedWeek:
    """The week holding ``day`` (default: today), or the whole active plan."""
    from coach.db.repo.plans import active_plan

    if whole_plan and day is not None:
        raise ValidationFailed("give --week or --all, not both")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        today = local_today(svc.clock, row.timezone)
        if whole_plan:
            plan = active_plan(session, row.id)
            if plan is None:
                raise NotFound(f"{row.name} has no active plan: `coach plan generate` makes one")
            first, last = plan.start_date, plan.end_date
        else:
            when = day or today
            first = when - timedelta(days=when.weekday())
            last = first + timedelta(days=6)
        return PlannedWeek(
            athlete=athlete_ref(row),
            first=first,
            last=last,
            whole_plan=whole_plan,
            workouts=_planned(session, row, first, last, today),
        )


def workout(svc: Services, scope: Scope, athlete: AthleteKey, workout_id: int) -> WorkoutDetail:
    """One planned workout with its steps or exercises as the watch and the app get them."""
    from coach.db.repo.plans import get_planned_workout
    from coach.export.text import describe

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        planned = get_planned_workout(session, row, workout_id)
        return WorkoutDetail(
            id=planned.id,
            date=planned.scheduled_date,
            start=planned.start_time_local.isoformat() if planned.start_time_local else None,
            sport=planned.workout_type.value,
            minutes=round(planned.estimated_duration / 60),
            priority=planned.priority,
            status=planned.status.value,
            definition=planned.workout_definition.model_dump(mode="json"),
            description=describe(planned.workout_definition),
        )


def history(svc: Services, scope: Scope, athlete: AthleteKey) -> PlanHistory:
    """The active plan's versions: when, why, how many workouts each added and removed."""
    from coach.db.repo.plans import active_plan, plan_versions

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        plan = active_plan(session, row.id)
        if plan is None:
            raise NotFound(f"{row.name} has no active plan: `coach plan generate` makes one")
        return PlanHistory(
            plan=plan.name,
            plan_id=plan.id,
            versions=[
                PlanVersionOut(
                    version=v.version,
                    created_at=v.created_at,
                    reason=v.reason,
                    added=added,
                    removed=removed,
                )
                for v, added, removed in plan_versions(session, plan)
            ],
        )


def move(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    workout_id: int,
    to: date,
    start: time | None = None,
) -> HandChange:
    """Move a planned session to another day (and time): a new plan version, exported."""
    from coach.review.approve import change_by_hand
    from coach.services.exports import export_after_change

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        today = local_today(svc.clock, row.timezone)
        version, moved = change_by_hand(
            session, svc.clock, row, workout_id, today, move_to=to, start=start
        )
        assert moved is not None
        what = f"{moved.workout_definition.name} is now on {moved.scheduled_date:%a %d %b}"
        message = f"{what} (id {moved.id}); plan version {version.version}"
        number, new_id = version.version, moved.id
        session.expunge(row)
    return HandChange(
        message=message, version=number, workout_id=new_id, after=export_after_change(svc, row)
    )


def skip(svc: Services, scope: Scope, athlete: AthleteKey, workout_id: int) -> HandChange:
    """Take a planned session out of the plan (never counted as missed), exported."""
    from coach.db.repo.plans import get_planned_workout
    from coach.review.approve import change_by_hand
    from coach.services.exports import export_after_change

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        today = local_today(svc.clock, row.timezone)
        named = get_planned_workout(session, row, workout_id)
        what = f"{named.workout_definition.name} of {named.scheduled_date:%a %d %b}"
        version, _ = change_by_hand(session, svc.clock, row, workout_id, today)
        message = f"skipped {what}; plan version {version.version}"
        number = version.version
        session.expunge(row)
    return HandChange(
        message=message, version=number, workout_id=None, after=export_after_change(svc, row)
    )
