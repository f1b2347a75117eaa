"""A goal's status in words, in the athlete's units: the one writer `coach status`, `coach
progress` and the review share."""

from __future__ import annotations

from typing import Any

from coach.analysis.progress import MAINTAIN_TOLERANCE, GoalProgress, Reason
from coach.domain.units import M_PER_YD, Dimension, PoolUnit, UnitSystem, format_quantity
from coach.domain.words import rate


def value(progress: GoalProgress, number: float, system: UnitSystem) -> str:
    return format_quantity(number, progress.goal.dimension, system)


def describe(progress: GoalProgress, system: UnitSystem) -> str:
    """Why the goal has its status: ``-0.10 %/week against -0.15 %/week needed``."""
    goal = progress.goal
    dimension = goal.dimension
    match progress.reason:
        case Reason.NO_MEASUREMENT:
            return "no measurement yet"
        case Reason.NO_FULL_WEEK:
            return "no full week of training yet"
        case Reason.ONE_READING:
            assert progress.current is not None
            return f"one reading so far ({value(progress, progress.current, system)}): no trend yet"
        case Reason.TARGET_REACHED:
            assert progress.trend is not None
            assert goal.target_value is not None
            return (
                f"target reached: trend {value(progress, progress.trend, system)} against "
                f"{value(progress, goal.target_value, system)}"
            )
        case Reason.DEADLINE_PASSED:
            assert goal.deadline is not None
            return f"the deadline ({goal.deadline:%d %b %Y}) passed before the target was reached"
        case Reason.RATE:
            assert progress.per_week is not None
            assert progress.needed_per_week is not None
            text = (
                f"{rate(progress.per_week, dimension, system)} against "
                f"{rate(progress.needed_per_week, dimension, system)} needed"
            )
            if goal.deadline is not None and goal.target_value is not None:
                text += f" by {goal.deadline:%d %b %Y}"
            return text
        case Reason.DIRECTION:
            assert progress.per_week is not None
            return rate(progress.per_week, dimension, system)
        case Reason.WITHIN | Reason.OUTSIDE:
            return _band(progress, system)
        case Reason.HOURS:
            return _hours(progress)
    return progress.reason.value


def _band(progress: GoalProgress, system: UnitSystem) -> str:
    goal = progress.goal
    assert progress.trend is not None
    trend = value(progress, progress.trend, system)
    inside = progress.reason is Reason.WITHIN
    if goal.target_max is not None and goal.target_value is not None:
        band = (
            f"{value(progress, goal.target_value, system)}-"
            f"{value(progress, goal.target_max, system)}"
        )
        return f"trend {trend}, {'inside' if inside else 'outside'} {band}"
    reference = progress.reference if progress.reference is not None else progress.trend
    held = value(progress, reference, system)
    if inside:
        return f"trend {trend}, within {MAINTAIN_TOLERANCE * 100:.0f} % of {held}"
    off = abs(progress.trend - reference) / abs(reference) if reference else 0.0
    return f"trend {trend}, {off * 100:.0f} % away from {held}"


def _hours(progress: GoalProgress) -> str:
    goal = progress.goal
    assert progress.trend is not None
    low, high = goal.target_value or 0.0, goal.target_max or 0.0
    weeks = progress.readings
    text = f"{progress.trend:.1f} h/week over the last {weeks} full week{'s' if weeks != 1 else ''}"
    above, below = progress.extras.get("above", 0), progress.extras.get("below", 0)
    parts = []
    if above:
        parts.append(f"{above} above {high:g} h")
    if below:
        parts.append(f"{below} below {low:g} h")
    if not parts:
        return f"{text}, every one inside {low:g}-{high:g} h"
    return f"{text}: {' and '.join(parts)}"


def sentence(progress: GoalProgress, system: UnitSystem) -> str:
    """``Body fat: at risk — -0.10 %/week against -0.15 %/week needed.``"""
    return f"{progress.goal.title}: {progress.status.value} — {describe(progress, system)}."


_LAG_WORDS = {"lag 0 weeks": "the same week", "lag 1 weeks": "a week later",
              "lag 2 weeks": "two weeks later"}  # fmt: skip


def extra_lines(
    goal_dimension: Dimension, extras: dict[str, Any], system: UnitSystem, pool: PoolUnit
) -> list[str]:
    """A goal's extra evidence (coach.analysis.progress._extras) in sentences, in the athlete's
    units: energy balance, training energy, swim volume and bests, fitness and form, and the
    correlations found. The weekly and monthly means are the chart's, not repeated here."""
    lines = []
    balance = extras.get("energy_balance_kcal_per_day")
    if balance is not None:
        lines.append(
            "Energy balance from the weight trend: "
            + (
                "even"
                if balance == 0
                else f"{'a deficit' if balance < 0 else 'a surplus'} of {abs(balance):,} kcal a day"
            )
        )
    burned = extras.get("activity_kcal_per_day")
    if burned is not None:
        lines.append(f"Training burned about {burned:,} kcal a day over the last 4 weeks")
    if "best" in extras:
        lines.append(f"Best so far: {format_quantity(extras['best'], goal_dimension, system)}")
    if "css_s_per_100m" in extras:
        css = format_quantity(extras["css_s_per_100m"], Dimension.SWIM_PACE, system)
        lines.append(f"Critical swim speed: {css}")
    if "swim_m_per_week" in extras:
        metres = extras["swim_m_per_week"]
        volume = f"{round(metres / M_PER_YD):,} yd" if pool is PoolUnit.YARDS else f"{metres:,} m"
        swims = extras.get("swim_sessions_per_week", 0)
        lines.append(f"Swimming over the last 4 weeks: {volume} and {swims:.1f} swims a week")
    if "fitness_ctl" in extras and "form" in extras:
        lines.append(f"Fitness {extras['fitness_ctl']:.1f}, form {extras['form']:.1f}")
    for cause, by_lag in (extras.get("correlations") or {}).items():
        for lag, found in by_lag.items():
            when = _LAG_WORDS.get(lag, lag)
            lines.append(
                f"{cause.capitalize()} against the goal {when}: r = {found['r']:+.2f} "
                f"over {found['n']} weeks"
            )
    return lines
