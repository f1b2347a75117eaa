"""Where the athlete stands: the week against the plan, the load series, a goal's progress."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.units import UnitSystem
from coach.services.context import AthleteKey, Scope, Services, athlete_in, athlete_ref
from coach.services.reviews import load_thresholds
from coach.services.schemas import (
    ComparedWorkout,
    DataGap,
    GoalCards,
    GoalProgressOut,
    GoalProgressSeries,
    LoadDay,
    LoadSeries,
    LoadStateOut,
    MissOut,
    PatternOut,
    PeriodOut,
    ProgressPoint,
    RecoveryOut,
    StatusOut,
    UnplannedOut,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coach.analysis.compare import Miss, Period
    from coach.analysis.pmc import LoadState, PmcDay
    from coach.analysis.progress import GoalProgress
    from coach.db.models import Athlete

MAX_LOAD_DAYS = 3660
"""The longest load series one call returns (ten years)."""


def state_out(state: LoadState | None) -> LoadStateOut | None:
    if state is None:
        return None
    return LoadStateOut(
        day=state.day,
        fitness_ctl=round(state.ctl, 1),
        fatigue_atl=round(state.atl, 1),
        form=round(state.form, 1),
        form_is="morning form: CTL - ATL at the end of the day before",
        ramp_per_week=None if state.ramp is None else round(state.ramp, 1),
        monotony=None if state.monotony is None else round(state.monotony, 2),
        strain=None if state.strain is None else round(state.strain),
        acwr=None if state.acwr is None else round(state.acwr, 2),
        flags=list(state.flags),
    )


def goal_progress_out(progress: GoalProgress, goal_id: int, system: UnitSystem) -> GoalProgressOut:
    from coach.insights.goals import describe

    goal = progress.goal
    return GoalProgressOut(
        id=goal_id,
        kind=goal.kind.value,
        metric=goal.measured_by.value,
        title=goal.title,
        status=progress.status.value,
        behind=round(progress.behind, 2),
        current=progress.current,
        current_date=progress.current_date,
        trend=progress.trend,
        per_week=progress.per_week,
        per_month=progress.per_month,
        needed_per_week=progress.needed_per_week,
        target=goal.target_value,
        target_max=goal.target_max,
        deadline=goal.deadline,
        projected_date=progress.projected_date,
        readings=progress.readings,
        reason=progress.reason.value,
        why=describe(progress, system),
        extras=progress.extras,
    )


def _miss(miss: Miss) -> MissOut:
    return MissOut(
        workout_id=miss.workout_id,
        workout=miss.name,
        date=miss.day,
        sport=miss.sport,
        reason=miss.kind,
        note=miss.note,
    )


def _period(p: Period) -> PeriodOut:
    return PeriodOut.model_validate(
        {
            "from": p.start,
            "to": p.end,
            "adherence_pct": None if p.adherence_pct is None else round(p.adherence_pct, 1),
            "planned_h": round(p.planned_h, 2),
            "actual_h": round(p.actual_h, 2),
            "matched_h": round(p.matched_h, 2),
            "unplanned_h": round(p.unplanned_h, 2),
            "planned_load": p.planned_load,
            "actual_load": None if p.actual_load is None else round(p.actual_load, 1),
            "hours_by_sport": {k: round(v, 2) for k, v in p.hours_by_sport.items()},
            "sessions_by_sport": p.sessions_by_sport,
            "workouts_due": p.workouts,
            "completed": p.completed,
            "missed": [_miss(m) for m in p.missed],
            "excused": [_miss(m) for m in p.excused],
            "without_data": p.unknown,
        }
    )


def status(svc: Services, scope: Scope, athlete: AthleteKey, day: date | None = None) -> StatusOut:
    """The week holding ``day`` (default: today) against the plan, form, and every goal."""
    from coach.analysis.compare import week_start

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        today = local_today(svc.clock, row.timezone)
        monday = week_start(day or today)
        key = ("status", row.id, row.created_at, row.revision, today, monday)
        return svc.cache.get_or_make(key, lambda: _status(svc, session, row, monday, today))


def _status(svc: Services, session: Session, row: Athlete, monday: date, today: date) -> StatusOut:
    from coach.review.reports import status_report

    system = UnitSystem(row.unit_system)
    report = status_report(session, row, monday, today, load_thresholds(svc.settings))
    ref = athlete_ref(row)
    sunday = monday + timedelta(days=6)
    gap = report.freshness.gap
    return StatusOut(
        athlete=ref,
        week=report.week_start,
        today=report.today,
        workouts=[
            ComparedWorkout(
                planned_id=c.planned.id,
                date=c.planned.day,
                sport=c.planned.sport,
                name=c.planned.name,
                planned_s=c.planned.duration_s,
                activity_id=c.activity.id if c.activity else None,
                actual_s=c.activity.duration_s if c.activity else None,
                ratio=None if c.ratio is None else round(c.ratio, 2),
                band=c.band.value,
                score=None if c.score is None else round(c.score, 3),
                manual_link=c.manual,
                reason=c.planned.reason,
                reason_kind=c.planned.reason_kind,
            )
            for c in report.comparison.workouts
            if monday <= c.planned.day <= sunday
        ],
        unplanned=[
            UnplannedOut(activity_id=a.id, date=a.day, sport=a.sport, seconds=a.duration_s)
            for a in report.comparison.unplanned
            if monday <= a.day <= sunday
        ],
        this_week=_period(report.week),
        last_7_days=_period(report.last7),
        data_gap=None
        if gap is None
        else DataGap(since=gap.since, days=gap.days, sessions_due=gap.due),
        recovery=RecoveryOut(
            hard_days=list(report.recovery.hard_days),
            days_between_hard=list(report.recovery.days_between_hard),
            back_to_back=report.recovery.back_to_back,
        ),
        patterns=[
            PatternOut(kind=p.kind, value=p.value, missed=p.missed, planned=p.planned)
            for p in report.patterns
        ],
        load=state_out(report.load),
        goals=[goal_progress_out(progress, stored.id, system) for stored, progress in report.goals],
    )


def load_series(svc: Services, scope: Scope, athlete: AthleteKey, days: int = 28) -> LoadSeries:
    """Daily load by sport with fitness, fatigue and form, the last ``days`` days to today."""
    if not 1 <= days <= MAX_LOAD_DAYS:
        raise ValidationFailed(f"days must be between 1 and {MAX_LOAD_DAYS}")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        today = local_today(svc.clock, row.timezone)
        key = ("load", row.id, row.created_at, row.revision, today, days)
        return svc.cache.get_or_make(key, lambda: _load_series(svc, session, row, today, days))


def _load_series(
    svc: Services, session: Session, row: Athlete, today: date, days: int
) -> LoadSeries:
    from coach.review.reports import load_report

    report = load_report(session, row, today, days, load_thresholds(svc.settings))
    ahead = report.ahead
    return LoadSeries(
        days=[_load_day(d, report.by_sport.get(d.day, {})) for d in report.days],
        state=state_out(report.state),
        activities_without_load=report.unknown_load,
        ahead=[]
        if ahead is None
        else [_load_day(d, ahead.by_sport.get(d.day, {})) for d in ahead.days],
        planned_without_rate=0 if ahead is None else ahead.without_rate,
    )


def _load_day(d: PmcDay, by_sport: dict[str, float]) -> LoadDay:
    return LoadDay(
        date=d.day,
        load=round(d.load, 1),
        by_sport={k: round(v, 1) for k, v in by_sport.items()},
        ctl=round(d.ctl, 1),
        atl=round(d.atl, 1),
        form=round(d.form, 1),
    )


def goal_cards(svc: Services, scope: Scope, athlete: AthleteKey) -> GoalCards:
    """Every active goal with its readings, furthest behind first, and this week's hours: the
    dashboard's Goals page, from one read of the history (the status's own goal progress)."""
    from coach.analysis.compare import week_start

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        today = local_today(svc.clock, row.timezone)
        key = ("goals", row.id, row.created_at, row.revision, today)
        return svc.cache.get_or_make(
            key, lambda: _goal_cards(svc, session, row, week_start(today), today)
        )


def _goal_cards(
    svc: Services, session: Session, row: Athlete, monday: date, today: date
) -> GoalCards:
    from coach.review.reports import status_report

    system = UnitSystem(row.unit_system)
    report = status_report(session, row, monday, today, load_thresholds(svc.settings))
    cards = [
        GoalProgressSeries(
            **goal_progress_out(result, stored.id, system).model_dump(),
            series=[ProgressPoint(date=d, value=v) for d, v in result.series],
        )
        for stored, result in report.goals
    ]
    cards.sort(key=lambda card: -card.behind)
    return GoalCards(athlete=athlete_ref(row), goals=cards, this_week=_period(report.week))


def progress(
    svc: Services, scope: Scope, athlete: AthleteKey, goal: str, since: date | None = None
) -> GoalProgressSeries:
    """One goal (by id or kind): its status, rates, projection and readings since ``since``."""
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        today = local_today(svc.clock, row.timezone)
        key = ("progress", row.id, row.created_at, row.revision, today, goal, since)
        return svc.cache.get_or_make(key, lambda: _progress(svc, session, row, today, goal, since))


def _progress(
    svc: Services, session: Session, row: Athlete, today: date, goal: str, since: date | None
) -> GoalProgressSeries:
    from coach.review.reports import progress_report

    system = UnitSystem(row.unit_system)
    stored, result = progress_report(session, row, goal, today, load_thresholds(svc.settings))
    start = since or date.min
    return GoalProgressSeries(
        **goal_progress_out(result, stored.id, system).model_dump(),
        series=[ProgressPoint(date=d, value=v) for d, v in result.series if d >= start],
    )
