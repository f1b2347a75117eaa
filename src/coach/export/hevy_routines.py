"""Planned strength and mobility workouts as Hevy routines, in a routine folder named "coach".

One routine per planned workout, its exercises' template ids from the exercise library and the
athlete's Hevy catalogue (a custom exercise is created only when no template matches, and only
while Hevy's custom-exercise limit allows). Sets carry reps or a rep range (``rep_range`` is
omitted, never null), weight, duration or distance; exercises carry rest and notes; supersets
are sent as ``superset_id`` (null when none).

Each routine's notes end with a marker ``coach:<workout uid>``. Before creating a routine coach
looks for a routine with its marker, so a create whose answer carried no id (or was lost) is
found instead of duplicated. A change is a PUT (it replaces the exercise list). Hevy has no
DELETE: a removed workout's routine is renamed "[removed by coach] <name>" and emptied, so it
stays recognisable and can be deleted by hand in the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from coach.connectors.hevy.catalogue import TemplateCatalogue
from coach.connectors.hevy.client import HevyClient
from coach.connectors.hevy.schemas import HevyRoutine
from coach.domain.clock import Clock
from coach.domain.errors import ConnectorError, NotFound, RateLimited
from coach.domain.exercises import ExerciseLibrary, exercise_library
from coach.domain.plan import ExportStatus, ExportTarget
from coach.domain.sport import Equipment
from coach.domain.workout import StrengthExercise, StrengthSet, WorkoutDefinition
from coach.export.plan import Action, Item, Result, record_result

FOLDER_TITLE = "coach"
REMOVED_PREFIX = "[removed by coach] "
MARKER = re.compile(r"coach:([A-Za-z0-9_.:-]+)\s*$")
EQUIPMENT_CATEGORY = {
    Equipment.BARBELL: "barbell",
    Equipment.DUMBBELL: "dumbbell",
    Equipment.KETTLEBELL: "kettlebell",
    Equipment.MACHINE: "machine",
    Equipment.CABLE: "machine",
    Equipment.RESISTANCE_BAND: "resistance_band",
}


def relevant(item: Item) -> bool:
    """Hevy gets the workouts made of exercises (and removals of what it had)."""
    if item.action is Action.REMOVE:
        return item.external_id is not None
    return item.definition is not None and bool(item.definition.exercises)


@dataclass
class HevyExport:
    client: HevyClient
    catalogue: TemplateCatalogue
    library: ExerciseLibrary = field(default_factory=exercise_library)
    _folder_id: int | None = None
    _by_marker: dict[str, str] | None = None

    def folder_id(self) -> int:
        if self._folder_id is None:
            found = next(
                (f for f in self.client.routine_folders() if f.title == FOLDER_TITLE), None
            )
            if found is None:
                found = self.client.create_routine_folder(FOLDER_TITLE)
            if found is None:  # acknowledged without the object: look it up
                found = next(
                    (f for f in self.client.routine_folders() if f.title == FOLDER_TITLE), None
                )
            if found is None:
                raise ConnectorError(f"Hevy did not create the routine folder {FOLDER_TITLE!r}")
            self._folder_id = found.id
        return self._folder_id

    def existing(self, uid: str) -> str | None:
        """The routine already carrying this workout's marker, if any."""
        if self._by_marker is None:
            self._by_marker = {}
            for routine in self.client.routines():
                match = MARKER.search(routine.notes or "")
                if match:
                    self._by_marker[match.group(1)] = routine.id
        return self._by_marker.get(uid)

    def template_for(self, exercise: StrengthExercise) -> str:
        known = self.library.get(exercise.exercise_id)
        for ref in known.hevy_ids if known else ():
            if ref in self.catalogue.templates:
                return ref
        for ref, template in sorted(self.catalogue.templates.items()):
            if self.library.match(template.title, hevy_id=ref) == exercise.exercise_id:
                return ref
        return self._custom(exercise)

    def _custom(self, exercise: StrengthExercise) -> str:
        known = self.library.get(exercise.exercise_id)
        equipment = next(
            (
                EQUIPMENT_CATEGORY[e]
                for e in (known.equipment if known else ())
                if e in EQUIPMENT_CATEGORY
            ),
            "none" if known and not known.equipment else "other",
        )
        first = exercise.sets[0]
        kind = (
            "duration"
            if first.duration_s and not first.reps
            else "weight_reps"
            if first.load_kg or first.load_pct_1rm
            else "reps_only"
        )
        body = {
            "title": exercise.name,
            "exercise_type": kind,
            "equipment_category": equipment,
            "muscle_group": "full_body",
            "other_muscles": [],
        }
        try:
            ref = self.client.create_exercise_template(body)
        except ConnectorError as exc:
            raise ConnectorError(
                f"no Hevy exercise matches {exercise.name!r} and Hevy refused a custom one ({exc})"
            ) from None
        if ref is None:  # acknowledged without an id: find it by title
            for items, _ in self.client.exercise_template_pages():
                ref = next((t.id for t in items if t.is_custom and t.title == exercise.name), None)
                if ref:
                    break
        if ref is None:
            raise ConnectorError(f"Hevy did not return the custom exercise {exercise.name!r}")
        self.catalogue.templates[ref] = self.client.exercise_template(ref)
        self.catalogue.save()
        return ref


def _set(item: StrengthSet) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": item.kind.value,
        "weight_kg": item.load_kg,
        "reps": item.reps if item.reps_max is None else None,
        "distance_meters": round(item.distance_m) if item.distance_m else None,
        "duration_seconds": round(item.duration_s) if item.duration_s else None,
        "custom_metric": None,
    }
    if item.reps_max is not None:
        body["rep_range"] = {"start": item.reps, "end": item.reps_max}
    return body


def _exercise_notes(exercise: StrengthExercise) -> str | None:
    parts = [exercise.notes] if exercise.notes else []
    parts += [
        f"set {n + 1}: {item.load_pct_1rm:.0%} of 1RM"
        for n, item in enumerate(exercise.sets)
        if item.load_pct_1rm
    ]
    return "; ".join(parts) or None


def routine_body(
    definition: WorkoutDefinition,
    uid: str,
    templates: list[str],
    *,
    folder_id: int | None,
    title_prefix: str = "",
) -> dict[str, Any]:
    notes = [definition.description] if definition.description else []
    notes.append(f"coach:{uid}")
    body: dict[str, Any] = {
        "title": f"{title_prefix}{definition.name}"[:100],
        "notes": "\n".join(notes),
        "exercises": [
            {
                "exercise_template_id": template,
                "superset_id": exercise.superset,
                "rest_seconds": round(exercise.rest_s),
                "notes": "; ".join(
                    part
                    for part in (
                        exercise.notes,
                        *(
                            f"set {n + 1}: {s.load_pct_1rm:.0%} of 1RM"
                            for n, s in enumerate(exercise.sets)
                            if s.load_pct_1rm
                        ),
                    )
                    if part
                )
                or None,
                "sets": [_set(s) for s in exercise.sets],
            }
            for exercise, template in zip(definition.exercises, templates, strict=True)
        ],
    }
    if folder_id is not None:
        body["folder_id"] = folder_id
    return body


def export_hevy(engine: Engine, items: list[Item], hevy: HevyExport, clock: Clock) -> list[Result]:
    """Send each relevant item; a rate limit stops the run (what is left stays pending)."""
    results: list[Result] = []
    for item in [i for i in items if relevant(i)]:
        if item.action is Action.UNCHANGED:
            results.append(Result(item, None, item.external_id))
            continue
        try:
            result = _send(item, hevy)
        except RateLimited as exc:
            failed = Result(item, ExportStatus.FAILED, error=str(exc))
            results.append(record_result(engine, ExportTarget.HEVY, failed, clock))
            break
        except ConnectorError as exc:
            result = Result(item, ExportStatus.FAILED, error=str(exc))
        results.append(record_result(engine, ExportTarget.HEVY, result, clock))
    return results


def _send(item: Item, hevy: HevyExport) -> Result:
    if item.action is Action.REMOVE:
        assert item.external_id is not None
        current = _fetch(hevy.client, item.external_id)
        if current is not None:
            hevy.client.update_routine(
                item.external_id,
                {
                    "title": f"{REMOVED_PREFIX}{current.title}"[:100],
                    "notes": current.notes or "",
                    "exercises": [],
                },
            )
        return Result(item, ExportStatus.REMOVED, item.external_id)
    assert item.definition is not None
    templates = [hevy.template_for(e) for e in item.definition.exercises]
    routine_id = item.external_id or hevy.existing(item.workout_uid)
    if routine_id is not None and _fetch(hevy.client, routine_id) is not None:
        body = routine_body(item.definition, item.workout_uid, templates, folder_id=None)
        hevy.client.update_routine(routine_id, body)
        return Result(item, ExportStatus.EXPORTED, routine_id)
    body = routine_body(item.definition, item.workout_uid, templates, folder_id=hevy.folder_id())
    created = hevy.client.create_routine(body)
    routine_id = created.id if created is not None else None
    if routine_id is None:
        hevy._by_marker = None  # acknowledged without an id: find it by its marker
        routine_id = hevy.existing(item.workout_uid)
    if routine_id is None:
        raise ConnectorError(
            f"Hevy acknowledged routine {item.definition.name!r} but it cannot be found"
        )
    return Result(item, ExportStatus.EXPORTED, routine_id)


def _fetch(client: HevyClient, routine_id: str) -> HevyRoutine | None:
    try:
        return client.routine(routine_id)
    except NotFound:
        return None
