"""The one procrastinate App of a process, bound to the configured PostgreSQL database."""

from __future__ import annotations

from procrastinate import App, PsycopgConnector
from procrastinate.connector import BaseConnector

from coach.jobs.tasks import BACKOFF, tasks
from coach.services.context import Services

APPLICATION_NAME = "coach-worker"
"""How the queue's connections name themselves to PostgreSQL (pg_stat_activity)."""

_app = App(connector=PsycopgConnector())
_app.add_tasks_from(tasks, namespace="coach")


def bind(svc: Services, connector: BaseConnector | None = None) -> App:
    """The app, talking to ``svc``'s database (or to ``connector``: an in-memory one in unit
    tests), with the retry settings of ``svc``."""
    from coach.services.database import queue_conninfo

    if connector is None:
        conninfo = queue_conninfo(svc)
        named = "application_name=" in conninfo  # the operator's own name stands
        connector = PsycopgConnector(
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
