"""A WorkoutDefinition as Garmin Connect workout JSON (docs/connectors.md (Garmin)).

Shapes follow a workout Garmin itself returned (swim) and garminconnect 0.3.20's typed helpers
(run, bike, strength with sportType 5). Step orders form one flat sequence across repeat groups
and their children. Pace targets are m/s with the slower bound first; HR and power given as % of
a threshold are turned into bpm and watts with the athlete's values; RPE goes into the step
description; a CSS offset is the swim step's secondary target. Stroke and equipment ids beyond
free (6), any (1), backstroke (2) and breaststroke (3) come from third-party code and are
unverified: they live in the tables below, to correct in one place.
"""

from __future__ import annotations

from typing import Any

from coach.domain.exercises import ExerciseLibrary, exercise_library
from coach.domain.sport import Equipment, Sport
from coach.domain.units import PoolUnit
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    Step,
    StepKind,
    StrengthExercise,
    SwimStroke,
    Target,
    TargetKind,
    TargetReference,
    WorkoutDefinition,
)
from coach.export.fit_workout import Thresholds

SPORT_TYPES: dict[Sport, tuple[int, str]] = {
    Sport.RUN: (1, "running"),
    Sport.BIKE: (2, "cycling"),
    Sport.SWIM: (4, "swimming"),
    Sport.STRENGTH: (5, "strength_training"),
    Sport.ROW: (6, "cardio_training"),
    Sport.MOBILITY: (11, "mobility"),
    Sport.OTHER: (3, "other"),
}
"""Garmin has no workout type for walking or hiking (garminconnect raises for them)."""

STEP_TYPES = {
    StepKind.WARMUP: (1, "warmup"),
    StepKind.COOLDOWN: (2, "cooldown"),
    StepKind.ACTIVE: (3, "interval"),
    StepKind.RECOVERY: (4, "recovery"),
    StepKind.REST: (5, "rest"),
}
SWIM_ACTIVE = (8, "main")  # what Garmin's own swim editor writes
REPEAT = (6, "repeat")
CONDITIONS = {
    "lap.button": 1,
    "time": 2,
    "distance": 3,
    "calories": 4,
    "iterations": 7,
    "fixed.rest": 8,
    "fixed.repetition": 9,
    "reps": 10,
}
TARGETS = {"no.target": 1, "power.zone": 2, "cadence": 3, "heart.rate.zone": 4, "pace.zone": 6,
           "swim.css.offset": 17}  # fmt: skip
STROKES = {
    SwimStroke.ANY: (1, "any_stroke"),
    SwimStroke.BACKSTROKE: (2, "backstroke"),
    SwimStroke.BREASTSTROKE: (3, "breaststroke"),
    SwimStroke.DRILL: (4, "drill"),  # 4/5 conflict between sources (docs/connectors.md (Garmin))
    SwimStroke.BUTTERFLY: (5, "fly"),
    SwimStroke.FREESTYLE: (6, "free"),
    SwimStroke.IM: (7, "individual_medley"),
    SwimStroke.MIXED: (8, "mixed"),
}
EQUIPMENT = {Equipment.FINS: (1, "fins"), Equipment.KICKBOARD: (2, "kickboard"),
             Equipment.PADDLES: (3, "paddles"), Equipment.PULL_BUOY: (4, "pull_buoy"),
             Equipment.SNORKEL: (5, "snorkel")}  # fmt: skip
METER = {"unitId": 1, "unitKey": "meter", "factor": 100.0}
YARD = {"unitId": 230, "unitKey": "yard", "factor": 91.44}
KILOGRAM = {"unitId": 8, "unitKey": "kilogram", "factor": 1000.0}
GRAMS_PER_KG = 1000


def supported(definition: WorkoutDefinition) -> bool:
    return definition.sport in SPORT_TYPES


def _sport(sport: Sport) -> dict[str, Any]:
    sport_id, key = SPORT_TYPES[sport]
    return {"sportTypeId": sport_id, "sportTypeKey": key}


def _condition(key: str) -> dict[str, Any]:
    return {"conditionTypeId": CONDITIONS[key], "conditionTypeKey": key}


def _target(key: str) -> dict[str, Any]:
    return {"workoutTargetTypeId": TARGETS[key], "workoutTargetTypeKey": key}


def workout_json(
    definition: WorkoutDefinition,
    thresholds: Thresholds,
    *,
    marker: str,
    library: ExerciseLibrary | None = None,
) -> dict[str, Any]:
    """The upload body; ``marker`` ends the description, so coach can find its own workouts."""
    counter = _Counter()
    if definition.exercises:
        steps = _strength(definition.exercises, counter, library or exercise_library())
    else:
        steps = [_item(item, definition, thresholds, counter) for item in definition.steps]
    description = "\n".join(p for p in (definition.description, marker) if p)
    body: dict[str, Any] = {
        "workoutName": definition.name,
        "description": description,
        "sportType": _sport(definition.sport),
        "estimatedDurationInSecs": round(definition.fixed_duration_s() or 0),
        "workoutSegments": [
            {"segmentOrder": 1, "sportType": _sport(definition.sport), "workoutSteps": steps}
        ],
    }
    if definition.pool_length_m is not None:
        yards = definition.pool_unit is PoolUnit.YARDS
        length = definition.pool_length_m / (0.9144 if yards else 1.0)
        body["poolLength"] = round(length, 2)
        body["poolLengthUnit"] = YARD if yards else METER
    return body


class _Counter:
    def __init__(self) -> None:
        self.order = 0
        self.child = 0

    def next(self) -> int:
        self.order += 1
        return self.order


def _item(
    item: Step | Repeat,
    definition: WorkoutDefinition,
    t: Thresholds,
    counter: _Counter,
    child: int | None = None,
) -> dict[str, Any]:
    if isinstance(item, Repeat):
        order = counter.next()
        counter.child += 1
        group = counter.child
        return {
            "type": "RepeatGroupDTO",
            "stepOrder": order,
            **({"childStepId": child} if child is not None else {}),
            "stepType": {"stepTypeId": REPEAT[0], "stepTypeKey": REPEAT[1]},
            "numberOfIterations": item.count,
            "endCondition": _condition("iterations"),
            "endConditionValue": float(item.count),
            "smartRepeat": False,
            "skipLastRestStep": item.skip_last_rest,
            "workoutSteps": [_item(s, definition, t, counter, group) for s in item.steps],
        }
    return _step(item, definition, t, counter.next(), child)


def _step(
    step: Step, definition: WorkoutDefinition, t: Thresholds, order: int, child: int | None
) -> dict[str, Any]:
    swim = definition.sport is Sport.SWIM
    kind = SWIM_ACTIVE if swim and step.kind is StepKind.ACTIVE else STEP_TYPES[step.kind]
    body: dict[str, Any] = {
        "type": "ExecutableStepDTO",
        "stepOrder": order,
        "stepType": {"stepTypeId": kind[0], "stepTypeKey": kind[1]},
        **_end(step.duration, rest=step.kind is StepKind.REST),
    }
    if child is not None:
        body["childStepId"] = child
    if swim and step.duration.kind is DurationKind.DISTANCE:
        body["preferredEndConditionUnit"] = (
            YARD if definition.pool_unit is PoolUnit.YARDS else METER
        )
    notes = [step.notes] if step.notes else []
    target, note = _target_fields(step.target, t, swim)
    body |= target
    if note:
        notes.append(note)
    if swim:
        stroke = STROKES[step.stroke or SwimStroke.ANY]
        body["strokeType"] = {"strokeTypeId": stroke[0], "strokeTypeKey": stroke[1]}
        equipment = next((EQUIPMENT[e] for e in step.equipment if e in EQUIPMENT), None)
        body["equipmentType"] = (
            {"equipmentTypeId": equipment[0], "equipmentTypeKey": equipment[1]}
            if equipment
            else {"equipmentTypeId": 0}
        )
    if notes or step.name:
        body["description"] = "; ".join([*([step.name] if step.name else []), *notes])[:250]
    return body


def _end(duration: Duration, *, rest: bool) -> dict[str, Any]:
    value = duration.value
    match duration.kind:
        case DurationKind.TIME:
            key = "fixed.rest" if rest else "time"
        case DurationKind.DISTANCE:
            key = "distance"
        case DurationKind.REPS:
            key = "reps"
        case DurationKind.CALORIES:
            key = "calories"
        case DurationKind.SEND_OFF:
            key = "fixed.repetition"  # unverified condition id 9 (docs/connectors.md, Garmin)
        case _:
            return {"endCondition": _condition("lap.button")}
    return {"endCondition": _condition(key), "endConditionValue": float(value or 0)}


def _target_fields(target: Target, t: Thresholds, swim: bool) -> tuple[dict[str, Any], str | None]:
    none = {"targetType": _target("no.target")}
    low, high = target.low or 0.0, target.high or 0.0
    match target.kind:
        case TargetKind.OPEN:
            return none, None
        case TargetKind.HEART_RATE if target.zone is not None:
            return {"targetType": _target("heart.rate.zone"), "zoneNumber": target.zone}, None
        case TargetKind.HEART_RATE:
            scale = {
                TargetReference.PERCENT_LTHR: t.lthr_bpm / 100,
                TargetReference.PERCENT_MAX_HR: t.max_hr_bpm / 100,
            }.get(target.reference, 1.0)
            return _range("heart.rate.zone", low * scale, high * scale), None
        case TargetKind.POWER if target.zone is not None:
            return {"targetType": _target("power.zone"), "zoneNumber": target.zone}, None
        case TargetKind.POWER:
            scale = t.ftp_w / 100 if target.reference is TargetReference.PERCENT_FTP else 1.0
            return _range("power.zone", low * scale, high * scale), None
        case TargetKind.SPEED:
            scale = (
                t.threshold_speed_mps / 100
                if target.reference is TargetReference.PERCENT_THRESHOLD_SPEED
                else 1.0
            )
            return _range("pace.zone", low * scale, high * scale, digits=4), None
        case TargetKind.CADENCE:
            return _range("cadence", low, high), None
        case TargetKind.CSS_OFFSET if swim:
            return {
                **none,
                "secondaryTargetType": _target("swim.css.offset"),
                "secondaryTargetValueOne": float(high),
            }, f"CSS {low:+g}..{high:+g} s/100"
        case _:
            return none, f"RPE {low:g}-{high:g}" if target.kind is TargetKind.RPE else None


def _range(key: str, low: float, high: float, digits: int = 0) -> dict[str, Any]:
    return {
        "targetType": _target(key),
        "targetValueOne": round(low, digits) if digits else float(round(low)),
        "targetValueTwo": round(high, digits) if digits else float(round(high)),
    }


def _strength(
    exercises: tuple[StrengthExercise, ...], counter: _Counter, library: ExerciseLibrary
) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for number, exercise in enumerate(exercises):
        known = library.get(exercise.exercise_id)
        for index, item in enumerate(exercise.sets):
            step: dict[str, Any] = {
                "type": "ExecutableStepDTO",
                "stepOrder": counter.next(),
                "stepType": {
                    "stepTypeId": STEP_TYPES[
                        StepKind.WARMUP if item.kind.value == "warmup" else StepKind.ACTIVE
                    ][0],
                    "stepTypeKey": "warmup" if item.kind.value == "warmup" else "interval",
                },
                "targetType": _target("no.target"),
                "description": exercise.name,
            }
            if known is not None:
                step["category"] = known.fit_category.upper()
                step["exerciseName"] = known.fit_name.upper()
            if item.reps is not None:
                step |= {"endCondition": _condition("reps"), "endConditionValue": float(item.reps)}
            elif item.duration_s is not None:
                step |= {"endCondition": _condition("time"), "endConditionValue": item.duration_s}
            else:
                step |= {"endCondition": _condition("lap.button")}
            if item.load_kg:
                step |= {"weightValue": item.load_kg * GRAMS_PER_KG, "weightUnit": KILOGRAM}
            steps.append(step)
            last = number == len(exercises) - 1 and index == len(exercise.sets) - 1
            if exercise.rest_s > 0 and not last:
                steps.append(
                    {
                        "type": "ExecutableStepDTO",
                        "stepOrder": counter.next(),
                        "stepType": {"stepTypeId": 5, "stepTypeKey": "rest"},
                        "endCondition": _condition("fixed.rest"),
                        "endConditionValue": float(exercise.rest_s),
                        "targetType": _target("no.target"),
                    }
                )
    return steps
