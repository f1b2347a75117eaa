"""``coach hevy login | sync | status | logout``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt
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
from coach.domain.errors import ValidationFailed
from coach.services import connections
from coach.services.athletes import find_athlete

SOURCE = "hevy"

app = typer.Typer(
    help="Link Hevy (API key, Hevy Pro) and sync strength workouts and body measurements.",
    no_args_is_help=True,
)


@app.command("login")
def login(
    athlete: AthleteOpt = None,
    key_from_env: Annotated[
        bool,
        typer.Option(
            "--from-env", help="Store the key in COACH_HEVY_API_KEY instead of prompting."
        ),
    ] = False,
) -> None:
    """Check an API key against Hevy and store it, encrypted, for later syncs."""
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    if key_from_env:
        if rt.settings.hevy_api_key is None:
            raise ValidationFailed("COACH_HEVY_API_KEY is not set")
        key = rt.settings.hevy_api_key.get_secret_value()
    else:
        key = os.environ.get("COACH_HEVY_API_KEY") or typer.prompt(
            "Hevy API key (hevy.com/settings?developer)", hide_input=True
        )
    user = connections.link_hevy(rt, LOCAL, row.id, key)
    success(f"linked {row.name} to Hevy as {user}")


@app.command("sync")
def sync_command(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Pull workouts (all of them the first time, then only changes) and body measurements."""
    rt = runtime()
    with progress_bar("hevy", hidden=as_json) as bar:
        result = connections.sync(
            rt,
            LOCAL,
            athlete,
            SOURCE,
            progress=bar.show,
        )
    report = result.report
    unknown = report["unknown_exercises"]
    if as_json:
        emit_json(report)
        return
    console().print(result.summary)
    if report["substitutions"]:
        console().print(f"{report['substitutions']} exercises were swapped against the plan.")
    if unknown:
        console().print(
            marked(
                f"[yellow]{len(unknown)} exercises are not in coach's library and were kept by "
                f"title:[/yellow] {shown(', '.join(unknown))}"
            )
        )
    for problem in result.problems:
        error_console().print(marked(f"[yellow]skipped[/yellow] {shown(problem)}"))


@app.command("status")
def status(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Whether an API key is available, and how far the last sync got."""
    rt = runtime()
    found = connections.status(rt, LOCAL, athlete, SOURCE)
    document = {
        "key": found.credential,
        "base_url": rt.settings.hevy_base_url,
        "last_synced_at": found.last_synced_at.isoformat() if found.last_synced_at else None,
        "events_since": found.synced_through,
    }
    if as_json:
        emit_json(document)
        return
    console().print(table("Hevy", ["", ""], list(document.items())))


@app.command("logout")
def logout(athlete: AthleteOpt = None) -> None:
    """Forget the stored Hevy API key on this machine."""
    if connections.unlink(runtime(), LOCAL, athlete, SOURCE):
        success("forgot the Hevy API key (revoke it at hevy.com/settings?developer if needed)")
    else:
        console().print("no Hevy API key was stored")
