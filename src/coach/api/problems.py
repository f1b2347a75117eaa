"""Errors as RFC 9457 problem documents, in one place: a CoachError's HTTP status comes from
its type (coach.domain.errors.HTTP_STATUS), as its CLI exit code does."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from coach.domain.errors import CoachError, http_status, invalid
from coach.services.context import failure_of

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://coach.local/problems/"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    502: "An outside service failed",
    503: "Unavailable",
}

logger = logging.getLogger(__name__)


class FieldProblem(BaseModel):
    where: str
    problem: str


class Problem(BaseModel):
    """An RFC 9457 problem document: what went wrong, in one line (``detail``)."""

    type: str
    title: str
    status: int
    detail: str
    exit_code: int | None = None
    """The exit code the CLI gives for the same error."""
    errors: list[FieldProblem] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": TITLES[code]}
    for code in (400, 401, 403, 404, 409, 422, 500, 502, 503)
}
"""Documented on every route: the problems any call can meet."""


def as_problem_media(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every error response served as application/problem+json."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if code.isdigit() and int(code) >= 400 and "application/json" in content:
                    content[PROBLEM_TYPE] = content.pop("application/json")
    return document


def problem(status: int, detail: str, kind: str, **extra: Any) -> JSONResponse:
    body = {
        "type": TYPE_BASE + kind,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _kind(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


type Page = Callable[[Request, int, str], Response]
"""Renders an error as a page of the dashboard: (request, status, the one line)."""


def install(app: FastAPI, page: Page | None = None, api_prefix: str = "/api/") -> None:
    """The one mapping of errors to answers: a problem document under ``api_prefix``, else
    (when ``page`` is given) a page of the dashboard with the same status and line."""

    def answer(request: Request, status: int, detail: str, kind: str, **extra: Any) -> Response:
        if page is not None and not request.url.path.startswith(api_prefix):
            return page(request, status, detail)
        return problem(status, detail, kind, **extra)

    @app.exception_handler(CoachError)
    async def coach_error(request: Request, exc: CoachError) -> Response:
        return answer(
            request,
            http_status(exc),
            str(exc),
            _kind(type(exc).__name__),
            exit_code=exc.exit_code,
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg"))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"where": "", "problem": "invalid"}
        return answer(
            request,
            422,
            f"{first['where']}: {first['problem']}",
            "validation-failed",
            errors=errors,
        )

    @app.exception_handler(ValidationError)
    async def refused(request: Request, exc: ValidationError) -> Response:
        error = invalid("input", exc)
        return answer(request, 422, str(error), "validation-failed", exit_code=error.exit_code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return answer(request, exc.status_code, str(exc.detail), f"http-{exc.status_code}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        failure = failure_of(exc)
        if failure is not None:
            return await coach_error(request, failure)
        logger.error("unexpected %s", type(exc).__name__, exc_info=exc)
        return answer(
            request, 500, f"unexpected {type(exc).__name__}: the server log has it", "internal"
        )
