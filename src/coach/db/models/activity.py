"""The activity aggregate: what was done, with laps, swim lengths, strength sets and sample streams.

Sample streams are stored one row per stream (a compressed array), never one row per sample.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coach.db.base import Base, Timestamps
from coach.db.crypto import EncryptedJSON, EncryptedText
from coach.db.types import UTCDateTime, str_enum
from coach.domain.plan import DataSource
from coach.domain.workout import SetKind


class CompletedActivity(Timestamps, Base):
    __tablename__ = "completed_activities"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "external_id"),
        Index("ix_completed_activities_athlete_date", "athlete_id", "activity_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    activity_date: Mapped[date]  # local date in the athlete's timezone
    start_time: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[DataSource] = mapped_column(str_enum(DataSource))
    external_id: Mapped[str] = mapped_column(String(128))
    activity_type: Mapped[str] = mapped_column(String(32))  # a Sport value, or the FIT sport name
    sub_type: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(EncryptedText(200))
    duration: Mapped[float] = mapped_column(Float)  # elapsed seconds
    moving_time_s: Mapped[float | None] = mapped_column(Float)
    timer_s: Mapped[float | None] = mapped_column(Float)  # the timer running, pauses out
    distance_m: Mapped[float | None] = mapped_column(Float)
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    avg_power_w: Mapped[float | None] = mapped_column(Float)
    normalized_power_w: Mapped[float | None] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    calories_kcal: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    load_tss: Mapped[float | None] = mapped_column(Float)
    load_method: Mapped[str | None] = mapped_column(String(16))
    is_partial: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_sha256: Mapped[str | None] = mapped_column(String(64))  # the archived raw payload
    # detailed metrics, and the free text that came with the activity (encrypted: crypto.py)
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    planned_workout_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_workouts.id", ondelete="SET NULL"), index=True
    )
    match_locked: Mapped[bool] = mapped_column(Boolean, default=False)  # manual link: keep it
    parent_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("completed_activities.id", ondelete="CASCADE")
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    laps: Mapped[list[ActivityLap]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityLap.lap_index"
    )
    swim_lengths: Mapped[list[SwimLength]] = relationship(
        cascade="all, delete-orphan", order_by="SwimLength.length_index"
    )
    strength_sets: Mapped[list[StrengthSetRow]] = relationship(
        cascade="all, delete-orphan", order_by="StrengthSetRow.set_index"
    )
    streams: Mapped[list[ActivityStream]] = relationship(cascade="all, delete-orphan")


class ActivityLap(Base):
    __tablename__ = "activity_laps"
    __table_args__ = (UniqueConstraint("activity_id", "lap_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("completed_activities.id", ondelete="CASCADE")
    )
    lap_index: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_s: Mapped[float] = mapped_column(Float)
    moving_time_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    avg_power_w: Mapped[float | None] = mapped_column(Float)
    avg_speed_mps: Mapped[float | None] = mapped_column(Float)
    avg_cadence: Mapped[float | None] = mapped_column(Float)
    swim_stroke: Mapped[str | None] = mapped_column(String(16))
    num_lengths: Mapped[int | None] = mapped_column(Integer)


class SwimLength(Base):
    __tablename__ = "swim_lengths"
    __table_args__ = (UniqueConstraint("activity_id", "length_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("completed_activities.id", ondelete="CASCADE")
    )
    length_index: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_s: Mapped[float] = mapped_column(Float)
    is_active: Mapped[bool] = mapped_column(Boolean)  # False: an idle (rest) length
    stroke: Mapped[str | None] = mapped_column(String(16))
    strokes: Mapped[int | None] = mapped_column(Integer)


class StrengthSetRow(Base):
    __tablename__ = "strength_sets"
    __table_args__ = (UniqueConstraint("activity_id", "set_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("completed_activities.id", ondelete="CASCADE")
    )
    set_index: Mapped[int] = mapped_column(Integer)
    exercise_index: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str | None] = mapped_column(String(64))  # library id, when mapped
    exercise_title: Mapped[str] = mapped_column(String(200))  # as the source named it
    source_exercise_ref: Mapped[str | None] = mapped_column(String(64))  # e.g. Hevy template id
    planned_exercise_id: Mapped[str | None] = mapped_column(String(64))  # set when substituted
    set_kind: Mapped[SetKind] = mapped_column(str_enum(SetKind))
    reps: Mapped[int | None] = mapped_column(Integer)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    duration_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ActivityStream(Base):
    """One sample stream of one activity (see coach.db.streams for the encoding)."""

    __tablename__ = "activity_streams"
    __table_args__ = (UniqueConstraint("activity_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("completed_activities.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))  # time_s, heart_rate_bpm, power_w, speed_mps, ...
    codec: Mapped[str] = mapped_column(String(16))
    sample_count: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
