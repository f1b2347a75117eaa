"""Why sessions are missed, and the episodes that change what a coach plans: illness, injury,
travel (docs/coaching.md §3).

A missed session carries a structured :class:`MissReason` beside the athlete's own words: the
review decides differently for a flu, a sore knee, a hotel week, a late meeting, tiredness or a
closed pool. An :class:`Episode` is a stretch of days with one of those conditions, logged with
``coach log illness|injury|travel`` (an open episode has no end yet).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.domain.athlete import AvailabilityWindow
from coach.domain.errors import ValidationFailed
from coach.domain.sport import Sport


class MissReason(StrEnum):
    """Why a planned session did not happen."""

    ILLNESS = "illness"
    INJURY = "injury"
    TRAVEL = "travel"
    TIME = "time"  # work, family, the day ran out
    FATIGUE = "fatigue"
    FACILITY = "facility"  # pool closed, gym shut, no bike
    OTHER = "other"


LIFE_EVENTS = frozenset({MissReason.ILLNESS, MissReason.INJURY, MissReason.TRAVEL})
"""Misses that say nothing about whether the plan fits the athlete's week: they never count
toward adherence or a pattern of missed slots, and never lead to a cut."""


def parse_miss_reason(text: str) -> MissReason:
    try:
        return MissReason(text.strip().lower())
    except ValueError:
        known = ", ".join(reason.value for reason in MissReason)
        raise ValidationFailed(
            f"unknown reason {text!r}: use one of {known} (put your own words in --note)"
        ) from None


class EpisodeKind(StrEnum):
    ILLNESS = "illness"
    INJURY = "injury"
    TRAVEL = "travel"


class BodyArea(StrEnum):
    """Where an injury is; exercises and sports name the areas they load."""

    NECK = "neck"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    BACK = "back"
    HIP = "hip"
    HAMSTRING = "hamstring"
    KNEE = "knee"
    CALF = "calf"
    ANKLE = "ankle"
    FOOT = "foot"


_LEGS = frozenset(
    {BodyArea.HIP, BodyArea.HAMSTRING, BodyArea.KNEE, BodyArea.CALF, BodyArea.ANKLE, BodyArea.FOOT}
)
SPORT_LOADS: dict[Sport, frozenset[BodyArea]] = {
    Sport.RUN: _LEGS,
    Sport.BIKE: frozenset({BodyArea.KNEE, BodyArea.HIP}),
    Sport.ROW: frozenset({BodyArea.BACK, BodyArea.KNEE, BodyArea.HIP, BodyArea.WRIST}),
    Sport.SWIM: frozenset({BodyArea.SHOULDER, BodyArea.NECK}),
    Sport.WALK: frozenset({BodyArea.KNEE, BodyArea.ANKLE, BodyArea.FOOT}),
    Sport.HIKE: frozenset({BodyArea.KNEE, BodyArea.ANKLE, BodyArea.FOOT, BodyArea.HIP}),
}
"""The areas an endurance sport loads throughout, so an injury there rules the sport out
[coaching heuristic]. Strength and mobility sessions are judged exercise by exercise (the
exercise library's ``loads``)."""


def sport_loads(sport: str) -> frozenset[BodyArea]:
    """The areas a sport (by value) loads throughout; none for strength, mobility, others."""
    return next(
        (areas for known, areas in SPORT_LOADS.items() if known.value == sport), frozenset()
    )


class Episode(BaseModel):
    """One illness, injury or trip: its dates (``end`` None while it lasts) and details."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int | None = None
    kind: EpisodeKind
    start: date
    end: date | None = None
    fever: bool = False  # illness: fever (rest until it is gone)
    chest: bool = False  # illness: symptoms below the neck (chest, stomach, aches)
    area: BodyArea | None = None  # injury: where
    windows: tuple[AvailabilityWindow, ...] = ()  # travel: the windows on those days
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError("an episode cannot end before it starts")
        if self.kind is EpisodeKind.INJURY and self.area is None:
            raise ValueError("an injury names the body area")
        if self.kind is not EpisodeKind.INJURY and self.area is not None:
            raise ValueError("only an injury has a body area")
        if self.kind is not EpisodeKind.ILLNESS and (self.fever or self.chest):
            raise ValueError("fever and chest symptoms belong to an illness")
        if self.kind is not EpisodeKind.TRAVEL and self.windows:
            raise ValueError("only travel has its own training windows")
        if self.kind is EpisodeKind.TRAVEL and self.end is None:
            raise ValueError("a trip needs its last day")
        return self

    @property
    def systemic(self) -> bool:
        """Fever or symptoms below the neck: rest until symptom-free (docs/coaching.md §3)."""
        return self.fever or self.chest

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def days(self, until: date) -> list[date]:
        """Every day of the episode up to ``until`` (an open episode runs to ``until``)."""
        last = min(self.end or until, until)
        return [self.start + timedelta(days=n) for n in range((last - self.start).days + 1)]

    def describe(self) -> str:
        """A short name for sentences: "illness with fever", "knee injury", "travel"."""
        if self.kind is EpisodeKind.INJURY:
            return f"{self.area.value if self.area else ''} injury".strip()
        if self.kind is EpisodeKind.ILLNESS:
            if self.fever:
                return "illness with fever"
            if self.chest:
                return "illness below the neck"
            return "a cold (above the neck)"
        return "travel"
