"""WorkoutDefinition: the one structured description of a planned session.

Every exporter (FIT workout file, Garmin Connect JSON, Hevy routine, iCal, plain text) renders from
this model and nothing else describes a workout. Values are SI: durations in seconds, distances in
metres (a 100 yd swim step is 91.44 m, as in FIT workout files), speeds in m/s, power in W, heart
rate in bpm. The structure mirrors what FIT ``workout_step`` messages and Garmin workout JSON can
express (see docs/connectors.md (FIT) and docs/connectors.md (Garmin)):

* endurance sessions are a list of :class:`Step` and :class:`Repeat` blocks (repeats may nest);
* strength sessions are a list of :class:`StrengthExercise` with explicit sets;
* a mobility session may use either.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from coach.domain.sport import ENDURANCE_SPORTS, Equipment, Sport
from coach.domain.units import PoolUnit

POOL_LENGTH_TOLERANCE_M = 0.01
"""A swim distance counts as a whole number of pool lengths when within 1 cm of one."""
MAX_REPEAT_DEPTH = 2
"""Garmin workouts and FIT files support a repeat inside a repeat, not deeper."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class StepKind(StrEnum):
    WARMUP = "warmup"
    ACTIVE = "active"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"


class DurationKind(StrEnum):
    TIME = "time"  # value: seconds
    DISTANCE = "distance"  # value: metres
    REPS = "reps"  # value: count
    OPEN = "open"  # until the lap button; no value
    SEND_OFF = "send_off"  # swim rest: next repetition starts this many s after the previous one
    CALORIES = "calories"  # value: kcal


class Duration(_Model):
    kind: DurationKind
    value: float | None = None

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Self:
        if self.kind is DurationKind.OPEN:
            if self.value is not None:
                raise ValueError("an open step has no duration value")
            return self
        if self.value is None or not math.isfinite(self.value) or self.value <= 0:
            raise ValueError(f"a {self.kind.value} duration needs a positive value")
        if self.kind is DurationKind.REPS and self.value != int(self.value):
            raise ValueError("reps must be a whole number")
        return self

    @classmethod
    def time(cls, seconds: float) -> Duration:
        return cls(kind=DurationKind.TIME, value=seconds)

    @classmethod
    def distance(cls, metres: float) -> Duration:
        return cls(kind=DurationKind.DISTANCE, value=metres)

    @classmethod
    def open(cls) -> Duration:
        return cls(kind=DurationKind.OPEN)


class TargetKind(StrEnum):
    OPEN = "open"
    HEART_RATE = "heart_rate"  # zone 1-5, or low/high in bpm or percent of max HR / LTHR
    SPEED = "speed"  # pace: low/high in m/s (low = slower), or percent of threshold speed
    POWER = "power"  # zone 1-7, or low/high in W or percent of FTP
    CADENCE = "cadence"  # low/high in rpm (spm for running)
    RPE = "rpe"  # low/high on the 1-10 scale
    CSS_OFFSET = "css_offset"  # swim: low/high in s per 100 relative to CSS (negative = faster)


class TargetReference(StrEnum):
    ABSOLUTE = "absolute"
    PERCENT_MAX_HR = "percent_max_hr"
    PERCENT_LTHR = "percent_lthr"
    PERCENT_FTP = "percent_ftp"
    PERCENT_THRESHOLD_SPEED = "percent_threshold_speed"


_ZONES = {TargetKind.HEART_RATE: 5, TargetKind.POWER: 7}
_REFERENCES = {
    TargetKind.HEART_RATE: {
        TargetReference.ABSOLUTE,
        TargetReference.PERCENT_MAX_HR,
        TargetReference.PERCENT_LTHR,
    },
    TargetKind.POWER: {TargetReference.ABSOLUTE, TargetReference.PERCENT_FTP},
    TargetKind.SPEED: {TargetReference.ABSOLUTE, TargetReference.PERCENT_THRESHOLD_SPEED},
}


class Target(_Model):
    kind: TargetKind = TargetKind.OPEN
    zone: int | None = None
    low: float | None = None
    high: float | None = None
    reference: TargetReference = TargetReference.ABSOLUTE

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.kind is TargetKind.OPEN:
            if self.zone is not None or self.low is not None or self.high is not None:
                raise ValueError("an open target has no zone or range")
            return self
        if self.zone is not None:
            if self.kind not in _ZONES:
                raise ValueError(f"a {self.kind.value} target has no zones; give low and high")
            if not 1 <= self.zone <= _ZONES[self.kind]:
                raise ValueError(f"{self.kind.value} zone must be 1-{_ZONES[self.kind]}")
            if self.low is not None or self.high is not None:
                raise ValueError("give either a zone or a low/high range, not both")
        else:
            if self.low is None or self.high is None:
                raise ValueError(f"a {self.kind.value} target needs a zone or both low and high")
            if self.low > self.high:
                raise ValueError("target low must not exceed high")
            if self.kind is not TargetKind.CSS_OFFSET and self.low <= 0:
                raise ValueError("target bounds must be positive")
        if self.reference not in _REFERENCES.get(self.kind, {TargetReference.ABSOLUTE}):
            raise ValueError(f"a {self.kind.value} target cannot be relative to {self.reference}")
        return self


class SwimStroke(StrEnum):
    FREESTYLE = "freestyle"
    BACKSTROKE = "backstroke"
    BREASTSTROKE = "breaststroke"
    BUTTERFLY = "butterfly"
    DRILL = "drill"
    MIXED = "mixed"
    IM = "im"
    ANY = "any"


class Step(_Model):
    type: Literal["step"] = "step"
    kind: StepKind
    duration: Duration
    target: Target = Target()
    name: str | None = Field(default=None, max_length=60)
    notes: str | None = None
    stroke: SwimStroke | None = None
    equipment: tuple[Equipment, ...] = ()
    exercise_id: str | None = None  # library id, for a mobility or strength step done by time/reps


class Repeat(_Model):
    type: Literal["repeat"] = "repeat"
    count: int = Field(ge=1, le=99)
    steps: tuple[StepOrRepeat, ...] = Field(min_length=1)
    skip_last_rest: bool = False


def _step_tag(value: Any) -> str:
    """A dict without ``type`` is a plain step; repeats say ``"type": "repeat"``."""
    if isinstance(value, dict):
        return str(value.get("type", "step"))
    return str(getattr(value, "type", "step"))


StepOrRepeat = Annotated[
    Annotated[Step, Tag("step")] | Annotated[Repeat, Tag("repeat")], Discriminator(_step_tag)
]


class SetKind(StrEnum):
    NORMAL = "normal"
    WARMUP = "warmup"
    DROPSET = "dropset"
    FAILURE = "failure"


class StrengthSet(_Model):
    """One prescribed set: reps (or a rep range), a hold time or a distance, and a load."""

    kind: SetKind = SetKind.NORMAL
    reps: int | None = Field(default=None, ge=1, le=200)
    reps_max: int | None = Field(default=None, ge=1, le=200)
    duration_s: float | None = Field(default=None, gt=0)
    distance_m: float | None = Field(default=None, gt=0)
    load_kg: float | None = Field(default=None, ge=0)
    load_pct_1rm: float | None = Field(default=None, gt=0, le=1.2)
    rpe: float | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="after")
    def _has_volume(self) -> Self:
        if self.reps is None and self.duration_s is None and self.distance_m is None:
            raise ValueError("a set needs reps, a duration or a distance")
        if self.reps_max is not None and (self.reps is None or self.reps_max < self.reps):
            raise ValueError("reps_max needs reps and must not be below it")
        if self.load_kg is not None and self.load_pct_1rm is not None:
            raise ValueError("give the load in kg or as a fraction of 1RM, not both")
        return self


class StrengthExercise(_Model):
    exercise_id: str = Field(min_length=1)  # id in the exercise library
    name: str = Field(min_length=1)
    sets: tuple[StrengthSet, ...] = Field(min_length=1)
    rest_s: float = Field(default=90.0, ge=0)
    notes: str | None = None
    superset: int | None = Field(default=None, ge=0)
    equipment: tuple[Equipment, ...] = ()
    unilateral: bool = False

    @classmethod
    def uniform(
        cls,
        exercise_id: str,
        name: str,
        *,
        sets: int,
        reps: int,
        load_kg: float | None = None,
        rest_s: float = 90.0,
        equipment: tuple[Equipment, ...] = (),
    ) -> StrengthExercise:
        """``sets`` identical sets of ``reps``, the common prescription."""
        one = StrengthSet(reps=reps, load_kg=load_kg)
        return cls(
            exercise_id=exercise_id,
            name=name,
            sets=(one,) * sets,
            rest_s=rest_s,
            equipment=equipment,
        )


class WorkoutDefinition(_Model):
    sport: Sport
    name: str = Field(min_length=1, max_length=80)
    description: str | None = None
    template: str | None = Field(default=None, max_length=64)  # the library session it came from
    pool_length_m: float | None = Field(default=None, gt=0, le=100)
    pool_unit: PoolUnit | None = None
    steps: tuple[StepOrRepeat, ...] = ()
    exercises: tuple[StrengthExercise, ...] = ()

    @model_validator(mode="after")
    def _well_formed(self) -> Self:
        if not self.steps and not self.exercises:
            raise ValueError("a workout needs steps or exercises")
        if self.exercises and self.sport in ENDURANCE_SPORTS:
            raise ValueError(f"a {self.sport.value} workout has steps, not strength exercises")
        if (self.pool_length_m is None) != (self.pool_unit is None):
            raise ValueError("give pool length and pool unit together")
        if self.pool_length_m is not None and self.sport is not Sport.SWIM:
            raise ValueError("only a swim workout has a pool length")
        for step, depth in walk_steps(self.steps):
            if depth > MAX_REPEAT_DEPTH:
                raise ValueError(f"repeats nest at most {MAX_REPEAT_DEPTH} deep")
            if isinstance(step, Step):
                self._check_step(step)
        return self

    def _check_step(self, step: Step) -> None:
        swim = self.sport is Sport.SWIM
        if not swim and (step.stroke is not None or step.duration.kind is DurationKind.SEND_OFF):
            raise ValueError("strokes and send-off rests belong to swim workouts")
        if not swim and step.target.kind is TargetKind.CSS_OFFSET:
            raise ValueError("a CSS offset target belongs to swim workouts")
        if step.duration.kind is DurationKind.SEND_OFF and step.kind is not StepKind.REST:
            raise ValueError("a send-off duration belongs to a rest step")
        if (
            swim
            and self.pool_length_m is not None
            and step.duration.kind is DurationKind.DISTANCE
            and step.duration.value is not None
        ):
            lengths = step.duration.value / self.pool_length_m
            if abs(lengths - round(lengths)) * self.pool_length_m > POOL_LENGTH_TOLERANCE_M:
                raise ValueError(
                    f"swim distance {step.duration.value:g} m is not a whole number of "
                    f"{self.pool_length_m:g} m pool lengths"
                )

    def fixed_duration_s(self) -> float | None:
        """Total time of the steps when every step is timed (time or send-off), else None."""
        total = 0.0
        for step, multiplier in _expanded(self.steps, 1):
            if step.duration.kind not in (DurationKind.TIME, DurationKind.SEND_OFF):
                return None
            total += multiplier * (step.duration.value or 0.0)
        return total if self.steps and not self.exercises else None

    def distance_m(self) -> float:
        """Total prescribed distance of the distance-based steps, repeats expanded."""
        return sum(
            multiplier * (step.duration.value or 0.0)
            for step, multiplier in _expanded(self.steps, 1)
            if step.duration.kind is DurationKind.DISTANCE
        )

    def total_sets(self) -> int:
        return sum(len(exercise.sets) for exercise in self.exercises)


def walk_steps(steps: tuple[Step | Repeat, ...], depth: int = 0) -> list[tuple[Step | Repeat, int]]:
    """Every step and repeat with its repeat depth (0 = top level), in order."""
    found: list[tuple[Step | Repeat, int]] = []
    for step in steps:
        if isinstance(step, Repeat):
            found.append((step, depth + 1))
            found.extend(walk_steps(step.steps, depth + 1))
        else:
            found.append((step, depth))
    return found


def _expanded(steps: tuple[Step | Repeat, ...], multiplier: int) -> list[tuple[Step, int]]:
    out: list[tuple[Step, int]] = []
    for step in steps:
        if isinstance(step, Repeat):
            out.extend(_expanded(step.steps, multiplier * step.count))
        else:
            out.append((step, multiplier))
    return out
