"""audit_log: who changed what, when. Written in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base
from coach.db.crypto import EncryptedJSON
from coach.db.types import UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(220))  # cli, review, sync, user:EMAIL, token:ID
    action: Mapped[str] = mapped_column(String(64))  # e.g. goal.add, athlete.update
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    # what changed, which may quote a name or a note: encrypted where text is (crypto.py)
    details: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
