"""The server's application: ``create_app(settings)`` (no work at import time). The API is under
/api/v1 and answers JSON, its errors RFC 9457 problem documents, its OpenAPI document at
/api/v1/openapi.json; the dashboard's pages are beside it (coach.web), over the same services."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi

from coach import __version__
from coach.api import problems
from coach.api.routes import access as access_routes
from coach.api.routes import activities, athletes, plan
from coach.config import Settings
from coach.domain.clock import Clock, SystemClock
from coach.logs import FIELDS
from coach.services.context import Services
from coach.web import pages, people
from coach.web.sessions import SessionStore

PREFIX = "/api/v1"
access = logging.getLogger("coach.http")
"""One line per request at INFO: method, path, status, the server's time."""


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    """The API over one :class:`Services` (one database engine for the process)."""
    services = Services(settings=settings, clock=clock or SystemClock())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        lifespan=lifespan,
        title="coach",
        version=__version__,
        summary="A local-first training coach: your data, your goals, every change approved.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        responses=problems.ERROR_RESPONSES,
    )
    app.state.services = services
    problems.install(app, pages.error_page, api_prefix=f"{PREFIX}/")
    for module in (athletes, activities, plan, access_routes):
        app.include_router(module.router, prefix=PREFIX)
    sessions = SessionStore(
        services,
        lifetime=timedelta(hours=settings.web_session_h),
        code_lifetime=timedelta(minutes=settings.web_sign_in_code_min),
    )
    pages.install(app, sessions)
    app.include_router(people.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems.as_problem_media(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    summary=app.summary,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.middleware("http")
    async def server_timing(request: Request, call_next: Any) -> Response:
        """Each answer says how long the server took (``Server-Timing: app;dur=MS``)."""
        began = time.perf_counter()
        response: Response = await call_next(request)
        spent_ms = (time.perf_counter() - began) * 1000
        response.headers["Server-Timing"] = f"app;dur={spent_ms:.1f}"
        if access.isEnabledFor(logging.INFO):  # the path only: a query may carry a sign-in code
            fields = {
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "ms": round(spent_ms, 1),
            }
            access.info(
                "%s %s %s",
                request.method,
                request.url.path,
                response.status_code,
                extra={FIELDS: fields},
            )
        return response

    @app.get(f"{PREFIX}/health", tags=["health"])
    def health() -> dict[str, str]:
        """Whether the server answers (no token needed)."""
        return {"status": "ok", "version": __version__}

    return app
