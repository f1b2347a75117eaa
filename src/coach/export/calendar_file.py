"""``coach export ics``: the athlete's planned sessions written as one calendar file, each
workout recorded (target ics, external id = the event UID)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.db.models import Athlete
from coach.db.repo.availability import list_windows
from coach.db.repo.exports import save_record
from coach.db.repo.plans import current_planned
from coach.db.session import session_scope
from coach.domain.clock import Clock
from coach.domain.plan import ExportStatus, ExportTarget
from coach.export.ics import calendar
from coach.export.plan import Action, Item, content_sha256, plan_export

PAST_WEEKS = 4
"""The calendar keeps the last 4 weeks of sessions beside everything planned ahead."""


def default_path(home: Path) -> Path:
    return home / "outbox" / "coach.ics"


def export_ics(
    engine: Engine, athlete: Athlete, path: Path, clock: Clock, today: date
) -> list[Item]:
    start = today - timedelta(weeks=PAST_WEEKS)
    with session_scope(engine) as session:
        rows = current_planned(session, athlete.id, start, date.max)
        windows = list_windows(session, athlete)
        items = plan_export(session, athlete, ExportTarget.ICS, start, date.max)
        workouts = [
            (
                row.workout_uid,
                row.scheduled_date,
                row.start_time_local,
                row.estimated_duration,
                row.workout_definition,
            )
            for row in rows
        ]
        data = calendar(
            workouts,
            windows,
            ZoneInfo(athlete.timezone),
            name=f"coach: {athlete.name}",
            stamp=clock.now(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        digests = {row.workout_uid: (row.id, content_sha256(row)) for row in rows}
        for item in items:
            removed = item.action is Action.REMOVE
            planned_id, digest = digests.get(item.workout_uid, (None, None))
            save_record(
                session,
                workout_uid=item.workout_uid,
                target=ExportTarget.ICS,
                status=ExportStatus.REMOVED if removed else ExportStatus.EXPORTED,
                planned_workout_id=planned_id,
                external_id=None if removed else f"{item.workout_uid}@coach",
                content_sha256=digest,
                error=None,
                at=clock.now(),
            )
    return items
