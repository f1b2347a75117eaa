"""Goal balance: shift effort toward a goal that lags, away from one ahead of schedule.

A goal *lags* when it is off track; a goal is *ahead* when it is on track with at least
``ahead_factor`` (2x) the rate it needs. With a lagging goal, one upcoming session (in the next
14 days) of a quality no lagging goal needs, preferably one serving an ahead goal, is replaced
by a library session training the lagging goal, of a sport its time window allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.analysis.progress import GoalProgress, Status
from coach.planning.generate import GOAL_QUALITIES
from coach.planning.rules.base import (
    Context,
    Decision,
    Operation,
    Proposal,
    Upcoming,
    window_of_session,
)


@dataclass(frozen=True)
class GoalBalanceRule:
    id: str = "goal_balance"
    version: int = 1
    explanation: str = __doc__ or ""
    ahead_factor: float = 2.0

    def _ahead(self, progress: GoalProgress) -> bool:
        needed, rate = progress.needed_per_week, progress.per_week
        return (
            progress.status is Status.ON_TRACK
            and needed not in (None, 0)
            and rate is not None
            and rate / needed >= self.ahead_factor
        )

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        lagging = sorted(
            (g for g in context.goals if g.status is Status.OFF_TRACK),
            key=lambda g: (-g.behind, g.goal.priority),
        )
        if not lagging:
            return []
        target = lagging[0]
        wanted = [q.value for q in GOAL_QUALITIES.get(target.goal.kind, ())]
        if not wanted:
            return []
        ahead = [g for g in context.goals if self._ahead(g)]
        ahead_qualities = {q.value for g in ahead for q in GOAL_QUALITIES.get(g.goal.kind, ())}
        candidates = [u for u in context.upcoming if not set(u.qualities) & set(wanted)]
        candidates.sort(key=lambda u: (not set(u.qualities) & ahead_qualities, -u.priority, u.day))
        for session in candidates:
            replacement = self._replacement(context, session, wanted)
            if replacement is not None:
                return [self._proposal(target, ahead, session, replacement)]
        return [
            Decision(
                self.id,
                f"{target.goal.title} is off track, but no upcoming session can be swapped for "
                "one that trains it within your windows.",
                {"goal": target.goal.kind.value, "behind": round(target.behind, 2)},
            )
        ]

    def _replacement(
        self, context: Context, session: Upcoming, wanted: Sequence[str]
    ) -> str | None:
        """A library session for the goal's first quality that fits, else its next quality."""
        window = window_of_session(context, session)
        kit = set(window.equipment) if window is not None else set()
        for quality in wanted:
            for template in context.library:
                if quality not in {q.value for q in template.serves}:
                    continue
                if window is not None and window.sports and template.sport not in window.sports:
                    continue
                if kit and not set(template.equipment) <= kit:
                    continue
                if template.minutes <= session.minutes + 15:
                    return template.id
        return None

    def _proposal(
        self, target: GoalProgress, ahead: list[GoalProgress], session: Upcoming, template: str
    ) -> Proposal:
        rate = "no trend yet" if target.per_week is None else f"{target.per_week:+.3g}/week"
        needed = (
            "" if target.needed_per_week is None else f", needs {target.needed_per_week:+.3g}/week"
        )
        faster = f" while {ahead[0].goal.title} improves faster than it needs to" if ahead else ""
        return Proposal(
            self.id,
            self.version,
            f"More {target.goal.title}",
            f"{target.goal.title} is off track ({rate}{needed}){faster}. "
            f"{session.name or session.sport.value} on {session.day:%A %d %b} becomes a session "
            f"that trains it.",
            {
                "goal": target.goal.kind.value,
                "per_week": target.per_week,
                "needed_per_week": target.needed_per_week,
                "ahead": [g.goal.kind.value for g in ahead],
            },
            (Operation("replace", session.id, {"template": template}),),
        )
