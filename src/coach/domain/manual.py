"""What a person enters by hand: a session without a file, a correction of an activity, and
the units of a strength-app export that does not name its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from coach.domain.errors import ValidationFailed
from coach.domain.sport import Sport
from coach.domain.units import parse_duration_s


@dataclass(frozen=True, slots=True)
class LoggedSession:
    sport: Sport
    day: date
    start: time
    duration_s: float
    distance_m: float | None = None
    rpe: float | None = None
    name: str | None = None
    note: str | None = None
    workout_id: int | None = None
    external_id: str | None = None
    """The client's own id: logging it again replaces the session (an upsert)."""


@dataclass(frozen=True, slots=True)
class ActivityChanges:
    """What to change; None leaves a field as it is (``clear_rpe`` removes the RPE)."""

    sport: str | None = None
    name: str | None = None
    day: date | None = None
    start: time | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    rpe: float | None = None
    note: str | None = None

    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)


class WeightUnit(StrEnum):
    KG = "kg"
    LB = "lb"


class DistanceUnit(StrEnum):
    KM = "km"
    MI = "mi"
    M = "m"


MIN_SESSION_S = 60.0
MAX_SESSION_S = 24 * 3600.0
"""A session logged by hand lasts between a minute and a day."""


def session_duration_s(text: str) -> float:
    """A logged session's duration (``45min``, ``1h10m``, ``0:45:00``), refused outside
    1 min-24 h."""
    seconds = parse_duration_s(text)
    if not MIN_SESSION_S <= seconds <= MAX_SESSION_S:
        raise ValidationFailed(f"duration {text!r} must be between 1 min and 24 h")
    return seconds


def quiet_hours(text: str) -> tuple[time | None, time | None]:
    """``22:00-07:00`` (may pass midnight) as (from, until); ``off`` as (None, None)."""
    if text.strip().lower() in ("off", "none", "no"):
        return None, None
    start, sep, end = text.partition("-")
    if not sep:
        raise ValidationFailed(f"cannot read quiet hours {text!r}: use HH:MM-HH:MM or off")
    return clock_time(start), clock_time(end)


def clock_time(text: str) -> time:
    """A local time of day, ``HH:MM`` (``6:15`` too)."""
    cleaned = text.strip()
    if re.fullmatch(r"\d:\d\d", cleaned):
        cleaned = "0" + cleaned
    try:
        return time.fromisoformat(cleaned)
    except ValueError:
        raise ValidationFailed(f"cannot read time {text!r}: use HH:MM") from None
