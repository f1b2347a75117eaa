"""The shapes rules share: their input (Context), their output (Proposal, Note), and the helpers
that read the coming weeks (which window a session sits in, what is free, where hard days are).

A coach reads the evening in an order of urgency (docs/coaching.md §1) — health, data, recovery,
fit to life, direction, details — and each rule belongs to one :class:`Stage`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import IntEnum, StrEnum
from typing import Any, Protocol

from coach.analysis.compare import Pattern, Period
from coach.analysis.freshness import Freshness
from coach.analysis.pmc import LoadState
from coach.analysis.progress import GoalProgress
from coach.analysis.readiness import Readiness
from coach.domain.athlete import AvailabilityWindow
from coach.domain.health import Episode, EpisodeKind
from coach.domain.plan import change_key
from coach.domain.sport import Equipment
from coach.domain.units import UnitSystem
from coach.planning.goals import goal_training
from coach.planning.kit import Evidence, window_kit
from coach.planning.library import Template


class Stage(IntEnum):
    """The order of urgency in which the evening is read (docs/coaching.md §1)."""

    HEALTH = 1
    DATA = 2
    RECOVERY = 3
    FIT = 4
    DIRECTION = 5
    DETAILS = 6


class Verdict(StrEnum):
    """The headline decision of an evening."""

    KEEP = "keep"
    ADJUST = "adjust"
    RECOVER = "recover"
    PAUSE = "pause"


@dataclass(frozen=True)
class Upcoming:
    """A planned workout still ahead."""

    id: int
    day: date
    start: time | None
    sport: str
    minutes: float
    priority: int
    hard: bool
    qualities: tuple[str, ...] = ()
    exercise_ids: tuple[str, ...] = ()
    name: str = ""
    template: str | None = None  # the library session it was made from
    uid: str = ""  # the workout across plan versions (its id changes with each change)


@dataclass(frozen=True)
class Past:
    """A planned workout that was due (today included): done or not, and why not."""

    id: int
    day: date
    start: time | None
    sport: str
    name: str
    done: bool
    kind: str | None = None  # coach.domain.health.MissReason value, when missed and said
    excused: bool = False  # illness, injury, travel
    template: str | None = None
    minutes: float = 0.0


@dataclass(frozen=True)
class Week:
    """One full week (Monday to Sunday) of what was done against the plan."""

    monday: date
    done_h: float  # everything done
    planned_h: float
    unplanned_h: float
    longer_h: float  # time done beyond the plan in sessions that ran longer than planned
    unplanned_by_sport: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TrackedGoal:
    id: int
    progress: GoalProgress


@dataclass(frozen=True)
class Context:
    today: date
    last7: Period
    goals: Sequence[TrackedGoal]
    load: LoadState | None
    readiness: Readiness
    upcoming: Sequence[Upcoming]  # from tomorrow to the end of the week 14 days ahead
    windows: Sequence[AvailabilityWindow]
    band_h: tuple[float, float]
    library: Sequence[Template]
    weeks: Sequence[Week] = ()  # the last full weeks, oldest first
    history: Sequence[Past] = ()  # due workouts of the last 4 weeks, oldest first
    patterns: Sequence[Pattern] = ()
    evidence: Evidence = field(default_factory=Evidence)
    episodes: Sequence[Episode] = ()
    freshness: Freshness = field(default_factory=lambda: Freshness((), None))
    system: UnitSystem = UnitSystem.METRIC
    load_per_hour: float | None = None  # the athlete's usual load per hour of training
    done_hard_days: frozenset[date] = frozenset()  # days with a hard session done
    paused: str | None = None  # why goals are paused (an illness, injury or trip), if they are
    settled: frozenset[str] = frozenset()  # keys of changes already applied or turned down

    def key(self, proposal: Proposal) -> str:
        """What the proposal changes, by workout uid: the same change on a workout that another
        approval has since re-versioned has the same key (coach.domain.plan.change_key)."""
        uids = {u.id: u.uid for u in self.upcoming if u.uid}
        return change_key(
            proposal.rule_id,
            [
                (op.kind, uids.get(op.workout_id or 0, op.workout_id), op.params)
                for op in proposal.operations
            ],
        )

    def template(self, template_id: str | None) -> Template | None:
        return next((t for t in self.library if t.id == template_id), None)

    def usual_minutes(self, session: Upcoming) -> float:
        """How long the session is when nothing has shortened it: its library session's time."""
        template = self.template(session.template)
        return float(template.minutes) if template else session.minutes

    def windows_on(self, day: date) -> list[AvailabilityWindow]:
        """The day's windows: a trip's own windows on its days, else the usual ones."""
        for episode in self.episodes:
            if episode.kind is EpisodeKind.TRAVEL and episode.covers(day):
                return list(episode.windows)
        return [w for w in self.windows if w.weekday == day.weekday()]

    def window_of(self, session: Upcoming) -> AvailabilityWindow | None:
        """The window the session's start lies in, on its day."""
        if session.start is None:
            return None
        return next(
            (w for w in self.windows_on(session.day) if w.start <= session.start < w.end), None
        )

    def kit(self, window: AvailabilityWindow) -> frozenset[Equipment]:
        return window_kit(window, self.evidence)

    def goal(self, goal_id: int) -> TrackedGoal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def stimulus_kept(self, sessions: Sequence[Upcoming]) -> set[str]:
        """The first quality of every active goal that ``sessions`` still train."""
        trained = {q for s in sessions for q in s.qualities}
        table = goal_training()
        return {
            spec.qualities[0].value
            for g in self.goals
            if (spec := table.get(g.progress.goal.kind)) is not None
            and spec.qualities[0].value in trained
        }


@dataclass(frozen=True)
class Operation:
    """One change, as data. On a planned workout: remove; shorten (factor); ease (factor);
    steady (minutes); move (day, start); substitute (exercise, by); replace (template);
    drop_exercise (exercise); add_exercise (exercise, sets, reps). Beyond the plan (no
    workout): goal_range (goal, low, high) holds a goal in a band; set_window (weekday, start,
    end, sports) changes one availability window."""

    kind: str
    workout_id: int | None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    rule_id: str
    rule_version: int
    title: str
    rationale: str
    evidence: dict[str, Any]
    operations: tuple[Operation, ...]
    decision: Verdict = Verdict.ADJUST
    effect: str = ""  # what approving it should bring about, said as a coach would
    focus: str = ""  # the "next week" line when this is the evening's decision


@dataclass(frozen=True)
class Note:
    """What a rule found or decided without proposing a change, and why. ``holds``: stages
    whose judgement must wait (a data gap holds back adherence and goals)."""

    rule_id: str
    text: str
    evidence: dict[str, Any] = field(default_factory=dict)
    holds: frozenset[Stage] = frozenset()
    concern: bool = False  # something to act on another evening, said even below the decision


Finding = Proposal | Note


class Rule(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def stage(self) -> Stage: ...

    @property
    def explanation(self) -> str: ...

    def __call__(self, context: Context) -> Sequence[Finding]: ...


def pct(value: float | None) -> str:
    return "no data" if value is None else f"{value:.0f} %"


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hard_days(context: Context, ignore: set[int] | None = None) -> set[date]:
    """Days that hold a hard session ahead (upcoming, but those in ``ignore``) or behind."""
    skip = ignore or set()
    days = {u.day for u in context.upcoming if u.hard and u.id not in skip}
    return days | set(context.done_hard_days)


def near_hard(day: date, hard: set[date]) -> bool:
    return bool({day - timedelta(days=1), day, day + timedelta(days=1)} & hard)


def free_windows(
    context: Context, monday: date, taken: set[tuple[date, time]] | None = None
) -> list[tuple[date, AvailabilityWindow]]:
    """The week's windows after today that hold no upcoming session (nor one in ``taken``)."""
    busy = {(u.day, u.start) for u in context.upcoming if u.start is not None} | (taken or set())
    found = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if day <= context.today:
            continue
        for window in context.windows_on(day):
            if not any(d == day and window.start <= t < window.end for d, t in busy):
                found.append((day, window))
    return found


def slot_rate(context: Context, weekday: int, start: time | None) -> float | None:
    """Share of due sessions done at this weekday and start over the history (None: no
    history there); excused misses left out."""
    due = [
        p
        for p in context.history
        if p.day.weekday() == weekday and p.start == start and not p.excused
    ]
    if not due:
        return None
    return sum(1 for p in due if p.done) / len(due)
