"""The workout library (data in ``data/workouts.toml``) turned into WorkoutDefinitions for one
athlete: swim distances in the athlete's pool unit, exercises named from the exercise library."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from coach.domain.exercises import exercise_library
from coach.domain.sport import Equipment, Sport
from coach.domain.units import PoolUnit
from coach.domain.workout import WorkoutDefinition


class Intensity(StrEnum):
    EASY = "easy"
    MODERATE = "moderate"
    HARD = "hard"


class Quality(StrEnum):
    """What a session trains; goals map to these (coach.planning.generate.GOAL_QUALITIES)."""

    SWIM = "swim"
    VO2 = "vo2"
    AEROBIC = "aerobic"
    STRENGTH = "strength"
    POWER = "power"
    MOBILITY = "mobility"
    BALANCE = "balance"


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    sport: Sport
    serves: tuple[Quality, ...]
    intensity: Intensity
    minutes: int
    equipment: tuple[Equipment, ...]
    group: str
    raw: dict[str, Any]

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(str(e["id"]) for e in self.raw.get("exercises", []))

    @property
    def exercise_groups(self) -> frozenset[str]:
        library = exercise_library()
        return frozenset(
            known.group for i in self.exercise_ids if (known := library.get(i)) is not None
        )

    def definition(self, pool_length: float, pool_unit: PoolUnit) -> WorkoutDefinition:
        """The session for an athlete swimming in a ``pool_length`` ``pool_unit`` pool."""
        document: dict[str, Any] = {
            "sport": self.sport.value,
            "name": self.name,
            "template": self.id,
        }
        if self.sport is Sport.SWIM:
            document["pool_length_m"] = pool_length * pool_unit.metres
            document["pool_unit"] = pool_unit.value
            document["steps"] = _steps(self.raw.get("steps", []), pool_unit.metres)
        elif "steps" in self.raw:
            document["steps"] = _steps(self.raw["steps"], 1.0)
        if "exercises" in self.raw:
            document["exercises"] = [_exercise(e) for e in self.raw["exercises"]]
        return WorkoutDefinition.model_validate(document)


def _steps(items: list[dict[str, Any]], metres_per_unit: float) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if "repeat" in item:
            out.append(
                {
                    "type": "repeat",
                    "count": item["repeat"],
                    "steps": _steps(item["steps"], metres_per_unit),
                }
            )
            continue
        step: dict[str, Any] = {"kind": item["kind"], "duration": _duration(item, metres_per_unit)}
        for key in ("target", "stroke", "equipment", "notes"):
            if key in item:
                step[key] = item[key]
        out.append(step)
    return out


def _duration(item: dict[str, Any], metres_per_unit: float) -> dict[str, Any]:
    if "time_s" in item:
        return {"kind": "time", "value": item["time_s"]}
    if "send_off_s" in item:
        return {"kind": "send_off", "value": item["send_off_s"]}
    if "distance" in item:
        return {"kind": "distance", "value": round(item["distance"] * metres_per_unit, 3)}
    if "reps" in item:
        return {"kind": "reps", "value": item["reps"]}
    return {"kind": "open"}


def _exercise(item: dict[str, Any]) -> dict[str, Any]:
    known = exercise_library().get(item["id"])
    if known is None:
        raise ValueError(f"workout library: unknown exercise {item['id']!r}")
    one: dict[str, Any] = {}
    for key, field in (("reps", "reps"), ("reps_max", "reps_max"), ("duration_s", "duration_s"),
                       ("load_pct_1rm", "load_pct_1rm")):  # fmt: skip
        if key in item:
            one[field] = item[key]
    return {
        "exercise_id": known.id,
        "name": known.name,
        "sets": [one] * int(item["sets"]),
        "rest_s": item.get("rest_s", 90),
        "notes": item.get("notes"),
        "equipment": [e.value for e in known.equipment],
    }


def parse_workouts(document: dict[str, Any]) -> tuple[Template, ...]:
    templates = []
    for raw in document.get("workout", []):
        templates.append(
            Template(
                id=raw["id"],
                name=raw["name"],
                sport=Sport(raw["sport"]),
                serves=tuple(Quality(q) for q in raw["serves"]),
                intensity=Intensity(raw["intensity"]),
                minutes=int(raw["minutes"]),
                equipment=tuple(Equipment(e) for e in raw.get("equipment", [])),
                group=raw["group"],
                raw=raw,
            )
        )
    ids = [t.id for t in templates]
    if len(set(ids)) != len(ids):
        raise ValueError("workout library: duplicate ids")
    return tuple(templates)


@cache
def workout_library() -> tuple[Template, ...]:
    text = resources.files("coach.planning.data").joinpath("workouts.toml").read_text("utf-8")
    return parse_workouts(tomllib.loads(text))
