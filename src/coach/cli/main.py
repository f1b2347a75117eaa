"""The ``coach`` command: Typer app assembly and the mapping of errors to one line + exit code.

Commands are loaded when they are called, not before: ``coach import fit`` never imports the
planner, Garmin's client or Alembic, so a command starts in a fraction of the time it would
take to load them all (bench/bench_cli_startup.py). ``coach --help`` loads them all to list
them.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import Command, Context
from typer.core import TyperGroup

from coach import __version__
from coach.cli.entry import INTERRUPTED_EXIT, INTERRUPTED_TEXT, Interrupted
from coach.cli.output import error_console, marked, shown
from coach.domain.errors import CoachError

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("coach.cli.athlete", "init"),
    "demo": ("coach.cli.demo", "demo"),
    "status": ("coach.cli.analysis", "status"),
    "progress": ("coach.cli.analysis", "progress"),
    "load": ("coach.cli.analysis", "load"),
    "athlete": ("coach.cli.athlete", "app"),
    "goals": ("coach.cli.goals", "app"),
    "availability": ("coach.cli.availability", "app"),
    "import": ("coach.cli.imports", "app"),
    "activities": ("coach.cli.activities", "app"),
    "garmin": ("coach.cli.garmin", "app"),
    "hevy": ("coach.cli.hevy", "app"),
    "export": ("coach.cli.export", "app"),
    "export-data": ("coach.cli.export", "export_data"),
    "plan": ("coach.cli.plan", "app"),
    "review": ("coach.cli.review", "app"),
    "schedule": ("coach.cli.schedule", "app"),
    "log": ("coach.cli.log", "app"),
    "metrics": ("coach.cli.metrics", "app"),
    "config": ("coach.cli.admin", "config_app"),
    "db": ("coach.cli.admin", "db_app"),
    "dev": ("coach.cli.dev", "app"),
    "serve": ("coach.cli.serve", "serve"),
    "token": ("coach.cli.token", "app"),
}
"""Every command but ``version``: where it lives (a module and a Typer app or function)."""


class LazyCommands(TyperGroup):
    """The top-level group: a command's module is imported when the command is asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        module, attribute = COMMANDS[cmd_name]
        target: Any = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            command: Command = typer.main.get_group(target)
        else:
            single = typer.Typer(add_completion=False)
            single.command(cmd_name)(target)
            command = typer.main.get_command(single)
        command.name = cmd_name
        return command


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="coach",
        cls=LazyCommands,
        help="A local-first training coach: your data, your goals, every change approved by you.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    app.command("version")(_version)

    @app.callback()
    def _root() -> None:
        """A local-first training coach: your data, your goals, every change approved by you."""

    return app


def _version() -> None:
    """Print coach's version."""
    typer.echo(f"coach {__version__}")


def _database_failure(exc: Exception) -> CoachError | None:
    """The one line for a database failure outside a unit of work (None: not one)."""
    if "sqlalchemy" not in sys.modules:
        return None
    from coach.services.context import failure_of

    return failure_of(exc)


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command; every failure ends in one clear line on stderr and a non-zero exit."""
    app = build_app()
    try:
        _run(app, argv)
    finally:
        if "coach.cli.context" in sys.modules:
            from coach.cli.context import close_runtime

            close_runtime()


def _run(app: typer.Typer, argv: Sequence[str] | None) -> None:
    try:
        # Standalone mode: Typer reports its own usage errors (exit 2) and aborts (exit 1).
        app(args=list(argv) if argv is not None else None, prog_name="coach")
    except CoachError as exc:
        error_console().print(marked(f"[bold red]error:[/bold red] {shown(exc)}"))
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, Interrupted):
        error_console().print(INTERRUPTED_TEXT)
        sys.exit(INTERRUPTED_EXIT)
    except Exception as exc:  # the entry point: never a traceback for a person
        failure = _database_failure(exc)
        if failure is not None:
            error_console().print(marked(f"[bold red]error:[/bold red] {shown(failure)}"))
            sys.exit(failure.exit_code)
        logging.getLogger("coach").debug("unexpected error", exc_info=True)
        error_console().print(
            marked(
                f"[bold red]error:[/bold red] unexpected {type(exc).__name__}: "
                f"{shown(str(exc).splitlines()[0] if str(exc) else '')} "
                "(run with COACH_LOG_LEVEL=DEBUG for details)"
            )
        )
        sys.exit(1)
