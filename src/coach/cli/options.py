"""Options shared by several commands, and the parsing of what a person types into them."""

from __future__ import annotations

import re
import sys
from datetime import date, time
from typing import Annotated, Any

import typer

from coach.domain.athlete import Sex
from coach.domain.clock import EARLIEST, LATEST
from coach.domain.errors import ValidationFailed
from coach.domain.manual import quiet_hours
from coach.domain.units import Dimension, PoolUnit, UnitSystem, parse_quantity

AthleteOpt = Annotated[
    str | None,
    typer.Option("--athlete", "-a", help="Athlete name or id (default: the only athlete)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Write JSON for scripts instead of a table.")]

NameOpt = Annotated[str | None, typer.Option(help="Display name (unique).")]
EmailOpt = Annotated[str | None, typer.Option(help="E-mail address.")]
TimezoneOpt = Annotated[str | None, typer.Option(help="IANA timezone, e.g. America/Denver.")]
BirthYearOpt = Annotated[int | None, typer.Option(help="Year of birth (for age-based estimates).")]
SexOpt = Annotated[Sex | None, typer.Option(help="Sex, for sex-specific formulas.")]
WeightOpt = Annotated[str | None, typer.Option(help="Body weight, e.g. 80kg or 176lb.")]
HeightOpt = Annotated[str | None, typer.Option(help="Height, e.g. 180cm or 71in.")]
RestingHrOpt = Annotated[float | None, typer.Option(help="Resting heart rate, bpm.")]
MaxHrOpt = Annotated[float | None, typer.Option(help="Maximum heart rate, bpm.")]
LthrOpt = Annotated[float | None, typer.Option(help="Lactate threshold heart rate, bpm.")]
FtpOpt = Annotated[float | None, typer.Option(help="Cycling functional threshold power, W.")]
ThresholdPaceOpt = Annotated[
    str | None, typer.Option(help="Threshold run pace, e.g. 4:30/km or 7:15/mi.")
]
CssOpt = Annotated[
    str | None, typer.Option(help="Critical swim speed pace, e.g. 1:45/100m or 1:36/100yd.")
]
BodyFatOpt = Annotated[float | None, typer.Option(help="Current body fat, %.")]
Vo2MaxOpt = Annotated[float | None, typer.Option(help="Current VO2 max, ml/kg/min.")]
UnitsOpt = Annotated[UnitSystem | None, typer.Option(help="Units for display and bare numbers.")]
PoolOpt = Annotated[str | None, typer.Option(help="Usual pool length, e.g. 25yd, 25m or 50m.")]
RemindBeforeOpt = Annotated[
    int | None,
    typer.Option(
        "--remind-before",
        metavar="MINUTES",
        help="Remind me this many minutes before a planned session (0: no reminders).",
    ),
]
QuietHoursOpt = Annotated[
    str | None,
    typer.Option(
        "--quiet-hours",
        metavar="HH:MM-HH:MM",
        help="Send nothing between these local times, e.g. 22:00-07:00; 'off' for none.",
    ),
]


def parse_pool(text: str) -> tuple[float, PoolUnit]:
    """Read ``25yd`` / ``25 m`` / ``50m`` into a length and its unit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(yd|yds|yards?|m|metres?|meters?)\s*", text.lower())
    if not match:
        raise ValidationFailed(f"cannot read pool {text!r}: use e.g. 25yd, 25m or 50m")
    unit = PoolUnit.YARDS if match.group(2).startswith("y") else PoolUnit.METRES
    length = float(match.group(1))
    if not 10 <= length <= 100:
        raise ValidationFailed(f"pool length {text!r} is outside 10-100 {unit.value}")
    return length, unit


def parse_date(
    text: str,
    what: str = "date",
    *,
    earliest: date = EARLIEST,
    latest: date = LATEST,
    today: date | None = None,
    why: str = "",
) -> date:
    """A date as YYYY-MM-DD, refused outside ``earliest``..``latest`` (by default 1990, before
    any training data, to 2100) and, given ``today``, after today; ``why`` says why."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(f"cannot read {what} {text!r}: use YYYY-MM-DD") from None
    reason = f": {why}" if why else ""
    if day < earliest:
        raise ValidationFailed(f"{what} {day} is before {earliest}{reason}")
    if today is not None and day > today:
        raise ValidationFailed(f"{what} {day} is in the future (today is {today}){reason}")
    if day > latest:
        raise ValidationFailed(f"{what} {day} is after {latest}{reason}")
    return day


def profile_changes(
    system: UnitSystem,
    *,
    name: str | None = None,
    email: str | None = None,
    timezone: str | None = None,
    birth_year: int | None = None,
    sex: Sex | None = None,
    weight: str | None = None,
    height: str | None = None,
    resting_hr: float | None = None,
    max_hr: float | None = None,
    lthr: float | None = None,
    ftp: float | None = None,
    threshold_pace: str | None = None,
    css: str | None = None,
    body_fat: float | None = None,
    vo2_max: float | None = None,
    units: UnitSystem | None = None,
    pool: str | None = None,
    remind_before: int | None = None,
    quiet: str | None = None,
) -> dict[str, Any]:
    """Profile fields from the options given (None means "not given"), in SI units."""
    system = units or system
    changes: dict[str, Any] = {
        "name": name,
        "email": email,
        "timezone": timezone,
        "birth_year": birth_year,
        "sex": sex,
        "resting_hr_bpm": resting_hr,
        "max_hr_bpm": max_hr,
        "lthr_bpm": lthr,
        "ftp_w": ftp,
        "current_body_fat": body_fat,
        "vo2_max": vo2_max,
        "unit_system": units,
        "remind_before_min": remind_before,
    }
    if quiet is not None:
        changes["quiet_from"], changes["quiet_until"] = quiet_hours(quiet)
        if changes["quiet_from"] is None:  # "off": None is a value here, not "not given"
            return _given(changes) | {"quiet_from": None, "quiet_until": None}
    if weight is not None:
        changes["weight_kg"] = parse_quantity(weight, Dimension.MASS, system)
    if height is not None:
        changes["height_m"] = parse_quantity(height, Dimension.LENGTH, system)
    if threshold_pace is not None:
        changes["threshold_pace_s_per_km"] = parse_quantity(threshold_pace, Dimension.RUN_PACE)
    if css is not None:
        changes["css_s_per_100m"] = parse_quantity(css, Dimension.SWIM_PACE)
    if pool is not None:
        changes["pool_length"], changes["pool_unit"] = parse_pool(pool)
    return _given(changes)


def _given(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in changes.items() if value is not None}


YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (scripts, no terminal).")
]


def confirm(what: str, yes: bool) -> None:
    """A destructive step goes ahead with ``--yes``, or when the person at the terminal says
    so; without a terminal to ask, it is refused (exit 2) and nothing changes."""
    if yes:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        if typer.confirm(f"{what}?", default=False):
            return
        raise ValidationFailed("nothing changed")
    raise ValidationFailed(f"{what}: add --yes to confirm (there is no terminal to ask)")


def parse_clock(text: str, what: str = "time") -> time:
    """A local clock time, HH:MM."""
    try:
        return time.fromisoformat(text.strip()).replace(second=0, microsecond=0)
    except ValueError:
        raise ValidationFailed(f"cannot read {what} {text!r}: use HH:MM, e.g. 06:30") from None
