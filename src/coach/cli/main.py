"""The ``coach`` command: Typer app assembly and the mapping of errors to one line + exit code."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import typer
from sqlalchemy.exc import SQLAlchemyError

from coach import __version__
from coach.cli import (
    activities,
    admin,
    analysis,
    athlete,
    availability,
    demo,
    dev,
    export,
    garmin,
    goals,
    hevy,
    imports,
    log,
    metrics,
    plan,
    review,
    schedule,
)
from coach.cli.entry import INTERRUPTED_EXIT, INTERRUPTED_TEXT, Interrupted
from coach.cli.output import error_console, marked, shown
from coach.db.session import database_failure
from coach.domain.errors import CoachError


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="coach",
        help="A local-first training coach: your data, your goals, every change approved by you.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    app.command("init")(athlete.init)
    app.command("demo")(demo.demo)
    app.command("version")(_version)
    app.command("status")(analysis.status)
    app.command("progress")(analysis.progress)
    app.command("load")(analysis.load)
    app.add_typer(athlete.app, name="athlete")
    app.add_typer(goals.app, name="goals")
    app.add_typer(availability.app, name="availability")
    app.add_typer(imports.app, name="import")
    app.add_typer(activities.app, name="activities")
    app.add_typer(garmin.app, name="garmin")
    app.add_typer(hevy.app, name="hevy")
    app.add_typer(export.app, name="export")
    app.command("export-data")(export.export_data)
    app.add_typer(plan.app, name="plan")
    app.add_typer(review.app, name="review")
    app.add_typer(schedule.app, name="schedule")
    app.add_typer(log.app, name="log")
    app.add_typer(metrics.app, name="metrics")
    app.add_typer(admin.config_app, name="config")
    app.add_typer(admin.db_app, name="db")
    app.add_typer(dev.app, name="dev")
    return app


def _version() -> None:
    """Print coach's version."""
    typer.echo(f"coach {__version__}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command; every failure ends in one clear line on stderr and a non-zero exit."""
    app = build_app()
    try:
        # Standalone mode: Typer reports its own usage errors (exit 2) and aborts (exit 1).
        app(args=list(argv) if argv is not None else None, prog_name="coach")
    except CoachError as exc:
        error_console().print(marked(f"[bold red]error:[/bold red] {shown(exc)}"))
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, Interrupted):
        error_console().print(INTERRUPTED_TEXT)
        sys.exit(INTERRUPTED_EXIT)
    except SQLAlchemyError as exc:  # a database failure outside a unit of work
        failure = database_failure(exc)
        error_console().print(marked(f"[bold red]error:[/bold red] {shown(failure)}"))
        sys.exit(failure.exit_code)
    except Exception as exc:  # the entry point: never a traceback for a person
        logging.getLogger("coach").debug("unexpected error", exc_info=True)
        error_console().print(
            marked(
                f"[bold red]error:[/bold red] unexpected {type(exc).__name__}: "
                f"{shown(str(exc).splitlines()[0] if str(exc) else '')} "
                "(run with COACH_LOG_LEVEL=DEBUG for details)"
            )
        )
        sys.exit(1)
