"""Equipment unavailable: substitute exercises from the same substitution group.

For each upcoming strength session whose time window lists its equipment, an exercise needing
something the window lacks is replaced by the first exercise of its substitution group doable
with what is there (box jumps -> broad or squat jumps without a box).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.domain.exercises import exercise_library
from coach.planning.rules.base import (
    Context,
    Decision,
    Operation,
    Proposal,
)


@dataclass(frozen=True)
class EquipmentRule:
    id: str = "equipment"
    version: int = 1
    explanation: str = __doc__ or ""

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        library = exercise_library()
        operations: list[Operation] = []
        lines = []
        for session in context.upcoming:
            window = next(
                (
                    w
                    for w in context.windows
                    if w.weekday == session.day.weekday() and w.start == session.start
                ),
                None,
            )
            if window is None or not window.equipment:
                continue
            for exercise_id in session.exercise_ids:
                known = library.get(exercise_id)
                if known is None or set(known.equipment) <= set(window.equipment):
                    continue
                options = library.substitutes(exercise_id, window.equipment)
                if options:
                    operations.append(
                        Operation(
                            "substitute", session.id, {"exercise": exercise_id, "by": options[0].id}
                        )
                    )
                    day = f"{session.day:%a} {session.day.day} {session.day:%b}"
                    lines.append(f"{known.name} -> {options[0].name} ({day})")
        if not operations:
            return []
        return [
            Proposal(
                self.id,
                self.version,
                "Swap exercises for the equipment at hand",
                "Your training windows do not list the equipment some exercises need: "
                + "; ".join(lines)
                + ". Same movement quality, no missing kit.",
                {"substitutions": lines},
                tuple(operations),
            )
        ]
