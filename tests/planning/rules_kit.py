"""Building blocks for rule tests: a week of upcoming sessions made from the workout library, the
first athlete's windows, goals in a given state, a readiness, and a Context around them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

from coach.analysis.compare import Period
from coach.analysis.freshness import Freshness
from coach.analysis.pmc import LoadState
from coach.analysis.progress import GoalProgress, Reason, Status
from coach.analysis.readiness import Flag, Readiness
from coach.domain.athlete import default_availability
from coach.domain.goals import Direction, GoalKind, make_goal
from coach.planning.kit import exercise_swaps, window_kit
from coach.planning.library import Intensity, workout_library
from coach.planning.rules import Context, Past, TrackedGoal, Upcoming

TODAY = date(2026, 11, 22)  # a Sunday; the next week starts tomorrow
MON = TODAY + timedelta(days=1)
LIBRARY = {t.id: t for t in workout_library()}
WINDOWS = default_availability()
AT = {0: time(6, 30), 1: time(18), 2: time(6, 30), 3: time(18), 4: time(6, 30), 5: time(9)}


def up(
    ident: int, offset: int, template: str, *, priority: int = 2, minutes: float = 0
) -> Upcoming:
    """Session ``ident`` on MON + ``offset`` days, in that weekday's window, from the library,
    its exercises fitted to that window's kit as plan generation fits them."""
    t = LIBRARY[template]
    day = MON + timedelta(days=offset)
    window = next((w for w in WINDOWS if w.weekday == day.weekday()), None)
    swaps = exercise_swaps(t.exercise_ids, window_kit(window)) if window else {}
    exercises = tuple((swaps or {}).get(e, e) for e in t.exercise_ids)
    return Upcoming(
        id=ident,
        day=day,
        start=AT.get(day.weekday()),
        sport=t.sport.value,
        minutes=minutes or float(t.minutes),
        priority=priority,
        hard=t.intensity is Intensity.HARD,
        qualities=tuple(q.value for q in t.serves),
        exercise_ids=exercises,
        name=t.name,
        template=t.id,
    )


WEEK = [
    up(1, 0, "swim_css"),
    up(2, 1, "mobility_full", priority=3),
    up(3, 2, "run_easy"),
    up(4, 3, "strength_power_lower", priority=3),
    up(5, 4, "swim_technique"),
    up(6, 5, "run_4x4"),
]
"""The first athlete's usual week: Mon swim CSS, Tue mobility, Wed easy run, Thu lower-body
power, Fri technique swim, Sat VO2 run."""


def period(
    adherence: float | None = 92.0,
    done_h: float = 3.8,
    due_h: float = 4.0,
    due: int = 6,
    done: int = 6,
) -> Period:
    return Period(
        start=TODAY - timedelta(days=6),
        end=TODAY,
        adherence_pct=adherence,
        planned_h=due_h,
        actual_h=done_h,
        matched_h=done_h,
        unplanned_h=0.0,
        planned_load=None,
        actual_load=None,
        workouts=due,
        completed=done,
        due_h=due_h,
    )


def progress(
    kind: GoalKind,
    status: Status = Status.ON_TRACK,
    *,
    per_week: float | None = 0.2,
    needed: float | None = 0.1,
    reason: Reason = Reason.RATE,
    trend: float | None = 1.0,
    target: float | None = None,
    target_max: float | None = None,
    behind: float = 0.0,
    direction: Direction | None = None,
) -> GoalProgress:
    goal = make_goal(kind, target_value=target, target_max=target_max, direction=direction)
    return GoalProgress(
        goal,
        status,
        behind,
        current=trend,
        trend=trend,
        per_week=per_week,
        needed_per_week=needed,
        reason=reason,
    )


def goals(*items: GoalProgress) -> list[TrackedGoal]:
    return [TrackedGoal(i + 1, p) for i, p in enumerate(items)]


GREEN = Readiness(TODAY, (), (), True)


def readiness(*flags: tuple[str, float, bool], trend: tuple[str, ...] = ()) -> Readiness:
    return Readiness(
        TODAY,
        tuple(Flag(name, value, f"{name} {value:g}", severe) for name, value, severe in flags),
        tuple(Flag(t, 0.0, t) for t in trend),
        True,
    )


def past(ident: int, days_ago: int, template: str, done: bool, kind: str | None = None) -> Past:
    t = LIBRARY[template]
    day = TODAY - timedelta(days=days_ago)
    return Past(
        id=ident,
        day=day,
        start=AT.get(day.weekday()),
        sport=t.sport.value,
        name=t.name,
        done=done,
        kind=kind,
        excused=kind in ("illness", "injury", "travel"),
        template=t.id,
        minutes=float(t.minutes),
    )


CALM = LoadState(TODAY, 40, 42, -2, 2.0, 1.2, 300, 1.0, 0, ())


def context(**changes: Any) -> Context:
    base = Context(
        today=TODAY,
        last7=period(),
        goals=goals(progress(GoalKind.BODY_FAT), progress(GoalKind.VO2_MAX)),
        load=CALM,
        readiness=GREEN,
        upcoming=WEEK,
        windows=WINDOWS,
        band_h=(3.0, 5.0),
        library=workout_library(),
        freshness=Freshness((), None),
        load_per_hour=60.0,
    )
    return replace(base, **changes)
