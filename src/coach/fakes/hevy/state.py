"""The fake Hevy account: its data, its events log, its limits, and faults to inject.

Everything is kept in the *read* shape Hevy answers with; ``render`` applies the response-shape
options (live by default, the spec's on a switch). Times advance one second per change so that
``updated_at`` values and events are distinct and ordered.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from coach.fakes.hevy.catalogue import built_in_templates, template_id

DEFAULT_API_KEY = "00000000-0000-4000-8000-00000000c0ac"
WriteShape = Literal["list", "object", "bare", "empty"]


@dataclass
class HevyOptions:
    """How the fake behaves. Defaults are the live API's observed behaviour (docs/connectors.md
    (Hevy))."""

    api_key: str = DEFAULT_API_KEY
    spec_shapes: bool = False  # answer as the OpenAPI spec says (bare write bodies, supersets_id)
    write_shape: WriteShape = "list"  # live: {"routine": [obj]}; or object, bare, empty body
    superset_key: str = "superset_id"  # live spelling; the spec's read models say supersets_id
    rest_seconds_as_string: bool = False  # the upstream spec's type
    z_timestamps: bool = False  # "...Z" instead of "...+00:00"
    routine_limit: int | None = None  # 403 "Routine limit exceeded" beyond this many
    custom_exercise_limit: int | None = None  # 403 exceeds-custom-exercise-limit beyond this


@dataclass
class Fault:
    """Answer ``status`` instead of serving, ``times`` times, once ``after`` requests were
    served (optionally only for paths starting with ``path``)."""

    status: int
    times: int = 1
    after: int = 0
    retry_after: float | None = None
    path: str | None = None


@dataclass
class FakeHevy:
    options: HevyOptions = field(default_factory=HevyOptions)
    now: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    user: dict[str, Any] = field(
        default_factory=lambda: {"id": str(uuid.UUID(int=7)), "name": "fake", "url": ""}
    )
    workouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    routines: dict[str, dict[str, Any]] = field(default_factory=dict)
    folders: list[dict[str, Any]] = field(default_factory=list)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    measurements: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    faults: list[Fault] = field(default_factory=list)
    log: list[tuple[str, str, int]] = field(default_factory=list)  # method, path, status

    def __post_init__(self) -> None:
        if not self.templates:
            self.templates = {t["id"]: t for t in built_in_templates()}

    # -- clock and faults ---------------------------------------------------------------------

    def tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def inject(self, status: int, **kwargs: Any) -> Fault:
        fault = Fault(status, **kwargs)
        self.faults.append(fault)
        return fault

    def take_fault(self, path: str) -> Fault | None:
        served = len(self.log)
        for fault in self.faults:
            if fault.times > 0 and served >= fault.after and path.startswith(fault.path or ""):
                fault.times -= 1
                return fault
        return None

    # -- workouts -------------------------------------------------------------------------------

    def build_workout(
        self, body: dict[str, Any], workout_id: str | None = None, routine_id: str | None = None
    ) -> dict[str, Any]:
        stamp = self.tick()
        existing = self.workouts.get(workout_id or "")
        return {
            "id": workout_id or str(uuid.uuid4()),
            "title": body.get("title") or "Workout",
            "routine_id": routine_id if existing is None else existing["routine_id"],
            "description": body.get("description") or "",
            "start_time": _parse_time(body["start_time"]),
            "end_time": _parse_time(body["end_time"]),
            "updated_at": stamp,
            "created_at": existing["created_at"] if existing else stamp,
            "exercises": [
                self._exercise(i, item, with_rpe=True)
                for i, item in enumerate(body.get("exercises") or [])
            ],
        }

    def _exercise(self, index: int, item: dict[str, Any], *, with_rpe: bool) -> dict[str, Any]:
        template = self.templates.get(item.get("exercise_template_id", ""))
        if template is None:
            raise LookupError(f"Invalid exercise template id: {item.get('exercise_template_id')}")
        sets = []
        for s, given in enumerate(item.get("sets") or []):
            one = {
                "index": s,
                "type": given.get("type", "normal"),
                "weight_kg": given.get("weight_kg"),
                "reps": given.get("reps"),
                "distance_meters": given.get("distance_meters"),
                "duration_seconds": given.get("duration_seconds"),
                "rpe": given.get("rpe") if with_rpe else None,
                "custom_metric": given.get("custom_metric"),
            }
            if not with_rpe:
                one["rep_range"] = given.get("rep_range")
            sets.append(one)
        exercise = {
            "index": index,
            "title": template["title"],
            "notes": item.get("notes") or "",
            "exercise_template_id": template["id"],
            "superset_id": item.get("superset_id"),
            "sets": sets,
        }
        if not with_rpe:
            exercise["rest_seconds"] = item.get("rest_seconds")
        return exercise

    def save_workout(self, workout: dict[str, Any]) -> dict[str, Any]:
        self.workouts[workout["id"]] = workout
        self.events.append({"type": "updated", "id": workout["id"], "at": workout["updated_at"]})
        return workout

    def delete_workout(self, workout_id: str) -> None:
        """What deleting in the app does (the API has no DELETE): gone, with a deleted event."""
        del self.workouts[workout_id]
        self.events.append({"type": "deleted", "id": workout_id, "at": self.tick()})

    def perform_routine(
        self,
        routine_id: str,
        start: datetime,
        *,
        swap: dict[str, str] | None = None,
        duration: timedelta = timedelta(minutes=50),
    ) -> dict[str, Any]:
        """The athlete starts a routine in the app and logs it (``swap``: template id ->
        the template id actually done), producing a workout that names the routine."""
        routine = self.routines[routine_id]
        swap = swap or {}
        body = {
            "title": routine["title"],
            "start_time": start.isoformat(),
            "end_time": (start + duration).isoformat(),
            "exercises": [
                {
                    "exercise_template_id": swap.get(
                        e["exercise_template_id"], e["exercise_template_id"]
                    ),
                    "superset_id": e["superset_id"],
                    "sets": [
                        {
                            "type": s["type"],
                            "weight_kg": s["weight_kg"],
                            "reps": s["reps"] or (s.get("rep_range") or {}).get("start"),
                            "duration_seconds": s["duration_seconds"],
                            "distance_meters": s["distance_meters"],
                        }
                        for s in e["sets"]
                    ],
                }
                for e in routine["exercises"]
            ],
        }
        return self.save_workout(self.build_workout(body, routine_id=routine_id))

    # -- routines, folders, templates ---------------------------------------------------------

    def build_routine(self, body: dict[str, Any], routine_id: str | None = None) -> dict[str, Any]:
        stamp = self.tick()
        existing = self.routines.get(routine_id or "")
        return {
            "id": routine_id or str(uuid.uuid4()),
            "title": body.get("title") or "Routine",
            "folder_id": existing["folder_id"] if existing else body.get("folder_id"),
            "notes": body.get("notes") or "",
            "updated_at": stamp,
            "created_at": existing["created_at"] if existing else stamp,
            "exercises": [
                self._exercise(i, item, with_rpe=False)
                for i, item in enumerate(body.get("exercises") or [])
            ],
        }

    def add_folder(self, title: str) -> dict[str, Any]:
        stamp = self.tick()
        for folder in self.folders:
            folder["index"] += 1  # a new folder goes in at index 0
        folder = {
            "id": max((f["id"] for f in self.folders), default=0) + 1,
            "index": 0,
            "title": title,
            "updated_at": stamp,
            "created_at": stamp,
        }
        self.folders.insert(0, folder)
        return folder

    def add_custom_template(self, body: dict[str, Any]) -> dict[str, Any]:
        template: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "title": body.get("title") or "Custom exercise",
            "type": body.get("exercise_type") or "weight_reps",
            "primary_muscle_group": body.get("muscle_group") or "other",
            "secondary_muscle_groups": list(body.get("other_muscles") or []),
            "equipment": body.get("equipment_category") or "none",
            "is_custom": True,
        }
        self.templates[template["id"]] = template
        return template

    def custom_template_count(self) -> int:
        return sum(1 for t in self.templates.values() if t["is_custom"])

    # -- seeding ------------------------------------------------------------------------------

    def seed_workouts(self, count: int, *, last_start: datetime, seed: int = 1) -> None:
        """``count`` plausible strength workouts, one every other day back from
        ``last_start``: 3-6 exercises of 2-4 sets, some with RPE, warm-ups, supersets, a timed
        plank and a distance carry."""
        rng = random.Random(seed)
        lifts = [t for t in self.templates.values() if t["type"] == "weight_reps"]
        for n in range(count):
            start = last_start - timedelta(days=2 * (count - 1 - n), minutes=rng.randint(0, 90))
            exercises = []
            for index, template in enumerate(rng.sample(lifts, rng.randint(3, 6))):
                exercises.append(_seed_exercise(rng, template, index))
            if rng.random() < 0.3:
                exercises.append(
                    {
                        "exercise_template_id": template_id("Plank"),
                        "sets": [{"type": "normal", "duration_seconds": 60}],
                    }
                )
            if rng.random() < 0.2:
                exercises.append(
                    {
                        "exercise_template_id": template_id("Farmers Walk"),
                        "sets": [
                            {"type": "normal", "weight_kg": 24, "distance_meters": 40},
                        ],
                    }
                )
            body = {
                "title": rng.choice(["Lower body", "Upper body", "Power", "Full body"]),
                "start_time": start.isoformat(),
                "end_time": (start + timedelta(minutes=rng.randint(35, 80))).isoformat(),
                "exercises": exercises,
            }
            self.save_workout(self.build_workout(body))

    def seed_measurements(self, first: date, weeks: int, *, fat_percent: float = 20.0) -> None:
        for week in range(weeks):
            day = first + timedelta(weeks=week)
            self.measurements[day.isoformat()] = {
                "date": day.isoformat(),
                "weight_kg": round(82.0 - 0.2 * week, 1),
                "fat_percent": round(fat_percent - 0.15 * week, 1),
            }


def _seed_exercise(rng: random.Random, template: dict[str, Any], index: int) -> dict[str, Any]:
    weight = rng.choice([20, 30, 40, 50, 60, 70, 80, 100])
    sets = []
    if rng.random() < 0.4:
        sets.append({"type": "warmup", "weight_kg": weight / 2, "reps": 10})
    for _ in range(rng.randint(2, 4)):
        sets.append(
            {
                "type": "normal",
                "weight_kg": weight,
                "reps": rng.randint(3, 12),
                "rpe": rng.choice([None, 7, 8, 8.5, 9]),
            }
        )
    return {
        "exercise_template_id": template["id"],
        "superset_id": 0 if index < 2 and rng.random() < 0.2 else None,
        "sets": sets,
    }


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value}: a timestamp needs a UTC offset")
    return parsed.astimezone(UTC)
