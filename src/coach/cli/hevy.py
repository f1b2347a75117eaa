"""``coach hevy login | sync | status | logout``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from coach.cli.context import database, engine_for, load_athlete, runtime
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
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.credentials import has_credential, save_credential, secret_cipher
from coach.db.repo.sync_states import get_sync_state
from coach.domain.errors import ValidationFailed
from coach.intake.hevy.sync import CREDENTIAL, forget, make_client, resolve_api_key, sync

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
    row = load_athlete(rt, athlete)
    if key_from_env:
        if rt.settings.hevy_api_key is None:
            raise ValidationFailed("COACH_HEVY_API_KEY is not set")
        key = rt.settings.hevy_api_key.get_secret_value()
    else:
        key = os.environ.get("COACH_HEVY_API_KEY") or typer.prompt(
            "Hevy API key (hevy.com/settings?developer)", hide_input=True
        )
    key = key.strip()
    if not key:
        raise ValidationFailed("an empty API key: copy it from hevy.com/settings?developer")
    with make_client(rt.settings, key) as client:
        user = client.user_info()
    with database(rt) as session:
        save_credential(session, secret_cipher(rt.settings), row.id, CREDENTIAL, {"api_key": key})
    success(f"linked {row.name} to Hevy as {user.name or user.id or 'this account'}")


@app.command("sync")
def sync_command(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Pull workouts (all of them the first time, then only changes) and body measurements."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    with engine_for(rt) as engine, progress_bar("hevy", hidden=as_json) as bar:
        key = resolve_api_key(engine, rt.settings, secret_cipher(rt.settings), row)
        with make_client(rt.settings, key) as client:
            report = sync(
                engine,
                rt.settings,
                rt.clock,
                row,
                client,
                on_progress=lambda stage, done, total: bar.show(done, total, stage),
            )
    unknown = sorted(report.unknown_exercises)
    if as_json:
        emit_json(
            {
                "mode": report.mode,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "deleted": report.deleted,
                "measurements": report.measurements,
                "substitutions": report.substitutions,
                "unknown_exercises": unknown,
                "problems": report.problems,
                "cursor": report.cursor,
            }
        )
        return
    verb = "first sync (every workout)" if report.mode == "backfill" else "changes"
    console().print(
        f"Hevy {verb}: {report.added} new, {report.updated} updated, {report.deleted} deleted, "
        f"{report.unchanged} unchanged workouts; {report.measurements} body measurements."
    )
    if report.substitutions:
        console().print(f"{report.substitutions} exercises were swapped against the plan.")
    if unknown:
        console().print(
            marked(
                f"[yellow]{len(unknown)} exercises are not in coach's library and were kept by "
                f"title:[/yellow] {shown(', '.join(unknown))}"
            )
        )
    for problem in report.problems:
        error_console().print(marked(f"[yellow]skipped[/yellow] {shown(problem)}"))


@app.command("status")
def status(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Whether an API key is available, and how far the last sync got."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        stored = has_credential(session, row.id, CREDENTIAL)
        state = get_sync_state(session, row.id, CREDENTIAL)
        document = {
            "key": "COACH_HEVY_API_KEY"
            if rt.settings.hevy_api_key is not None
            else ("stored" if stored else None),
            "base_url": rt.settings.hevy_base_url,
            "last_synced_at": state.last_synced_at.isoformat()
            if state and state.last_synced_at
            else None,
            "events_since": state.cursor if state else None,
        }
    if as_json:
        emit_json(document)
        return
    console().print(table("Hevy", ["", ""], list(document.items())))


@app.command("logout")
def logout(athlete: AthleteOpt = None) -> None:
    """Forget the stored Hevy API key on this machine."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    with engine_for(rt) as engine:
        removed = forget(engine, row)
    if removed:
        success("forgot the Hevy API key (revoke it at hevy.com/settings?developer if needed)")
    else:
        console().print("no Hevy API key was stored")
