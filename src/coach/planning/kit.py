"""What a training window's place and kit allow (docs/coaching.md §8). Pure code.

A window's kit is what it lists, plus what its sports imply (a window for swims has a pool, one
for rowing a rower, one for rides a bike). A window that lists no equipment also gets what the
athlete's own logs show: the equipment of exercises logged, and a pool for pool swims recorded,
in sessions that started inside it (same weekday, between its start and end); and when it names
no place either, the kit the logs show anywhere, except a pool. A list the athlete gave is
trusted as it is (a box taken away is gone, whatever last month's logs say).

A library session fits a window when the window allows its sport, it fits in the time, the
window has what the session itself needs (a pool, a rower) and every exercise can be done there,
as it is or swapped within its substitution group (:func:`fitted` makes that version); swim
steps keep fins, a kickboard or paddles only where the window has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from coach.domain.athlete import AvailabilityWindow
from coach.domain.exercises import exercise_library
from coach.domain.sport import Equipment, Sport
from coach.domain.workout import Repeat, Step, WorkoutDefinition
from coach.planning.library import Template

IMPLIED_BY_SPORT: dict[Sport, frozenset[Equipment]] = {
    Sport.SWIM: frozenset({Equipment.POOL}),
    Sport.ROW: frozenset({Equipment.ROWER}),
    Sport.BIKE: frozenset({Equipment.BIKE}),
}
"""A window that explicitly allows a sport has what the sport cannot be done without."""
SAME_AS: dict[Equipment, Equipment] = {Equipment.BIKE_TRAINER: Equipment.BIKE}
"""Kit that serves as other kit (a bike on a trainer is a bike)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Kit seen in the athlete's logs: by (weekday, local start) of a session, and anywhere."""

    sessions: tuple[tuple[int, time, frozenset[Equipment]], ...] = ()
    anywhere: frozenset[Equipment] = field(default_factory=frozenset)


def _expand(kit: Iterable[Equipment]) -> frozenset[Equipment]:
    items = set(kit)
    items |= {SAME_AS[e] for e in items if e in SAME_AS}
    return frozenset(items)


def window_kit(window: AvailabilityWindow, evidence: Evidence = Evidence()) -> frozenset[Equipment]:
    kit: set[Equipment] = set(window.equipment)
    for sport in window.sports:
        kit |= IMPLIED_BY_SPORT.get(sport, frozenset())
    if not window.equipment:
        for weekday, start, seen in evidence.sessions:
            if weekday == window.weekday and window.start <= start < window.end:
                kit |= seen
        if not window.location:
            kit |= evidence.anywhere - {Equipment.POOL}
    return _expand(kit)


def window_minutes(window: AvailabilityWindow) -> float:
    start = datetime.combine(date.min, window.start)
    return (datetime.combine(date.min, window.end) - start).total_seconds() / 60


def exercise_swaps(exercise_ids: Iterable[str], kit: frozenset[Equipment]) -> dict[str, str] | None:
    """For each exercise the kit cannot serve, the first of its group that it can: old -> new.
    None when one of them has no such stand-in."""
    library = exercise_library()
    swaps: dict[str, str] = {}
    for exercise_id in exercise_ids:
        known = library.get(exercise_id)
        if known is None or set(known.equipment) <= kit:
            continue
        options = library.substitutes(exercise_id, kit)
        if not options:
            return None
        swaps[exercise_id] = options[0].id
    return swaps


def fits(template: Template, window: AvailabilityWindow, kit: frozenset[Equipment]) -> bool:
    if window.sports and template.sport not in window.sports:
        return False
    if template.minutes > window_minutes(window):
        return False
    if not set(template.equipment) <= kit:
        return False
    return exercise_swaps(template.exercise_ids, kit) is not None


def fitted(definition: WorkoutDefinition, kit: frozenset[Equipment]) -> WorkoutDefinition:
    """The session as it can be done with ``kit``: exercises swapped within their group, swim
    steps' kit the window lacks left out. Raise ValueError when an exercise has no stand-in."""
    swaps = exercise_swaps((e.exercise_id for e in definition.exercises), kit)
    if swaps is None:
        raise ValueError(f"{definition.name}: an exercise cannot be done with this kit")
    library = exercise_library()
    exercises = []
    for exercise in definition.exercises:
        new_id = swaps.get(exercise.exercise_id)
        replacement = library.get(new_id) if new_id else None
        if replacement is None:
            exercises.append(exercise)
            continue
        exercises.append(
            exercise.model_copy(
                update={
                    "exercise_id": replacement.id,
                    "name": replacement.name,
                    "equipment": replacement.equipment,
                }
            )
        )
    steps = tuple(_strip(item, kit) for item in definition.steps)
    return definition.model_copy(update={"exercises": tuple(exercises), "steps": steps})


def _strip(item: Step | Repeat, kit: frozenset[Equipment]) -> Step | Repeat:
    if isinstance(item, Repeat):
        return item.model_copy(update={"steps": tuple(_strip(s, kit) for s in item.steps)})
    if not item.equipment or set(item.equipment) <= kit:
        return item
    return item.model_copy(update={"equipment": tuple(e for e in item.equipment if e in kit)})


def kits(
    windows: Iterable[AvailabilityWindow], evidence: Evidence
) -> Mapping[tuple[int, time], frozenset[Equipment]]:
    """Each window's kit, keyed by (weekday, start)."""
    return {(w.weekday, w.start): window_kit(w, evidence) for w in windows}
