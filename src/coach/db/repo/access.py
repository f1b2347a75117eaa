"""API tokens and jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import ApiToken, Job
from coach.domain.errors import NotFound


def add_token(
    session: Session,
    *,
    name: str,
    token_sha256: str,
    prefix: str,
    athlete_ids: list[int] | None,
    can_write: bool,
    now: datetime,
) -> ApiToken:
    row = ApiToken(
        name=name,
        token_sha256=token_sha256,
        prefix=prefix,
        athlete_ids=athlete_ids,
        can_write=can_write,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def get_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no token {token_id}: `coach token list` shows them")
    return row


def token_by_hash(session: Session, token_sha256: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_sha256))


def add_job(
    session: Session, *, athlete_id: int, kind: str, requested_by: str, now: datetime
) -> Job:
    row = Job(
        athlete_id=athlete_id, kind=kind, status="queued", requested_by=requested_by, created_at=now
    )
    session.add(row)
    session.flush()
    return row


def get_job(session: Session, job_id: int) -> Job:
    row = session.get(Job, job_id)
    if row is None:
        raise NotFound(f"no job {job_id}")
    return row


def set_job(session: Session, job_id: int, **fields: Any) -> Job:
    row = get_job(session, job_id)
    for name, value in fields.items():
        setattr(row, name, value)
    session.flush()
    return row


def job_by_queue_id(session: Session, queue_job_id: int) -> Job | None:
    return session.scalar(select(Job).where(Job.queue_job_id == queue_job_id))


def recent_jobs(
    session: Session, athlete_id: int | None, status: str | None, limit: int
) -> list[Job]:
    query = select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    if athlete_id is not None:
        query = query.where(Job.athlete_id == athlete_id)
    if status is not None:
        query = query.where(Job.status == status)
    return list(session.scalars(query))
