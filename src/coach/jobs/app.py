"""The one procrastinate App of a process, bound to the configured PostgreSQL database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from procrastinate import App, PsycopgConnector
from procrastinate.connector import BaseConnector
from procrastinate.exceptions import ConnectorException

from coach.jobs.tasks import BACKOFF, tasks
from coach.services.context import Services

log = logging.getLogger("coach.worker")

APPLICATION_NAME = "coach-worker"
"""How the queue's connections name themselves to PostgreSQL (pg_stat_activity)."""

RECONNECT_WAITS_S = (0.2, 0.5, 1.0, 2.0)
"""When the queue's connection is cut (the database restarted), a statement runs again on a
fresh connection after these waits; then the error stands."""


class SteadyConnector(PsycopgConnector):
    """procrastinate's connector, riding out a database restart: a statement whose connection
    was cut runs again on a fresh one from the pool (the broken one is dropped). Without this a
    job whose end could not be written would stay 'doing' while its worker lives on."""

    async def execute_query_async(self, query: LiteralString, **arguments: Any) -> None:
        await _steadily(super().execute_query_async, query, arguments)

    async def execute_query_one_async(
        self, query: LiteralString, **arguments: Any
    ) -> dict[str, Any]:
        found: dict[str, Any] = await _steadily(super().execute_query_one_async, query, arguments)
        return found

    async def execute_query_all_async(
        self, query: LiteralString, **arguments: Any
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await _steadily(
            super().execute_query_all_async, query, arguments
        )
        return found


async def _steadily(
    run: Callable[..., Awaitable[Any]], query: str, arguments: dict[str, Any]
) -> Any:
    import psycopg

    for wait_s in (*RECONNECT_WAITS_S, None):
        try:
            return await run(query, **arguments)
        except ConnectorException as exc:
            if wait_s is None or not isinstance(exc.__cause__, psycopg.OperationalError):
                raise
            log.warning(f"the queue's database connection was cut; again in {wait_s} s")
            await asyncio.sleep(wait_s)
    raise AssertionError("unreachable")  # pragma: no cover


_app = App(connector=PsycopgConnector())
_app.add_tasks_from(tasks, namespace="coach")


def bind(svc: Services, connector: BaseConnector | None = None) -> App:
    """The app, talking to ``svc``'s database (or to ``connector``: an in-memory one in unit
    tests), with the retry settings of ``svc``."""
    from coach.services.database import queue_conninfo

    if connector is None:
        conninfo = queue_conninfo(svc)
        named = "application_name=" in conninfo  # the operator's own name stands
        connector = SteadyConnector(
            conninfo=conninfo,
            kwargs={} if named else {"application_name": APPLICATION_NAME},
            min_size=1,
            max_size=4,
        )
    _app.connector = connector
    _app.job_manager.connector = connector
    BACKOFF.attempts, BACKOFF.base_s = svc.settings.job_attempts, svc.settings.job_backoff_s
    return _app


def current() -> App:
    return _app
