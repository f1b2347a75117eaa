"""Hevy as a :class:`~coach.intake.connector.Connector`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from coach.accounts import hevy_key
from coach.config import Settings
from coach.db.models import Athlete
from coach.domain.clock import Clock
from coach.intake.connector import Progress, SyncDone
from coach.intake.hevy.sync import CREDENTIAL, make_client, sync


class HevyConnector:
    name = CREDENTIAL
    label = "Hevy"

    def sync(
        self,
        engine: Engine,
        settings: Settings,
        clock: Clock,
        athlete: Athlete,
        *,
        today: date,
        since: date | None = None,
        progress: Progress | None = None,
    ) -> SyncDone:
        """Every workout the first time, then only the changes (``since`` and ``today`` do not
        apply: Hevy keeps an event cursor)."""
        del today, since
        with make_client(settings, hevy_key(engine, settings, athlete)) as client:
            report = sync(
                engine,
                settings,
                clock,
                athlete,
                client,
                on_progress=(
                    None
                    if progress is None
                    else lambda stage, done, total: progress(done, total, stage)
                ),
            )
        verb = "first sync (every workout)" if report.mode == "backfill" else "changes"
        unknown = sorted(report.unknown_exercises)
        summary = (
            f"Hevy {verb}: {report.added} new, {report.updated} updated, {report.deleted} "
            f"deleted, {report.unchanged} unchanged workouts; {report.measurements} body "
            "measurements."
        )
        return SyncDone(
            summary=summary,
            report={
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
            },
            problems=list(report.problems),
        )


CONNECTOR = HevyConnector()
