"""A goal's status in words, in the athlete's units: the one writer `coach status`, `coach
progress` and the review share."""

from __future__ import annotations

from coach.analysis.progress import MAINTAIN_TOLERANCE, GoalProgress, Reason
from coach.domain.units import UnitSystem, format_quantity
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
