"""What was done, from any source, normalised to SI units: the shape intake hands to storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from coach.domain.units import PoolUnit
from coach.domain.workout import SetKind


@dataclass(frozen=True, slots=True)
class LapData:
    start_time: datetime
    duration_s: float
    moving_time_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_power_w: float | None = None
    avg_speed_mps: float | None = None
    avg_cadence: float | None = None
    swim_stroke: str | None = None
    num_lengths: int | None = None


def swolf(duration_s: float, strokes: int | None, *, is_active: bool) -> float | None:
    """SWOLF = length time in seconds + strokes (computed, never trusted from the device);
    none for a rest length or a length without a stroke count."""
    if not is_active or strokes is None:
        return None
    return duration_s + strokes


@dataclass(frozen=True, slots=True)
class SwimLengthData:
    start_time: datetime
    duration_s: float
    is_active: bool
    stroke: str | None = None
    strokes: int | None = None

    @property
    def swolf(self) -> float | None:
        return swolf(self.duration_s, self.strokes, is_active=self.is_active)


class StrengthSetData(NamedTuple):
    """One set as done. A NamedTuple, not a frozen dataclass: exports hold 100 000s of sets and
    a frozen dataclass takes ~4x longer to build."""

    exercise_title: str
    kind: SetKind = SetKind.NORMAL
    reps: int | None = None
    weight_kg: float | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    rpe: float | None = None
    start_time: datetime | None = None
    source_exercise_ref: str | None = None  # the source's own exercise id (Hevy template id)
    exercise_id: str | None = None  # the library id, when the exercise is in coach's library
    planned_exercise_id: str | None = None  # the planned exercise this one replaced
    exercise_key: str | None = None  # tells apart two exercises of one title in one session


@dataclass(frozen=True, slots=True)
class ActivityData:
    """One activity (one FIT session). ``sport`` is a Sport value or the source's own sport name."""

    external_id: str
    start_time: datetime
    sport: str
    elapsed_s: float
    timer_s: float | None = None  # the timer running (pauses out), when the source says
    sub_sport: str | None = None
    name: str | None = None
    moving_time_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_power_w: float | None = None
    normalized_power_w: float | None = None
    elevation_gain_m: float | None = None
    calories_kcal: float | None = None
    pool_length_m: float | None = None
    pool_unit: PoolUnit | None = None
    rpe: float | None = None
    is_partial: bool = False
    laps: tuple[LapData, ...] = ()
    lengths: tuple[SwimLengthData, ...] = ()
    sets: tuple[StrengthSetData, ...] = ()
    # sample streams, equal length, seconds from the start in "time_s"; NaN = no sample
    streams: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
