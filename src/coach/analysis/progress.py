"""Progress toward each goal (specification §4): current value, trend, rate per week and month,
status against the deadline or an expected rate, and a ranking by how far behind each goal is.

Evidence per goal kind (gathered by the caller, see coach.review.facts):

- body fat / weight: readings smoothed with the Hacker's Diet trend (alpha 0.1), weekly and
  monthly means, the 28-day regression slope of the trend, a projected date, and the energy
  balance the weight trend implies (7 700 kcal per kg, Wishnofsky 1958) beside the activity energy;
- VO2 max: Garmin's estimates, smoothed (alpha 0.3: they move in steps), with fitness and form;
- key lifts: estimated 1RMs from strength sets and 1RM tests, divided by body weight as of the day
  for relative goals; jumps, balance and mobility tests as measured;
- 100 yd freestyle: time trials and the fastest continuous 100 of every pool swim (metre pools
  converted by distance, coach.analysis.swim), CSS tests, swim sessions and metres per week;
- weekly hours: hours per ISO week against the band, and the balance across sports.

**Status.** With a target and a deadline: the rate needed to get there in the weeks left, against
the rate of the last 28 days (ON_TRACK_SHARE of it or more: on track; AT_RISK_SHARE: at risk;
less: off track). With a target and no deadline, or no target: the kind's EXPECTED_WEEKLY_CHANGE
(heuristics, below) in the goal's direction. A target reached is said so (``reached``).
Maintain goals: within MAINTAIN_TOLERANCE of the target (or the first reading). Range goals:
weekly hours by the mean of the last 4 full weeks in the band, and how many of them fell
outside (a week is full once its Sunday has come: the review on a Sunday evening counts the
week ending that night; weeks of a data gap are left out, not read as 0 h); any other range goal
(a reached goal held in its maintenance band) by its trend inside the band. No reading: NO_DATA,
ranked as at risk.

Each result carries a :class:`Reason` and its numbers; the words (in the athlete's units) are
written by coach.insights.goals.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from coach.analysis.pmc import LoadState
from coach.analysis.trend import (
    DAYS_PER_MONTH,
    SLOPE_DAYS,
    lagged_correlation,
    period_means,
    recent,
    slope_per_day,
    smoothed,
)
from coach.domain.goals import Direction, Goal, GoalKind
from coach.domain.metrics import MetricType

Series = Sequence[tuple[date, float]]

ON_TRACK_SHARE = 0.9
AT_RISK_SHARE = 0.5
FLAT_SHARE = 0.1
"""A rate below 10 % of the expected one counts as no change (measurement noise)."""
MAINTAIN_TOLERANCE = 0.05
RANGE_WEEKS = 4
KCAL_PER_KG = 7700.0
"""Energy in 1 kg of body-mass change (Wishnofsky 1958): a rough, widely used approximation."""
FALLBACK_READINGS = 4
"""Tests are sparse (every 4-8 weeks): with fewer than 2 readings in the last 28 days the slope
comes from the last 4 readings instead."""
SESSION_BEST_SLOPE_DAYS = 42
"""Goals measured by session-derived bests (the fastest 100 of a swim, a lift's estimated 1RM)
get a hard effort every week or two: their rate is the slope over six weeks, not the usual
SLOPE_DAYS, so one lucky day does not set the direction."""
SESSION_BEST_GOALS = frozenset(
    {GoalKind.SWIM_100YD_FREE, GoalKind.SQUAT_RELATIVE, GoalKind.RDL_RELATIVE}
)

SMOOTHING: dict[GoalKind, float] = {
    GoalKind.BODY_FAT: 0.1,
    GoalKind.BODY_WEIGHT: 0.1,
    GoalKind.VO2_MAX: 0.3,
    GoalKind.RESTING_HR: 0.2,
}
"""Noisy daily metrics are smoothed; tests are taken as measured (alpha 1)."""

EXPECTED_WEEKLY_CHANGE: dict[GoalKind, float] = {
    GoalKind.BODY_FAT: 0.15,  # percentage points: ~0.5 % of body weight a week, mostly fat
    GoalKind.BODY_WEIGHT: 0.25,  # kg
    GoalKind.VO2_MAX: 0.1,  # ml/kg/min: ~0.5 a month of steady training
    GoalKind.BOX_JUMP: 0.005,  # m
    GoalKind.BROAD_JUMP: 0.01,  # m
    GoalKind.SQUAT_RELATIVE: 0.01,  # x body weight
    GoalKind.RDL_RELATIVE: 0.01,
    GoalKind.SIT_AND_REACH: 0.002,  # m
    GoalKind.SINGLE_LEG_BALANCE: 1.0,  # s
    GoalKind.SWIM_100YD_FREE: 0.25,  # s
    GoalKind.CSS: 0.2,  # s per 100 m
    GoalKind.RUN_5K: 3.0,  # s
    GoalKind.FTP: 1.0,  # W
    GoalKind.RESTING_HR: 0.1,  # bpm
}
"""Rates a recreational athlete can expect per week from a 3-5 h programme [heuristics, not
sourced]: they decide "on track" only for goals without a deadline."""


class Status(StrEnum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NO_DATA = "no data"


class Reason(StrEnum):
    """Why a goal has its status (the numbers are in the GoalProgress beside it)."""

    NO_MEASUREMENT = "no measurement yet"
    ONE_READING = "one reading: no trend yet"
    TARGET_REACHED = "target reached"
    DEADLINE_PASSED = "deadline passed, target not reached"
    RATE = "rate against the rate needed"
    DIRECTION = "direction of the trend"
    WITHIN = "within the band"
    OUTSIDE = "outside the band"
    NO_FULL_WEEK = "no full week of training yet"
    HOURS = "weekly hours against the band"


SEVERITY = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.NO_DATA: 2, Status.ON_TRACK: 3}


@dataclass(frozen=True)
class Evidence:
    """What the goals are judged on (gathered from storage by the caller)."""

    metrics: Mapping[MetricType, Series]  # readings by date, one per date, oldest first
    weekly_hours: Mapping[date, float] = field(default_factory=dict)  # Monday -> hours
    unknown_weeks: frozenset[date] = frozenset()  # Mondays of weeks a data gap touches
    weekly_hours_by_sport: Mapping[date, Mapping[str, float]] = field(default_factory=dict)
    weekly_swim_m: Mapping[date, float] = field(default_factory=dict)
    weekly_swim_sessions: Mapping[date, int] = field(default_factory=dict)
    weekly_load: Mapping[date, float] = field(default_factory=dict)
    activity_kcal_per_day: float | None = None  # mean over the last 28 days
    load: LoadState | None = None


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    status: Status
    behind: float  # 0 = on track; 1 = no progress at all; more = going the wrong way
    current: float | None = None
    current_date: date | None = None
    trend: float | None = None
    per_week: float | None = None
    per_month: float | None = None
    needed_per_week: float | None = None
    projected_date: date | None = None
    readings: int = 0
    series: tuple[tuple[date, float], ...] = ()
    reason: Reason = Reason.NO_MEASUREMENT
    extras: dict[str, Any] = field(default_factory=dict)
    reference: float | None = None  # maintain goals: the value held (target or first reading)

    @property
    def reached(self) -> bool:
        """An increase or decrease goal whose target the trend has reached."""
        return self.reason is Reason.TARGET_REACHED


def goal_series(goal: Goal, evidence: Evidence) -> list[tuple[date, float]]:
    """The values that measure ``goal`` (body-weight ratios computed with the weight of the day)."""
    readings = list(evidence.metrics.get(goal.measured_by, ()))
    if not goal.spec.relative_to_body_weight:
        return readings
    weights = list(evidence.metrics.get(MetricType.WEIGHT_KG, ()))
    if not weights:
        return []
    days = [d for d, _ in weights]
    out = []
    for day, value in readings:
        index = bisect_right(days, day)  # the latest weight on or before the day, else the first
        weight = weights[index - 1][1] if index else weights[0][1]
        out.append((day, value / weight))
    return out


def last_full_week(today: date) -> date:
    """Monday of the last full week: this week's when ``today`` is its Sunday (the week ends
    tonight), else last week's."""
    monday = today - timedelta(days=today.weekday())
    return monday if today.weekday() == 6 else monday - timedelta(weeks=1)


def goal_progress(goal: Goal, evidence: Evidence, today: date) -> GoalProgress:
    if goal.direction is Direction.RANGE and goal.kind is GoalKind.WEEKLY_HOURS:
        return _weekly_hours(goal, evidence, today)
    series = [(d, v) for d, v in goal_series(goal, evidence) if d <= today]
    if not series:
        return GoalProgress(goal, Status.NO_DATA, 1.0, reason=Reason.NO_MEASUREMENT)
    trend = smoothed(series, SMOOTHING.get(goal.kind, 1.0))
    days = SESSION_BEST_SLOPE_DAYS if goal.kind in SESSION_BEST_GOALS else SLOPE_DAYS
    window = recent(trend, days, today)
    if len({d for d, _ in window}) < 2:
        window = trend[-FALLBACK_READINGS:]
    slope = slope_per_day(window)
    per_week = None if slope is None else slope * 7
    base = GoalProgress(
        goal,
        Status.NO_DATA,
        1.0,
        current=series[-1][1],
        current_date=series[-1][0],
        trend=trend[-1][1],
        per_week=per_week,
        per_month=None if slope is None else slope * DAYS_PER_MONTH,
        readings=len(series),
        series=tuple(series),
        extras=_extras(goal, evidence, series, today),
    )
    if goal.direction is Direction.MAINTAIN:
        return _maintain(base, series)
    if goal.direction is Direction.RANGE:
        return _within(base)
    return _toward(base, today)


def _sign(goal: Goal) -> float:
    return -1.0 if goal.direction is Direction.DECREASE else 1.0


def _toward(progress: GoalProgress, today: date) -> GoalProgress:
    goal = progress.goal
    sign = _sign(goal)
    assert progress.trend is not None
    if goal.target_value is not None and sign * (progress.trend - goal.target_value) >= 0:
        return _with(progress, Status.ON_TRACK, 0.0, Reason.TARGET_REACHED)
    rate = progress.per_week
    if rate is None:
        return _with(progress, Status.AT_RISK, 1.0, Reason.ONE_READING)
    needed: float | None = None
    if goal.target_value is not None and goal.deadline is not None:
        weeks_left = (goal.deadline - today).days / 7
        if weeks_left <= 0:
            return _with(progress, Status.OFF_TRACK, 1.0, Reason.DEADLINE_PASSED)
        needed = (goal.target_value - progress.trend) / weeks_left
    else:
        expected = EXPECTED_WEEKLY_CHANGE.get(goal.kind)
        if expected is not None:
            needed = sign * expected
    projected = _projection(progress, today)
    if needed is None or needed == 0:  # a custom goal with no expected rate: the sign decides
        status = Status.ON_TRACK if sign * rate > 0 else Status.AT_RISK
        behind = 0.0 if status is Status.ON_TRACK else 1.0
        return _with(progress, status, behind, Reason.DIRECTION)
    share = rate / needed
    if abs(share) < FLAT_SHARE:
        share = 0.0
    behind = max(0.0, 1.0 - share)
    if share >= ON_TRACK_SHARE:
        status = Status.ON_TRACK
    elif share >= AT_RISK_SHARE:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return _with(progress, status, behind, Reason.RATE, needed=needed, projected=projected)


def _projection(progress: GoalProgress, today: date) -> date | None:
    goal = progress.goal
    if goal.target_value is None or not progress.per_week or progress.trend is None:
        return None
    weeks = (goal.target_value - progress.trend) / progress.per_week
    if weeks <= 0 or weeks > 520:
        return None
    return today + timedelta(days=round(weeks * 7))


def _maintain(progress: GoalProgress, series: Series) -> GoalProgress:
    reference = progress.goal.target_value
    if reference is None:
        reference = series[0][1]
    assert progress.trend is not None
    off = abs(progress.trend - reference) / abs(reference) if reference else 0.0
    progress = replace(progress, reference=reference)
    if off <= MAINTAIN_TOLERANCE:
        return _with(progress, Status.ON_TRACK, 0.0, Reason.WITHIN)
    status = Status.AT_RISK if off <= 2 * MAINTAIN_TOLERANCE else Status.OFF_TRACK
    return _with(progress, status, off / MAINTAIN_TOLERANCE - 1, Reason.OUTSIDE)


def _within(progress: GoalProgress) -> GoalProgress:
    """A range goal other than weekly hours: the trend inside [target, target_max]."""
    goal = progress.goal
    assert progress.trend is not None
    low, high = goal.target_value or 0.0, goal.target_max or math.inf
    if low <= progress.trend <= high:
        return _with(progress, Status.ON_TRACK, 0.0, Reason.WITHIN)
    width = (high - low) if math.isfinite(high) and high > low else abs(low) or 1.0
    distance = (low - progress.trend) if progress.trend < low else (progress.trend - high)
    behind = distance / width
    status = Status.AT_RISK if behind <= 1.0 else Status.OFF_TRACK
    return _with(progress, status, behind, Reason.OUTSIDE)


def _weekly_hours(goal: Goal, evidence: Evidence, today: date) -> GoalProgress:
    last = last_full_week(today)
    weeks = [last - timedelta(weeks=n) for n in range(RANGE_WEEKS - 1, -1, -1)]
    known = [
        (week, evidence.weekly_hours[week])
        for week in weeks
        if week in evidence.weekly_hours and week not in evidence.unknown_weeks
    ]
    if not known:
        return GoalProgress(goal, Status.NO_DATA, 1.0, reason=Reason.NO_FULL_WEEK)
    low, high = goal.target_value or 0.0, goal.target_max or float("inf")
    mean = sum(h for _, h in known) / len(known)
    outside = sum(1 for _, h in known if not low <= h <= high)
    by_sport: dict[str, float] = {}
    for week, _ in known:
        for sport, hours in evidence.weekly_hours_by_sport.get(week, {}).items():
            by_sport[sport] = by_sport.get(sport, 0.0) + hours / len(known)
    extras = {
        "weeks": {w.isoformat(): round(h, 2) for w, h in known},
        "hours_by_sport": by_sport,
        "outside": outside,
        "above": sum(1 for _, h in known if h > high),
        "below": sum(1 for _, h in known if h < low),
    }
    if low <= mean <= high and outside <= 1:
        status, behind = Status.ON_TRACK, 0.0
    elif low <= mean <= high or (low * 0.8 <= mean <= high * 1.2):
        status, behind = Status.AT_RISK, 0.5
    else:
        status, behind = Status.OFF_TRACK, 1.0 + abs(mean - (low if mean < low else high)) / low
    return GoalProgress(
        goal,
        status,
        behind,
        current=known[-1][1],
        current_date=known[-1][0],
        trend=mean,
        readings=len(known),
        series=tuple(known),
        reason=Reason.HOURS,
        extras=extras,
    )


def _with(
    progress: GoalProgress,
    status: Status,
    behind: float,
    reason: Reason,
    *,
    needed: float | None = None,
    projected: date | None = None,
) -> GoalProgress:
    return replace(
        progress,
        status=status,
        behind=behind,
        reason=reason,
        needed_per_week=needed,
        projected_date=projected,
    )


def _extras(goal: Goal, evidence: Evidence, series: Series, today: date) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    if goal.kind in (GoalKind.BODY_FAT, GoalKind.BODY_WEIGHT):
        extras["weekly_means"] = period_means(series, "week")
        extras["monthly_means"] = period_means(series, "month")
        weights = recent(
            smoothed(evidence.metrics.get(MetricType.WEIGHT_KG, ())), SLOPE_DAYS, today
        )
        weight_slope = slope_per_day(weights)
        if weight_slope is not None:
            extras["energy_balance_kcal_per_day"] = round(weight_slope * KCAL_PER_KG)
        if evidence.activity_kcal_per_day is not None:
            extras["activity_kcal_per_day"] = round(evidence.activity_kcal_per_day)
    if goal.kind is GoalKind.VO2_MAX and evidence.load is not None:
        extras["fitness_ctl"] = round(evidence.load.ctl, 1)
        extras["form"] = round(evidence.load.form, 1)
        _correlate(extras, evidence.weekly_load, series, "weekly load")
    if goal.kind is GoalKind.SWIM_100YD_FREE:
        extras["best"] = min(v for _, v in series)
        css = evidence.metrics.get(MetricType.CSS_S_PER_100M, ())
        if css:
            extras["css_s_per_100m"] = css[-1][1]
        last4 = [today - timedelta(days=today.weekday(), weeks=n) for n in range(1, 5)]
        extras["swim_m_per_week"] = round(
            sum(evidence.weekly_swim_m.get(week, 0.0) for week in last4) / 4
        )
        extras["swim_sessions_per_week"] = (
            sum(evidence.weekly_swim_sessions.get(week, 0) for week in last4) / 4
        )
        _correlate(extras, evidence.weekly_swim_m, series, "weekly swim metres")
    return extras


def _correlate(
    extras: dict[str, Any], cause: Mapping[date, float], series: Series, label: str
) -> None:
    """Lagged correlations (0-2 weeks) of a weekly cause with the goal's weekly means."""
    effect: dict[date, float] = {}
    for day, value in series:
        week = day - timedelta(days=day.weekday())
        effect.setdefault(week, value)
    found = {}
    for lag in (0, 1, 2):
        result = lagged_correlation(cause, effect, lag)
        if result is not None:
            found[f"lag {lag} weeks"] = {"r": round(result[0], 2), "n": result[1]}
    extras["correlations"] = {label: found} if found else {}


def rank(progress: Sequence[GoalProgress]) -> list[GoalProgress]:
    """Goals furthest behind first: by status, then how far behind, then priority."""
    return sorted(progress, key=lambda p: (SEVERITY[p.status], -p.behind, p.goal.priority))
