"""Strength-set analysis: estimated one-repetition maximum.

Epley (1985): 1RM = w x (1 + reps / 30). Reliable for sets of up to about 10 reps; beyond
``MAX_REPS_FOR_1RM`` an estimate says more about endurance than strength, so none is given.
"""

from __future__ import annotations

MAX_REPS_FOR_1RM = 12


def estimated_1rm_kg(weight_kg: float | None, reps: int | None) -> float | None:
    """Epley's estimate, or None for no load, no reps, or too many reps to be meaningful."""
    if weight_kg is None or reps is None or weight_kg <= 0 or reps < 1 or reps > MAX_REPS_FOR_1RM:
        return None
    if reps == 1:
        return weight_kg
    return weight_kg * (1 + reps / 30)


def session_rpe_from_sets(rpes: list[float | None]) -> float | None:
    """A session RPE from per-set RPEs: their mean over the sets that carry one.

    Foster's session RPE (2001) is one rating of the whole session, asked ~30 min after it.
    Strength apps record RPE per working set instead (Hevy: 6-10, reps-in-reserve based); the mean
    of those is the stand-in coach uses, an approximation: it ignores rests and warm-ups. None
    when no set has an RPE (the caller then uses its documented default).
    """
    rated = [value for value in rpes if value is not None]
    if not rated:
        return None
    return sum(rated) / len(rated)
