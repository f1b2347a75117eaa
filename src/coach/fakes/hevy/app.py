"""The fake Hevy's HTTP face: an ASGI app over a :class:`FakeHevy` (docs/connectors.md (Hevy)).

Order of checks per request: the ``api-key`` header (401), injected faults (429 with an optional
``Retry-After``, 500), the operation's existence (404), request validation against Hevy's
OpenAPI spec or coach's own contract (400, Joi-style ``{"error": ...}``), page limits (400 past
10 per page, 100 for exercise templates; 404 for a page past the last), then the handler.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from coach.fakes.hevy.state import FakeHevy, _parse_time
from coach.fakes.hevy.validate import RequestRules

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PAGE_LIMIT = 10
PAGE_LIMITS = {"/v1/exercise_templates": 100}
DEFAULT_PAGE_SIZE = {"/v1/body_measurements": 10}
CREATED = 201


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    match: re.Match[str]


@dataclass(frozen=True, slots=True)
class Reply:
    status: int = 200
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


Handler = Callable[[Request], Reply]


class FakeHevyApp:
    """``FakeHevyApp(FakeHevy(), spec_path)`` is an ASGI application."""

    def __init__(self, hevy: FakeHevy | None = None, spec_path: Path | None = None) -> None:
        self.hevy = hevy or FakeHevy()
        self.rules = RequestRules.load(spec_path)
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        for method, template, handler in self._table():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "([^/]+)", template) + "$")
            self._routes.append((method, pattern, handler))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = dict(parse_qsl(scope.get("query_string", b"").decode()))
        reply = self.handle(scope["method"], scope["path"], query, headers, raw)
        payload = b"" if reply.body is None else json.dumps(reply.body).encode()
        response_headers = [(b"content-type", b"application/json; charset=utf-8")]
        response_headers += [(k.encode(), v.encode()) for k, v in reply.headers]
        await send(
            {"type": "http.response.start", "status": reply.status, "headers": response_headers}
        )
        await send({"type": "http.response.body", "body": payload})

    def handle(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> Reply:
        reply = self._serve(method, path, query, headers, raw)
        self.hevy.log.append((method, path, reply.status))
        return reply

    def _serve(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> Reply:
        if headers.get("api-key") != self.hevy.options.api_key:
            return Reply(401, {"error": "Unauthorized"})
        fault = self.hevy.take_fault(path)
        if fault is not None:
            extra = (
                () if fault.retry_after is None else (("retry-after", f"{fault.retry_after:g}"),)
            )
            text = "Too Many Requests" if fault.status == 429 else "Internal Server Error"
            return Reply(fault.status, {"error": text}, extra)
        operation = self.rules.operation(method, path)
        route = next(((p, h) for m, p, h in self._routes if m == method and p.match(path)), None)
        if operation is None or route is None:
            return Reply(404, {"error": f"Cannot {method} {path}"})
        try:
            body = json.loads(raw) if raw.strip() else None
        except ValueError:
            return Reply(400, {"error": "Invalid JSON body"})
        problem = self.rules.check(operation, query, body, bool(raw.strip()))
        if problem is not None:
            return Reply(400, {"error": problem})
        pattern, handler = route
        match = pattern.match(path)
        assert match is not None
        try:
            return handler(Request(method, path, query, body, match))
        except _Refused as exc:
            return Reply(exc.status, {"error": str(exc)})
        except (LookupError, ValueError) as exc:
            return Reply(400, {"error": str(exc).strip("'\"")})

    # -- rendering --------------------------------------------------------------------------

    def _time(self, value: datetime) -> str:
        text = value.astimezone(UTC).isoformat()
        return text.replace("+00:00", "Z") if self.hevy.options.z_timestamps else text

    def render(self, value: Any) -> Any:
        options = self.hevy.options
        if isinstance(value, datetime):
            return self._time(value)
        if isinstance(value, list):
            return [self.render(item) for item in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key
            if key == "superset_id":
                name = "supersets_id" if options.spec_shapes else options.superset_key
            shown = item
            if key == "rest_seconds" and options.rest_seconds_as_string and item is not None:
                shown = str(item)
            out[name] = self.render(shown)
        return out

    def written(self, key: str, obj: dict[str, Any], status: int) -> Reply:
        """A write's answer in the configured shape (live: ``{key: [obj]}``)."""
        rendered = self.render(obj)
        shape = "bare" if self.hevy.options.spec_shapes else self.hevy.options.write_shape
        body = {
            "list": {key: [rendered]},
            "object": {key: rendered},
            "bare": rendered,
            "empty": None,
        }[shape]
        return Reply(status, body)

    def page(self, request: Request, key: str, items: list[Any]) -> Reply:
        limit = PAGE_LIMITS.get(request.path, PAGE_LIMIT)
        size = int(request.query.get("pageSize", DEFAULT_PAGE_SIZE.get(request.path, 5)))
        number = int(request.query.get("page", 1))
        if not 1 <= size <= limit:
            return Reply(400, {"error": "Invalid page size"})
        if number < 1:
            return Reply(400, {"error": "Page must be 1 or greater"})
        page_count = math.ceil(len(items) / size)
        if number > max(page_count, 1):
            return Reply(404, {"error": "Page not found"})
        chunk = items[(number - 1) * size : number * size]
        return Reply(
            200, {"page": number, "page_count": page_count, key: [self.render(i) for i in chunk]}
        )

    # -- handlers ---------------------------------------------------------------------------

    def _table(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", "/v1/workouts", self._list_workouts),
            ("POST", "/v1/workouts", self._create_workout),
            ("GET", "/v1/workouts/count", self._count),
            ("GET", "/v1/workouts/events", self._events),
            ("GET", "/v1/workouts/{id}", self._get_workout),
            ("PUT", "/v1/workouts/{id}", self._update_workout),
            ("GET", "/v1/user/info", lambda _: Reply(200, {"data": self.hevy.user})),
            ("GET", "/v1/routines", self._list_routines),
            ("POST", "/v1/routines", self._create_routine),
            ("GET", "/v1/routines/{id}", self._get_routine),
            ("PUT", "/v1/routines/{id}", self._update_routine),
            ("GET", "/v1/exercise_templates", self._list_templates),
            ("POST", "/v1/exercise_templates", self._create_template),
            ("GET", "/v1/exercise_templates/{id}", self._get_template),
            ("GET", "/v1/routine_folders", self._list_folders),
            ("POST", "/v1/routine_folders", self._create_folder),
            ("GET", "/v1/routine_folders/{id}", self._get_folder),
            ("GET", "/v1/exercise_history/{id}", self._history),
            ("GET", "/v1/body_measurements", self._list_measurements),
            ("POST", "/v1/body_measurements", self._create_measurement),
            ("GET", "/v1/body_measurements/{date}", self._get_measurement),
            ("PUT", "/v1/body_measurements/{date}", self._put_measurement),
        ]  # fmt: skip

    def _list_workouts(self, request: Request) -> Reply:
        newest = sorted(self.hevy.workouts.values(), key=lambda w: w["start_time"], reverse=True)
        return self.page(request, "workouts", newest)

    def _count(self, _: Request) -> Reply:
        return Reply(200, {"workout_count": len(self.hevy.workouts)})

    def _events(self, request: Request) -> Reply:
        since = _parse_time(request.query.get("since", "1970-01-01T00:00:00Z"))
        latest: dict[str, dict[str, Any]] = {}
        for event in self.hevy.events:
            if event["at"] > since:
                latest[event["id"]] = event  # a workout appears once, as its latest event
        items = []
        for event in sorted(latest.values(), key=lambda e: e["at"], reverse=True):
            if event["type"] == "deleted":
                items.append({"type": "deleted", "id": event["id"], "deleted_at": event["at"]})
            elif event["id"] in self.hevy.workouts:
                items.append({"type": "updated", "workout": self.hevy.workouts[event["id"]]})
        return self.page(request, "events", items)

    def _get_workout(self, request: Request) -> Reply:
        workout = self.hevy.workouts.get(request.match.group(1))
        if workout is None:
            return Reply(404, {"error": "Workout not found"})
        return Reply(200, self.render(workout))

    def _create_workout(self, request: Request) -> Reply:
        workout = self.hevy.save_workout(self.hevy.build_workout(request.body["workout"]))
        return self.written("workout", workout, CREATED)

    def _update_workout(self, request: Request) -> Reply:
        workout_id = request.match.group(1)
        if workout_id not in self.hevy.workouts:
            return Reply(404, {"error": "Workout not found"})
        workout = self.hevy.build_workout(request.body["workout"], workout_id)
        return self.written("workout", self.hevy.save_workout(workout), 200)

    def _list_routines(self, request: Request) -> Reply:
        return self.page(request, "routines", list(self.hevy.routines.values()))

    def _create_routine(self, request: Request) -> Reply:
        limit = self.hevy.options.routine_limit
        if limit is not None and len(self.hevy.routines) >= limit:
            raise _Refused(403, "Routine limit exceeded")
        routine = self.hevy.build_routine(request.body["routine"])
        folder = routine["folder_id"]
        if folder is not None and all(f["id"] != folder for f in self.hevy.folders):
            raise _Refused(400, "Routine folder not found")
        self.hevy.routines[routine["id"]] = routine
        return self.written("routine", routine, CREATED)

    def _get_routine(self, request: Request) -> Reply:
        routine = self.hevy.routines.get(request.match.group(1))
        if routine is None:
            return Reply(404, {"error": "Routine not found"})
        return Reply(200, {"routine": self.render(routine)})

    def _update_routine(self, request: Request) -> Reply:
        routine_id = request.match.group(1)
        if routine_id not in self.hevy.routines:
            return Reply(404, {"error": "Routine not found"})
        routine = self.hevy.build_routine(request.body["routine"], routine_id)
        self.hevy.routines[routine_id] = routine
        return self.written("routine", routine, 200)

    def _list_templates(self, request: Request) -> Reply:
        return self.page(request, "exercise_templates", list(self.hevy.templates.values()))

    def _create_template(self, request: Request) -> Reply:
        limit = self.hevy.options.custom_exercise_limit
        if limit is not None and self.hevy.custom_template_count() >= limit:
            raise _Refused(403, "exceeds-custom-exercise-limit")
        template = self.hevy.add_custom_template(request.body["exercise"])
        return Reply(200, {"id": template["id"]})

    def _get_template(self, request: Request) -> Reply:
        template = self.hevy.templates.get(request.match.group(1))
        if template is None:
            return Reply(404, {"error": "Exercise template not found"})
        return Reply(200, self.render(template))

    def _list_folders(self, request: Request) -> Reply:
        return self.page(request, "routine_folders", self.hevy.folders)

    def _create_folder(self, request: Request) -> Reply:
        folder = self.hevy.add_folder(request.body["routine_folder"].get("title") or "Folder")
        if self.hevy.options.spec_shapes:
            return Reply(CREATED, self.render(folder))
        return Reply(CREATED, {"routine_folder": self.render(folder)})

    def _get_folder(self, request: Request) -> Reply:
        wanted = request.match.group(1)
        folder = next((f for f in self.hevy.folders if str(f["id"]) == wanted), None)
        if folder is None:
            return Reply(404, {"error": "Routine folder not found"})
        return Reply(200, self.render(folder))

    def _history(self, request: Request) -> Reply:
        template = request.match.group(1)
        start = request.query.get("start_date")
        end = request.query.get("end_date")
        rows = []
        for workout in sorted(self.hevy.workouts.values(), key=lambda w: w["start_time"]):
            if start and workout["start_time"] < _parse_time(start):
                continue
            if end and workout["start_time"] > _parse_time(end):
                continue
            for exercise in workout["exercises"]:
                if exercise["exercise_template_id"] != template:
                    continue
                rows += [_history_row(workout, exercise, s) for s in exercise["sets"]]
        return Reply(200, {"exercise_history": self.render(rows)})

    def _list_measurements(self, request: Request) -> Reply:
        items = sorted(self.hevy.measurements.values(), key=lambda m: m["date"], reverse=True)
        return self.page(request, "body_measurements", items)

    def _create_measurement(self, request: Request) -> Reply:
        day = date.fromisoformat(request.body["date"]).isoformat()
        if day in self.hevy.measurements:
            raise _Refused(409, "Body measurement already exists for this date")
        self.hevy.measurements[day] = {**request.body, "date": day}
        return Reply(200)

    def _get_measurement(self, request: Request) -> Reply:
        found = self.hevy.measurements.get(request.match.group(1))
        if found is None:
            return Reply(404, {"error": "Body measurement not found"})
        return Reply(200, found)

    def _put_measurement(self, request: Request) -> Reply:
        day = request.match.group(1)
        if day not in self.hevy.measurements:
            return Reply(404, {"error": "Body measurement not found"})
        self.hevy.measurements[day] = {**request.body, "date": day}  # omitted fields -> null
        return Reply(200)


def _history_row(
    workout: dict[str, Any], exercise: dict[str, Any], item: dict[str, Any]
) -> dict[str, Any]:
    return {
        "workout_id": workout["id"],
        "workout_title": workout["title"],
        "workout_start_time": workout["start_time"],
        "workout_end_time": workout["end_time"],
        "exercise_template_id": exercise["exercise_template_id"],
        "weight_kg": item["weight_kg"],
        "reps": item["reps"],
        "distance_meters": item["distance_meters"],
        "duration_seconds": item["duration_seconds"],
        "rpe": item["rpe"],
        "custom_metric": item["custom_metric"],
        "set_type": item["type"],
    }
