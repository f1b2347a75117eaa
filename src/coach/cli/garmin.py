"""``coach garmin login | sync | logout | status``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import (
    console,
    emit_json,
    error_console,
    marked,
    progress_bar,
    shown,
    success,
    table,
)
from coach.connectors.garmin import (
    connect_with_password,
    connect_with_tokens,
    display_name,
    tokens_of,
)
from coach.domain.errors import ValidationFailed
from coach.services import connections
from coach.services.athletes import find_athlete

SOURCE = "garmin"

app = typer.Typer(
    help="Link Garmin Connect and sync activities and daily metrics.", no_args_is_help=True
)

PARTIAL_EXIT = 65


@app.command("login")
def login(
    athlete: AthleteOpt = None,
    email: Annotated[
        str | None,
        typer.Option(help="Garmin account e-mail (default: COACH_GARMIN_EMAIL or a prompt)."),
    ] = None,
    tokens: Annotated[
        Path | None,
        typer.Option(
            help="Link with an existing garminconnect token file (garmin_tokens.json) instead "
            "of a password."
        ),
    ] = None,
) -> None:
    """Log in once; coach keeps only the session tokens, encrypted, never the password."""
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    wait = rt.settings.garmin_retry_wait_s
    if tokens is not None:
        try:
            stored = json.loads(tokens.read_text())
        except (OSError, ValueError) as exc:
            raise ValidationFailed(f"{tokens}: not a garminconnect token file ({exc})") from None
        garmin = connect_with_tokens(stored, wait)
    else:
        address = email or os.environ.get("COACH_GARMIN_EMAIL") or typer.prompt("Garmin e-mail")
        password = os.environ.get("COACH_GARMIN_PASSWORD") or typer.prompt(
            "Garmin password", hide_input=True
        )
        garmin = connect_with_password(
            address, password, lambda: str(typer.prompt("MFA code from Garmin")), wait
        )
    connections.link_garmin(rt, LOCAL, row.id, tokens_of(garmin))
    success(f"linked {row.name} to Garmin Connect as {display_name(garmin)}")


@app.command("sync")
def sync_command(
    athlete: AthleteOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Fetch from this date, YYYY-MM-DD (default: 3 days before the last sync)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Pull activities (original FIT files) and VO2 max, body composition, RHR, HRV, sleep."""
    rt = runtime()
    with progress_bar("garmin", hidden=as_json) as bar:
        result = connections.sync(
            rt,
            LOCAL,
            athlete,
            SOURCE,
            since=parse_date(since, "--since") if since else None,
            progress=bar.show,
        )
    if as_json:
        emit_json(result.report)
    else:
        console().print(result.summary)
        for problem in result.problems:
            error_console().print(marked(f"[red]skipped[/red] {shown(problem)}"))
    if result.rejected:
        raise typer.Exit(PARTIAL_EXIT)


@app.command("logout")
def logout(athlete: AthleteOpt = None) -> None:
    """Forget the stored Garmin session on this machine."""
    if connections.unlink(runtime(), LOCAL, athlete, SOURCE):
        success(
            "forgot the Garmin session (to revoke it at Garmin too: Garmin Connect > "
            "Account > Connected apps)"
        )
    else:
        console().print("no Garmin session was stored")


@app.command("status")
def status(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Whether a Garmin session is stored, and when the last sync completed."""
    found = connections.status(runtime(), LOCAL, athlete, SOURCE)
    document = {
        "linked": found.linked,
        "last_synced_at": found.last_synced_at.isoformat() if found.last_synced_at else None,
        "synced_through": found.synced_through,
    }
    if as_json:
        emit_json(document)
        return
    console().print(table("Garmin Connect", ["", ""], list(document.items())))
