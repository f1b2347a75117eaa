"""Schedule conflicts: sessions repeatedly missed on a weekday or at a time of day move.

For every miss pattern of the last 4 weeks (coach.analysis.compare.patterns) on a weekday or a
time window, the upcoming sessions planned there move to the nearest other window of the same
week that allows their sport and holds no session yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from coach.analysis.compare import WEEKDAYS, window_of
from coach.planning.rules.base import Context, Decision, Operation, Proposal, Upcoming


@dataclass(frozen=True)
class ScheduleRule:
    id: str = "schedule_conflict"
    version: int = 1
    explanation: str = __doc__ or ""

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        out: list[Proposal | Decision] = []
        taken = {(u.day, u.start) for u in context.upcoming}
        for pattern in context.patterns:
            if pattern.kind not in ("weekday", "window"):
                continue
            affected = [
                u
                for u in context.upcoming
                if (pattern.kind == "weekday" and WEEKDAYS[u.day.weekday()] == pattern.value)
                or (
                    pattern.kind == "window"
                    and u.start is not None
                    and window_of(u.start) == pattern.value
                )
            ]
            operations = []
            for session in affected:
                monday = session.day - timedelta(days=session.day.weekday())
                options = sorted(
                    (
                        (monday + timedelta(days=w.weekday), w)
                        for w in context.windows
                        if (not w.sports or session.sport in w.sports)
                        and WEEKDAYS[w.weekday] != pattern.value
                        and window_of(w.start) != pattern.value
                        and monday + timedelta(days=w.weekday) > context.today
                        and (monday + timedelta(days=w.weekday), w.start) not in taken
                    ),
                    key=lambda pair: abs((pair[0] - session.day).days),
                )
                if options:
                    day, window = options[0]
                    taken.add((day, window.start))
                    operations.append(
                        Operation(
                            "move",
                            session.id,
                            {"day": day.isoformat(), "start": window.start.isoformat()},
                        )
                    )
            if operations:
                out.append(
                    Proposal(
                        self.id,
                        self.version,
                        f"Move sessions away from {pattern.value}",
                        f"{pattern.value.capitalize()} sessions were missed {pattern.missed} of "
                        f"{pattern.planned} times in the last 4 weeks: that slot does not work for "
                        f"you. {len(operations)} upcoming "
                        + ("session moves" if len(operations) == 1 else "sessions move")
                        + " to other windows of their week.",
                        {
                            "pattern": pattern.kind,
                            "value": pattern.value,
                            "missed": pattern.missed,
                            "planned": pattern.planned,
                        },
                        tuple(operations),
                    )
                )
            elif affected:
                out.append(
                    Decision(
                        self.id,
                        f"{pattern.value.capitalize()} sessions are often missed, but no other "
                        "window can take them: consider adding availability.",
                        {"value": pattern.value, "missed": pattern.missed},
                    )
                )
        return out


def _hit(kind: str, value: str, session: Upcoming) -> bool:
    if kind == "weekday":
        return WEEKDAYS[session.day.weekday()] == value
    return session.start is not None and window_of(session.start) == value
