"""Sync state per athlete and source: how far a connector has synced, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import SyncState


def get_sync_state(session: Session, athlete_id: int, source: str) -> SyncState | None:
    return session.scalar(
        select(SyncState).where(SyncState.athlete_id == athlete_id, SyncState.source == source)
    )


def advance_cursor(
    session: Session, athlete_id: int, source: str, cursor: str, synced_at: datetime
) -> None:
    state = get_sync_state(session, athlete_id, source)
    if state is None:
        state = SyncState(athlete_id=athlete_id, source=source)
        session.add(state)
    state.cursor = cursor
    state.last_synced_at = synced_at
    state.last_error = None
    session.flush()


def list_states(session: Session, athlete_id: int) -> list[SyncState]:
    return list(
        session.scalars(
            select(SyncState).where(SyncState.athlete_id == athlete_id).order_by(SyncState.source)
        )
    )
