"""A training plan from the goals, the availability windows and the hours band. Pure code.

- **Weekly time**: the middle of the weekly-hours goal's band (3-5 h: 4 h) in the first week,
  then +7 % a week for two weeks, and every 4th week a lighter week at the band's floor (a 3:1
  build/recover cycle; docs/methods.md §10: recovery weeks -30 to -50 %, here as deep as the band
  allows: the plan's own weeks always stay inside the athlete's band, docs/coaching.md §6).
  Build weeks never go above the band's top.
- **Mix**: each active goal adds (6 - priority) weight to the qualities it needs
  (coach.planning.goals, data/goals.toml); each week's minutes go, session by session, to the
  quality furthest below its share, choosing the library sessions that train it in turn, week
  after week. A session's minutes count equally toward every quality it serves.
- **Placement**: only in the athlete's windows (on travel days, the trip's windows instead), one
  session per window, a session no longer than its window, of a sport the window allows and only
  what the window's place and kit allow (coach.planning.kit: exercises are swapped within their
  group for what is there, a session that still cannot be done there is not placed there); never
  two hard sessions on consecutive days unless ``allow_hard_back_to_back``.
- **Hard sessions first**: before the week is filled, the key hard session of each quality that
  has one (VO2 max intervals, swim speed or CSS sets, lower-body power: a hard library session
  whose first ``serves`` is that quality and that trains an active goal directly, when the
  qualities it trains have the time for it) is
  placed, choosing the combination of windows that serves the most goal share without hard days
  side by side. Filling greedily instead lets one quality's hard session take the only day
  another quality's could use (a strength day before the only cardio window), and a goal can go
  weeks without the session it needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from coach.domain.athlete import AvailabilityWindow
from coach.domain.goals import Goal, GoalKind, GoalStatus
from coach.domain.units import PoolUnit
from coach.domain.workout import WorkoutDefinition
from coach.planning.goals import goal_training, qualities_of
from coach.planning.kit import Evidence, fits, fitted, window_kit
from coach.planning.library import Intensity, Quality, Template

BUILD_FACTORS = (1.0, 1.07, 1.14, 0.0)
"""Weekly-time factors of a 4-week block: three build weeks, then a lighter week (0: at the
band's floor)."""
DEFAULT_BAND_H = (3.0, 5.0)
HARD_FIRST_MIN_SESSION_SHARE = 0.5
"""A hard session is placed first in a week only when the shares of the qualities it trains add
up to at least this fraction of its length in the week's minutes (a small share gets easy work)."""
OVERSHOOT_MIN = 15
"""A week's sessions never add up to more than its planned minutes plus this, except to reach
the band's floor (then up to the band's top)."""


@dataclass(frozen=True)
class PlanRequest:
    start: date  # a Monday (earlier days of its week are skipped)
    weeks: int
    goals: Sequence[Goal]
    windows: Sequence[AvailabilityWindow]
    library: Sequence[Template]
    pool_length: float = 25.0
    pool_unit: PoolUnit = PoolUnit.YARDS
    allow_hard_back_to_back: bool = False
    first_day: date | None = None  # nothing before this day (e.g. today)
    evidence: Evidence = field(
        default_factory=Evidence
    )  # kit the athlete's logs show (coach.planning.kit)
    overrides: Mapping[date, Sequence[AvailabilityWindow]] = field(default_factory=dict)
    """Days whose windows are not the usual ones (travel): the day -> its windows (may be none)."""

    def slots(self, monday: date) -> list[tuple[date, AvailabilityWindow]]:
        """The week's windows from ``first_day`` on, in time order."""
        found = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if self.first_day is not None and day < self.first_day:
                continue
            windows = self.overrides.get(day)
            if windows is None:
                windows = [w for w in self.windows if w.weekday == day.weekday()]
            found += [(day, w) for w in windows]
        return sorted(found, key=lambda pair: (pair[0], pair[1].start))


@dataclass(frozen=True)
class PlannedSession:
    day: date
    start: time
    template: Template
    definition: WorkoutDefinition
    priority: int
    week: int  # 0-based
    minutes: int

    @property
    def hard(self) -> bool:
        return self.template.intensity is Intensity.HARD


def band(goals: Sequence[Goal]) -> tuple[float, float]:
    for goal in goals:
        if goal.kind is GoalKind.WEEKLY_HOURS and goal.status is GoalStatus.ACTIVE:
            low = goal.target_value or DEFAULT_BAND_H[0]
            return low, goal.target_max or max(low, DEFAULT_BAND_H[1])
    return DEFAULT_BAND_H


def weekly_minutes(goals: Sequence[Goal], weeks: int) -> list[float]:
    low, high = band(goals)
    base = (low + high) / 2
    out = []
    for week in range(weeks):
        factor = BUILD_FACTORS[week % len(BUILD_FACTORS)]
        hours = low if factor == 0 else min(base * factor, high)
        out.append(hours * 60)
    return out


def quality_weights(goals: Sequence[Goal]) -> tuple[dict[Quality, float], dict[Quality, int]]:
    """Share of time per quality, and the best (lowest) goal priority each quality serves."""
    weights: defaultdict[Quality, float] = defaultdict(float)
    priority: dict[Quality, int] = {}
    for goal in goals:
        if goal.status is not GoalStatus.ACTIVE:
            continue
        qualities = qualities_of(goal.kind)
        for quality in qualities:
            weights[quality] += (6 - goal.priority) / len(qualities)
            priority[quality] = min(priority.get(quality, 5), goal.priority)
    total = sum(weights.values())
    if total == 0:  # no goal to steer by: a balanced week
        return {Quality.AEROBIC: 0.4, Quality.STRENGTH: 0.4, Quality.MOBILITY: 0.2}, {}
    return {q: w / total for q, w in weights.items()}, priority


def generate(request: PlanRequest) -> list[PlannedSession]:
    shares, priorities = quality_weights(request.goals)
    budgets = weekly_minutes(request.goals, request.weeks)
    low, high = (h * 60 for h in band(request.goals))
    turn: defaultdict[Quality, int] = defaultdict(int)  # rotates the sessions of a quality
    sessions: list[PlannedSession] = []
    hard_days: set[date] = set()
    for week, budget in enumerate(budgets):
        monday = request.start + timedelta(weeks=week)
        slots = request.slots(monday)
        used: dict[Quality, float] = defaultdict(float)
        spent = 0.0
        free = list(slots)
        first = _hard_first(request, shares, turn, free, hard_days, budget)
        while free and spent < budget:
            if first:
                placed: tuple[date, AvailabilityWindow, Template, Quality] | None = first.pop(0)
            else:
                room = budget - spent + OVERSHOOT_MIN
                if spent < low:  # below the band's floor: any session that keeps under its top
                    room = max(room, high - spent)
                placed = _place_one(request, shares, used, turn, free, hard_days, room)
            if placed is None:
                break
            day, window, template, quality = placed
            free.remove((day, window))
            for served in template.serves:  # a session trains every quality it serves
                used[served] += template.minutes / len(template.serves)
            spent += template.minutes
            if template.intensity is Intensity.HARD:
                hard_days.add(day)
            sessions.append(
                PlannedSession(
                    day=day,
                    start=window.start,
                    template=template,
                    definition=fitted(
                        template.definition(request.pool_length, request.pool_unit),
                        window_kit(window, request.evidence),
                    ),
                    priority=priorities.get(quality, 3),
                    week=week,
                    minutes=template.minutes,
                )
            )
    return sorted(sessions, key=lambda s: (s.day, s.start))


def _place_one(
    request: PlanRequest,
    shares: dict[Quality, float],
    used: dict[Quality, float],
    turn: defaultdict[Quality, int],
    free: list[tuple[date, AvailabilityWindow]],
    hard_days: set[date],
    room: float,
) -> tuple[date, AvailabilityWindow, Template, Quality] | None:
    """The most underserved quality's next session in the earliest window that takes it."""
    total_used = sum(used.values()) or 1.0
    order = sorted(shares, key=lambda q: used.get(q, 0.0) / total_used - shares[q])
    for quality in order:
        candidates = [t for t in request.library if quality in t.serves]
        if not candidates:
            continue
        start = turn[quality]
        rotated = candidates[start % len(candidates) :] + candidates[: start % len(candidates)]
        for template in rotated:
            if template.minutes > room:
                continue
            for day, window in free:
                if not fits(template, window, window_kit(window, request.evidence)):
                    continue
                if (
                    template.intensity is Intensity.HARD
                    and not request.allow_hard_back_to_back
                    and _near(day) & hard_days
                ):
                    continue
                turn[quality] += 1
                return day, window, template, quality
    return None


Option = tuple[date, AvailabilityWindow, Template]


def _near(day: date) -> set[date]:
    """The day and its neighbours: where a second hard session must not go."""
    return {day - timedelta(days=1), day, day + timedelta(days=1)}


def _served(template: Template, shares: dict[Quality, float]) -> float:
    """The goal share a session trains: the shares of every quality it serves."""
    return sum(shares.get(q, 0.0) for q in template.serves)


def _hard_first(
    request: PlanRequest,
    shares: dict[Quality, float],
    turn: defaultdict[Quality, int],
    free: list[tuple[date, AvailabilityWindow]],
    hard_days: set[date],
    budget: float,
) -> list[tuple[date, AvailabilityWindow, Template, Quality]]:
    """The week's key hard sessions: per quality the windows its next hard session fits, then
    the combination whose qualities add up to the most goal share while keeping hard days apart
    and the week in budget. Advances each chosen quality's rotation."""
    pending: list[tuple[Quality, list[Option]]] = []
    key_templates = key_sessions(request)
    for quality in sorted(shares, key=lambda q: -shares[q]):
        own = [
            t
            for t in request.library
            if t.intensity is Intensity.HARD
            and t.serves
            and t.serves[0] is quality
            and t.id in key_templates
        ]
        if not own:
            continue
        start = turn[quality] % len(own)
        rotated = own[start:] + own[:start]
        options: list[Option] = []
        for day, window in free:
            kit = window_kit(window, request.evidence)
            template = next((t for t in rotated if fits(t, window, kit)), None)
            if template is None:
                continue
            if _served(template, shares) * budget < template.minutes * HARD_FIRST_MIN_SESSION_SHARE:
                continue
            options.append((day, window, template))
        if options:
            pending.append((quality, options))
    best: tuple[float, list[tuple[Quality, Option]]] = (0.0, [])

    def search(
        index: int,
        chosen: list[tuple[Quality, Option]],
        score: float,
        days: set[date],
        minutes: float,
    ) -> None:
        nonlocal best
        if score > best[0]:
            best = (score, list(chosen))
        if index == len(pending):
            return
        quality, options = pending[index]
        for option in options:
            day, window, template = option
            if any(o[1] is window and o[0] == day for _, o in chosen):
                continue
            if minutes + template.minutes > budget + OVERSHOOT_MIN:
                continue
            if not request.allow_hard_back_to_back and _near(day) & days:
                continue
            chosen.append((quality, option))
            search(
                index + 1, chosen, score + shares[quality], days | {day}, minutes + template.minutes
            )
            chosen.pop()
        search(index + 1, chosen, score, days, minutes)

    search(0, [], 0.0, set(hard_days), 0.0)
    for quality, _ in best[1]:
        turn[quality] += 1
    return [(day, window, template, quality) for quality, (day, window, template) in best[1]]


def key_sessions(request: PlanRequest) -> set[str]:
    """Library sessions that train an active goal directly (its key groups and exercises,
    coach.planning.goals): only these are placed first as a quality's key hard session."""
    table = goal_training()
    specs = [
        spec
        for goal in request.goals
        if goal.status is GoalStatus.ACTIVE and (spec := table.get(goal.kind)) is not None
    ]
    return {t.id for t in request.library if any(spec.trains(t) for spec in specs)}


def unserved(request: PlanRequest) -> list[Quality]:
    """Qualities the goals ask for that no library session can train in any of the windows
    (the windows' sports, time or kit rule every one out), most wanted first."""
    shares, _ = quality_weights(request.goals)
    missing = []
    for quality in sorted(shares, key=lambda q: -shares[q]):
        if not any(
            quality in t.serves and fits(t, w, window_kit(w, request.evidence))
            for t in request.library
            for w in request.windows
        ):
            missing.append(quality)
    return missing
