"""The plain facts analysis works on: what was done and what was planned, read from storage by
the caller. No database types, no clock: every function gets its "today" as an argument."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


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
    start: datetime | None = None  # aware; to recognise one session recorded twice
    source: str = ""
    hard: bool = False  # by intensity (coach.analysis.intensity), decided by the caller


@dataclass(frozen=True, slots=True)
class PlannedFact:
    id: int
    day: date
    sport: str
    duration_s: float
    load: float | None = None
    status: str = "planned"  # planned | completed | missed | skipped (coach.domain.plan)
    reason: str | None = None  # the athlete's own words on why it was missed
    reason_kind: str | None = None  # coach.domain.health.MissReason value, when known
    local_time: time | None = None
    priority: int = 3
    moved_from: date | None = None  # the date the plan had before it moved the workout
    name: str = ""
    template: str | None = None  # the library session it was made from

    @property
    def load_per_hour(self) -> float | None:
        if self.load is None or self.duration_s <= 0:
            return None
        return self.load / (self.duration_s / 3600)


SAME_SESSION_OVERLAP = 0.5
"""Two recordings of one sport from different sources that overlap for at least half of the
shorter one are one session recorded twice (a strength workout on the watch and logged in Hevy:
their starts differ by minutes, so the import's 2 s rule cannot tell)."""


def one_per_session(activities: Sequence[ActivityFact]) -> list[ActivityFact]:
    """Each session once (copies from different sources merged, see _better)."""
    ordered = sorted(activities, key=lambda a: (a.start.timestamp() if a.start else 0.0, a.id))
    kept: list[ActivityFact] = []
    for activity in ordered:
        twin = next((k for k in reversed(kept[-8:]) if _same_session(k, activity)), None)
        if twin is None:
            kept.append(activity)
        elif _better(activity, twin):
            kept[kept.index(twin)] = activity
    return sorted(kept, key=lambda a: (a.day, a.local_time, a.id))


def _same_session(a: ActivityFact, b: ActivityFact) -> bool:
    if a.sport != b.sport or a.source == b.source or a.start is None or b.start is None:
        return False
    a_end = a.start + timedelta(seconds=a.duration_s)
    b_end = b.start + timedelta(seconds=b.duration_s)
    overlap = (min(a_end, b_end) - max(a.start, b.start)).total_seconds()
    shorter = min(a.duration_s, b.duration_s)
    return shorter > 0 and overlap >= SAME_SESSION_OVERLAP * shorter


def _better(candidate: ActivityFact, current: ActivityFact) -> bool:
    """Keep the copy linked to the plan, then the one whose load is known, then the longer."""

    def merit(a: ActivityFact) -> tuple[bool, bool, float]:
        return (a.planned_id is not None, a.load is not None, a.duration_s)

    return merit(candidate) > merit(current)
