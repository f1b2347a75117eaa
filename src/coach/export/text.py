"""A WorkoutDefinition as plain text, one line per step or exercise (calendar descriptions,
routine notes, terminal output)."""

from __future__ import annotations

from coach.domain.units import format_duration_s
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    Step,
    StrengthExercise,
    Target,
    TargetKind,
    WorkoutDefinition,
)


def describe(definition: WorkoutDefinition) -> list[str]:
    lines = [definition.name]
    if definition.description:
        lines.append(definition.description)
    if definition.pool_length_m is not None and definition.pool_unit is not None:
        length = definition.pool_length_m / definition.pool_unit.metres
        lines.append(f"Pool: {length:g} {definition.pool_unit.value}")
    for item in definition.steps:
        lines += _item(item, "")
    for exercise in definition.exercises:
        lines.append(_exercise(exercise))
    return lines


def _item(item: Step | Repeat, indent: str) -> list[str]:
    if isinstance(item, Repeat):
        lines = [f"{indent}{item.count} x:"]
        for inner in item.steps:
            lines += _item(inner, indent + "  ")
        return lines
    parts = [item.kind.value, _duration(item.duration)]
    if item.stroke is not None:
        parts.append(item.stroke.value)
    target = _target(item.target)
    if target:
        parts.append(target)
    if item.equipment:
        parts.append("with " + ", ".join(e.value.replace("_", " ") for e in item.equipment))
    text = " ".join(p for p in parts if p)
    if item.name:
        text = f"{item.name}: {text}"
    if item.notes:
        text += f" ({item.notes})"
    return [f"{indent}- {text}"]


def _duration(duration: Duration) -> str:
    value = duration.value or 0.0
    match duration.kind:
        case DurationKind.TIME:
            return format_duration_s(value)
        case DurationKind.DISTANCE:
            return f"{value:g} m"
        case DurationKind.REPS:
            return f"{value:g} reps"
        case DurationKind.SEND_OFF:
            return f"on {format_duration_s(value)}"
        case DurationKind.CALORIES:
            return f"{value:g} kcal"
        case _:
            return "open (lap button)"


def _target(target: Target) -> str:
    if target.kind is TargetKind.OPEN:
        return ""
    name = target.kind.value.replace("_", " ")
    if target.zone is not None:
        return f"@ {name} zone {target.zone}"
    suffix = "" if target.reference.value == "absolute" else f" ({target.reference.value})"
    return f"@ {name} {target.low:g}-{target.high:g}{suffix}"


def _exercise(exercise: StrengthExercise) -> str:
    sets = exercise.sets
    first = sets[0]
    reps = (
        f"{first.reps}-{first.reps_max}"
        if first.reps_max
        else f"{first.reps}"
        if first.reps
        else format_duration_s(first.duration_s or 0)
    )
    load = (
        f" @ {first.load_kg:g} kg"
        if first.load_kg
        else f" @ {first.load_pct_1rm:.0%} 1RM"
        if first.load_pct_1rm
        else ""
    )
    return (
        f"- {exercise.name}: {len(sets)} x {reps}{load}, rest {format_duration_s(exercise.rest_s)}"
    )
