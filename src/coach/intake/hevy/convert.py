"""A Hevy workout as coach's ActivityData: sets in SI units, exercises mapped to the library,
substitutions against the planned workout recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach.analysis.strength import session_rpe_from_sets
from coach.connectors.hevy.schemas import HevyExercise, HevyWorkout
from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.exercises import ExerciseLibrary, pair_substitutions
from coach.domain.sport import Sport
from coach.domain.workout import SetKind
from coach.intake.strength import strength_details

SET_KINDS = {kind.value: kind for kind in SetKind}


def set_kind(text: str | None) -> SetKind:
    return SET_KINDS.get((text or "normal").strip().lower(), SetKind.NORMAL)


def workout_activity(
    workout: HevyWorkout,
    exercise_ids: Mapping[str, str | None],
    library: ExerciseLibrary,
    *,
    default_rpe: float,
    planned: Sequence[str] = (),
) -> ActivityData:
    """``exercise_ids``: Hevy template id -> library id (None: not in the library);
    ``planned``: the library ids of the planned workout this one was done from, in order."""
    performed = [_library_id(e, exercise_ids, library) for e in workout.exercises]
    replaced = pair_substitutions(planned, performed, library) if planned else {}
    sets: list[StrengthSetData] = []
    for position, exercise in enumerate(workout.exercises):
        key = f"{exercise.index}:{exercise.exercise_template_id}"
        for item in exercise.sets:
            sets.append(
                StrengthSetData(
                    exercise_title=exercise.title or exercise.exercise_template_id,
                    kind=set_kind(item.type),
                    reps=round(item.reps) if item.reps is not None else None,
                    weight_kg=item.weight_kg,
                    duration_s=item.duration_seconds,
                    distance_m=item.distance_meters,
                    rpe=item.rpe,
                    source_exercise_ref=exercise.exercise_template_id or None,
                    exercise_id=performed[position],
                    planned_exercise_id=replaced.get(position),
                    exercise_key=key,
                )
            )
    session_rpe = session_rpe_from_sets([s.rpe for s in sets if s.kind is not SetKind.WARMUP])
    details: dict[str, Any] = {
        "hevy": {
            "updated_at": workout.updated_at.isoformat() if workout.updated_at else None,
            "routine_id": workout.routine_id,
            "description": workout.description or None,
            "exercises": [_exercise_note(e) for e in workout.exercises],
        },
        "strength": strength_details(sets),
        "rpe_source": "sets" if session_rpe is not None else "default",
    }
    if replaced:
        details["substitutions"] = [
            {
                "planned": planned_id,
                "performed": performed[index],
                "title": workout.exercises[index].title,
            }
            for index, planned_id in sorted(replaced.items())
        ]
    return ActivityData(
        external_id=workout.id,
        start_time=workout.start_time,
        sport=Sport.STRENGTH.value,
        elapsed_s=max((workout.end_time - workout.start_time).total_seconds(), 0.0),
        name=workout.title or None,
        rpe=round(session_rpe if session_rpe is not None else default_rpe, 2),
        sets=tuple(sets),
        details=details,
    )


def _library_id(
    exercise: HevyExercise, exercise_ids: Mapping[str, str | None], library: ExerciseLibrary
) -> str | None:
    if exercise.exercise_template_id in exercise_ids:
        return exercise_ids[exercise.exercise_template_id]
    return library.match(exercise.title, hevy_id=exercise.exercise_template_id or None)


def _exercise_note(exercise: HevyExercise) -> dict[str, Any]:
    return {
        "title": exercise.title,
        "template_id": exercise.exercise_template_id,
        "superset_id": exercise.superset_id,
        "notes": exercise.notes or None,
    }
