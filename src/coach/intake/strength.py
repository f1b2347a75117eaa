"""Summary of a strength session's sets, the same for every source (FIT, Hevy, Strong).

Per exercise: sets, reps, volume (kg x reps, every set counted, warm-ups included, as Hevy and
Strong count it), the best estimated 1RM (Epley, coach.analysis.strength; warm-up sets are
not maximal efforts and are left out of it), and what says how hard it was: the heaviest
working set (``top_kg``), the highest set RPE and the number of sets taken to failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.analysis.strength import estimated_1rm_kg
from coach.domain.activity import StrengthSetData
from coach.domain.workout import SetKind


def strength_details(sets: Sequence[StrengthSetData]) -> dict[str, Any]:
    groups: dict[str, list[StrengthSetData]] = {}
    for item in sets:
        groups.setdefault(item.exercise_key or item.exercise_title, []).append(item)
    exercises = [_exercise(items) for items in groups.values()]
    return {
        "sets": len(sets),
        "volume_kg": round(sum(e["volume_kg"] for e in exercises), 1),
        "exercises": exercises,
    }


def _exercise(items: list[StrengthSetData]) -> dict[str, Any]:
    """One exercise's sets summed up in one pass (exports hold 100 000s of sets)."""
    first = items[0]
    reps_total = failures = 0
    volume = 0.0
    best = 0.0
    top: float | None = None
    max_rpe: float | None = None
    replaces: str | None = None
    for item in items:
        reps, weight, kind = item.reps, item.weight_kg, item.kind
        working = kind is not SetKind.WARMUP
        if kind is SetKind.FAILURE:
            failures += 1
        if item.planned_exercise_id is not None:
            replaces = item.planned_exercise_id
        if working and item.rpe is not None and (max_rpe is None or item.rpe > max_rpe):
            max_rpe = item.rpe
        if working and weight and (top is None or weight > top):
            top = weight
        if reps:
            reps_total += reps
            if weight:
                volume += reps * weight
                if working:
                    e1rm = estimated_1rm_kg(weight, reps)
                    if e1rm is not None and e1rm > best:
                        best = e1rm
    entry: dict[str, Any] = {
        "title": first.exercise_title,
        "exercise_id": first.exercise_id,
        "sets": len(items),
        "reps": reps_total,
        "volume_kg": round(volume, 1),
        "e1rm_kg": round(best, 1) if best > 0 else None,
        "top_kg": top,
        "max_rpe": max_rpe,
        "failure_sets": failures,
    }
    if replaces is not None:
        entry["replaces"] = replaces
    return entry
