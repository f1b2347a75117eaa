"""Adherence decides between keeping the plan and making it lighter (specification §5).

- above ``keep_above`` (80 %), every goal on track and last week's volume in the band: keep it;
- below ``act_below`` (70 %): a plan that is not done is too much: the next 7 days lose their
  lowest-priority sessions (latest first) until they hold about what was really done last week
  (``headroom`` 10 % more), and sessions over ``long_minutes`` shrink by ``shorten_to``;
- in between: keep the plan and say why, with the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from coach.analysis.progress import Status
from coach.planning.rules.base import Context, Decision, Operation, Proposal, pct


@dataclass(frozen=True)
class AdherenceRule:
    id: str = "adherence"
    version: int = 1
    explanation: str = __doc__ or ""
    keep_above: float = 80.0
    act_below: float = 70.0
    headroom: float = 1.10
    long_minutes: float = 60.0
    shorten_to: float = 0.8

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        adherence = context.last7.adherence_pct
        evidence = {
            "adherence_pct": None if adherence is None else round(adherence, 1),
            "done_h": round(context.last7.actual_h, 2),
            "planned_h": round(context.last7.planned_h, 2),
            "missed": len(context.last7.missed),
        }
        if adherence is None:
            return [Decision(self.id, "Nothing was due in the last 7 days: no change.", evidence)]
        low, high = context.band_h
        in_band = low <= context.last7.actual_h <= high
        lagging = [g for g in context.goals if g.status in (Status.OFF_TRACK, Status.AT_RISK)]
        if adherence > self.keep_above and not lagging and in_band:
            return [
                Decision(
                    self.id,
                    f"Adherence {pct(adherence)}, every goal on track and "
                    f"{context.last7.actual_h:.1f} h in the {low:g}-{high:g} h band: "
                    "keep the plan as it is.",
                    evidence,
                )
            ]
        if adherence >= self.act_below:
            reasons = []
            if lagging:
                reasons.append(f"{len(lagging)} goals need attention (other rules look at them)")
            if not in_band:
                reasons.append(f"{context.last7.actual_h:.1f} h is outside {low:g}-{high:g} h")
            why = "; ".join(reasons) or "the plan is mostly being done"
            return [
                Decision(
                    self.id,
                    f"Adherence {pct(adherence)} is between {self.act_below:g} and "
                    f"{self.keep_above:g} %: the volume stays; {why}.",
                    evidence,
                )
            ]
        return [self._lighten(context, adherence, evidence)]

    def _lighten(self, context: Context, adherence: float, evidence: dict[str, Any]) -> Proposal:
        week = [u for u in context.upcoming if u.day < context.today + timedelta(days=7)]
        budget = max(context.last7.actual_h * 60 * self.headroom, context.band_h[0] * 60 * 0.5)
        total = sum(u.minutes for u in week)
        operations: list[Operation] = []
        removable = sorted(week, key=lambda u: (-u.priority, -u.day.toordinal()))
        for session in removable:
            if total <= budget or len(week) - len(operations) <= 1:
                break
            operations.append(Operation("remove", session.id))
            total -= session.minutes
        removed = {op.workout_id for op in operations}
        for session in week:
            if session.id not in removed and session.minutes > self.long_minutes:
                operations.append(Operation("shorten", session.id, {"factor": self.shorten_to}))
        done = context.last7.completed
        due = context.last7.workouts
        rationale = (
            f"You did {done} of {due} planned sessions in the last 7 days ({pct(adherence)}, "
            f"{context.last7.actual_h:.1f} h of {context.last7.planned_h:.1f} h). A plan that "
            f"does not fit your week helps nobody: the next 7 days drop "
            f"{len(removed)} lower-priority session{'' if len(removed) == 1 else 's'} and keep "
            "the ones that matter most "
            f"(about {total / 60:.1f} h)."
        )
        return Proposal(
            self.id,
            self.version,
            "Lighten the next week",
            rationale,
            {**evidence, "next_week_h": round(total / 60, 2)},
            tuple(operations),
        )
