"""Run every linked connector (Garmin Connect, Hevy) before a review; a failing source is
reported in one line and the others, and the review, go on."""

from __future__ import annotations

from sqlalchemy import Engine

from coach.cli.context import Runtime, database
from coach.db.models import Athlete
from coach.db.repo.credentials import has_credential, secret_cipher
from coach.domain.clock import local_today
from coach.domain.errors import AuthError, CoachError
from coach.intake.garmin.sync import SOURCE as GARMIN
from coach.intake.garmin.sync import sync as garmin_sync
from coach.intake.hevy.sync import make_client, resolve_api_key
from coach.intake.hevy.sync import sync as hevy_sync


def sync_linked(rt: Runtime, engine: Engine, athlete: Athlete) -> list[str]:
    """One line per source: what it brought, or why it failed."""
    lines = []
    with database(rt) as session:
        garmin_linked = has_credential(session, athlete.id, GARMIN)
    if garmin_linked:
        try:
            report = garmin_sync(
                engine,
                rt.settings,
                secret_cipher(rt.settings),
                rt.clock,
                athlete,
                today=local_today(rt.clock, athlete.timezone),
            )
            lines.append(
                f"Garmin: {sum(1 for r in report.activities if r.outcome.value == 'imported')} "
                f"new activities, {report.metrics} daily metrics"
            )
        except CoachError as exc:
            lines.append(f"Garmin failed: {exc}")
    try:
        key = resolve_api_key(engine, rt.settings, secret_cipher(rt.settings), athlete)
    except AuthError:
        key = None
    if key is not None:
        try:
            with make_client(rt.settings, key) as client:
                hevy = hevy_sync(engine, rt.settings, rt.clock, athlete, client)
            lines.append(
                f"Hevy: {hevy.added} new, {hevy.updated} updated, {hevy.deleted} deleted workouts"
            )
        except CoachError as exc:
            lines.append(f"Hevy failed: {exc}")
    return lines or ["No source is linked (coach garmin login, coach hevy login)."]
