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
from typer.core import TyperCommand, TyperGroup

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
    "worker": ("coach.cli.worker", "worker"),
    "user": ("coach.cli.user", "app"),
    "grant": ("coach.cli.grant", "app"),
    "secrets": ("coach.cli.secrets", "app"),
    "remind": ("coach.cli.remind", "remind"),
    "backup": ("coach.cli.backup", "backup"),
    "restore": ("coach.cli.backup", "restore"),
    "jobs": ("coach.cli.worker", "jobs_app"),
}
"""Every command but ``version``: where it lives (a module and a Typer app or function)."""

COMMAND_HELP: dict[str, str] = {
    "init": "Create an athlete: the profile, the default goal set and convenient training times.",
    "demo": "Create the demo athlete in COACH_HOME (once) with weeks of simulated training "
    "imported from files, then show the profile, the goals, this week's plan and today's review.",
    "status": "This week's plan against what was done, form, and every goal's status on one "
    "screen.",
    "progress": "One goal's trend: current value, rate per week and month, status, and a chart.",
    "load": "Daily training load by sport, with fitness (CTL), fatigue (ATL) and form (TSB).",
    "athlete": "Show and change the athlete profile.",
    "goals": "List and change the athlete's goals.",
    "availability": "List and change the convenient times to train.",
    "import": "Import activities from files.",
    "activities": "Inspect imported activities.",
    "garmin": "Link Garmin Connect and sync activities and daily metrics.",
    "hevy": "Link Hevy (API key, Hevy Pro) and sync strength workouts and body measurements.",
    "export": "Send planned workouts out: FIT workout files, a calendar file, Hevy routines; swim "
    "CSV to FIT.",
    "export-data": "Write everything coach keeps about the athlete as JSON and CSV files (secrets "
    "excepted): your data, readable without coach.",
    "plan": "The training plan: generate it, see it, see how it changed.",
    "review": "The evening review: what was done, how the goals go, what to change.",
    "schedule": "Run the evening review every day on a timer.",
    "log": "Record what a device cannot: body fat, wellness, tests, sessions, missed sessions, "
    "illness, injury, travel.",
    "metrics": "List measured values over time; correct or delete one.",
    "config": "Show the effective configuration; try the notification URL.",
    "db": "Manage the database: schema migrations, encryption.",
    "dev": "Developer tools: fakes of outside services.",
    "serve": "Serve the dashboard at http://HOST:PORT/ and the API at /api/v1 (OpenAPI at "
    "/api/v1/openapi.json). Prints a one-time sign-in link for the dashboard; API calls need a "
    "token from `coach token create`.",
    "token": "Personal API tokens for `coach serve`.",
    "worker": "Run the nightly work from the queue on PostgreSQL (reviews, exports, "
    "notifications, reminders); as many workers as you like.",
    "remind": "Send the reminders of the sessions coming up (the timer runs it every 15 minutes).",
    "user": "The people who sign in to the dashboard (users), distinct from the athletes they own.",
    "grant": "Let a coach (another user) reach an athlete.",
    "secrets": "The machine's secret key.",
    "backup": "Back up the database and the files under COACH_HOME into one encrypted file.",
    "restore": "Restore a backup into an empty database (or, with --replace, instead of what "
    "is there).",
    "jobs": "The worker's jobs: what ran, what failed and why; queue the due work now; run a "
    "failed job again.",
}
"""Each command's help as `coach --help` lists it, so the list needs no command loaded (a test
checks each against the command's own help)."""


class LazyCommands(TyperGroup):
    """The top-level group: a command's module is imported when the command is asked for."""

    listing = False
    """True for `coach` / `coach --help`: commands are listed from :data:`COMMAND_HELP`."""

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        if self.listing:
            return TyperCommand(cmd_name, help=COMMAND_HELP[cmd_name])
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


class ListedCommands(LazyCommands):
    listing = True


def build_app(*, listing: bool = False) -> typer.Typer:
    app = typer.Typer(
        name="coach",
        cls=ListedCommands if listing else LazyCommands,
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
    args = list(argv) if argv is not None else sys.argv[1:]
    app = build_app(listing=args in ([], ["--help"]))
    try:
        _run(app, args)
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
