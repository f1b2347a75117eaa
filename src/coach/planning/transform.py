"""Changes to one planned workout, as rules propose them: pure functions on WorkoutDefinition.

- ``shorten(factor)``: timed steps and repeat counts scale by the factor (swim distances stay
  whole pool lengths); strength exercises keep that share of their sets (at least one).
- ``ease(factor)``: heart-rate and power zones drop one (not below 1), ranges in bpm, W, % or m/s
  scale by the factor (slower paces), RPE ranges drop one point, CSS offsets grow 2 s slower.
- ``substitute(exercise, by)``: one exercise replaced by another of the exercise library.
- ``classify``: whether a definition is hard and which qualities it trains (for rules).
"""

from __future__ import annotations

import math

from coach.domain.exercises import ExerciseKind, exercise_library
from coach.domain.sport import Sport
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    Step,
    Target,
    TargetKind,
    TargetReference,
    WorkoutDefinition,
)

CSS_EASE_S = 2.0
HARD_HR_ZONE = 4
HARD_POWER_ZONE = 5
HARD_PERCENT_FTP = 105.0
HARD_RPE = 8.0


def shorten(definition: WorkoutDefinition, factor: float) -> WorkoutDefinition:
    if definition.exercises:
        exercises = tuple(
            e.model_copy(update={"sets": e.sets[: max(1, math.ceil(len(e.sets) * factor))]})
            for e in definition.exercises
        )
        return definition.model_copy(update={"exercises": exercises})
    pool = definition.pool_length_m
    return definition.model_copy(
        update={"steps": tuple(_shorten(item, factor, pool) for item in definition.steps)}
    )


def _shorten(item: Step | Repeat, factor: float, pool: float | None) -> Step | Repeat:
    if isinstance(item, Repeat):
        count = max(1, round(item.count * factor))
        return item.model_copy(update={"count": count})
    duration = item.duration
    if duration.kind is DurationKind.TIME and duration.value:
        return item.model_copy(update={"duration": Duration.time(round(duration.value * factor))})
    if duration.kind is DurationKind.DISTANCE and duration.value and item.kind.value != "active":
        value = duration.value * factor
        if pool:
            value = max(1, round(value / pool)) * pool
        return item.model_copy(update={"duration": Duration.distance(round(value, 3))})
    return item


def ease(definition: WorkoutDefinition, factor: float) -> WorkoutDefinition:
    return definition.model_copy(
        update={"steps": tuple(_ease(item, factor) for item in definition.steps)}
    )


def _ease(item: Step | Repeat, factor: float) -> Step | Repeat:
    if isinstance(item, Repeat):
        return item.model_copy(update={"steps": tuple(_ease(s, factor) for s in item.steps)})
    return item.model_copy(update={"target": _eased(item.target, factor)})


def _eased(target: Target, factor: float) -> Target:
    if target.kind is TargetKind.OPEN:
        return target
    if target.zone is not None:
        return target.model_copy(update={"zone": max(1, target.zone - 1)})
    low, high = target.low or 0.0, target.high or 0.0
    if target.kind is TargetKind.CSS_OFFSET:
        return target.model_copy(update={"low": low + CSS_EASE_S, "high": high + CSS_EASE_S})
    if target.kind is TargetKind.RPE:
        return target.model_copy(update={"low": max(1.0, low - 1), "high": max(1.0, high - 1)})
    return target.model_copy(
        update={"low": round(low * factor, 3), "high": round(high * factor, 3)}
    )


def substitute(definition: WorkoutDefinition, exercise_id: str, by: str) -> WorkoutDefinition:
    replacement = exercise_library().get(by)
    if replacement is None:
        raise ValueError(f"unknown exercise {by!r}")
    exercises = tuple(
        e.model_copy(
            update={
                "exercise_id": replacement.id,
                "name": replacement.name,
                "equipment": replacement.equipment,
            }
        )
        if e.exercise_id == exercise_id
        else e
        for e in definition.exercises
    )
    return definition.model_copy(update={"exercises": exercises})


def _hard_target(target: Target) -> bool:
    if target.kind is TargetKind.HEART_RATE and target.zone is not None:
        return target.zone >= HARD_HR_ZONE
    if target.kind is TargetKind.POWER and target.zone is not None:
        return target.zone >= HARD_POWER_ZONE
    if target.kind is TargetKind.POWER and target.reference is TargetReference.PERCENT_FTP:
        return (target.high or 0) >= HARD_PERCENT_FTP
    if target.kind is TargetKind.RPE:
        return (target.high or 0) >= HARD_RPE
    if target.kind is TargetKind.CSS_OFFSET:
        return (target.low or 0) <= 0
    return False


def _steps(items: tuple[Step | Repeat, ...]) -> list[Step]:
    out: list[Step] = []
    for item in items:
        out += _steps(item.steps) if isinstance(item, Repeat) else [item]
    return out


def classify(definition: WorkoutDefinition) -> tuple[bool, tuple[str, ...]]:
    """(hard, qualities) of a planned session, read from its structure."""
    library = exercise_library()
    if definition.exercises:
        known = [library.get(e.exercise_id) for e in definition.exercises]
        kinds = {k.kind for k in known if k is not None}
        qualities = []
        if kinds & {ExerciseKind.POWER, ExerciseKind.PLYOMETRIC}:
            qualities.append("power")
        if ExerciseKind.STRENGTH in kinds:
            qualities.append("strength")
        if ExerciseKind.BALANCE in kinds:
            qualities.append("balance")
        if ExerciseKind.MOBILITY in kinds or definition.sport is Sport.MOBILITY:
            qualities.append("mobility")
        hard = any(
            s.load_pct_1rm and s.load_pct_1rm >= 0.75 for e in definition.exercises for s in e.sets
        )
        return bool(hard), tuple(qualities or ["strength"])
    hard = any(_hard_target(step.target) for step in _steps(definition.steps))
    if definition.sport is Sport.SWIM:
        return hard, ("swim", "vo2") if hard else ("swim", "aerobic")
    if definition.sport is Sport.MOBILITY:
        return False, ("mobility",)
    return hard, ("vo2", "aerobic") if hard else ("aerobic",)
