"""Helpers of the worker tests: the queue in memory (procrastinate's InMemoryConnector) over a
real coach database, and the worker run in this process until the queue is empty."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from procrastinate import App
from procrastinate.testing import InMemoryConnector
from sqlalchemy import create_engine, text

from coach.config import load_settings
from coach.jobs.app import bind
from coach.services.context import Services
from tests.conftest import POSTGRES_URL, _postgres_schema_url, postgres_schema
from tests.fakes.http_sink import sink

__all__ = ["Queue", "memory_queue", "sink"]


@dataclass
class Queue:
    app: App
    svc: Services
    connector: InMemoryConnector

    def work(self) -> None:
        """Run every job that is due now, as a worker would, then stop."""
        self.app.run_worker(
            wait=False,
            additional_context={"svc": self.svc},
            install_signal_handlers=False,
            listen_notify=False,
        )

    def jobs(self, task: str | None = None) -> list[dict[str, object]]:
        return [
            job for job in self.connector.jobs.values() if task is None or job["task_name"] == task
        ]


@pytest.fixture
def memory_queue() -> Iterator[Queue]:
    """A queue in memory over the environment's database (the settings are read when the
    fixture starts: set the environment first)."""
    svc = Services(load_settings())
    connector = InMemoryConnector()
    yield Queue(bind(svc, connector), svc, connector)
    svc.close()


# -- real workers on the PostgreSQL server -------------------------------------------------------


@dataclass
class Postgres:
    """A schema of its own on the test server; workers started as separate processes on it."""

    url: str
    schema: str
    name: str  # the application_name of this test's coach processes
    env: dict[str, str]
    monkeypatch: pytest.MonkeyPatch

    def set(self, **values: str) -> None:
        """Settings for the CLI here and the workers to come."""
        for key, value in values.items():
            self.monkeypatch.setenv(key, value)
            self.env[key] = value

    def sql(self, query: str, **params: object) -> list[tuple[object, ...]]:
        engine = create_engine(POSTGRES_URL)
        try:
            with engine.begin() as connection:
                connection.execute(text(f'SET search_path TO "{self.schema}"'))
                return [tuple(row) for row in connection.execute(text(query), params)]
        finally:
            engine.dispose()

    def start_worker(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "coach", "worker", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def waiting(self) -> int:
        """Jobs of coach's nightly work not finished yet (waiting, running or to be retried)."""
        ((count,),) = self.sql(
            "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
            "AND task_name NOT IN ('coach:due_check', 'coach:recover_stalled', "
            "'coach:remove_old_jobs')"
        )
        assert isinstance(count, int)
        return count

    def work_until_idle(self, timeout_s: float = 90) -> list[str]:
        """`coach worker --once` again and again until no job waits (retries come after their
        back-off); what each run said."""
        said, deadline = [], time.monotonic() + timeout_s
        while True:
            done = subprocess.run(
                [sys.executable, "-m", "coach", "worker", "--once"],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            said.append(done.stdout + done.stderr)
            if not self.waiting():
                return said
            assert time.monotonic() < deadline, f"jobs still waiting after {timeout_s} s"
            time.sleep(0.5)


@pytest.fixture
def postgres(coach_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Postgres]:
    """The CLI in this process and workers in others, on one fresh PostgreSQL schema; every
    athlete's evening already come (COACH_REVIEW_TIME 00:00), short back-offs."""
    with postgres_schema() as schema:
        name = f"coach-test-{schema}"
        url = _postgres_schema_url(schema) + f"&application_name={name}"
        settings = {
            "COACH_DATABASE_URL": url,
            "COACH_REVIEW_TIME": "00:00",
            "COACH_JOB_BACKOFF_S": "1",
            "COACH_JOB_ATTEMPTS": "5",
            "COACH_WORKER_STALLED_S": "2",
        }
        for key, value in settings.items():
            monkeypatch.setenv(key, value)
        env = {**os.environ, "COACH_HOME": str(coach_home), **settings}
        try:
            yield Postgres(url, schema, name, env, monkeypatch)
        finally:  # no worker of this test outlives it
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name"
                    ),
                    {"name": name},
                )
            admin.dispose()
