"""Per-command plumbing: settings, logging, the database session and the athlete."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.logging import RichHandler
from sqlalchemy.orm import Session

from coach.cli.output import error_console
from coach.config import Settings, load_settings
from coach.db.migrate import ensure_schema
from coach.db.session import make_engine, session_scope
from coach.domain.clock import Clock, SystemClock


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    clock: Clock


def runtime() -> Runtime:
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(message)s",
        handlers=[RichHandler(console=error_console(), show_path=False)],
        force=True,
    )
    return Runtime(settings=settings, clock=SystemClock())


@contextmanager
def database(rt: Runtime) -> Iterator[Session]:
    """One transaction on the configured database (schema created on first use)."""
    engine = make_engine(rt.settings)
    try:
        ensure_schema(engine)
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
