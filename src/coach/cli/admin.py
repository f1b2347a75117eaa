"""``coach config show | test-notify`` and ``coach db upgrade | downgrade | current | history``."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import runtime
from coach.cli.options import JsonOpt, YesOpt, confirm
from coach.cli.output import console, emit_json, marked, shown, success, table
from coach.config import masked_settings
from coach.connectors.notify import send
from coach.domain.errors import ConfigError
from coach.services import database
from coach.services.database import Migrated

config_app = typer.Typer(
    help="Show the effective configuration; try the notification URL.", no_args_is_help=True
)
db_app = typer.Typer(
    help="Manage the database: schema migrations, encryption.", no_args_is_help=True
)


@config_app.command("show")
def config_show(as_json: JsonOpt = False) -> None:
    """Print the effective settings, with secrets masked."""
    values = masked_settings(runtime().settings)
    if as_json:
        emit_json(values)
        return
    console().print(table("Settings", ["setting", "value"], list(values.items())))


@config_app.command("test-notify")
def config_test_notify() -> None:
    """Send a test message to COACH_NOTIFY_URL, the address `coach review --auto` notifies."""
    settings = runtime().settings
    if settings.notify_url is None:
        raise ConfigError(
            "COACH_NOTIFY_URL is not set: give an Apprise URL such as ntfy://your-topic"
        )
    sent = send(
        settings.notify_url.get_secret_value(),
        "coach: test notification",
        "If you read this, the evening review will reach you here.",
    )
    success(f"sent to {sent} service{'s' if sent != 1 else ''}")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the database schema up (to the newest revision by default)."""
    _migrated(database.upgrade(runtime(), revision))


@db_app.command("downgrade", context_settings={"ignore_unknown_options": True})
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision: an id, -1, or base.")],
    yes: YesOpt = False,
) -> None:
    """Migrate the database schema down. `base` removes every coach table and its data."""
    rt = runtime()
    where = database.where(rt)
    confirm(
        f"downgrade {where} to {revision} (what newer versions stored is lost"
        + (", and with `base` every table and all data)" if revision == "base" else ")"),
        yes,
    )
    _migrated(database.downgrade(rt, revision))


def _migrated(done: Migrated) -> None:
    success(f"{done.database}: schema {done.before or 'empty'} -> {done.after or 'empty'}")


@db_app.command("encrypt")
def db_encrypt(as_json: JsonOpt = False) -> None:
    """Encrypt the SQLite database file (SQLCipher): stop `coach serve` and the timer first."""
    done = database.encrypt(runtime())
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    success(
        f"{done.database} is encrypted ({done.tables} tables, {done.rows} rows checked); "
        f"the key: {done.key}"
    )
    if not done.setting_on:
        console().print(
            "Set COACH_DB_ENCRYPT=true (in COACH_HOME/coach.env) for coach to open it; keep a "
            "copy of the key apart from the database: without it the data is gone."
        )


@db_app.command("current")
def db_current(as_json: JsonOpt = False) -> None:
    """Show the database's schema revision and the newest one this coach knows."""
    found = database.state(runtime())
    current, head = found.current, found.head
    if as_json:
        emit_json(found.model_dump(mode="json"))
        return
    state = "[green]up to date[/green]" if current == head else "[yellow]needs upgrade[/yellow]"
    console().print(
        marked(
            f"{shown(found.database)}: revision {current or 'none (empty)'}, head {head}, {state}"
        )
    )


@db_app.command("history")
def db_history(as_json: JsonOpt = False) -> None:
    """List the migrations, oldest first."""
    rows = database.history()
    if as_json:
        emit_json([row.model_dump(mode="json") for row in rows])
        return
    console().print(
        table(
            "Migrations",
            ["revision", "after", "what"],
            [(r.revision, r.down_revision, r.message) for r in rows],
        )
    )
