"""Planned against done (specification §3; docs/methods.md §11).

**Matching.** A manual link (``locked``) always stands. Otherwise a completed activity matches a
planned workout of the same modality (sport) on the same local date; when several could pair
(two sessions a day), pairs are taken closest planned duration first. Never across dates, except
to the date a workout had before the plan moved it. Everything left unmatched is *unplanned* and
never counts toward adherence.

**Compliance** of a matched workout: r = actual / planned duration, coloured as TrainingPeaks
does: green 0.80-1.20, yellow 0.50-0.79 or 1.21-1.50, red otherwise; a missed workout is red.

**Adherence** (docs/methods.md §11, eduardoarantes/athlete_ai_analysis #52): per planned workout
that is due, 40 % completion (done or not), 25 % duration, 25 % intensity (load per hour), 10 %
load; each ratio part scores min(r, 1/r), so doing too much costs like doing too little. When the
planned or actual load is unknown the intensity and load parts take the duration score instead
(missing data is never read as zero). The window's adherence is the mean weighted by planned load
(planned duration when no load is planned), in percent; None when nothing was due.

**Excused** misses — illness, injury, travel (coach.domain.health.LIFE_EVENTS) — say nothing
about whether the plan fits the athlete's week: they are listed apart and never count toward
adherence or a pattern. Days of a data gap (coach.analysis.freshness) are not judged at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum
from itertools import pairwise

from coach.analysis.facts import ActivityFact, PlannedFact
from coach.domain.health import LIFE_EVENTS

GREEN_RANGE = (0.80, 1.20)
YELLOW_RANGE = (0.50, 1.50)
WEIGHT_COMPLETION = 0.40
WEIGHT_DURATION = 0.25
WEIGHT_INTENSITY = 0.25
WEIGHT_LOAD = 0.10


class Band(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    PENDING = "pending"  # not due yet


@dataclass(frozen=True, slots=True)
class Compliance:
    planned: PlannedFact
    activity: ActivityFact | None
    band: Band
    ratio: float | None  # actual / planned duration
    score: float | None  # 0-1 adherence score; None while pending
    manual: bool = False

    @property
    def excused(self) -> bool:
        """Missed for illness, injury or travel: not a sign the plan does not fit."""
        return self.activity is None and self.planned.reason_kind in LIFE_EVENTS

    @property
    def marked(self) -> bool:
        """The athlete said something about it (marked missed or skipped)."""
        return self.planned.status in ("missed", "skipped")


@dataclass(frozen=True, slots=True)
class Comparison:
    workouts: tuple[Compliance, ...]
    unplanned: tuple[ActivityFact, ...]

    def due(self, start: date, end: date, *, unknown_from: date | None = None) -> list[Compliance]:
        """Workouts of ``start``-``end`` that were due; with ``unknown_from``, the unmatched and
        unmarked ones from that day on are left out (no data yet, nothing to judge)."""
        return [
            c
            for c in self.workouts
            if start <= c.planned.day <= end
            and c.band is not Band.PENDING
            and not _unknown(c, unknown_from)
        ]


def _unknown(item: Compliance, unknown_from: date | None) -> bool:
    return (
        unknown_from is not None
        and item.planned.day >= unknown_from
        and item.activity is None
        and not item.marked
    )


def band_of(ratio: float) -> Band:
    if GREEN_RANGE[0] <= ratio <= GREEN_RANGE[1]:
        return Band.GREEN
    if YELLOW_RANGE[0] <= ratio <= YELLOW_RANGE[1]:
        return Band.YELLOW
    return Band.RED


def _closeness(actual: float | None, planned: float | None) -> float | None:
    if actual is None or planned is None or planned <= 0:
        return None
    if actual <= 0:
        return 0.0
    ratio = actual / planned
    return min(ratio, 1 / ratio)


def score(planned: PlannedFact, activity: ActivityFact | None) -> float:
    """The 0-1 adherence score of one due workout (module docstring)."""
    if activity is None:
        return 0.0
    duration = _closeness(activity.duration_s, planned.duration_s) or 0.0
    actual_rate = (
        activity.load / (activity.duration_s / 3600)
        if activity.load is not None and activity.duration_s > 0
        else None
    )
    intensity = _closeness(actual_rate, planned.load_per_hour)
    load = _closeness(activity.load, planned.load)
    return (
        WEIGHT_COMPLETION
        + WEIGHT_DURATION * duration
        + WEIGHT_INTENSITY * (duration if intensity is None else intensity)
        + WEIGHT_LOAD * (duration if load is None else load)
    )


def compare(
    planned: Sequence[PlannedFact], activities: Sequence[ActivityFact], today: date
) -> Comparison:
    """Match, then judge every planned workout; ``today``'s unmatched workouts are pending."""
    by_id = {p.id: p for p in planned}
    pairs: dict[int, tuple[ActivityFact, bool]] = {}
    used: set[int] = set()
    for activity in activities:  # manual and source-made links first
        if activity.planned_id in by_id and activity.planned_id not in pairs:
            pairs[activity.planned_id] = (activity, activity.locked)
            used.add(activity.id)
    candidates = []
    free = [a for a in activities if a.id not in used]
    by_day: dict[tuple[date, str], list[ActivityFact]] = defaultdict(list)
    for activity in free:
        by_day[(activity.day, activity.sport)].append(activity)
    for item in planned:
        if item.id in pairs:
            continue
        days = {item.day} | ({item.moved_from} if item.moved_from else set())
        for day in days:
            for activity in by_day.get((day, item.sport), ()):
                gap = abs(activity.duration_s - item.duration_s)
                candidates.append((day != item.day, gap, item.id, activity.id, activity))
    candidates.sort(key=lambda c: (c[0], c[1], c[2], c[3]))
    for _, _, planned_id, activity_id, activity in candidates:
        if planned_id in pairs or activity_id in used:
            continue
        pairs[planned_id] = (activity, False)
        used.add(activity_id)
    judged = tuple(_judge(item, pairs.get(item.id), today) for item in planned)
    unplanned = tuple(a for a in activities if a.id not in used)
    return Comparison(judged, unplanned)


def _judge(item: PlannedFact, pair: tuple[ActivityFact, bool] | None, today: date) -> Compliance:
    if pair is not None:
        activity, manual = pair
        ratio = activity.duration_s / item.duration_s if item.duration_s > 0 else None
        band = band_of(ratio) if ratio is not None else Band.GREEN
        return Compliance(item, activity, band, ratio, score(item, activity), manual)
    if item.day >= today and item.status == "planned":
        return Compliance(item, None, Band.PENDING, None, None)
    return Compliance(item, None, Band.RED, 0.0, 0.0)


def adherence(workouts: Iterable[Compliance]) -> float | None:
    """Load-weighted adherence of due workouts, in percent (None when none was due)."""
    total = weight_sum = 0.0
    for item in workouts:
        if item.score is None or item.excused:
            continue
        weight = item.planned.load or item.planned.duration_s / 3600 or 1.0
        total += weight * item.score
        weight_sum += weight
    return None if weight_sum == 0 else 100 * total / weight_sum


def week_start(day: date) -> date:
    """Monday of ``day``'s week (ISO weeks)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Miss:
    """A due session that was not done: what, when, and why when the athlete said."""

    workout_id: int
    name: str
    day: date
    sport: str
    kind: str | None = None  # coach.domain.health.MissReason value
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """Planned against done over a span of days. ``workouts``, ``completed`` and ``missed`` leave
    out excused misses (listed in ``excused``) and days without data (counted in ``unknown``)."""

    start: date
    end: date
    adherence_pct: float | None
    planned_h: float  # every planned session of the span
    actual_h: float  # everything done, matched or not
    matched_h: float
    unplanned_h: float
    planned_load: float | None
    actual_load: float | None  # None when no activity's load is known
    hours_by_sport: dict[str, float] = field(default_factory=dict)
    sessions_by_sport: dict[str, int] = field(default_factory=dict)
    workouts: int = 0
    completed: int = 0
    missed: tuple[Miss, ...] = ()
    excused: tuple[Miss, ...] = ()
    unknown: int = 0
    due_h: float = 0.0  # planned hours of the judged sessions (``workouts``)


def _miss(item: Compliance) -> Miss:
    p = item.planned
    return Miss(p.id, p.name or p.sport, p.day, p.sport, p.reason_kind, p.reason)


def period(
    comparison: Comparison,
    activities: Sequence[ActivityFact],
    start: date,
    end: date,
    *,
    unknown_from: date | None = None,
) -> Period:
    every = comparison.due(start, end)
    judged = comparison.due(start, end, unknown_from=unknown_from)
    due = [c for c in judged if not c.excused]
    inside = [c for c in comparison.workouts if start <= c.planned.day <= end]
    done = [a for a in activities if start <= a.day <= end]
    unplanned_ids = {a.id for a in comparison.unplanned}
    planned_loads = [c.planned.load for c in inside if c.planned.load is not None]
    known_loads = [a.load for a in done if a.load is not None]
    hours: defaultdict[str, float] = defaultdict(float)
    sessions: Counter[str] = Counter()
    for activity in done:
        hours[activity.sport] += activity.duration_s / 3600
        sessions[activity.sport] += 1
    return Period(
        start=start,
        end=end,
        adherence_pct=adherence(due),
        planned_h=sum(c.planned.duration_s for c in inside) / 3600,
        actual_h=sum(a.duration_s for a in done) / 3600,
        matched_h=sum(a.duration_s for a in done if a.id not in unplanned_ids) / 3600,
        unplanned_h=sum(a.duration_s for a in done if a.id in unplanned_ids) / 3600,
        planned_load=sum(planned_loads) if planned_loads else None,
        actual_load=sum(known_loads) if known_loads else None,
        hours_by_sport=dict(hours),
        sessions_by_sport=dict(sessions),
        workouts=len(due),
        completed=sum(1 for c in due if c.activity is not None),
        missed=tuple(_miss(c) for c in due if c.activity is None),
        excused=tuple(_miss(c) for c in judged if c.excused),
        unknown=len(every) - len(judged),
        due_h=sum(c.planned.duration_s for c in due) / 3600,
    )


@dataclass(frozen=True, slots=True)
class Recovery:
    hard_days: tuple[date, ...]
    days_between_hard: tuple[int, ...]  # gaps in days between consecutive hard days
    back_to_back: int  # pairs of hard days in a row


def recovery(activities: Sequence[ActivityFact]) -> Recovery:
    """Days with a hard session (ActivityFact.hard, coach.analysis.intensity) and the gaps
    between them."""
    days = sorted({a.day for a in activities if a.hard})
    gaps = tuple((b - a).days for a, b in pairwise(days))
    return Recovery(tuple(days), gaps, sum(1 for gap in gaps if gap == 1))


PATTERN_WEEKS = 4
PATTERN_MIN_MISSES = 2
PATTERN_MIN_SHARE = 0.5
"""A pattern is a sport, weekday or time of day whose planned workouts over the last 4 weeks were
missed at least twice and at least half the time."""

WINDOWS = ((time(0), "early morning"), (time(9), "morning"), (time(12), "midday"),
           (time(17), "evening"))  # fmt: skip


def window_of(moment: time) -> str:
    return [name for start, name in WINDOWS if moment >= start][-1]


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str  # sport | weekday | window
    value: str
    missed: int
    planned: int


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def patterns(
    comparison: Comparison, today: date, *, unknown_from: date | None = None
) -> list[Pattern]:
    """Repeated misses over the last PATTERN_WEEKS weeks (before ``today``); excused misses and
    days without data do not count."""
    start = today - timedelta(weeks=PATTERN_WEEKS)
    due = [
        c
        for c in comparison.due(start, today - timedelta(days=1), unknown_from=unknown_from)
        if not c.excused
    ]
    planned: Counter[tuple[str, str]] = Counter()
    missed: Counter[tuple[str, str]] = Counter()
    for item in due:
        keys = [("sport", item.planned.sport), ("weekday", WEEKDAYS[item.planned.day.weekday()])]
        if item.planned.local_time is not None:
            keys.append(("window", window_of(item.planned.local_time)))
        for key in keys:
            planned[key] += 1
            if item.activity is None:
                missed[key] += 1
    found = [
        Pattern(kind, value, missed[(kind, value)], planned[(kind, value)])
        for (kind, value) in missed
        if missed[(kind, value)] >= PATTERN_MIN_MISSES
        and missed[(kind, value)] / planned[(kind, value)] >= PATTERN_MIN_SHARE
    ]
    return sorted(found, key=lambda p: (-p.missed / p.planned, -p.missed, p.kind, p.value))
