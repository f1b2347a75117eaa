"""The audit log: one row per change a person or a job made."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import AuditEntry
from coach.domain.clock import Clock


def record(
    session: Session,
    clock: Clock,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | str | None = None,
    athlete_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            occurred_at=clock.now(),
            athlete_id=athlete_id,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            details=details or {},
        )
    )
    session.flush()


def entries(session: Session, athlete_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if athlete_id is not None:
        query = query.where(AuditEntry.athlete_id == athlete_id)
    return list(session.scalars(query))
