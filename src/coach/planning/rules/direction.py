"""Direction: goals ahead and behind (docs/coaching.md §7; specification §5-6).

- **A goal reached** is news: the review says so, and proposes to hold it from now on — the goal
  becomes a band around its target (the goal kind's ``maintenance`` half-width in
  data/goals.toml), so its effort can go to the goals that need it.
- **A goal lagging** (off track, with a trend; weekly hours are the volume rule's business): when
  its own key sessions keep being missed (``missed_share`` of at least ``missed_min`` due in 4
  weeks), getting those done comes first and nothing is added. Otherwise one upcoming session of
  the next 14 days that trains no lagging goal — one serving a goal that is ahead first (on track
  at ``ahead_factor`` times the rate it needs, or reached), then the least important — changes,
  best option first:

  1. its content, in the same sport: a library session of the goal's key groups, or the goal's
     key exercise added to a strength session (box jump -> jumps first in the session);
  2. a session of another sport that trains the goal, in the same window;
  3. the window itself: it also allows a sport that trains the goal (the athlete approves the
     window change with the session).

  The new session must train the lagging quality (coach.planning.goals: key groups and
  exercises), fit the window's time and kit, keep hard days apart, and leave every active goal a
  session for the quality it needs first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from coach.analysis.compare import WEEKDAYS
from coach.analysis.progress import Reason, Status
from coach.domain.athlete import AvailabilityWindow
from coach.domain.exercises import exercise_library
from coach.domain.goals import Direction, GoalKind
from coach.domain.sport import Equipment, Sport
from coach.domain.units import format_quantity
from coach.domain.words import count, rate
from coach.planning.goals import GoalTraining, goal_training
from coach.planning.library import Intensity, Template
from coach.planning.rules.base import (
    Context,
    Finding,
    Note,
    Operation,
    Proposal,
    Stage,
    TrackedGoal,
    Upcoming,
    Verdict,
    hard_days,
    near_hard,
    week_of,
)
from coach.planning.rules.place import adapted, named

LAG_REASONS = (Reason.RATE, Reason.DIRECTION, Reason.OUTSIDE, Reason.DEADLINE_PASSED)
KEY_EXERCISE_SETS = 3
KEY_EXERCISE_REPS = 5


def _value(goal: TrackedGoal, number: float, context: Context) -> str:
    return format_quantity(number, goal.progress.goal.dimension, context.system)


@dataclass(frozen=True)
class ReachedRule:
    id: str = "goal_reached"
    version: int = 1
    stage: Stage = Stage.DIRECTION
    explanation: str = __doc__ or ""

    def __call__(self, context: Context) -> Sequence[Finding]:
        found: list[Finding] = []
        for tracked in context.goals:
            progress = tracked.progress
            goal = progress.goal
            spec = goal_training().get(goal.kind)
            if not progress.reached or goal.target_value is None or spec is None:
                continue
            if goal.direction not in (Direction.INCREASE, Direction.DECREASE):
                continue
            half = spec.maintenance
            low, high = goal.target_value - half, goal.target_value + half
            assert progress.trend is not None
            band = f"{_value(tracked, low, context)}-{_value(tracked, high, context)}"
            found.append(
                Proposal(
                    self.id,
                    self.version,
                    f"{goal.title} reached: hold it at {band}",
                    f"{goal.title} reached its target: the trend is "
                    f"{_value(tracked, progress.trend, context)} against "
                    f"{_value(tracked, goal.target_value, context)}. From now on the goal is to "
                    f"hold it between {band}.",
                    {
                        "goal": tracked.id,
                        "trend": round(progress.trend, 3),
                        "target": goal.target_value,
                        "low": round(low, 4),
                        "high": round(high, 4),
                    },
                    (
                        Operation(
                            "goal_range",
                            None,
                            {"goal": tracked.id, "low": round(low, 4), "high": round(high, 4)},
                        ),
                    ),
                    decision=Verdict.ADJUST,
                    effect=f"{goal.title} counts as on track while it stays in {band}; its "
                    "share of the training can go to the goals that lag.",
                    focus=f"Next week: hold {goal.title.lower()}, keep building the rest.",
                )
            )
        return found[:1]


@dataclass(frozen=True)
class BalanceRule:
    id: str = "goal_balance"
    version: int = 2
    stage: Stage = Stage.DIRECTION
    explanation: str = __doc__ or ""
    ahead_factor: float = 2.0
    missed_share: float = 0.5
    missed_min: int = 2
    lookahead_days: int = 14

    def ahead(self, tracked: TrackedGoal) -> bool:
        progress = tracked.progress
        if progress.reached:
            return True
        needed, per_week = progress.needed_per_week, progress.per_week
        return (
            progress.status is Status.ON_TRACK
            and needed not in (None, 0)
            and per_week is not None
            and per_week / needed >= self.ahead_factor
        )

    def lagging(self, context: Context) -> list[tuple[TrackedGoal, GoalTraining]]:
        table = goal_training()
        found = [
            (g, spec)
            for g in context.goals
            if g.progress.status is Status.OFF_TRACK
            and g.progress.reason in LAG_REASONS
            and g.progress.goal.kind is not GoalKind.WEEKLY_HOURS
            and (spec := table.get(g.progress.goal.kind)) is not None
        ]
        return sorted(
            found, key=lambda pair: (-pair[0].progress.behind, pair[0].progress.goal.priority)
        )

    def __call__(self, context: Context) -> Sequence[Finding]:
        lagging = self.lagging(context)
        if not lagging or context.paused:
            return []
        target, spec = lagging[0]
        title = target.progress.goal.title
        key_due = [
            p
            for p in context.history
            if not p.excused and (t := context.template(p.template)) is not None and spec.trains(t)
        ]
        missed = [p for p in key_due if not p.done]
        if len(missed) >= self.missed_min and len(missed) / len(key_due) >= self.missed_share:
            return [
                Note(
                    self.id,
                    f"{title} is off track, but {len(missed)} of its {len(key_due)} key sessions "
                    "in the last 4 weeks were missed: getting those done comes before adding "
                    "more.",
                    {"goal": target.id, "missed": len(missed), "due": len(key_due)},
                    concern=True,
                )
            ]
        ahead = [g for g in context.goals if self.ahead(g) and g.id != target.id]
        choice = self._choose(context, spec, ahead, [s for _, s in lagging])
        evidence = {
            "goal": target.progress.goal.kind.value,
            "per_week": target.progress.per_week,
            "needed_per_week": target.progress.needed_per_week,
            "ahead": [g.progress.goal.kind.value for g in ahead],
        }
        if choice is None:
            return [
                Note(
                    self.id,
                    f"{title} is off track, and no session of the next two weeks can change to "
                    "train it without losing another goal's only session or a rest day between "
                    "hard ones.",
                    evidence,
                )
            ]
        _, operations, change = choice
        return [
            Proposal(
                self.id,
                self.version,
                f"More {title}",
                f"{self._why(context, target, ahead)} {change[0].upper()}{change[1:]}.",
                evidence,
                tuple(operations),
                decision=Verdict.ADJUST,
                effect=self._effect(context, spec, title),
                focus=f"Next week: more {title}.",
            )
        ]

    def _why(self, context: Context, target: TrackedGoal, ahead: list[TrackedGoal]) -> str:
        progress = target.progress
        dimension = progress.goal.dimension
        rates = ""
        if progress.per_week is not None and progress.needed_per_week is not None:
            rates = (
                f" ({rate(progress.per_week, dimension, context.system)} against "
                f"{rate(progress.needed_per_week, dimension, context.system)} needed)"
            )
        text = f"{progress.goal.title} is off track{rates}"
        if ahead:
            other = ahead[0].progress
            if other.reached:
                text += f", while {other.goal.title} has reached its target"
            else:
                assert other.per_week is not None
                assert other.needed_per_week is not None
                text += (
                    f", while {other.goal.title} improves faster than it needs to "
                    f"({rate(other.per_week, other.goal.dimension, context.system)} against "
                    f"{rate(other.needed_per_week, other.goal.dimension, context.system)})"
                )
        return text + "."

    def _effect(self, context: Context, spec: GoalTraining, title: str) -> str:
        window = [u for u in context.upcoming if u.day <= context.today + timedelta(days=14)]
        before = sum(
            1 for u in window if (t := context.template(u.template)) is not None and spec.trains(t)
        )
        return (
            f"{count(before + 1, 'session')} that train{'s' if before == 0 else ''} {title} in "
            f"the next 14 days instead of {before}."
        )

    def _choose(
        self,
        context: Context,
        spec: GoalTraining,
        ahead: list[TrackedGoal],
        lagging: list[GoalTraining],
    ) -> tuple[Upcoming, list[Operation], str] | None:
        table = goal_training()
        ahead_qualities = {
            q.value for g in ahead if (s := table.get(g.progress.goal.kind)) for q in s.qualities
        }
        last = context.today + timedelta(days=self.lookahead_days)
        candidates = [
            u
            for u in context.upcoming
            if u.day <= last
            and not any(
                (t := context.template(u.template)) is not None and s.trains(t) for s in lagging
            )
        ]
        candidates.sort(
            key=lambda u: (not set(u.qualities) & ahead_qualities, -u.priority, u.hard, u.day)
        )
        for option in (self._content, self._cross, self._window):
            for session in candidates:
                found = option(context, spec, session)
                if found is not None:
                    return session, found[0], found[1]
        return None

    def _keeps_stimulus(self, context: Context, session: Upcoming, template: Template) -> bool:
        week = [u for u in context.upcoming if week_of(u.day) == week_of(session.day)]
        after = [u if u.id != session.id else _as(u, template) for u in week]
        return context.stimulus_kept(after) >= context.stimulus_kept(week)

    def _spaced(self, context: Context, session: Upcoming, hard: bool) -> bool:
        return not hard or not near_hard(session.day, hard_days(context, ignore={session.id}))

    def _content(
        self, context: Context, spec: GoalTraining, session: Upcoming
    ) -> tuple[list[Operation], str] | None:
        """Option 1: the same sport, content that trains the goal."""
        window = context.window_of(session)
        if window is not None and session.sport == Sport.STRENGTH.value and spec.key_exercises:
            return self._add_exercise(context, spec, session, context.kit(window))
        return self._replaced(context, spec, session, window, same_sport=True)

    def _cross(
        self, context: Context, spec: GoalTraining, session: Upcoming
    ) -> tuple[list[Operation], str] | None:
        """Option 2: another sport the window allows that trains the goal."""
        return self._replaced(context, spec, session, context.window_of(session), same_sport=False)

    def _replaced(
        self,
        context: Context,
        spec: GoalTraining,
        session: Upcoming,
        window: AvailabilityWindow | None,
        *,
        same_sport: bool,
    ) -> tuple[list[Operation], str] | None:
        if window is None:
            return None
        for template in context.library:
            if (template.sport == session.sport) is not same_sport or not spec.trains(template):
                continue
            if not self._spaced(context, session, template.intensity is Intensity.HARD):
                continue
            if not self._keeps_stimulus(context, session, template):
                continue
            ops = adapted(context, session, template, window)
            if ops is not None:
                return ops, f"{named(session)} becomes {template.name}"
        return None

    def _add_exercise(
        self, context: Context, spec: GoalTraining, session: Upcoming, kit: frozenset[Equipment]
    ) -> tuple[list[Operation], str] | None:
        library = exercise_library()
        for group in spec.key_exercises:
            if any(
                (e := library.get(i)) is not None and e.group == group for i in session.exercise_ids
            ):
                return None  # it holds one already: its content trains the goal
        for exercise in library.exercises:
            if exercise.group not in spec.key_exercises or not set(exercise.equipment) <= kit:
                continue
            if not self._spaced(context, session, True):
                return None
            params = {"exercise": exercise.id, "sets": KEY_EXERCISE_SETS, "reps": KEY_EXERCISE_REPS}
            return [Operation("add_exercise", session.id, params)], (
                f"{named(session)} starts with {KEY_EXERCISE_SETS} x {KEY_EXERCISE_REPS} "
                f"{exercise.name.lower()}s"
            )
        return None

    def _window(
        self, context: Context, spec: GoalTraining, session: Upcoming
    ) -> tuple[list[Operation], str] | None:
        """Option 3: the window also allows a sport that trains the goal."""
        window = context.window_of(session)
        if window is None or not window.sports:
            return None
        for template in context.library:
            if not spec.trains(template) or template.sport in window.sports:
                continue
            wider = window.model_copy(update={"sports": (*window.sports, template.sport)})
            if not self._spaced(context, session, template.intensity is Intensity.HARD):
                continue
            if not self._keeps_stimulus(context, session, template):
                continue
            ops = adapted(context, session, template, wider)
            if ops is None:
                continue
            return [_set_window(wider), *ops], (
                f"your {_window_name(window)} window also takes {template.sport.value}s, and "
                f"{named(session)} becomes {template.name}"
            )
        return None


def _as(session: Upcoming, template: Template) -> Upcoming:
    return Upcoming(
        session.id,
        session.day,
        session.start,
        template.sport.value,
        float(template.minutes),
        session.priority,
        template.intensity is Intensity.HARD,
        tuple(q.value for q in template.serves),
        template.exercise_ids,
        template.name,
        template.id,
    )


def _window_name(window: AvailabilityWindow) -> str:
    return f"{WEEKDAYS[window.weekday]} {window.start:%H:%M}"


def _set_window(window: AvailabilityWindow) -> Operation:
    return Operation(
        "set_window",
        None,
        {
            "weekday": window.weekday,
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "sports": [s.value for s in window.sports],
        },
    )
