"""``coach garmin login | sync | logout | status``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.context import database, engine_for, load_athlete, runtime
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
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.credentials import has_credential, secret_cipher
from coach.db.repo.sync_states import get_sync_state
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.intake.fit.importer import Outcome
from coach.intake.garmin.sync import SOURCE, forget, save_tokens, sync

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
    row = load_athlete(rt, athlete)
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
    with engine_for(rt) as engine:
        save_tokens(engine, secret_cipher(rt.settings), row, tokens_of(garmin))
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
    row = load_athlete(rt, athlete)
    with engine_for(rt) as engine, progress_bar("garmin", hidden=as_json) as bar:
        report = sync(
            engine,
            rt.settings,
            secret_cipher(rt.settings),
            rt.clock,
            row,
            today=local_today(rt.clock, row.timezone),
            since=parse_date(since, "--since") if since else None,
            on_activity=lambda done, total: bar.show(done, total, "activities"),
        )
    counts = {outcome.value: report.count(outcome) for outcome in Outcome}
    if as_json:
        emit_json(
            {
                "from": report.start.isoformat(),
                "to": report.end.isoformat(),
                "activities": counts,
                "metrics": report.metrics,
                "problems": [
                    {"activity": r.name, "outcome": r.outcome.value, "message": r.message}
                    for r in report.activities
                    if r.outcome in (Outcome.REJECTED, Outcome.PARTIAL)
                ],
            }
        )
    else:
        console().print(
            f"Garmin {report.start} to {report.end}: {counts['imported']} new activities, "
            f"{counts['partial']} partial, {counts['already present']} already present, "
            f"{counts['rejected']} unreadable; {report.metrics} daily metrics."
        )
        for result in report.activities:
            if result.outcome is Outcome.REJECTED:
                error_console().print(
                    marked(f"[red]skipped[/red] {shown(result.name)}: {shown(result.message)}")
                )
    if counts["rejected"]:
        raise typer.Exit(PARTIAL_EXIT)


@app.command("logout")
def logout(athlete: AthleteOpt = None) -> None:
    """Forget the stored Garmin session on this machine."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    with engine_for(rt) as engine:
        removed = forget(engine, row)
    if removed:
        success(
            "forgot the Garmin session (to revoke it at Garmin too: Garmin Connect > "
            "Account > Connected apps)"
        )
    else:
        console().print("no Garmin session was stored")


@app.command("status")
def status(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Whether a Garmin session is stored, and when the last sync completed."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        linked = has_credential(session, row.id, SOURCE)
        state = get_sync_state(session, row.id, SOURCE)
        document = {
            "linked": linked,
            "last_synced_at": state.last_synced_at.isoformat()
            if state and state.last_synced_at
            else None,
            "synced_through": state.cursor if state else None,
        }
    if as_json:
        emit_json(document)
        return
    console().print(table("Garmin Connect", ["", ""], list(document.items())))
