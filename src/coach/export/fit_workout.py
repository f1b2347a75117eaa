"""A WorkoutDefinition as a FIT workout file (file type 5): file_id, one workout, its steps.

Scales and offsets (docs/connectors.md (FIT); garmin-fit-sdk profile 21.218): durations in ms (time,
send-off), cm (distance, metres even for yard pools), reps, kcal; custom targets as bpm + 100 or %
of max HR (0-100), W + 1000 or % FTP (0-1000), speed in mm/s (low = slower). garmin-fit-sdk's
Encoder drops sub-field names, so ``duration_value``/``target_value``/``custom_target_value_*`` are
written raw. Repeats become a ``repeat_until_steps_cmplt`` step after their block, pointing at its
first step. ``num_valid_steps`` counts every step message including repeats, as Garmin's 2020
cookbook does (whether watches want that is unverified: COACH_FIT_COUNT_REPEAT_STEPS).

Targets a FIT workout cannot carry are converted with the athlete's thresholds (% of LTHR to bpm,
% of threshold speed and CSS offsets to speed) or written into the step's notes (RPE). Strength
exercises become one step per set (reps or time, the exercise's FIT category and name, the load)
with a rest step after each set but the last.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from garmin_fit_sdk import Encoder, Profile

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

MESG = Profile["mesg_num"]
HR_OFFSET = 100
POWER_OFFSET = 1000
MANUFACTURER = "development"
PRODUCT = 1

SPORTS: dict[Sport, tuple[str, str]] = {
    Sport.SWIM: ("swimming", "lap_swimming"),
    Sport.RUN: ("running", "generic"),
    Sport.BIKE: ("cycling", "generic"),
    Sport.ROW: ("rowing", "indoor_rowing"),
    Sport.STRENGTH: ("training", "strength_training"),
    Sport.MOBILITY: ("training", "flexibility_training"),
    Sport.WALK: ("walking", "generic"),
    Sport.HIKE: ("hiking", "generic"),
    Sport.OTHER: ("generic", "generic"),
}
INTENSITY = {
    StepKind.WARMUP: "warmup",
    StepKind.ACTIVE: "active",
    StepKind.RECOVERY: "recovery",
    StepKind.REST: "rest",
    StepKind.COOLDOWN: "cooldown",
}
STROKES = {
    SwimStroke.FREESTYLE: 0,
    SwimStroke.BACKSTROKE: 1,
    SwimStroke.BREASTSTROKE: 2,
    SwimStroke.BUTTERFLY: 3,
    SwimStroke.DRILL: 4,
    SwimStroke.MIXED: 5,
    SwimStroke.IM: 6,
}
EQUIPMENT = {
    Equipment.FINS: "swim_fins",
    Equipment.KICKBOARD: "swim_kickboard",
    Equipment.PADDLES: "swim_paddles",
    Equipment.PULL_BUOY: "swim_pull_buoy",
    Equipment.SNORKEL: "swim_snorkel",
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The athlete's values that turn relative targets into what a FIT file can say."""

    max_hr_bpm: float
    lthr_bpm: float
    ftp_w: float
    threshold_speed_mps: float
    css_s_per_100m: float


def serial_number(workout_uid: str) -> int:
    """A stable, unique-enough serial per planned workout (FIT: type + manufacturer + product +
    serial must be unique per file)."""
    return int(hashlib.sha256(workout_uid.encode()).hexdigest()[:8], 16) % 0xFFFFFFFE + 1


def encode_workout(
    definition: WorkoutDefinition,
    thresholds: Thresholds,
    *,
    workout_uid: str,
    created: datetime,
    count_repeat_steps: bool = True,
    library: ExerciseLibrary | None = None,
) -> bytes:
    steps = _steps(definition, thresholds, library or exercise_library())
    sport, sub_sport = SPORTS[definition.sport]
    if definition.sport is Sport.SWIM and definition.pool_length_m is None:
        sub_sport = "open_water"
    workout: dict[str, Any] = {
        "wkt_name": definition.name[:40],
        "sport": sport,
        "sub_sport": sub_sport,
        "num_valid_steps": len(steps)
        if count_repeat_steps
        else sum(1 for s in steps if s["duration_type"] != "repeat_until_steps_cmplt"),
    }
    if definition.description:
        workout["wkt_description"] = definition.description[:200]
    if definition.pool_length_m is not None:
        workout["pool_length"] = round(definition.pool_length_m, 2)
        workout["pool_length_unit"] = (
            "statute" if definition.pool_unit is PoolUnit.YARDS else "metric"
        )
    encoder = Encoder()
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": MANUFACTURER,
            "product": PRODUCT,
            "serial_number": serial_number(workout_uid),
            "time_created": created,
        },
    )
    encoder.on_mesg(MESG["WORKOUT"], workout)
    for index, step in enumerate(steps):
        encoder.on_mesg(MESG["WORKOUT_STEP"], {"message_index": index, **step})
    return bytes(encoder.close())


def _steps(
    definition: WorkoutDefinition, thresholds: Thresholds, library: ExerciseLibrary
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if definition.exercises:
        for number, exercise in enumerate(definition.exercises):
            last = number == len(definition.exercises) - 1
            out += _exercise_steps(exercise, library, last_exercise=last)
        return out
    _block(definition.steps, thresholds, out)
    return out


def _block(
    steps: tuple[Step | Repeat, ...], thresholds: Thresholds, out: list[dict[str, Any]]
) -> None:
    for item in steps:
        if isinstance(item, Repeat):
            first = len(out)
            inner = item.steps
            _block(inner, thresholds, out)
            out.append(
                {
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_type": "open",
                    "target_value": item.count,
                }
            )
        else:
            out.append(_step(item, thresholds))


def _step(step: Step, thresholds: Thresholds) -> dict[str, Any]:
    fields: dict[str, Any] = {"intensity": INTENSITY[step.kind], **_duration(step.duration)}
    notes = [step.notes] if step.notes else []
    if step.stroke is not None and step.stroke is not SwimStroke.ANY:
        fields |= {"target_type": "swim_stroke", "target_value": STROKES[step.stroke]}
        if step.target.kind is not TargetKind.OPEN:
            notes.append(_describe(step.target, thresholds))
    else:
        target, note = _target(step.target, thresholds)
        fields |= target
        if note:
            notes.append(note)
    if step.name:
        fields["wkt_step_name"] = step.name[:50]
    if step.equipment and step.equipment[0] in EQUIPMENT:
        fields["equipment"] = EQUIPMENT[step.equipment[0]]
    if notes:
        fields["notes"] = "; ".join(notes)[:200]
    return fields


def _duration(duration: Duration) -> dict[str, Any]:
    value = duration.value or 0.0
    match duration.kind:
        case DurationKind.TIME:
            return {"duration_type": "time", "duration_value": round(value * 1000)}
        case DurationKind.SEND_OFF:
            return {"duration_type": "repetition_time", "duration_value": round(value * 1000)}
        case DurationKind.DISTANCE:
            return {"duration_type": "distance", "duration_value": round(value * 100)}
        case DurationKind.REPS:
            return {"duration_type": "reps", "duration_value": round(value)}
        case DurationKind.CALORIES:
            return {"duration_type": "calories", "duration_value": round(value)}
        case _:
            return {"duration_type": "open"}


def _custom(kind: str, low: float, high: float) -> dict[str, Any]:
    return {
        "target_type": kind,
        "target_value": 0,
        "custom_target_value_low": round(low),
        "custom_target_value_high": round(high),
    }


def _target(target: Target, t: Thresholds) -> tuple[dict[str, Any], str | None]:
    """The FIT target fields, and a note for what FIT cannot say."""
    open_target: dict[str, Any] = {"target_type": "open", "target_value": 0}
    low, high = target.low or 0.0, target.high or 0.0
    match target.kind:
        case TargetKind.OPEN:
            return open_target, None
        case TargetKind.HEART_RATE if target.zone is not None:
            return {"target_type": "heart_rate", "target_value": target.zone}, None
        case TargetKind.HEART_RATE if target.reference is TargetReference.PERCENT_MAX_HR:
            return _custom("heart_rate", low, high), None
        case TargetKind.HEART_RATE:
            scale = t.lthr_bpm / 100 if target.reference is TargetReference.PERCENT_LTHR else 1.0
            return _custom("heart_rate", low * scale + HR_OFFSET, high * scale + HR_OFFSET), None
        case TargetKind.POWER if target.zone is not None:
            return {"target_type": "power", "target_value": target.zone}, None
        case TargetKind.POWER if target.reference is TargetReference.PERCENT_FTP:
            return _custom("power", low, high), None
        case TargetKind.POWER:
            return _custom("power", low + POWER_OFFSET, high + POWER_OFFSET), None
        case TargetKind.SPEED:
            scale = (
                t.threshold_speed_mps / 100
                if target.reference is TargetReference.PERCENT_THRESHOLD_SPEED
                else 1.0
            )
            return _custom("speed", low * scale * 1000, high * scale * 1000), None
        case TargetKind.CADENCE:
            return _custom("cadence", low, high), None
        case TargetKind.CSS_OFFSET:
            # pace = CSS + offset (s/100 m); the slower pace (larger offset) is the low speed
            slow, fast = 100 / (t.css_s_per_100m + high), 100 / (t.css_s_per_100m + low)
            return _custom("speed", slow * 1000, fast * 1000), None
        case _:
            return open_target, _describe(target, t)


def _describe(target: Target, t: Thresholds) -> str:
    if target.kind is TargetKind.RPE:
        return f"RPE {target.low:g}-{target.high:g}"
    if target.kind is TargetKind.CSS_OFFSET:
        low_pace = t.css_s_per_100m + (target.low or 0.0)
        high_pace = t.css_s_per_100m + (target.high or 0.0)
        offsets = f"CSS {target.low:+g}..{target.high:+g} s"
        return f"pace {_clock(low_pace)}-{_clock(high_pace)} /100 m ({offsets})"
    if target.zone is not None:
        return f"{target.kind.value} zone {target.zone}"
    return f"{target.kind.value} {target.low:g}-{target.high:g}"


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _exercise_steps(
    exercise: StrengthExercise, library: ExerciseLibrary, *, last_exercise: bool
) -> list[dict[str, Any]]:
    known = library.get(exercise.exercise_id)
    identity: dict[str, Any] = {}
    if known is not None:
        names = Profile["types"].get(f"{known.fit_category}_exercise_name", {})
        index = next((i for i, name in names.items() if name == known.fit_name), None)
        identity["exercise_category"] = known.fit_category
        if index is not None:
            identity["exercise_name"] = index
    steps = []
    for number, item in enumerate(exercise.sets):
        step: dict[str, Any] = {
            "wkt_step_name": exercise.name[:50],
            "intensity": "warmup" if item.kind.value == "warmup" else "active",
            "target_type": "open",
            "target_value": 0,
            **identity,
        }
        if item.reps is not None:
            step |= {"duration_type": "reps", "duration_value": item.reps}
        elif item.duration_s is not None:
            step |= {"duration_type": "time", "duration_value": round(item.duration_s * 1000)}
        else:
            step |= {"duration_type": "open"}
        notes = []
        if item.load_kg:
            step |= {"exercise_weight": round(item.load_kg, 2), "weight_display_unit": "kilogram"}
        if item.load_pct_1rm:
            notes.append(f"{item.load_pct_1rm:.0%} of 1RM")
        if item.reps_max:
            notes.append(f"{item.reps}-{item.reps_max} reps")
        if item.rpe:
            notes.append(f"RPE {item.rpe:g}")
        if exercise.notes:
            notes.append(exercise.notes)
        if notes:
            step["notes"] = "; ".join(notes)[:200]
        steps.append(step)
        final = last_exercise and number == len(exercise.sets) - 1
        if exercise.rest_s > 0 and not final:
            steps.append(
                {
                    "intensity": "rest",
                    "duration_type": "time",
                    "duration_value": round(exercise.rest_s * 1000),
                    "target_type": "open",
                    "target_value": 0,
                }
            )
    return steps
