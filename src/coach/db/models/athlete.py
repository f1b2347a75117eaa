"""The athlete aggregate: profile, goals, availability windows, encrypted credentials."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coach.db.base import Base, Timestamps
from coach.db.crypto import EncryptedText
from coach.db.types import PydanticJSON, str_enum
from coach.domain.athlete import Sex
from coach.domain.goals import Direction, Goal, GoalKind, GoalStatus
from coach.domain.metrics import MetricType
from coach.domain.sport import Equipment, Sport
from coach.domain.units import PoolUnit, UnitSystem


class Athlete(Timestamps, Base):
    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(EncryptedText(100), unique=True)
    email: Mapped[str | None] = mapped_column(EncryptedText(200))
    timezone: Mapped[str] = mapped_column(String(64))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[Sex] = mapped_column(str_enum(Sex))
    weight_kg: Mapped[float | None] = mapped_column(Float)
    height_m: Mapped[float | None] = mapped_column(Float)
    resting_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    lthr_bpm: Mapped[float | None] = mapped_column(Float)
    ftp_w: Mapped[float | None] = mapped_column(Float)
    threshold_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    css_s_per_100m: Mapped[float | None] = mapped_column(Float)
    # Latest known values, kept current by imports and manual entries (history: progress_metrics).
    current_body_fat: Mapped[float | None] = mapped_column(Float)
    vo2_max: Mapped[float | None] = mapped_column(Float)
    unit_system: Mapped[UnitSystem] = mapped_column(str_enum(UnitSystem))
    pool_unit: Mapped[PoolUnit] = mapped_column(str_enum(PoolUnit))
    pool_length: Mapped[float] = mapped_column(Float)
    remind_before_min: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    quiet_from: Mapped[time | None] = mapped_column(Time)
    quiet_until: Mapped[time | None] = mapped_column(Time)
    # Snapshot of the goal rows, rewritten by the goals repository on every change (the goals
    # table is the source of truth; this column keeps the specification's athletes.goals).
    goals: Mapped[list[Goal]] = mapped_column(PydanticJSON(list[Goal]), default=list)
    # Raised in the same transaction as any change to the athlete's data (coach.db.revisions):
    # an answer computed at one revision holds while the revision stays.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    goal_rows: Mapped[list[GoalRow]] = relationship(
        back_populates="athlete", cascade="all, delete-orphan", order_by="GoalRow.id"
    )
    availability: Mapped[list[AvailabilityWindowRow]] = relationship(
        back_populates="athlete", cascade="all, delete-orphan"
    )


class GoalRow(Timestamps, Base):
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("athlete_id", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[GoalKind] = mapped_column(str_enum(GoalKind))
    title: Mapped[str] = mapped_column(EncryptedText(120))
    metric: Mapped[MetricType | None] = mapped_column(str_enum(MetricType))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[date | None]
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[GoalStatus] = mapped_column(str_enum(GoalStatus))
    notes: Mapped[str | None] = mapped_column(EncryptedText())
    external_id: Mapped[str | None] = mapped_column(String(100))  # a client's own id

    athlete: Mapped[Athlete] = relationship(back_populates="goal_rows")


class AvailabilityWindowRow(Base):
    __tablename__ = "availability_windows"
    __table_args__ = (UniqueConstraint("athlete_id", "weekday", "start_local"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)  # Monday = 0 ... Sunday = 6
    start_local: Mapped[time] = mapped_column(Time)
    end_local: Mapped[time] = mapped_column(Time)
    sports: Mapped[list[Sport]] = mapped_column(PydanticJSON(list[Sport]), default=list)
    location: Mapped[str | None] = mapped_column(EncryptedText(100))
    equipment: Mapped[list[Equipment]] = mapped_column(PydanticJSON(list[Equipment]), default=list)

    athlete: Mapped[Athlete] = relationship(back_populates="availability")


class Credential(Timestamps, Base):
    """A secret for one outside service (tokens, API key), encrypted with the coach secret key."""

    __tablename__ = "credentials"
    __table_args__ = (UniqueConstraint("athlete_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(32))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
