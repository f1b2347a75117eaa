"""The plain facts analysis works on: what was done and what was planned, read from storage by
the caller. No database types, no clock: every function gets its "today" as an argument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True, slots=True)
class ActivityFact:
    id: int
    day: date  # local date in the athlete's timezone
    local_time: time  # local start time
    sport: str
    duration_s: float
    load: float | None = None  # None: unknown (never read as 0)
    planned_id: int | None = None  # a link already made (by hand, or by the app it came from)
    locked: bool = False  # a manual link: matching keeps it
    distance_m: float | None = None
    calories_kcal: float | None = None


@dataclass(frozen=True, slots=True)
class PlannedFact:
    id: int
    day: date
    sport: str
    duration_s: float
    load: float | None = None
    status: str = "planned"  # planned | completed | missed | skipped (coach.domain.plan)
    reason: str | None = None  # why it was missed, when the athlete said
    local_time: time | None = None
    priority: int = 3
    moved_from: date | None = None  # the date the plan had before it moved the workout
    name: str = ""

    @property
    def load_per_hour(self) -> float | None:
        if self.load is None or self.duration_s <= 0:
            return None
        return self.load / (self.duration_s / 3600)
