"""What Hevy sends, read tolerantly (docs/connectors.md (Hevy)): unknown fields ignored,
``superset_id`` or ``supersets_id``, timestamps with ``Z`` or ``+00:00``, ``rest_seconds`` as int
or string, NUL characters in text dropped."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """A NUL character in a title or note is dropped: no database text column can hold it
        (PostgreSQL refuses it) and it is never meant."""
        return value.replace("\x00", "") if isinstance(value, str) else value


def _superset(data: Any) -> Any:
    """Read both spellings of the superset field into ``superset_id``."""
    if isinstance(data, dict) and "superset_id" not in data and "supersets_id" in data:
        return {**data, "superset_id": data["supersets_id"]}
    return data


class HevySet(_Read):
    index: int = 0
    type: str = "normal"
    weight_kg: float | None = None
    reps: float | None = None
    distance_meters: float | None = None
    duration_seconds: float | None = None
    rpe: float | None = None
    custom_metric: float | None = None
    rep_range: dict[str, float | None] | None = None


class HevyExercise(_Read):
    index: int = 0
    title: str = ""
    notes: str | None = None
    exercise_template_id: str = ""
    superset_id: int | None = None
    rest_seconds: int | None = None
    sets: tuple[HevySet, ...] = ()

    _superset = model_validator(mode="before")(_superset)

    @field_validator("rest_seconds", mode="before")
    @classmethod
    def _rest(cls, value: Any) -> Any:
        if isinstance(value, str):  # the upstream spec says string; live sends an integer
            return int(float(value)) if value.strip() else None
        return value


class HevyWorkout(_Read):
    id: str
    title: str = ""
    routine_id: str | None = None
    description: str | None = None
    start_time: datetime
    end_time: datetime
    updated_at: datetime | None = None
    created_at: datetime | None = None
    exercises: tuple[HevyExercise, ...] = ()

    @field_validator("start_time", "end_time", "updated_at", "created_at", mode="after")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamp without a UTC offset")
        return value


class HevyRoutine(_Read):
    id: str
    title: str = ""
    folder_id: int | None = None
    notes: str | None = None
    updated_at: datetime | None = None
    created_at: datetime | None = None
    exercises: tuple[HevyExercise, ...] = ()


class RoutineFolder(_Read):
    id: int
    index: int = 0
    title: str = ""


class ExerciseTemplate(_Read):
    id: str
    title: str
    type: str | None = None
    primary_muscle_group: str | None = None
    secondary_muscle_groups: tuple[str, ...] = ()
    equipment: str | None = None
    is_custom: bool = False


class BodyMeasurement(_Read):
    date: str
    weight_kg: float | None = None
    lean_mass_kg: float | None = None
    fat_percent: float | None = None


class UpdatedEvent(_Read):
    type: Literal["updated"]
    workout: HevyWorkout


class DeletedEvent(_Read):
    type: Literal["deleted"]
    id: str
    deleted_at: datetime | None = None


WorkoutEvent = UpdatedEvent | DeletedEvent


class ExerciseHistoryEntry(_Read):
    workout_id: str
    workout_title: str | None = None
    workout_start_time: datetime | None = None
    exercise_template_id: str | None = None
    weight_kg: float | None = None
    reps: float | None = None
    distance_meters: float | None = None
    duration_seconds: float | None = None
    rpe: float | None = None
    set_type: str | None = None


class UserInfo(_Read):
    id: str | None = None
    name: str | None = None
    url: str | None = None
