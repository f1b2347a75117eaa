"""The plan aggregate: plans, their versions, planned workouts and proposed adjustments.

Planned workouts are versioned in place: a change marks the old row ``removed_in_version`` and adds
a row with the same ``workout_uid`` and ``created_in_version`` = the new version. The current plan
is the rows whose ``removed_in_version`` is NULL; every earlier version can be rebuilt.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coach.db.base import Base, Timestamps
from coach.db.crypto import EncryptedText
from coach.db.types import PydanticJSON, UTCDateTime, str_enum
from coach.domain.health import MissReason
from coach.domain.plan import AdjustmentStatus, PlanStatus, WorkoutStatus
from coach.domain.sport import Sport
from coach.domain.workout import WorkoutDefinition


class TrainingPlan(Timestamps, Base):
    __tablename__ = "training_plans"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date]
    end_date: Mapped[date]
    focus_areas: Mapped[list[str]] = mapped_column(PydanticJSON(list[str]), default=list)
    weekly_volume_target: Mapped[float] = mapped_column(Float)  # hours per week
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus))
    current_version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanVersion.version"
    )


class PlanVersion(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("training_plans.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)

    plan: Mapped[TrainingPlan] = relationship(back_populates="versions")


class PlannedWorkout(Base):
    __tablename__ = "planned_workouts"
    __table_args__ = (
        UniqueConstraint("plan_id", "workout_uid", "created_in_version"),
        Index("ix_planned_workouts_plan_date", "plan_id", "scheduled_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("training_plans.id", ondelete="CASCADE"))
    workout_uid: Mapped[str] = mapped_column(String(36))  # stable across versions, for exports
    scheduled_date: Mapped[date]
    start_time_local: Mapped[time | None] = mapped_column(Time)
    workout_type: Mapped[Sport] = mapped_column(str_enum(Sport))
    workout_definition: Mapped[WorkoutDefinition] = mapped_column(PydanticJSON(WorkoutDefinition))
    priority: Mapped[int] = mapped_column(Integer, default=3)  # 1 = highest
    estimated_duration: Mapped[float] = mapped_column(Float)  # seconds
    status: Mapped[WorkoutStatus] = mapped_column(str_enum(WorkoutStatus))
    status_reason: Mapped[str | None] = mapped_column(EncryptedText())  # their own words
    reason_kind: Mapped[MissReason | None] = mapped_column(str_enum(MissReason))
    created_in_version: Mapped[int] = mapped_column(Integer)
    removed_in_version: Mapped[int | None] = mapped_column(Integer)


class PlanAdjustment(Base):
    """One proposed change: the rule that proposed it, why, the evidence, and what became of it."""

    __tablename__ = "plan_adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("training_plans.id", ondelete="CASCADE"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("daily_reviews.id", ondelete="SET NULL"), index=True
    )
    number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # in its review
    rule_id: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[AdjustmentStatus] = mapped_column(str_enum(AdjustmentStatus))
    title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    rationale: Mapped[str] = mapped_column(Text)
    effect: Mapped[str] = mapped_column(Text, default="", server_default="")
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    operations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(EncryptedText())
    decided_by: Mapped[str | None] = mapped_column(String(220), nullable=True)
    """Who decided, as a person reads it (a user's name and e-mail, the machine's owner)."""
    applied_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="SET NULL")
    )
