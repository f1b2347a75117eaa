"""Garmin Connect as a :class:`~coach.intake.connector.Connector`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from coach.config import Settings
from coach.db.models import Athlete
from coach.domain.clock import Clock
from coach.intake.connector import Progress, SyncDone
from coach.intake.fit.importer import Outcome
from coach.intake.garmin.sync import SOURCE, sync


class GarminConnector:
    name = SOURCE
    label = "Garmin Connect"

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
        report = sync(
            engine,
            settings,
            clock,
            athlete,
            today=today,
            since=since,
            on_activity=(
                None
                if progress is None
                else lambda done, total: progress(done, total, "activities")
            ),
        )
        counts = {outcome.value: report.count(outcome) for outcome in Outcome}
        problems = [
            {"activity": r.name, "outcome": r.outcome.value, "message": r.message}
            for r in report.activities
            if r.outcome in (Outcome.REJECTED, Outcome.PARTIAL)
        ]
        summary = (
            f"Garmin {report.start} to {report.end}: {counts['imported']} new activities, "
            f"{counts['partial']} partial, {counts['already present']} already present, "
            f"{counts['rejected']} unreadable; {report.metrics} daily metrics."
        )
        return SyncDone(
            summary=summary,
            report={
                "from": report.start.isoformat(),
                "to": report.end.isoformat(),
                "activities": counts,
                "metrics": report.metrics,
                "problems": problems,
            },
            rejected=counts["rejected"],
            problems=[
                f"{r.name}: {r.message}" for r in report.activities if r.outcome is Outcome.REJECTED
            ],
        )


CONNECTOR = GarminConnector()
