"""health_episodes: illness, injury and travel, each over a stretch of days (domain.health)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base, Timestamps
from coach.db.crypto import EncryptedText
from coach.db.types import PydanticJSON, str_enum
from coach.domain.athlete import AvailabilityWindow
from coach.domain.health import BodyArea, EpisodeKind


class HealthEpisode(Timestamps, Base):
    __tablename__ = "health_episodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EpisodeKind] = mapped_column(str_enum(EpisodeKind))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    fever: Mapped[bool] = mapped_column(Boolean, default=False)
    chest: Mapped[bool] = mapped_column(Boolean, default=False)
    area: Mapped[BodyArea | None] = mapped_column(str_enum(BodyArea))
    windows: Mapped[list[AvailabilityWindow]] = mapped_column(
        PydanticJSON(list[AvailabilityWindow]), default=list
    )
    note: Mapped[str | None] = mapped_column(EncryptedText())
    source: Mapped[str] = mapped_column(String(32), default="manual")
