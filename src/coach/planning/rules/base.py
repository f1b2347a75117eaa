"""The shapes rules share: their input (Context), their output (Proposal, Decision)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Protocol

from coach.analysis.compare import Pattern, Period
from coach.analysis.pmc import LoadState
from coach.analysis.progress import GoalProgress
from coach.domain.athlete import AvailabilityWindow
from coach.domain.metrics import MetricType
from coach.domain.sport import Sport
from coach.planning.library import Template


@dataclass(frozen=True)
class Upcoming:
    """A planned workout still ahead."""

    id: int
    day: date
    start: time | None
    sport: Sport
    minutes: float
    priority: int
    hard: bool
    qualities: tuple[str, ...] = ()
    exercise_ids: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Context:
    today: date
    last7: Period
    goals: Sequence[GoalProgress]
    load: LoadState | None
    wellness: dict[MetricType, list[tuple[date, float]]]  # the last 7 days
    patterns: Sequence[Pattern]
    upcoming: Sequence[Upcoming]  # the next 14 days
    windows: Sequence[AvailabilityWindow]
    band_h: tuple[float, float]
    strength_planned: int = 0  # strength sessions due in the last 4 weeks
    strength_missed: int = 0
    library: Sequence[Template] = ()


@dataclass(frozen=True)
class Operation:
    """One change to the plan: remove, shorten (factor), move (to day/time), replace (by a
    library template), substitute (an exercise by another), ease (intensity factor)."""

    kind: str
    workout_id: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    rule_id: str
    rule_version: int
    title: str
    rationale: str
    evidence: dict[str, Any]
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Decision:
    """What a rule decided when it proposes nothing, and why (shown in the review)."""

    rule_id: str
    text: str
    evidence: dict[str, Any]


class Rule(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def explanation(self) -> str: ...

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]: ...


def pct(value: float | None) -> str:
    return "no data" if value is None else f"{value:.0f} %"


def window_of_session(context: Context, session: Upcoming) -> AvailabilityWindow | None:
    """The availability window a planned session sits in, if any."""
    return next(
        (
            w
            for w in context.windows
            if w.weekday == session.day.weekday() and w.start == session.start
        ),
        None,
    )
