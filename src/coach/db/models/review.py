"""daily_reviews: one evening review per athlete and local date (reviewing again updates it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base, Timestamps


class DailyReview(Timestamps, Base):
    __tablename__ = "daily_reviews"
    __table_args__ = (UniqueConstraint("athlete_id", "review_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    review_date: Mapped[date]
    planned_vs_actual: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    insights: Mapped[str] = mapped_column(Text, default="")
    plan_adjustments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    next_week_focus: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(
        String(16), default="keep", server_default="keep"
    )  # keep | adjust | recover | pause
    headline: Mapped[str] = mapped_column(Text, default="", server_default="")
