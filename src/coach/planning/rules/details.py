"""Details: every upcoming session where it can be done (docs/coaching.md §8).

Every session of the next 14 days is checked against the windows as they are now (a change of
windows re-checks them all): its window must still exist, allow its sport, hold its length and
have what it needs (coach.planning.kit: declared kit, what the sports imply, and what the
athlete's own logs show). A session that no longer fits moves to a free window of its week
where it does; an exercise whose kit is missing is swapped for one of its substitution group
that the window allows (box jumps -> squat jumps), or left out when none is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from coach.domain.athlete import AvailabilityWindow
from coach.domain.exercises import exercise_library
from coach.domain.health import EpisodeKind
from coach.domain.sport import Equipment
from coach.domain.words import day, listing
from coach.planning.kit import window_minutes
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
from coach.planning.rules.place import later_slot, move, named, within


@dataclass(frozen=True)
class KitRule:
    id: str = "equipment"
    version: int = 2
    stage: Stage = Stage.DETAILS
    explanation: str = __doc__ or ""
    lookahead_days: int = 14

    def __call__(self, context: Context) -> Sequence[Finding]:
        operations: list[Operation] = []
        lines: list[str] = []
        stuck: list[str] = []
        taken: set[tuple[date, time]] = set()
        trips = [e for e in context.episodes if e.kind is EpisodeKind.TRAVEL]
        for session in within(context, self.lookahead_days):
            if any(trip.covers(session.day) for trip in trips):
                continue  # the travel rule fits those days
            window = context.window_of(session)
            if window is None or not self._window_takes(context, session, window):
                slot = later_slot(context, session, earliest=context.today, taken=taken)
                if slot is None:
                    stuck.append(named(session))
                    continue
                to_day, to_window = slot
                taken.add((to_day, to_window.start))
                operations.append(move(session, to_day, to_window))
                lines.append(f"{named(session)} moves to {day(to_day)} {to_window.start:%H:%M}")
                continue
            ops, said = self._exercises(session, context.kit(window))
            operations += ops
            lines += said
        notes: list[Finding] = []
        if stuck:
            notes.append(
                Note(
                    self.id,
                    f"{listing(stuck)} no longer fit{'s' if len(stuck) == 1 else ''} any window "
                    "of its week: add a window (`coach availability set`) or it will be missed.",
                    {"sessions": stuck},
                    concern=True,
                )
            )
        if not operations:
            return notes
        return [
            Proposal(
                self.id,
                self.version,
                "Fit sessions to your windows and kit",
                "Some sessions do not fit where they are planned: "
                + "; ".join(lines)
                + ". Same training, doable with what is there.",
                {"changes": lines},
                tuple(operations),
                decision=Verdict.ADJUST,
                effect="Every session of the next two weeks can be done where it is planned.",
                focus="Next week: as planned, in the right places.",
            ),
            *notes,
        ]

    def _window_takes(
        self, context: Context, session: Upcoming, window: AvailabilityWindow
    ) -> bool:
        if window.sports and session.sport not in window.sports:
            return False
        if session.minutes > window_minutes(window) + 1e-6:
            return False
        template = context.template(session.template)
        return template is None or set(template.equipment) <= context.kit(window)

    def _exercises(
        self, session: Upcoming, kit: frozenset[Equipment]
    ) -> tuple[list[Operation], list[str]]:
        library = exercise_library()
        ops: list[Operation] = []
        said: list[str] = []
        for exercise_id, by in _missing(session, kit).items():
            known = library.get(exercise_id)
            name = known.name if known else exercise_id
            if by is not None:
                ops.append(Operation("substitute", session.id, {"exercise": exercise_id, "by": by}))
                replacement = library.get(by)
                said.append(
                    f"{name} -> {replacement.name if replacement else by} ({day(session.day)})"
                )
            elif len(session.exercise_ids) > len(ops) + 1:
                ops.append(Operation("drop_exercise", session.id, {"exercise": exercise_id}))
                said.append(f"{name} left out ({day(session.day)}: nothing here stands in)")
        return ops, said


def _missing(session: Upcoming, kit: frozenset[Equipment]) -> dict[str, str | None]:
    """Exercises of the session the kit cannot serve, with a stand-in when there is one."""
    library = exercise_library()
    found: dict[str, str | None] = {}
    for exercise_id in session.exercise_ids:
        known = library.get(exercise_id)
        if known is None or set(known.equipment) <= kit:
            continue
        options = [
            o for o in library.substitutes(exercise_id, kit) if o.id not in session.exercise_ids
        ]
        found[exercise_id] = options[0].id if options else None
    return found
