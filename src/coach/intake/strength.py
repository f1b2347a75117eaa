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
    exercises: dict[str, dict[str, Any]] = {}
    best: dict[str, float] = {}
    for item in sets:
        key = item.exercise_key or item.exercise_title
        entry = exercises.get(key)
        if entry is None:
            entry = exercises[key] = {
                "title": item.exercise_title,
                "exercise_id": item.exercise_id,
                "sets": 0,
                "reps": 0,
                "volume_kg": 0.0,
                "e1rm_kg": None,
                "top_kg": None,
                "max_rpe": None,
                "failure_sets": 0,
            }
        if item.planned_exercise_id is not None:
            entry["replaces"] = item.planned_exercise_id
        entry["sets"] += 1
        if item.kind is SetKind.FAILURE:
            entry["failure_sets"] += 1
        if item.rpe is not None and item.kind is not SetKind.WARMUP:
            entry["max_rpe"] = max(entry["max_rpe"] or 0.0, item.rpe)
        if item.weight_kg and item.kind is not SetKind.WARMUP:
            entry["top_kg"] = max(entry["top_kg"] or 0.0, item.weight_kg)
        reps = item.reps
        if reps:
            entry["reps"] += reps
            if item.weight_kg:
                entry["volume_kg"] += reps * item.weight_kg
                if item.kind is not SetKind.WARMUP:
                    e1rm = estimated_1rm_kg(item.weight_kg, reps)
                    if e1rm is not None and e1rm > best.get(key, 0.0):
                        best[key] = e1rm
    for key, entry in exercises.items():
        entry["volume_kg"] = round(entry["volume_kg"], 1)
        if key in best:
            entry["e1rm_kg"] = round(best[key], 1)
    return {
        "sets": len(sets),
        "volume_kg": round(sum(e["volume_kg"] for e in exercises.values()), 1),
        "exercises": list(exercises.values()),
    }
