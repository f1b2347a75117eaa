"""Per-command plumbing: settings, logging, the database session and the athlete."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.logging import RichHandler
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.cli.output import error_console, marked, shown
from coach.config import HOME_ENV_FILENAME, Settings, load_settings
from coach.db.migrate import ensure_schema
from coach.db.models import Athlete
from coach.db.repo.athletes import resolve_athlete
from coach.db.session import make_engine, session_scope
from coach.domain.clock import Clock, SystemClock
from coach.privacy import readable_by_others


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    clock: Clock


def runtime() -> Runtime:
    settings = load_settings()
    home_env = settings.home / HOME_ENV_FILENAME
    if readable_by_others(home_env):
        error_console().print(
            marked(
                f"[yellow]warning:[/yellow] {shown(home_env)} can be read by other users and "
                f"may hold secrets: `chmod 600 {shown(home_env)}`"
            )
        )
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(message)s",
        handlers=[RichHandler(console=error_console(), show_path=False)],
        force=True,
    )
    return Runtime(settings=settings, clock=SystemClock())


@contextmanager
def engine_for(rt: Runtime) -> Iterator[Engine]:
    """The configured database's engine (schema created on first use), disposed afterwards."""
    engine = make_engine(rt.settings)
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def database(rt: Runtime) -> Iterator[Session]:
    """One transaction on the configured database."""
    with engine_for(rt) as engine, session_scope(engine) as session:
        yield session


def load_athlete(rt: Runtime, ref: str | None) -> Athlete:
    """The athlete named by --athlete (or the only one), detached for use across transactions."""
    with database(rt) as session:
        row = resolve_athlete(session, ref)
        session.expunge(row)
    return row
