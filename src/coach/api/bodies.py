"""Request bodies: what a client sends. Values in SI / canonical units, like every response."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from coach.domain.athlete import AthleteProfile
from coach.domain.goals import Direction, GoalKind, GoalStatus
from coach.domain.health import BodyArea, MissReason
from coach.domain.metrics import MetricType
from coach.domain.sport import Equipment, Sport


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class GoalIn(Body):
    """A goal; with ``external_id`` (the client's own id) sending it again updates it."""

    external_id: str | None = Field(default=None, min_length=1, max_length=100)
    kind: GoalKind
    target_value: float | None = None
    target_max: float | None = None
    direction: Direction | None = None
    title: str | None = Field(default=None, max_length=120)
    metric: MetricType | None = None
    deadline: dt.date | None = None
    priority: int = Field(default=3, ge=1, le=5)
    notes: str | None = Field(default=None, max_length=2000)


class GoalPatch(Body):
    """Only the fields sent change; ``null`` clears target, deadline or notes."""

    target_value: float | None = None
    target_max: float | None = None
    direction: Direction | None = None
    title: str | None = Field(default=None, max_length=120)
    deadline: dt.date | None = None
    priority: int | None = Field(default=None, ge=1, le=5)
    status: GoalStatus | None = None
    notes: str | None = Field(default=None, max_length=2000)


class WindowIn(Body):
    start: dt.time
    end: dt.time
    sports: list[Sport] = []
    location: str | None = Field(default=None, max_length=80)
    equipment: list[Equipment] = []


class ActivityPatch(Body):
    sport: Sport | None = None
    name: str | None = Field(default=None, max_length=200)
    date: dt.date | None = None
    start_time: dt.time | None = None
    duration_s: float | None = Field(default=None, ge=60, le=36 * 3600)
    distance_m: float | None = Field(default=None, ge=0)
    rpe: float | None = Field(default=None, ge=1, le=10)
    note: str | None = Field(default=None, max_length=2000)


class MeasurementsIn(Body):
    """Values measured on one day (default: today), by metric, in canonical units."""

    date: dt.date | None = None
    values: dict[MetricType, float] = Field(min_length=1)
    note: str | None = Field(default=None, max_length=2000)


class MetricPatch(Body):
    value: float | None = None
    date: dt.date | None = None
    note: str | None = Field(default=None, max_length=2000)


class SessionIn(Body):
    """A session done without a file. With ``external_id`` (the client's own id) sending it
    again replaces it."""

    external_id: str | None = Field(default=None, min_length=1, max_length=100)
    sport: Sport
    date: dt.date
    start_time: dt.time = dt.time(12, 0)
    duration_s: float = Field(ge=60, le=24 * 3600)
    distance_m: float | None = Field(default=None, ge=0)
    rpe: float | None = Field(default=None, ge=1, le=10)
    name: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=2000)
    workout_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class MissedIn(Body):
    reason: MissReason
    note: str | None = Field(default=None, max_length=500)


class IllnessIn(Body):
    start: dt.date
    fever: bool = False
    chest: bool = False
    note: str | None = Field(default=None, max_length=500)


class InjuryIn(Body):
    start: dt.date
    area: BodyArea
    note: str | None = Field(default=None, max_length=500)


class TravelIn(Body):
    start: dt.date
    end: dt.date
    windows: list[WindowIn] = []
    note: str | None = Field(default=None, max_length=500)


class RecoveredIn(Body):
    what: str | None = None
    symptom_free_from: dt.date | None = None


class PlanIn(Body):
    weeks: int = Field(default=12, ge=1, le=52)
    start: dt.date | None = None
    replace: bool = False


class MoveIn(Body):
    to: dt.date
    start_time: dt.time | None = None


class ReviewIn(Body):
    date: dt.date | None = None
    sync: bool = False


class DecisionIn(Body):
    numbers: list[Annotated[int, Field(ge=1, le=10_000)]] = []
    all: bool = False
    reason: str | None = Field(default=None, max_length=500)


class ExportIn(Body):
    targets: list[str] | None = None
    dry_run: bool = False


class AthleteIn(Body):
    """A new athlete: the profile, with the default goals and windows unless told otherwise."""

    profile: AthleteProfile
    default_goals: bool = True
    default_windows: bool = True


def _optional_fields() -> dict[str, Any]:
    return {
        name: (info.annotation | None, None)  # type: ignore[operator]
        for name, info in AthleteProfile.model_fields.items()
    }


AthletePatch: type[Body] = create_model(
    "AthletePatch",
    __base__=Body,
    __doc__="Only the profile fields sent change (validated with the rest of the profile).",
    **_optional_fields(),
)


class ProfileChange(Body):
    changes: AthletePatch
    effective: dt.date | None = None
