"""Which sessions were hard: a matter of intensity, not only of load per hour
(docs/coaching.md §2; docs/methods.md §1, §10).

A session is hard when any of these holds (each threshold a named setting of
:class:`IntensityRules`):

- **time at threshold or above**: at least ``threshold_min_s`` (6 min) with heart rate at or
  above LTHR, power at or above FTP, run speed at or above threshold speed, or pool lengths at or
  faster than CSS (measured at import, coach.analysis.load.threshold_seconds). VO2 max intervals
  (4 x 4 min), 30/30 s sets, CSS and race-pace swims all pass it; an easy session does not;
- **intensity factor** of the whole session at least ``hard_if`` (0.85, threshold work), read
  back from its load per hour: power TSS, rTSS and hrTSS are h x IF^2 x 100, swim sTSS h x IF^3 x
  100 (docs/methods.md §1);
- **session RPE** at least ``hard_session_rpe`` (7 on the CR-10 scale: "very hard", Foster 2001);
- **heavy or near-failure strength**: a working set at ``heavy_pct_1rm`` (80 %) of the best
  estimated 1RM the athlete has shown in that lift, a set at RPE ``heavy_rpe`` (8) or more, or a
  set taken to failure;
- **plyometrics or power lifts**: at least ``plyo_min_sets`` (2) sets of jumps, bounds, throws or
  cleans;
- **a race or time trial**: its name says so (``race_words``, whole words).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.domain.exercises import ExerciseKind, exercise_library

SQUARE_LAW_METHODS = frozenset({"power_tss", "pace_rtss", "hr_tss"})
CUBE_LAW_METHODS = frozenset({"swim_stss"})


@dataclass(frozen=True, slots=True)
class IntensityRules:
    threshold_min_s: float = 360.0
    hard_if: float = 0.85
    hard_session_rpe: float = 7.0
    heavy_pct_1rm: float = 0.80
    heavy_rpe: float = 8.0
    plyo_min_sets: int = 2
    race_words: tuple[str, ...] = ("race", "time trial", "tt", "test")


@dataclass(frozen=True, slots=True)
class Lift:
    """One exercise of a strength session, as intake summed it up (coach.intake.strength)."""

    exercise_id: str | None
    sets: int
    top_kg: float | None = None
    max_rpe: float | None = None
    failure_sets: int = 0


@dataclass(frozen=True, slots=True)
class SessionIntensity:
    """What a session's intensity can be judged on."""

    sport: str
    duration_s: float
    load: float | None = None
    load_method: str | None = None
    threshold_s: float | None = None
    rpe: float | None = None
    name: str = ""
    lifts: tuple[Lift, ...] = field(default_factory=tuple)


def intensity_factor(load: float | None, method: str | None, duration_s: float) -> float | None:
    """IF of a whole session from its load per hour (None for methods without one: sRPE, TRIMP)."""
    if load is None or duration_s <= 0 or method is None:
        return None
    per_hour = load / (duration_s / 3600) / 100
    if per_hour <= 0:
        return None
    if method in SQUARE_LAW_METHODS:
        return math.sqrt(per_hour)
    if method in CUBE_LAW_METHODS:
        return float(per_hour ** (1 / 3))
    return None


def hard_reasons(
    session: SessionIntensity,
    best_1rm_kg: Mapping[str, float],
    rules: IntensityRules = IntensityRules(),
) -> tuple[str, ...]:
    """Why the session was hard, in words ("12 min at threshold or above"); () when it was not."""
    found: list[str] = []
    if session.threshold_s is not None and session.threshold_s >= rules.threshold_min_s:
        found.append(f"{session.threshold_s / 60:.0f} min at threshold or above")
    factor = intensity_factor(session.load, session.load_method, session.duration_s)
    if factor is not None and factor >= rules.hard_if:
        found.append(f"intensity factor {factor:.2f}")
    if session.rpe is not None and session.rpe >= rules.hard_session_rpe:
        found.append(f"session RPE {session.rpe:g}")
    found += _lifting(session.lifts, best_1rm_kg, rules)
    words = "|".join(re.escape(word) for word in rules.race_words)
    if words and re.search(rf"\b({words})\b", session.name.lower()):
        found.append("a race or test")
    return tuple(found)


def _lifting(
    lifts: tuple[Lift, ...], best_1rm_kg: Mapping[str, float], rules: IntensityRules
) -> list[str]:
    library = exercise_library()
    found: list[str] = []
    explosive = 0
    for lift in lifts:
        known = library.get(lift.exercise_id) if lift.exercise_id else None
        name = known.name if known else (lift.exercise_id or "a lift")
        if known is not None and known.kind in (ExerciseKind.PLYOMETRIC, ExerciseKind.POWER):
            explosive += lift.sets
        best = best_1rm_kg.get(lift.exercise_id or "")
        if lift.top_kg and best and lift.top_kg >= rules.heavy_pct_1rm * best:
            found.append(f"{name} at {lift.top_kg / best * 100:.0f} % of 1RM")
        elif lift.max_rpe is not None and lift.max_rpe >= rules.heavy_rpe:
            found.append(f"{name} at RPE {lift.max_rpe:g}")
        elif lift.failure_sets:
            found.append(f"{name} to failure")
    if explosive >= rules.plyo_min_sets:
        found.append(f"{explosive} sets of jumps or power lifts")
    return found
