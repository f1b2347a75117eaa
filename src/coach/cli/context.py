"""Per-command plumbing: settings, logging and the application layer's services."""

from __future__ import annotations

import logging
import sys

from rich.logging import RichHandler

from coach.cli.output import error_console, marked, shown
from coach.config import HOME_ENV_FILENAME, load_settings
from coach.privacy import readable_by_others
from coach.services.context import OWNER, Scope, Services

Runtime = Services
"""What a command works with: the settings, the clock and the one database engine."""

LOCAL: Scope = OWNER
"""The person at the terminal reaches every athlete on this machine."""


_current: list[Services] = []
"""The command's services, made by its first :func:`runtime` call and closed when it ends."""


def runtime() -> Services:
    """The running command's settings, clock and database (one engine for the whole command)."""
    if _current:
        return _current[0]
    settings = load_settings()
    home_env = settings.home / HOME_ENV_FILENAME
    if readable_by_others(home_env):
        error_console().print(
            marked(
                f"[yellow]warning:[/yellow] {shown(home_env)} can be read by other users and "
                f"may hold secrets: `chmod 600 {shown(home_env)}`"
            )
        )
    handler: logging.Handler
    if settings.log_format == "json":
        from coach.logs import JsonLines

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
    else:
        handler = RichHandler(console=error_console(), show_path=False)
    logging.basicConfig(
        level=settings.log_level_number, format="%(message)s", handlers=[handler], force=True
    )
    _current.append(Services(settings=settings))
    return _current[0]


def close_runtime() -> None:
    """Close the command's database connections (SQLite folds its write-ahead log back into the
    database file)."""
    while _current:
        _current.pop().close()
