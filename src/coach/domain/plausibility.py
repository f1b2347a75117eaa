"""What a real activity can be: checked at the door for every source, so one implausible row can
never poison the analysis (fitness 2410, "squat 1RM inf lb", a date in year 1).

An activity is **refused** — with one line naming the value and the limit — when (each limit a
named constant; the README's plausibility table lists them with their sources):

- it starts before ``EARLIEST`` (1 Jan 1990: no consumer tracker recorded earlier; FIT time
  starts 31 Dec 1989) or more than ``FUTURE_SLACK`` (1 day) after now;
- it lasts more than ``MAX_DURATION_S`` (36 h: 100-mile trail races are finished within ~30 h;
  longer events are several activities), or a negative or non-finite time;
- its distance or average speed is beyond what the sport allows (``MAX_DISTANCE_M``,
  ``MAX_SPEED_M_S``: running 12.5 m/s is faster than the 100 m world record, cycling 35 m/s
  faster than any descent on a road);
- a strength set holds more than ``MAX_SET_KG`` (600 kg, above the deadlift world record of
  501 kg), ``MAX_SET_REPS`` (500) reps, a negative or non-finite number;
- any number it carries is not finite (``inf``, ``NaN``).

Samples are **cleaned** instead, because one glitch does not void a session: heart-rate samples
outside ``HR_RANGE`` (25-250 bpm), power above ``MAX_POWER_W`` (3 000 W) and speeds above the
sport's limit become missing (never 0), and the summary's average and maximum heart rate are
left out when outside the range. How many were left out is kept in the activity's details.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import numpy as np

from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.clock import EARLIEST, LATEST
from coach.domain.errors import ParseError

__all__ = ["EARLIEST", "LATEST"]
FUTURE_SLACK = timedelta(days=1)
MAX_DURATION_S = 36 * 3600.0
MAX_DISTANCE_M: dict[str, float] = {
    "run": 400_000.0,
    "walk": 300_000.0,
    "hike": 300_000.0,
    "bike": 1_500_000.0,
    "swim": 60_000.0,
    "row": 250_000.0,
}
DEFAULT_MAX_DISTANCE_M = 2_000_000.0
MAX_SPEED_M_S: dict[str, float] = {
    "run": 12.5,
    "walk": 5.0,
    "hike": 5.0,
    "bike": 35.0,
    "swim": 3.0,
    "row": 7.0,
}
DEFAULT_MAX_SPEED_M_S = 100.0
HR_RANGE = (25.0, 250.0)
MAX_POWER_W = 3000.0
MAX_SET_KG = 600.0
MAX_SET_REPS = 500
MAX_SET_S = 4 * 3600.0
MAX_SET_M = 100_000.0


def _refuse(reason: str) -> ParseError:
    return ParseError(f"implausible: {reason}")


def check_start(start: datetime, now: datetime) -> None:
    if start.date() < EARLIEST:
        raise _refuse(f"dated {start.date().isoformat()}, before {EARLIEST.year}")
    if start > now + FUTURE_SLACK:
        raise _refuse(f"dated {start.isoformat(' ', 'minutes')}, in the future")


def check_day(day: date, today: date, what: str = "dated") -> date:
    """A date an entry or a command names: not before ``EARLIEST``, not after ``today``."""
    if day < EARLIEST:
        raise ParseError(f"{what} {day}: before {EARLIEST.year}, no training data can be that old")
    if day > today:
        raise ParseError(f"{what} {day}: in the future (today is {today})")
    return day


def _finite(value: float | None, what: str) -> None:
    if value is not None and not math.isfinite(value):
        raise _refuse(f"{what} is {value}")


def check_set(item: StrengthSetData) -> None:
    for value, what, limit in (
        (item.weight_kg, "weight", MAX_SET_KG),
        (item.duration_s, "duration", MAX_SET_S),
        (item.distance_m, "distance", MAX_SET_M),
        (item.rpe, "RPE", 10.0),
    ):
        _finite(value, f"a set's {what}")
        if value is not None and not 0 <= value <= limit:
            raise _refuse(f"{item.exercise_title}: a set's {what} of {value:g} (limit {limit:g})")
    if item.reps is not None and not 0 <= item.reps <= MAX_SET_REPS:
        raise _refuse(f"{item.exercise_title}: {item.reps} reps in one set")


_SET_LIMITS = (
    (StrengthSetData._fields.index("weight_kg"), MAX_SET_KG),
    (StrengthSetData._fields.index("duration_s"), MAX_SET_S),
    (StrengthSetData._fields.index("distance_m"), MAX_SET_M),
    (StrengthSetData._fields.index("rpe"), 10.0),
    (StrengthSetData._fields.index("reps"), float(MAX_SET_REPS)),
)


def check_sets(sets: Sequence[StrengthSetData]) -> None:
    """Every set of a session checked a column at a time (an export holds 100 000s of sets);
    on a problem, the set-by-set check names the set and the value."""
    for position, limit in _SET_LIMITS:
        values = cast(
            list[float], [value for item in sets if (value := item[position]) is not None]
        )
        # fsum of a list holding inf or NaN is not finite: one C-level pass finds both
        if values and (
            min(values) < 0 or max(values) > limit or not math.isfinite(math.fsum(values))
        ):
            for item in sets:
                check_set(item)
            raise AssertionError("a set beyond the limits was not found")  # pragma: no cover


def check_activity(activity: ActivityData, now: datetime | None = None) -> ActivityData:
    """The activity with implausible samples left out; ParseError ("implausible: …") when the
    activity itself cannot be real (module docstring)."""
    moment = now or datetime.now(UTC)
    check_start(activity.start_time, moment)
    for value, what in (
        (activity.elapsed_s, "the duration"),
        (activity.moving_time_s, "the moving time"),
        (activity.timer_s, "the timer time"),
        (activity.distance_m, "the distance"),
        (activity.calories_kcal, "the energy"),
        (activity.normalized_power_w, "the normalised power"),
        (activity.avg_power_w, "the average power"),
    ):
        _finite(value, what)
        if value is not None and value < 0:
            raise _refuse(f"{what} is negative ({value:g})")
    if activity.elapsed_s > MAX_DURATION_S:
        raise _refuse(
            f"{activity.elapsed_s / 3600:,.0f} h long (limit {MAX_DURATION_S / 3600:g} h)"
        )
    sport = activity.sport
    if activity.distance_m is not None:
        limit = MAX_DISTANCE_M.get(sport, DEFAULT_MAX_DISTANCE_M)
        if activity.distance_m > limit:
            raise _refuse(
                f"{activity.distance_m / 1000:,.0f} km of {sport} (limit {limit / 1000:,.0f} km)"
            )
        moving = activity.moving_time_s or activity.elapsed_s
        speed_limit = MAX_SPEED_M_S.get(sport, DEFAULT_MAX_SPEED_M_S)
        if moving > 0 and activity.distance_m / moving > speed_limit:
            raise _refuse(
                f"an average speed of {activity.distance_m / moving:.1f} m/s for {sport} "
                f"(limit {speed_limit:g} m/s)"
            )
    check_sets(activity.sets)
    return _cleaned(activity)


def _cleaned(activity: ActivityData) -> ActivityData:
    streams = dict(activity.streams)
    dropped: dict[str, int] = {}
    speed_limit = MAX_SPEED_M_S.get(activity.sport, DEFAULT_MAX_SPEED_M_S)
    for name, low, high in (
        ("heart_rate_bpm", HR_RANGE[0], HR_RANGE[1]),
        ("power_w", 0.0, MAX_POWER_W),
        ("speed_mps", 0.0, speed_limit),
    ):
        values = streams.get(name)
        if values is None:
            continue
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(values) & ((values < low) | (values > high) | ~np.isfinite(values))
        if bad.any():
            cleaned = values.copy()
            cleaned[bad] = np.nan
            streams[name] = cleaned
            dropped[name] = int(bad.sum())
    changes: dict[str, Any] = {}
    for field_name in ("avg_hr_bpm", "max_hr_bpm"):
        value = getattr(activity, field_name)
        if value is not None and not HR_RANGE[0] <= value <= HR_RANGE[1]:
            changes[field_name] = None
            dropped[field_name] = 1
    if not dropped:
        return activity
    details = {**activity.details, "implausible_left_out": dropped}
    return replace(activity, streams=streams, details=details, **changes)
