"""Changes to one planned workout, as rules propose them: pure functions on WorkoutDefinition.

- ``shorten(factor)``: timed steps and repeat counts scale by the factor (swim distances stay
  whole pool lengths); strength exercises keep that share of their sets (at least one).
- ``ease(factor)``: heart-rate and power zones drop one (not below 1), ranges in bpm, W, % or m/s
  scale by the factor (slower paces), RPE ranges drop one point, CSS offsets grow 2 s slower.
- ``substitute(exercise, by)``: one exercise replaced by another of the exercise library.
- ``steady``: a hard session made steady aerobic work of the same sport and length (the yellow
  light's "swap the intensity", docs/coaching.md §2): endurance steps become one warm-up, one
  steady block in heart-rate zone 2 (swims: easy freestyle at RPE 4-5) and one cool-down;
  strength keeps its exercises but not the jumps and throws, at no more than
  ``STEADY_MAX_PCT_1RM`` of 1RM and RPE ``STEADY_MAX_RPE``.
- ``drop_exercise(exercise)``, ``add_exercise(exercise, sets, reps)``: one exercise less or more.
- ``classify``: whether a definition is hard and which qualities it trains (for rules).
"""

from __future__ import annotations

import math

from coach.analysis.intensity import IntensityRules
from coach.domain.exercises import ExerciseKind, exercise_library
from coach.domain.sport import Sport
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    SetKind,
    Step,
    StepKind,
    StrengthExercise,
    StrengthSet,
    SwimStroke,
    Target,
    TargetKind,
    TargetReference,
    WorkoutDefinition,
)

CSS_EASE_S = 2.0
STEADY_MAX_PCT_1RM = 0.6
STEADY_MAX_RPE = 6.0
STEADY_WARMUP_S = 600.0
STEADY_COOLDOWN_S = 300.0
STEADY_SWIM_WARMUP_M = 200.0
STEADY_SWIM_COOLDOWN_M = 100.0
HARD_HR_ZONE = 4
HARD_POWER_ZONE = 5
HARD_PERCENT_FTP = 105.0
HARD_RPE = 8.0
HEAVY_PCT_1RM = IntensityRules().heavy_pct_1rm
PLYO_MIN_SETS = IntensityRules().plyo_min_sets


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


def steady(definition: WorkoutDefinition, minutes: float) -> WorkoutDefinition:
    """The session as steady aerobic work of about ``minutes`` (module docstring)."""
    name = f"{definition.name} (steady)"[:80]
    if definition.exercises:
        return definition.model_copy(
            update={"name": name, "exercises": _steady_exercises(definition)}
        )
    if definition.sport is Sport.SWIM and definition.pool_length_m:
        return definition.model_copy(update={"name": name, "steps": _steady_swim(definition)})
    total = max(minutes * 60, STEADY_WARMUP_S + STEADY_COOLDOWN_S + 300)
    zone2 = Target(kind=TargetKind.HEART_RATE, zone=2)
    steps = (
        Step(kind=StepKind.WARMUP, duration=Duration.time(STEADY_WARMUP_S),
             target=Target(kind=TargetKind.HEART_RATE, zone=1)),
        Step(kind=StepKind.ACTIVE,
             duration=Duration.time(round(total - STEADY_WARMUP_S - STEADY_COOLDOWN_S)),
             target=zone2, notes="steady, conversational"),
        Step(kind=StepKind.COOLDOWN, duration=Duration.time(STEADY_COOLDOWN_S)),
    )  # fmt: skip
    return definition.model_copy(update={"name": name, "steps": steps})


def _steady_swim(definition: WorkoutDefinition) -> tuple[Step | Repeat, ...]:
    pool = definition.pool_length_m or 25.0
    total = max(definition.distance_m(), STEADY_SWIM_WARMUP_M + STEADY_SWIM_COOLDOWN_M + 4 * pool)

    def lengths(metres: float) -> float:
        return round(max(1, round(metres / pool)) * pool, 3)

    middle = lengths(total - STEADY_SWIM_WARMUP_M - STEADY_SWIM_COOLDOWN_M)
    easy = Target(kind=TargetKind.RPE, low=4, high=5)
    return (
        Step(kind=StepKind.WARMUP, duration=Duration.distance(lengths(STEADY_SWIM_WARMUP_M)),
             stroke=SwimStroke.FREESTYLE),
        Step(kind=StepKind.ACTIVE, duration=Duration.distance(middle),
             stroke=SwimStroke.FREESTYLE, target=easy, notes="steady, easy breathing"),
        Step(kind=StepKind.COOLDOWN, duration=Duration.distance(lengths(STEADY_SWIM_COOLDOWN_M)),
             stroke=SwimStroke.ANY),
    )  # fmt: skip


def _steady_exercises(definition: WorkoutDefinition) -> tuple[StrengthExercise, ...]:
    library = exercise_library()
    explosive = (ExerciseKind.PLYOMETRIC, ExerciseKind.POWER)
    kept = []
    for exercise in definition.exercises:
        known = library.get(exercise.exercise_id)
        if known is not None and known.kind in explosive:
            continue
        sets = tuple(
            s.model_copy(
                update={
                    "load_pct_1rm": min(s.load_pct_1rm, STEADY_MAX_PCT_1RM)
                    if s.load_pct_1rm
                    else None,
                    "rpe": min(s.rpe, STEADY_MAX_RPE) if s.rpe else None,
                    "kind": SetKind.NORMAL,
                }
            )
            for s in exercise.sets
        )
        kept.append(exercise.model_copy(update={"sets": sets}))
    return tuple(kept) or definition.exercises[:1]


def drop_exercise(definition: WorkoutDefinition, exercise_id: str) -> WorkoutDefinition:
    kept = tuple(e for e in definition.exercises if e.exercise_id != exercise_id)
    if not kept:
        raise ValueError(f"{definition.name} would have no exercise left")
    return definition.model_copy(update={"exercises": kept})


def add_exercise(
    definition: WorkoutDefinition, exercise_id: str, sets: int, reps: int, rest_s: float = 90.0
) -> WorkoutDefinition:
    """``exercise_id`` as the session's first exercise (explosive work comes fresh), ``sets``
    x ``reps``; a session already holding it is returned unchanged."""
    if any(e.exercise_id == exercise_id for e in definition.exercises):
        return definition
    known = exercise_library().get(exercise_id)
    if known is None:
        raise ValueError(f"unknown exercise {exercise_id!r}")
    added = StrengthExercise(
        exercise_id=known.id,
        name=known.name,
        sets=(StrengthSet(reps=reps),) * sets,
        rest_s=rest_s,
        equipment=known.equipment,
    )
    return definition.model_copy(update={"exercises": (added, *definition.exercises)})


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


def _hard_lifting(definition: WorkoutDefinition) -> bool:
    """Heavy (HEAVY_PCT_1RM), near failure (HARD_RPE or failure sets) or explosive (at least
    PLYO_MIN_SETS sets of jumps, throws or cleans): the planned side of
    coach.analysis.intensity's rules."""
    library = exercise_library()
    explosive = 0
    for exercise in definition.exercises:
        known = library.get(exercise.exercise_id)
        if known is not None and known.kind in (ExerciseKind.PLYOMETRIC, ExerciseKind.POWER):
            explosive += len(exercise.sets)
        for one in exercise.sets:
            if (one.load_pct_1rm or 0) >= HEAVY_PCT_1RM or (one.rpe or 0) >= HARD_RPE:
                return True
            if one.kind is SetKind.FAILURE:
                return True
    return explosive >= PLYO_MIN_SETS


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
        return _hard_lifting(definition), tuple(qualities or ["strength"])
    hard = any(_hard_target(step.target) for step in _steps(definition.steps))
    if definition.sport is Sport.SWIM:
        return hard, ("swim", "vo2") if hard else ("swim", "aerobic")
    if definition.sport is Sport.MOBILITY:
        return False, ("mobility",)
    return hard, ("vo2", "aerobic") if hard else ("aerobic",)
