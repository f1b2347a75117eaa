"""progress_metrics: one measured value of one metric on one day, from one source."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base
from coach.db.crypto import EncryptedText
from coach.db.types import UTCDateTime, str_enum
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource


class ProgressMetric(Base):
    __tablename__ = "progress_metrics"
    __table_args__ = (
        UniqueConstraint("athlete_id", "metric_type", "metric_date", "source"),
        Index("ix_progress_metrics_athlete_type_date", "athlete_id", "metric_type", "metric_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    metric_date: Mapped[date]
    metric_type: Mapped[MetricType] = mapped_column(str_enum(MetricType))
    value: Mapped[float] = mapped_column(Float)  # canonical unit of the metric type
    notes: Mapped[str | None] = mapped_column(EncryptedText())
    source: Mapped[DataSource] = mapped_column(str_enum(DataSource))
    external_id: Mapped[str | None] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())
