"""The ledger of messages sent: a key is claimed once, whoever tries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.db.models import SentNotice


def claim(
    session: Session, *, athlete_id: int, kind: str, key: str, title: str, now: datetime
) -> SentNotice | None:
    """Record that the message ``key`` is being sent; None when it was claimed before (by this
    process, another worker, or a run that was retried)."""
    if session.scalar(select(SentNotice.id).where(SentNotice.key == key)) is not None:
        return None
    row = SentNotice(
        athlete_id=athlete_id, kind=kind, key=key, title=title[:300], sent_at=now, delivered=0
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another transaction claimed it meanwhile
        return None
    return row


def delivered(session: Session, key: str, count: int) -> None:
    row = session.scalar(select(SentNotice).where(SentNotice.key == key))
    if row is not None:
        row.delivered = count


def release(session: Session, key: str) -> None:
    """Give a claim back (the message could not be sent): the next attempt may send it."""
    session.execute(delete(SentNotice).where(SentNotice.key == key))


def sent(session: Session, athlete_id: int, limit: int) -> list[SentNotice]:
    query = (
        select(SentNotice)
        .where(SentNotice.athlete_id == athlete_id)
        .order_by(SentNotice.sent_at.desc(), SentNotice.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def claimed(session: Session, keys: set[str]) -> set[str]:
    """Which of ``keys`` were sent already."""
    if not keys:
        return set()
    return set(session.scalars(select(SentNotice.key).where(SentNotice.key.in_(keys))))
