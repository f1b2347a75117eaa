"""Missed strength sessions: fewer, simpler ones beat ones that do not happen.

When at least ``min_planned`` strength sessions were due in the last 4 weeks and at least
``missed_share`` of them were missed, each upcoming week keeps its highest-priority strength
session and drops the rest (reduce frequency).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.domain.sport import Sport
from coach.planning.rules.base import Context, Decision, Operation, Proposal, Upcoming


@dataclass(frozen=True)
class StrengthRule:
    id: str = "strength_missed"
    version: int = 1
    explanation: str = __doc__ or ""
    min_planned: int = 3
    missed_share: float = 0.5

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        planned, missed = context.strength_planned, context.strength_missed
        if planned < self.min_planned or missed / planned < self.missed_share:
            return []
        weeks: dict[date, list[Upcoming]] = {}
        for u in context.upcoming:
            if u.sport is Sport.STRENGTH:
                monday = u.day - timedelta(days=u.day.weekday())
                weeks.setdefault(monday, []).append(u)
        operations = []
        for sessions in weeks.values():
            ordered = sorted(sessions, key=lambda u: (u.priority, u.day))
            operations += [Operation("remove", u.id) for u in ordered[1:]]
        evidence = {"strength_planned": planned, "strength_missed": missed}
        if not operations:
            return [
                Decision(
                    self.id,
                    f"{missed} of {planned} strength sessions were missed; one a week is planned.",
                    evidence,
                )
            ]
        return [
            Proposal(
                self.id,
                self.version,
                "One strength session a week",
                f"{missed} of {planned} strength sessions in the last 4 weeks did not happen. One "
                "well-chosen session a week that you do keeps jumps and lifts moving; the others "
                "come back once it sticks.",
                evidence,
                tuple(operations),
            )
        ]
