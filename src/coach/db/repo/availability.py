"""Availability windows ("convenient times"), replaced a weekday at a time."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.db.models import Athlete, AvailabilityWindowRow
from coach.db.repo import audit
from coach.db.revisions import touch
from coach.domain.athlete import WEEKDAYS, AvailabilityWindow, check_no_overlap
from coach.domain.clock import Clock
from coach.domain.errors import ValidationFailed


def _to_window(row: AvailabilityWindowRow) -> AvailabilityWindow:
    return AvailabilityWindow(
        weekday=row.weekday,
        start=row.start_local,
        end=row.end_local,
        sports=tuple(row.sports),
        location=row.location,
        equipment=tuple(row.equipment),
    )


def list_windows(session: Session, athlete: Athlete) -> list[AvailabilityWindow]:
    rows = session.scalars(
        select(AvailabilityWindowRow)
        .where(AvailabilityWindowRow.athlete_id == athlete.id)
        .order_by(AvailabilityWindowRow.weekday, AvailabilityWindowRow.start_local)
    )
    return [_to_window(row) for row in rows]


def replace_windows(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    windows: list[AvailabilityWindow],
    *,
    weekdays: Iterable[int],
    actor: str = "cli",
    audited: bool = True,
) -> None:
    """Make ``windows`` the athlete's windows on ``weekdays``; other days stay as they are."""
    days = sorted(set(weekdays))
    stray = [window for window in windows if window.weekday not in days]
    if stray:
        raise ValidationFailed(
            f"window on {WEEKDAYS[stray[0].weekday]} is outside the days replaced"
        )
    kept = [window for window in list_windows(session, athlete) if window.weekday not in days]
    check_no_overlap(kept + windows)
    touch(session, athlete.id)
    session.execute(
        delete(AvailabilityWindowRow).where(
            AvailabilityWindowRow.athlete_id == athlete.id,
            AvailabilityWindowRow.weekday.in_(days),
        )
    )
    for window in windows:
        session.add(
            AvailabilityWindowRow(
                athlete_id=athlete.id,
                weekday=window.weekday,
                start_local=window.start,
                end_local=window.end,
                sports=list(window.sports),
                location=window.location,
                equipment=list(window.equipment),
            )
        )
    session.flush()
    session.expire(athlete, ["availability"])
    if audited:
        audit.record(
            session,
            clock,
            actor=actor,
            action="availability.set",
            entity="athlete",
            entity_id=athlete.id,
            athlete_id=athlete.id,
            details={
                "weekdays": [WEEKDAYS[day] for day in days],
                "windows": [window.model_dump(mode="json") for window in windows],
            },
        )
