"""Bookkeeping of the outside world: sync state per source, export records per workout/target."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base, Timestamps
from coach.db.types import UTCDateTime, str_enum
from coach.domain.plan import ExportStatus, ExportTarget


class SyncState(Timestamps, Base):
    __tablename__ = "sync_states"
    __table_args__ = (UniqueConstraint("athlete_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(32))
    cursor: Mapped[str | None] = mapped_column(Text)  # source-specific position (date, timestamp)
    last_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class ExportRecord(Timestamps, Base):
    """What coach sent where: one row per planned workout (by its stable uid) and target."""

    __tablename__ = "export_records"
    __table_args__ = (UniqueConstraint("workout_uid", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workout_uid: Mapped[str] = mapped_column(String(36))
    planned_workout_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_workouts.id", ondelete="SET NULL")
    )
    target: Mapped[ExportTarget] = mapped_column(str_enum(ExportTarget))
    external_id: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[ExportStatus] = mapped_column(str_enum(ExportStatus))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
