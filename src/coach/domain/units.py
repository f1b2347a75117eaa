"""Units: coach keeps SI inside (m, s, kg, W, bpm) and converts only at the edges.

:func:`parse_quantity` reads what a person types ("176 lb", "30in", "1:18.4", "1:45/100yd") into the
canonical unit of a :class:`Dimension`; :func:`format_quantity` writes it back in the athlete's unit
system. Conversion factors are exact by definition (international yard and pound agreement, 1959).
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from coach.domain.errors import ValidationFailed

M_PER_YD = 0.9144
"""International yard, exact."""
M_PER_IN = 0.0254
M_PER_FT = 0.3048
M_PER_MI = 1609.344
KG_PER_LB = 0.45359237
"""International avoirdupois pound, exact."""
S_PER_H = 3600.0


class UnitSystem(StrEnum):
    METRIC = "metric"
    IMPERIAL = "imperial"


def parse_unit_system(text: str) -> UnitSystem:
    try:
        return UnitSystem(text.strip().lower())
    except ValueError:
        raise ValidationFailed(f"unknown units {text!r}: use metric or imperial") from None


class PoolUnit(StrEnum):
    METRES = "m"
    YARDS = "yd"

    @property
    def metres(self) -> float:
        """Length of one unit in metres."""
        return M_PER_YD if self is PoolUnit.YARDS else 1.0


class Dimension(StrEnum):
    """What a number measures, with its canonical (stored) unit in the docstring of each member."""

    PERCENT = "percent"  # %
    MASS = "mass"  # kg
    LENGTH = "length"  # m
    DURATION = "duration"  # s
    RATIO = "ratio"  # dimensionless (e.g. 1RM / body weight)
    VO2 = "vo2"  # ml/kg/min
    WEEKLY_HOURS = "weekly_hours"  # h per week (hours are how people budget training time)
    RUN_PACE = "run_pace"  # s per km
    SWIM_PACE = "swim_pace"  # s per 100 m
    POWER = "power"  # W
    HEART_RATE = "heart_rate"  # bpm
    COUNT = "count"  # dimensionless count
    SCORE = "score"  # 1-10 scale

    @property
    def canonical_unit(self) -> str:
        return _CANONICAL[self]


_CANONICAL: dict[Dimension, str] = {
    Dimension.PERCENT: "%",
    Dimension.MASS: "kg",
    Dimension.LENGTH: "m",
    Dimension.DURATION: "s",
    Dimension.RATIO: "x",
    Dimension.VO2: "ml/kg/min",
    Dimension.WEEKLY_HOURS: "h/week",
    Dimension.RUN_PACE: "s/km",
    Dimension.SWIM_PACE: "s/100m",
    Dimension.POWER: "W",
    Dimension.HEART_RATE: "bpm",
    Dimension.COUNT: "",
    Dimension.SCORE: "/10",
}

# Suffixes a person may type, and the factor to the canonical unit.
_SUFFIXES: dict[Dimension, dict[str, float]] = {
    Dimension.PERCENT: {"%": 1.0, "pct": 1.0},
    Dimension.MASS: {"kg": 1.0, "kgs": 1.0, "lb": KG_PER_LB, "lbs": KG_PER_LB},
    Dimension.LENGTH: {
        "m": 1.0,
        "cm": 0.01,
        "mm": 0.001,
        "in": M_PER_IN,
        '"': M_PER_IN,
        "ft": M_PER_FT,
        "yd": M_PER_YD,
    },
    Dimension.RATIO: {"x": 1.0, "xbw": 1.0, "bw": 1.0},
    Dimension.VO2: {"ml/kg/min": 1.0},
    Dimension.WEEKLY_HOURS: {"h": 1.0, "h/week": 1.0, "h/wk": 1.0, "hours": 1.0},
    Dimension.POWER: {"w": 1.0},
    Dimension.HEART_RATE: {"bpm": 1.0},
    Dimension.COUNT: {},
    Dimension.SCORE: {"/10": 1.0},
}
# Unit assumed for a bare number, by unit system (only where the systems differ).
_BARE_IMPERIAL: dict[Dimension, float] = {
    Dimension.MASS: KG_PER_LB,
    Dimension.LENGTH: M_PER_IN,
}
_PACE_UNITS: dict[Dimension, dict[str, float]] = {
    # pace text "m:ss/<unit>" -> factor from seconds-per-unit to the canonical seconds-per-distance
    Dimension.RUN_PACE: {"km": 1.0, "mi": 1000.0 / M_PER_MI},
    Dimension.SWIM_PACE: {"100m": 1.0, "100yd": 1.0 / M_PER_YD},
}

_CLOCK_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$|^(\d+):(\d{1,2}(?:\.\d+)?)$")
_HMS_RE = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*(?:min|m))?\s*"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*s)?$"
)
_NUMBER_RE = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(.*?)\s*$")


def parse_duration_s(text: str) -> float:
    """Read a duration: ``78.4``, ``78.4s``, ``1:18.4``, ``1:02:03``, ``1h30m``, ``45min``."""
    raw = text.strip().lower()
    if not raw:
        raise ValidationFailed("empty duration: give seconds (78.4), m:ss (1:18.4) or 1h30m")
    match = _CLOCK_RE.match(raw)
    if match:
        if match.group(4) is not None:
            minutes, seconds = int(match.group(4)), float(match.group(5))
            hours = 0
        else:
            hours = int(match.group(1) or 0)
            minutes, seconds = int(match.group(2)), float(match.group(3))
        if seconds >= 60 or (match.group(4) is None and hours and minutes >= 60):
            raise ValidationFailed(f"duration {text!r}: minutes and seconds must be below 60")
        return hours * S_PER_H + minutes * 60 + seconds
    try:
        return _non_negative(float(raw), text)
    except ValueError:
        pass
    hms = _HMS_RE.match(raw)
    if hms and any(hms.group(g) for g in ("h", "m", "s")):
        hours_f = float(hms.group("h") or 0)
        minutes_f = float(hms.group("m") or 0)
        seconds_f = float(hms.group("s") or 0)
        return hours_f * S_PER_H + minutes_f * 60 + seconds_f
    raise ValidationFailed(
        f"cannot read duration {text!r}: give seconds (78.4), m:ss (1:18.4) or 1h30m"
    )


def format_duration_s(seconds: float, *, tenths: bool = False) -> str:
    """Write a duration as ``h:mm:ss`` or ``m:ss`` (``m:ss.t`` with ``tenths``)."""
    if tenths:
        total_tenths = round(seconds * 10)
        whole, frac = divmod(total_tenths, 10)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        head = f"{hours}:{minutes:02d}" if hours else f"{minutes}"
        return f"{head}:{secs:02d}.{frac}"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_quantity(
    text: str, dimension: Dimension, system: UnitSystem = UnitSystem.METRIC
) -> float:
    """Read ``text`` as a value of ``dimension`` in its canonical unit.

    A bare number is read in the canonical unit, except mass (pounds) and length (inches) under the
    imperial system. Durations accept every form of :func:`parse_duration_s`; paces ``m:ss/km``,
    ``m:ss/mi``, ``m:ss/100m`` or ``m:ss/100yd`` (a bare ``m:ss`` is per km / per 100 m).
    """
    if dimension is Dimension.DURATION:
        return parse_duration_s(text)
    if dimension in _PACE_UNITS:
        return _parse_pace(text, dimension)
    match = _NUMBER_RE.match(text)
    if not match:
        raise ValidationFailed(f"cannot read {text!r} as a {dimension.value} value")
    number = float(match.group(1))
    suffix = match.group(2).lower()
    if not math.isfinite(number):
        raise ValidationFailed(f"{text!r} is not a finite number")
    if suffix:
        factors = _SUFFIXES[dimension]
        if suffix not in factors:
            known = ", ".join(sorted(k for k in factors if k != '"')) or "none"
            raise ValidationFailed(
                f"unknown unit {suffix!r} for a {dimension.value} value (known units: {known})"
            )
        return number * factors[suffix]
    if system is UnitSystem.IMPERIAL:
        return number * _BARE_IMPERIAL.get(dimension, 1.0)
    return number


def format_distance_m(metres: float, system: UnitSystem = UnitSystem.METRIC) -> str:
    """A session's distance: ``5.00 km``, or ``3.11 mi`` for the imperial system."""
    if system is UnitSystem.IMPERIAL:
        return f"{metres / M_PER_MI:.2f} mi"
    return f"{metres / 1000:.2f} km"


def editable_quantity(
    value: float, dimension: Dimension, system: UnitSystem = UnitSystem.METRIC
) -> str:
    """A canonical value written as a person would type it back, in the athlete's units:
    :func:`parse_quantity` reads it as the same value (to its rounding)."""
    if dimension is Dimension.RATIO:
        return f"{round(value, 3):g}"
    if dimension is Dimension.MASS:
        return (
            f"{round(value / KG_PER_LB, 1):g} lb"
            if system is UnitSystem.IMPERIAL
            else (f"{round(value, 1):g} kg")
        )
    if dimension is Dimension.LENGTH:
        return (
            f"{round(value / M_PER_IN, 1):g} in"
            if system is UnitSystem.IMPERIAL
            else (f"{round(value * 100, 1):g} cm")
        )
    return format_quantity(value, dimension, system)


def _parse_pace(text: str, dimension: Dimension) -> float:
    raw = text.strip().lower().replace(" ", "")
    clock, _, per = raw.partition("/")
    units = _PACE_UNITS[dimension]
    per = per or next(iter(units))
    if per not in units:
        raise ValidationFailed(f"pace {text!r}: give it per {' or per '.join(units)}")
    return parse_duration_s(clock) * units[per]


def format_quantity(
    value: float, dimension: Dimension, system: UnitSystem = UnitSystem.METRIC
) -> str:
    """Write a canonical value for a person, in the athlete's unit system."""
    imperial = system is UnitSystem.IMPERIAL
    match dimension:
        case Dimension.DURATION:
            return format_duration_s(value, tenths=value < 600)
        case Dimension.RUN_PACE:
            if imperial:
                return f"{format_duration_s(value * M_PER_MI / 1000.0)}/mi"
            return f"{format_duration_s(value)}/km"
        case Dimension.SWIM_PACE:
            if imperial:
                return f"{format_duration_s(value * M_PER_YD, tenths=True)}/100yd"
            return f"{format_duration_s(value, tenths=True)}/100m"
        case Dimension.MASS if imperial:
            return f"{value / KG_PER_LB:.1f} lb"
        case Dimension.LENGTH if imperial:
            return f"{value / M_PER_IN:.1f} in"
        case Dimension.LENGTH:
            return f"{value * 100:.1f} cm"
        case Dimension.HEART_RATE | Dimension.POWER:
            return f"{value:.0f} {dimension.canonical_unit}"
        case Dimension.PERCENT:
            return f"{value:.1f} %"
        case Dimension.RATIO:
            return f"{value:.2f} x body weight"
        case Dimension.WEEKLY_HOURS:
            return f"{round(value, 1):g} h/week"
        case Dimension.COUNT:
            return f"{value:g}"
        case _:
            return f"{round(value, 2):g} {dimension.canonical_unit}".strip()


def _non_negative(value: float, text: str) -> float:
    if value < 0 or not math.isfinite(value):
        raise ValidationFailed(f"duration {text!r} must be a non-negative number of seconds")
    return value


DISTANCE_UNITS = {"m": 1.0, "km": 1000.0, "mi": M_PER_MI, "yd": M_PER_YD}
"""The units a distance may be typed in, in metres."""


def parse_distance_m(text: str, system: UnitSystem) -> float:
    """A distance: ``5km``, ``3.1mi``, ``1500m``, ``1650yd``; a bare number is km (miles for
    imperial)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(m|km|mi|yd)?\s*", text.lower())
    if not match:
        raise ValidationFailed(f"cannot read distance {text!r}: use e.g. 5km, 3.1mi, 1500m")
    unit = match.group(2) or ("mi" if system is UnitSystem.IMPERIAL else "km")
    metres = float(match.group(1)) * DISTANCE_UNITS[unit]
    if not 0 < metres <= 1_000_000:
        raise ValidationFailed(f"distance {text!r} must be between 0 and 1000 km")
    return metres
