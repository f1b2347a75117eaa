"""Recovery (docs/coaching.md §1-2; docs/methods.md §5, §10): fatigue built up over weeks calls for
a deload; one warning sign calls for an easier next hard session.

Signs of accumulated fatigue: the load flags of coach.analysis.pmc (form low for days, fitness
ramping too fast, monotony, strain; the acute:chronic ratio is a soft flag and does not count),
the trend of the last days' wellness entries (coach.analysis.readiness.trend), and at least
``fatigue_misses`` (2) sessions missed for fatigue in the last ``fatigue_days`` (14) days.

- **Two or more**: a deload week: every session of the next 7 days at ``deload_to`` (60 %) of its
  usual length, hard sessions' targets eased (``ease_to``), intensity otherwise kept
  (Bell et al. 2022: deloads cut volume and effort).
- **One**, or a **yellow light tonight** (one flag): the next hard session within
  ``easy_horizon_days`` (2) days keeps its place but becomes steady aerobic work (IntervalCoach's
  yellow: "tempo instead of VO2").

The expected effect of a deload is said with numbers: form (CTL - ATL) a week ahead, projected
with the exact exponential model from the athlete's usual load per hour of training.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from coach.analysis.pmc import ATL_DECAY, CTL_DECAY
from coach.analysis.readiness import Light
from coach.domain.health import MissReason
from coach.domain.words import day, listing
from coach.planning.rules.base import (
    Context,
    Finding,
    Note,
    Operation,
    Proposal,
    Stage,
    Upcoming,
    Verdict,
)
from coach.planning.rules.place import named, scale_to, steady, within


def projected_form(ctl: float, atl: float, daily_loads: Sequence[float]) -> float:
    """Form the morning after the last of ``daily_loads`` (exact EWMA, docs/methods.md §2)."""
    for load in daily_loads:
        ctl = ctl * CTL_DECAY + load * (1 - CTL_DECAY)
        atl = atl * ATL_DECAY + load * (1 - ATL_DECAY)
    return ctl - atl


def daily_plan_loads(
    sessions: Sequence[Upcoming], start_offset: int, days: int, context: Context, factor: float
) -> list[float]:
    """Estimated load per day of the next ``days`` days: planned minutes x usual load per hour."""
    per_hour = context.load_per_hour or 0.0
    out = []
    for n in range(days):
        on = context.today + timedelta(days=start_offset + n)
        minutes = sum(s.minutes for s in sessions if s.day == on)
        out.append(minutes / 60 * per_hour * factor)
    return out


@dataclass(frozen=True)
class DeloadRule:
    id: str = "deload"
    version: int = 2
    stage: Stage = Stage.RECOVERY
    explanation: str = __doc__ or ""
    deload_to: float = 0.6
    ease_to: float = 0.9
    fatigue_misses: int = 2
    fatigue_days: int = 14

    def signals(self, context: Context) -> list[str]:
        found: list[str] = []
        if context.load is not None:
            found += [f for f in context.load.flags if not f.startswith("acute:chronic")]
        found += [f.text for f in context.readiness.trend]
        since = context.today - timedelta(days=self.fatigue_days)
        tired = [p for p in context.history if p.kind == MissReason.FATIGUE.value and p.day > since]
        if len(tired) >= self.fatigue_misses:
            found.append(f"{len(tired)} sessions missed for fatigue in {self.fatigue_days} days")
        return found

    def __call__(self, context: Context) -> Sequence[Finding]:
        signals = self.signals(context)
        if len(signals) < 2:
            return []
        week = within(context, 7)
        operations: list[Operation] = []
        for session in week:
            if (op := scale_to(context, session, self.deload_to)) is not None:
                operations.append(op)
            if session.hard:
                operations.append(Operation("ease", session.id, {"factor": self.ease_to}))
        evidence: dict[str, object] = {"signals": signals}
        if context.load is not None:
            evidence |= {"form": round(context.load.form, 1), "ctl": round(context.load.ctl, 1)}
        if not any(op.kind == "shorten" for op in operations):
            return [
                Note(
                    self.id,
                    f"Signs of accumulated fatigue ({'; '.join(signals)}), and the next 7 days "
                    "are already light.",
                    evidence,
                )
            ]
        return [
            Proposal(
                self.id,
                self.version,
                "Deload week",
                f"Several signs of accumulated fatigue: {'; '.join(signals)}. Take a lighter "
                f"week: every session of the next 7 days at {self.deload_to * 100:.0f} % of its "
                "usual length, hard efforts eased a notch. Fitness holds; fatigue clears.",
                evidence,
                tuple(operations),
                decision=Verdict.RECOVER,
                effect=self._effect(context, week),
                focus="Next week: a deload — shorter sessions, hard efforts eased.",
            )
        ]

    def _effect(self, context: Context, week: Sequence[Upcoming]) -> str:
        state = context.load
        if state is None or not context.load_per_hour:
            return "Fatigue clears over the week while fitness holds."
        light = projected_form(
            state.ctl, state.atl, daily_plan_loads(week, 1, 7, context, self.deload_to)
        )
        usual = projected_form(state.ctl, state.atl, daily_plan_loads(week, 1, 7, context, 1.0))
        end = context.today + timedelta(days=7)
        if math.isclose(round(light), round(usual)):
            return f"Form about {round(light):+d} by {day(end)}."
        return f"Form about {round(light):+d} by {day(end)}, against {round(usual):+d} without it."


@dataclass(frozen=True)
class EasingRule:
    id: str = "easier_day"
    version: int = 1
    stage: Stage = Stage.RECOVERY
    explanation: str = __doc__ or ""
    easy_horizon_days: int = 2

    def __call__(self, context: Context) -> Sequence[Finding]:
        readiness = context.readiness
        accumulated = DeloadRule().signals(context)
        if readiness.light is Light.YELLOW:
            why = f"Tonight: {listing([f.text for f in readiness.flags])}, a yellow light"
        elif readiness.light is Light.GREEN and len(accumulated) == 1:
            why = f"A sign of fatigue: {accumulated[0]}"
        else:
            return []
        hard = [s for s in within(context, self.easy_horizon_days) if s.hard]
        evidence = {
            "flags": [f.text for f in readiness.flags],
            "signals": accumulated,
        }
        if not hard:
            return [
                Note(
                    self.id,
                    f"{why}; no hard session is planned in the next "
                    f"{self.easy_horizon_days} days, so nothing changes.",
                    evidence,
                )
            ]
        session = hard[0]
        operation = steady(session)
        assert operation is not None
        return [
            Proposal(
                self.id,
                self.version,
                "An easier next hard session",
                f"{why}. {named(session)} stays in its place but swaps its intensity for steady "
                "aerobic work of the same length.",
                evidence,
                (operation,),
                decision=Verdict.RECOVER,
                effect="The session still counts; the hard work waits for a green light.",
                focus="Next week: as planned if the signs clear.",
            )
        ]
