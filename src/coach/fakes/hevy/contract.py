"""Coach's own statement of the part of Hevy's API it uses (requests only), in OpenAPI 3.0 form.

The fake validates requests against Hevy's published spec when that file is at hand
(../shared/data/hevy/openapi.json); without it, against this contract, written from
docs/connectors.md (Hevy) — so the project's tests check the same rules either way.
"""

from __future__ import annotations

from typing import Any

_API_KEY = {"name": "api-key", "in": "header", "required": True, "schema": {"type": "string"}}
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer"}},
    {"name": "pageSize", "in": "query", "schema": {"type": "integer"}},
]
_NUMBER = {"type": "number", "nullable": True}
_INTEGER = {"type": "integer", "nullable": True}
_SET_TYPE = {"type": "string", "enum": ["warmup", "normal", "failure", "dropset"]}
_RPE = {"type": "number", "nullable": True, "enum": [6, 7, 7.5, 8, 8.5, 9, 9.5, 10]}
_MUSCLES = [
    "abdominals", "shoulders", "biceps", "triceps", "forearms", "quadriceps", "hamstrings",
    "calves", "glutes", "abductors", "adductors", "lats", "upper_back", "traps", "lower_back",
    "chest", "cardio", "neck", "full_body", "other",
]  # fmt: skip


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _routine_set() -> dict[str, Any]:
    return _obj(
        type=_SET_TYPE,
        weight_kg=_NUMBER,
        reps=_INTEGER,
        distance_meters=_INTEGER,
        duration_seconds=_INTEGER,
        custom_metric=_NUMBER,
        rep_range={**_obj(start=_NUMBER, end=_NUMBER), "nullable": True},
    )


def _routine_exercise() -> dict[str, Any]:
    return _obj(
        exercise_template_id={"type": "string"},
        superset_id=_INTEGER,
        rest_seconds=_INTEGER,
        notes={"type": "string", "nullable": True},
        sets={"type": "array", "items": _routine_set()},
    )


def _workout_body() -> dict[str, Any]:
    workout_set = _obj(
        type=_SET_TYPE,
        weight_kg=_NUMBER,
        reps=_INTEGER,
        distance_meters=_INTEGER,
        duration_seconds=_INTEGER,
        custom_metric=_NUMBER,
        rpe=_RPE,
    )
    exercise = _obj(
        exercise_template_id={"type": "string"},
        superset_id=_INTEGER,
        notes={"type": "string", "nullable": True},
        sets={"type": "array", "items": workout_set},
    )
    return _obj(
        workout=_obj(
            title={"type": "string"},
            description={"type": "string", "nullable": True},
            start_time={"type": "string"},
            end_time={"type": "string"},
            is_private={"type": "boolean"},
            exercises={"type": "array", "items": exercise},
        )
    )


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _op(*params: dict[str, Any], body: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"parameters": [_API_KEY, *params]}
    if body is not None:
        operation["requestBody"] = _body(body)
    return operation


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def contract() -> dict[str, Any]:
    """The contract as an OpenAPI 3.0 document (paths and request schemas only)."""
    routine_post = _obj(
        routine=_obj(
            title={"type": "string"},
            folder_id=_NUMBER,
            notes={"type": "string"},
            exercises={"type": "array", "items": _routine_exercise()},
        )
    )
    routine_put = _obj(
        routine=_obj(
            title={"type": "string"},
            notes={"type": "string", "nullable": True},
            exercises={"type": "array", "items": _routine_exercise()},
        )
    )
    custom = {
        **_obj(
            exercise=_obj(
                title={"type": "string"},
                exercise_type={"type": "string"},
                equipment_category={"type": "string"},
                muscle_group={"type": "string", "enum": _MUSCLES},
                other_muscles={"type": "array", "items": {"type": "string", "enum": _MUSCLES}},
            )
        ),
        "required": ["exercise"],
    }
    measurement = {
        **_obj(date={"type": "string"}, weight_kg=_NUMBER, fat_percent=_NUMBER),
        "required": ["date"],
    }
    since = {"name": "since", "in": "query", "schema": {"type": "string"}}
    return {
        "openapi": "3.0.0",
        "paths": {
            "/v1/workouts": {"get": _op(*_PAGING), "post": _op(body=_workout_body())},
            "/v1/workouts/count": {"get": _op()},
            "/v1/workouts/events": {"get": _op(*_PAGING, since)},
            "/v1/workouts/{workoutId}": {
                "get": _op(_path("workoutId")),
                "put": _op(_path("workoutId"), body=_workout_body()),
            },
            "/v1/user/info": {"get": _op()},
            "/v1/routines": {"get": _op(*_PAGING), "post": _op(body=routine_post)},
            "/v1/routines/{routineId}": {
                "get": _op(_path("routineId")),
                "put": _op(_path("routineId"), body=routine_put),
            },
            "/v1/exercise_templates": {"get": _op(*_PAGING), "post": _op(body=custom)},
            "/v1/exercise_templates/{exerciseTemplateId}": {
                "get": _op(_path("exerciseTemplateId"))
            },
            "/v1/routine_folders": {
                "get": _op(*_PAGING),
                "post": _op(body=_obj(routine_folder=_obj(title={"type": "string"}))),
            },
            "/v1/routine_folders/{folderId}": {"get": _op(_path("folderId"))},
            "/v1/exercise_history/{exerciseTemplateId}": {"get": _op(_path("exerciseTemplateId"))},
            "/v1/body_measurements": {"get": _op(*_PAGING), "post": _op(body=measurement)},
            "/v1/body_measurements/{date}": {
                "get": _op(_path("date")),
                "put": _op(_path("date"), body=measurement),
            },
        },
    }
