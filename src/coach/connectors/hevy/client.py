"""Our own Hevy client (docs/connectors.md (Hevy)): httpx, ``api-key`` header, paced, bounded
retries.

Reads page within Hevy's limits (10 per page, 100 for exercise templates) and take a 404 past the
first page as the end of the list. A 429 is retried with bounded, jittered back-off that honours
``Retry-After``; a 5xx or network error is retried on reads only. Writes are never retried after
an ambiguous failure (Hevy has no DELETE: a blind retry can create a duplicate); the caller looks
the object up first. Write responses are accepted in every shape Hevy has been seen to send: a
bare object, ``{key: obj}``, ``{key: [obj]}`` or an empty body.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from coach import __version__
from coach.connectors.hevy.schemas import (
    BodyMeasurement,
    DeletedEvent,
    ExerciseHistoryEntry,
    ExerciseTemplate,
    HevyRoutine,
    HevyWorkout,
    RoutineFolder,
    UpdatedEvent,
    UserInfo,
)
from coach.connectors.pacing import Pacer
from coach.domain.errors import AuthError, ConnectorError, NotFound, RateLimited

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.hevyapp.com"
PAGE_SIZE = 10
"""Hevy's maximum page size for workouts, events, routines, folders and body measurements."""
TEMPLATE_PAGE_SIZE = 100
"""Hevy's maximum page size for exercise templates."""
TIMEOUT_S = 30.0
READ_METHODS = frozenset({"GET"})
_EVENT: TypeAdapter[UpdatedEvent | DeletedEvent] = TypeAdapter(UpdatedEvent | DeletedEvent)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts per request, and the longest single wait (s)."""

    attempts: int = 5
    max_wait_s: float = 60.0
    first_wait_s: float = 0.5


class _Retryable(Exception):
    def __init__(self, response: httpx.Response | None, cause: Exception | None = None) -> None:
        super().__init__(str(cause) if cause else f"HTTP {response and response.status_code}")
        self.response = response
        self.cause = cause


class HevyClient:
    """One athlete's Hevy account. Use as a context manager (closes the connection pool)."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        request_interval_s: float = 0.5,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={
                "api-key": api_key,
                "accept": "application/json",
                "user-agent": f"coach/{__version__}",
            },
            timeout=TIMEOUT_S,
            transport=transport,
        )
        self._pacer = Pacer(request_interval_s, sleep)
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self.requests = 0

    def __enter__(self) -> HevyClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- transport -------------------------------------------------------------------------

    def _send(
        self, method: str, path: str, params: dict[str, Any] | None, body: Any
    ) -> httpx.Response:
        self._pacer.wait()
        self.requests += 1
        try:
            response = self._http.request(method, path, params=params, json=body)
        except httpx.TransportError as exc:
            if method in READ_METHODS:
                raise _Retryable(None, exc) from exc
            raise ConnectorError(
                f"Hevy did not answer {method} {path} ({exc}); whether it took effect is "
                "unknown: coach checks before trying again"
            ) from exc
        status = response.status_code
        if status == httpx.codes.TOO_MANY_REQUESTS or (status >= 500 and method in READ_METHODS):
            raise _Retryable(response)
        return response

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        response = error.response if isinstance(error, _Retryable) else None
        header = response.headers.get("retry-after") if response is not None else None
        if header is not None:
            try:
                return min(max(float(header), 0.0), self._retry.max_wait_s)
            except ValueError:
                pass  # an HTTP date: fall back to our own back-off
        backoff = wait_random_exponential(
            multiplier=self._retry.first_wait_s, max=self._retry.max_wait_s
        )
        return float(backoff(state))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        allow: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """One request with pacing and retries; an error status (not in ``allow``) raises the
        matching CoachError."""
        retrying = Retrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, _Retryable)),
            stop=stop_after_attempt(self._retry.attempts),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            response = retrying(self._send, method, path, params, body)
        except _Retryable as exc:
            raise _exhausted(method, path, exc, self._retry.attempts) from exc
        if response.status_code >= 400 and response.status_code not in allow:
            raise _status_error(method, path, response)
        return response

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return _json(self.request("GET", path, params=params), path)

    def _pages[I](
        self,
        path: str,
        key: str,
        model: type[I] | TypeAdapter[I],
        page_size: int,
        params: dict[str, Any],
    ) -> Iterator[tuple[list[I], int]]:
        """Each page's items and the page count; a 404 after page 1 is the end of the list."""
        page = 1
        while True:
            response = self.request(
                "GET",
                path,
                params={**params, "page": page, "pageSize": page_size},
                allow=frozenset({404}),
            )
            if response.status_code == httpx.codes.NOT_FOUND:
                if page > 1:
                    return
                raise _status_error("GET", path, response)
            data = _json(response, path)
            items = [_parse(model, item, f"{path} page {page}") for item in data.get(key) or []]
            page_count = int(data.get("page_count") or 0)
            yield items, page_count
            if not items or page >= page_count:
                return
            page += 1

    # -- reads -----------------------------------------------------------------------------

    def user_info(self) -> UserInfo:
        data = self._get("/v1/user/info")
        return _parse(UserInfo, data.get("data", data), "/v1/user/info")

    def workout_count(self) -> int:
        return int(self._get("/v1/workouts/count").get("workout_count", 0))

    def workout_pages(self) -> Iterator[tuple[list[HevyWorkout], int]]:
        return self._pages("/v1/workouts", "workouts", HevyWorkout, PAGE_SIZE, {})

    def workout(self, workout_id: str) -> HevyWorkout:
        return _parse(HevyWorkout, self._get(f"/v1/workouts/{workout_id}"), "workout")

    def event_pages(self, since: str) -> Iterator[tuple[list[UpdatedEvent | DeletedEvent], int]]:
        """Workout events after ``since`` (ISO 8601), newest first, page by page."""
        return self._pages("/v1/workouts/events", "events", _EVENT, PAGE_SIZE, {"since": since})

    def routines(self) -> list[HevyRoutine]:
        pages = self._pages("/v1/routines", "routines", HevyRoutine, PAGE_SIZE, {})
        return [routine for items, _ in pages for routine in items]

    def routine(self, routine_id: str) -> HevyRoutine:
        data = self._get(f"/v1/routines/{routine_id}")
        return _parse(HevyRoutine, _unwrap(data, "routine"), "routine")

    def routine_folders(self) -> list[RoutineFolder]:
        pages = self._pages("/v1/routine_folders", "routine_folders", RoutineFolder, PAGE_SIZE, {})
        return [folder for items, _ in pages for folder in items]

    def exercise_template_pages(self) -> Iterator[tuple[list[ExerciseTemplate], int]]:
        return self._pages(
            "/v1/exercise_templates",
            "exercise_templates",
            ExerciseTemplate,
            TEMPLATE_PAGE_SIZE,
            {},
        )

    def exercise_template(self, template_id: str) -> ExerciseTemplate:
        data = self._get(f"/v1/exercise_templates/{template_id}")
        return _parse(ExerciseTemplate, data, "exercise template")

    def exercise_history(
        self, template_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[ExerciseHistoryEntry]:
        params = {
            name: value.isoformat()
            for name, value in (("start_date", start), ("end_date", end))
            if value is not None
        }
        data = self._get(f"/v1/exercise_history/{template_id}", params)
        return [
            _parse(ExerciseHistoryEntry, item, "exercise history")
            for item in data.get("exercise_history") or []
        ]

    def body_measurements(self) -> list[BodyMeasurement]:
        pages = self._pages(
            "/v1/body_measurements", "body_measurements", BodyMeasurement, PAGE_SIZE, {}
        )
        return [item for items, _ in pages for item in items]

    # -- writes (never retried blindly: see the module docstring) --------------------------

    def create_routine(self, routine: dict[str, Any]) -> HevyRoutine | None:
        """POST a routine; None when Hevy acknowledged without the object (look it up)."""
        response = self.request("POST", "/v1/routines", body={"routine": routine})
        return _written(response, "routine", HevyRoutine)

    def update_routine(self, routine_id: str, routine: dict[str, Any]) -> HevyRoutine | None:
        """PUT replaces the routine's title, notes and whole exercise list."""
        response = self.request("PUT", f"/v1/routines/{routine_id}", body={"routine": routine})
        return _written(response, "routine", HevyRoutine)

    def create_routine_folder(self, title: str) -> RoutineFolder | None:
        response = self.request(
            "POST", "/v1/routine_folders", body={"routine_folder": {"title": title}}
        )
        return _written(response, "routine_folder", RoutineFolder)

    def create_exercise_template(self, exercise: dict[str, Any]) -> str | None:
        """POST a custom exercise; its id (Hevy's body is ``{id}``, a bare id or plain text)."""
        response = self.request("POST", "/v1/exercise_templates", body={"exercise": exercise})
        text = response.text.strip()
        if not text:
            return None
        try:
            data = response.json()
        except ValueError:
            return text.strip('"')
        if isinstance(data, dict):
            found = data.get("id", _unwrap(data, "exercise_template").get("id"))
            return str(found) if found is not None else None
        return str(data)


def _parse[I](model: type[I] | TypeAdapter[I], data: Any, what: str) -> I:
    adapter = model if isinstance(model, TypeAdapter) else _adapter(model)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConnectorError(
            f"Hevy sent a {what} coach cannot read ({where}: {first['msg']}); please report it"
        ) from None


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def _adapter[I](model: type[I]) -> TypeAdapter[I]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    return adapter


def _json(response: httpx.Response, path: str) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise ConnectorError(f"Hevy answered {path} with something that is not JSON") from None
    if not isinstance(data, dict):
        raise ConnectorError(f"Hevy answered {path} with JSON of an unexpected shape")
    return data


def _unwrap(data: Any, key: str) -> dict[str, Any]:
    """The object in a bare object, ``{key: obj}`` or ``{key: [obj]}`` ({} when absent)."""
    if isinstance(data, dict) and key in data:
        data = data[key]
    if isinstance(data, list):
        data = data[0] if data else {}
    return data if isinstance(data, dict) else {}


def _written[T: BaseModel](response: httpx.Response, key: str, model: type[T]) -> T | None:
    if not response.content.strip():
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    item = _unwrap(data, key)
    if not item.get("id"):
        return None
    return _parse(model, item, key.replace("_", " "))


def _error_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text.strip()[:200] or response.reason_phrase
    if isinstance(data, dict) and "error" in data:
        return str(data["error"])
    return str(data)[:200]


def _status_error(method: str, path: str, response: httpx.Response) -> Exception:
    status = response.status_code
    if status == httpx.codes.UNAUTHORIZED:
        return AuthError(
            "Hevy rejected the API key (401): check COACH_HEVY_API_KEY or run `coach hevy "
            "login` with the key from hevy.com/settings?developer (the API needs Hevy Pro)"
        )
    if status == httpx.codes.NOT_FOUND:
        return NotFound(f"Hevy has no {path} ({_error_text(response)})")
    return ConnectorError(f"Hevy refused {method} {path} ({status}): {_error_text(response)}")


def _exhausted(method: str, path: str, error: _Retryable, attempts: int) -> Exception:
    if error.response is None:
        return ConnectorError(
            f"cannot reach Hevy for {method} {path} after {attempts} attempts ({error.cause}); "
            "check the network and COACH_HEVY_BASE_URL"
        )
    status = error.response.status_code
    if status == httpx.codes.TOO_MANY_REQUESTS:
        return RateLimited(
            f"Hevy is rate-limiting coach (429 on {method} {path} after {attempts} attempts); "
            "wait a few minutes and run the command again (nothing was lost)"
        )
    return ConnectorError(
        f"Hevy failed {method} {path} with {status} {attempts} times; try again later "
        "(nothing was lost)"
    )
