"""The athlete: identity, timezone, units, physiology (documented estimates where unknown)."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from coach.domain.errors import ValidationFailed, invalid
from coach.domain.metrics import MetricType
from coach.domain.sport import Equipment, Sport
from coach.domain.units import M_PER_YD, PoolUnit, UnitSystem

LocalTime = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
            "examples": ["22:00"],
        }
    ),
]
"""A time on the athlete's own clock, written ``HH:MM``."""

DEFAULT_REMIND_BEFORE_MIN = 60
"""A planned session's reminder comes an hour before it [heuristic: time to change and go]."""
DEFAULT_QUIET_FROM = time(22, 0)
DEFAULT_QUIET_UNTIL = time(7, 0)
"""Nothing is sent between 22:00 and 07:00 on the athlete's clock unless they choose otherwise."""


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNSPECIFIED = "unspecified"


def check_timezone(name: str) -> str:
    """Return ``name`` if it is an IANA timezone (e.g. ``America/Denver``), else refuse it."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            f"invalid timezone {name!r}: use an IANA name such as Europe/Berlin or America/Denver"
        ) from None
    return name


class AthleteProfile(BaseModel):
    """What the athlete tells coach about themselves. Unknown physiology stays None."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)

    name: str = Field(min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=200)
    timezone: str = "UTC"
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    sex: Sex = Sex.UNSPECIFIED
    weight_kg: float | None = Field(default=None, ge=20, le=350)
    height_m: float | None = Field(default=None, ge=0.8, le=2.6)
    resting_hr_bpm: float | None = Field(default=None, ge=25, le=120)
    max_hr_bpm: float | None = Field(default=None, ge=100, le=240)
    lthr_bpm: float | None = Field(default=None, ge=80, le=230)
    ftp_w: float | None = Field(default=None, ge=30, le=600)
    threshold_pace_s_per_km: float | None = Field(default=None, ge=150, le=900)
    css_s_per_100m: float | None = Field(default=None, ge=50, le=300)
    current_body_fat: float | None = Field(default=None, ge=2, le=70)
    vo2_max: float | None = Field(default=None, ge=10, le=95)
    unit_system: UnitSystem = UnitSystem.METRIC
    pool_unit: PoolUnit = PoolUnit.YARDS
    pool_length: float = Field(default=25.0, gt=0, le=100)  # in pool_unit
    # Reminders before each planned session (domain.reminders): minutes ahead (0: none), and
    # the quiet hours (local clock) in which nothing is sent; a reminder that would fall inside
    # them is sent just before they begin.
    remind_before_min: int = Field(default=DEFAULT_REMIND_BEFORE_MIN, ge=0, le=24 * 60)
    quiet_from: LocalTime | None = DEFAULT_QUIET_FROM
    quiet_until: LocalTime | None = DEFAULT_QUIET_UNTIL

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        try:
            return check_timezone(value)
        except ValidationFailed as exc:
            raise ValueError(str(exc)) from None

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    @model_validator(mode="after")
    def _quiet_hours(self) -> Self:
        if (self.quiet_from is None) != (self.quiet_until is None):
            raise ValueError("quiet hours need both a start and an end (or neither)")
        if self.quiet_from is not None and self.quiet_from == self.quiet_until:
            raise ValueError("quiet hours must not start and end at the same time")
        return self

    @model_validator(mode="after")
    def _hr_order(self) -> Self:
        rest, lthr, top = self.resting_hr_bpm, self.lthr_bpm, self.max_hr_bpm
        if rest is not None and top is not None and rest >= top:
            raise ValueError("resting HR must be below max HR")
        if lthr is not None and top is not None and lthr > top:
            raise ValueError("LTHR must not exceed max HR")
        if lthr is not None and rest is not None and lthr <= rest:
            raise ValueError("LTHR must be above resting HR")
        return self

    @property
    def pool_length_m(self) -> float:
        return self.pool_length * (M_PER_YD if self.pool_unit is PoolUnit.YARDS else 1.0)


def validate_profile(fields: dict[str, Any]) -> AthleteProfile:
    """Build a profile from plain fields, refusing bad input with one clear line."""
    try:
        return AthleteProfile.model_validate(fields)
    except ValidationError as exc:
        raise invalid("athlete", exc) from None


def profile_as_of(
    profile: AthleteProfile, history: dict[MetricType, list[tuple[date, float]]], on: date
) -> AthleteProfile:
    """The profile with each physiology value as it was on ``on``.

    For every field in PROFILE_METRICS: the latest measurement on or before ``on``; when there is
    none yet, the earliest one after it (a first FTP test describes the weeks before it better
    than a population default); with no measurement at all, the profile's own value.
    ``history`` holds (date, value) pairs sorted by date.
    """
    values: dict[str, float] = {}
    for field_name, metric in PROFILE_METRICS.items():
        series = history.get(metric)
        if not series:
            continue
        before = [value for day, value in series if day <= on]
        values[field_name] = before[-1] if before else series[0][1]
    return profile.model_copy(update=values)


@dataclass(frozen=True, slots=True)
class PhysiologyDefaults:
    """Estimates used when the athlete has not given a value. Each cites its source.

    - ``age_years`` 40, ``weight_kg`` 75, ``vo2_max`` 40 ml/kg/min, ``resting_hr_bpm`` 60: typical
      recreational adult [heuristic, unverified]; replace with measured values.
    - max HR = 208 - 0.7 x age (Tanaka, Monahan & Seals 2001, J Am Coll Cardiol 37:153).
    - LTHR = rest + ``lthr_hrr_fraction`` x (max - rest), HRR at LT ~ 0.83 (pacelore;
      docs/methods.md section 1, hrTSS).
    - FTP = ``ftp_w_per_kg`` x weight, 2.5 W/kg [heuristic for an untrained-to-recreational
      cyclist, unverified].
    - threshold run speed = ``threshold_vvdot_fraction`` x vVDOT with VDOT ~ VO2 max and
      vVDOT = 29.54 + 5.000663 VDOT - 0.007546 VDOT^2 m/min (Daniels/Gilbert; GoldenCheetah
      VDOTCalculator; T pace = 0.90 vVDOT; docs/methods.md section 7).
    - CSS = 120 s/100 m [heuristic for a recreational adult swimmer, unverified].
    """

    age_years: int = 40
    weight_kg: float = 75.0
    vo2_max: float = 40.0
    resting_hr_bpm: float = 60.0
    lthr_hrr_fraction: float = 0.83
    ftp_w_per_kg: float = 2.5
    threshold_vvdot_fraction: float = 0.90
    css_s_per_100m: float = 120.0


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float
    measured: bool  # True: the athlete's own value; False: estimated by ``method``
    method: str


@dataclass(frozen=True, slots=True)
class Physiology:
    age_years: Estimate
    weight_kg: Estimate
    resting_hr_bpm: Estimate
    max_hr_bpm: Estimate
    lthr_bpm: Estimate
    ftp_w: Estimate
    threshold_pace_s_per_km: Estimate
    css_s_per_100m: Estimate


def vvdot_m_per_min(vdot: float) -> float:
    """Velocity at VDOT (Daniels/Gilbert): 29.54 + 5.000663 VDOT - 0.007546 VDOT^2, in m/min."""
    return 29.54 + 5.000663 * vdot - 0.007546 * vdot**2


def physiology(
    profile: AthleteProfile, on: date, defaults: PhysiologyDefaults = PhysiologyDefaults()
) -> Physiology:
    """The athlete's thresholds as of ``on``, filling each unknown with a documented estimate."""

    def known(value: float | None, fallback: float, method: str) -> Estimate:
        if value is not None:
            return Estimate(value, True, "profile")
        return Estimate(fallback, False, method)

    age = known(
        None if profile.birth_year is None else float(on.year - profile.birth_year),
        float(defaults.age_years),
        "default age",
    )
    weight = known(profile.weight_kg, defaults.weight_kg, "default weight")
    rest = known(profile.resting_hr_bpm, defaults.resting_hr_bpm, "default resting HR")
    top = known(profile.max_hr_bpm, 208.0 - 0.7 * age.value, "Tanaka 208 - 0.7 x age")
    lthr = known(
        profile.lthr_bpm,
        rest.value + defaults.lthr_hrr_fraction * (top.value - rest.value),
        f"{defaults.lthr_hrr_fraction:.0%} of heart-rate reserve",
    )
    ftp = known(profile.ftp_w, defaults.ftp_w_per_kg * weight.value, "2.5 W/kg x weight")
    vdot = profile.vo2_max if profile.vo2_max is not None else defaults.vo2_max
    threshold_speed_m_per_min = defaults.threshold_vvdot_fraction * vvdot_m_per_min(vdot)
    pace = known(
        profile.threshold_pace_s_per_km,
        60_000.0 / threshold_speed_m_per_min,
        "Daniels T pace from VO2 max",
    )
    css = known(profile.css_s_per_100m, defaults.css_s_per_100m, "default CSS")
    return Physiology(age, weight, rest, top, lthr, ftp, pace, css)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekday(text: str) -> int:
    """Monday = 0 ... Sunday = 6; accepts full names and three-letter abbreviations."""
    key = text.strip().lower()
    for index, name in enumerate(WEEKDAYS):
        if key in (name, name[:3]):
            return index
    raise ValidationFailed(f"unknown weekday {text!r}: use mon, tue, wed, thu, fri, sat or sun")


def parse_time_range(text: str) -> tuple[time, time]:
    """Read ``06:00-07:30`` into a start and end time on one day."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
    if not match:
        raise ValidationFailed(
            f"cannot read time window {text!r}: use HH:MM-HH:MM, e.g. 06:00-07:30"
        )
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2) if (h2, m2) != (24, 0) else time(23, 59)
    except ValueError:
        raise ValidationFailed(f"time window {text!r} has an impossible time of day") from None
    if end <= start:
        raise ValidationFailed(
            f"time window {text!r} ends before it starts (a window cannot cross midnight; "
            "split it into two days)"
        )
    return start, end


class AvailabilityWindow(BaseModel):
    """A convenient time to train: a weekday, a local time range, and what is possible then."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    weekday: int = Field(ge=0, le=6)
    start: time
    end: time
    sports: tuple[Sport, ...] = ()  # empty: any sport
    location: str | None = None
    equipment: tuple[Equipment, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError("a window must end after it starts")
        return self

    @property
    def duration_s(self) -> float:
        return float(
            (self.end.hour * 3600 + self.end.minute * 60)
            - (self.start.hour * 3600 + self.start.minute * 60)
        )

    def overlaps(self, other: AvailabilityWindow) -> bool:
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end


def check_no_overlap(windows: list[AvailabilityWindow]) -> None:
    """Refuse a set of windows in which two windows of one weekday overlap."""
    for index, window in enumerate(windows):
        for other in windows[index + 1 :]:
            if window.overlaps(other):
                day = WEEKDAYS[window.weekday]
                raise ValidationFailed(
                    f"{day} windows {window.start:%H:%M}-{window.end:%H:%M} and "
                    f"{other.start:%H:%M}-{other.end:%H:%M} overlap"
                )


_POOL_KIT = (Equipment.POOL, Equipment.KICKBOARD, Equipment.PULL_BUOY, Equipment.FINS)
_GYM_KIT = (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.PLYO_BOX, Equipment.MEDICINE_BALL)
_ENDURANCE = (Sport.RUN, Sport.BIKE, Sport.ROW)
_DEFAULT_WINDOWS: tuple[tuple[int, str, tuple[Sport, ...], str, tuple[Equipment, ...]], ...] = (
    (0, "06:30-07:30", (Sport.SWIM,), "pool", _POOL_KIT),
    (1, "18:00-19:00", (Sport.STRENGTH, Sport.MOBILITY), "gym", _GYM_KIT),
    (2, "06:30-07:30", _ENDURANCE, "home", ()),
    (3, "18:00-19:00", (Sport.STRENGTH, Sport.MOBILITY), "gym", _GYM_KIT),
    (4, "06:30-07:30", (Sport.SWIM,), "pool", _POOL_KIT),
    (5, "09:00-11:00", (*_ENDURANCE, Sport.MOBILITY), "outdoors", ()),
)


def default_availability() -> list[AvailabilityWindow]:
    """The demo athlete's convenient times: early weekday mornings and a longer Saturday slot.

    Seven hours of windows a week, more than the 5 h budget, so a plan has room to choose.
    """
    windows = []
    for weekday, span, sports, location, equipment in _DEFAULT_WINDOWS:
        start, end = parse_time_range(span)
        windows.append(
            AvailabilityWindow(
                weekday=weekday,
                start=start,
                end=end,
                sports=sports,
                location=location,
                equipment=equipment,
            )
        )
    return windows


PROFILE_METRICS: dict[str, MetricType] = {
    "weight_kg": MetricType.WEIGHT_KG,
    "resting_hr_bpm": MetricType.RESTING_HR_BPM,
    "max_hr_bpm": MetricType.MAX_HR_BPM,
    "lthr_bpm": MetricType.LTHR_BPM,
    "ftp_w": MetricType.FTP_W,
    "threshold_pace_s_per_km": MetricType.THRESHOLD_PACE_S_PER_KM,
    "css_s_per_100m": MetricType.CSS_S_PER_100M,
    "current_body_fat": MetricType.BODY_FAT_PCT,
    "vo2_max": MetricType.VO2_MAX,
}
"""Profile fields whose changes are also kept as dated progress metrics, so that analysis can ask
for the athlete's thresholds as of any past date."""
