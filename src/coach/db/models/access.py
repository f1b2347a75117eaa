"""Who may use the API (personal tokens) and the background work it starts (jobs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base
from coach.db.types import UTCDateTime


class ApiToken(Base):
    """A personal API token: only its SHA-256 is kept (the token itself is shown once). It
    reaches the athletes it names (none named: every athlete), read-only or read and write."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    athlete_ids: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    can_write: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Job(Base):
    """Work started by a request and done in the background (a sync): poll it by id."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # queued, running, succeeded, failed
    requested_by: Mapped[str] = mapped_column(String(220))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A worker's job (procrastinate, PostgreSQL): its id in the queue, and attempts so far.
    queue_job_id: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SentNotice(Base):
    """A message sent to the athlete (a review ready, a reminder, a failing connector): its key
    is claimed in the same transaction that decides to send, so a retried job or a second worker
    never sends it twice."""

    __tablename__ = "sent_notices"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # review, reminder, failing
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered: Mapped[int] = mapped_column(Integer, default=0)  # services that took it
