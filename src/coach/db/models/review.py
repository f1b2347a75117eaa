"""daily_reviews: one evening review per athlete and local date (reviewing again updates it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base, Timestamps
from coach.db.crypto import EncryptedJSON, EncryptedText


class DailyReview(Timestamps, Base):
    __tablename__ = "daily_reviews"
    __table_args__ = (UniqueConstraint("athlete_id", "review_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    review_date: Mapped[date]
    # the evening's findings, which name sessions and quote notes: encrypted where text is
    planned_vs_actual: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    insights: Mapped[str] = mapped_column(EncryptedText(), default="")
    plan_adjustments: Mapped[list[dict[str, Any]]] = mapped_column(EncryptedJSON, default=list)
    next_week_focus: Mapped[str] = mapped_column(EncryptedText(), default="")
    decision: Mapped[str] = mapped_column(
        String(16), default="keep", server_default="keep"
    )  # keep | adjust | recover | pause
    headline: Mapped[str] = mapped_column(EncryptedText(), default="", server_default="")
