"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:29:48.763189
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=32), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("height_m", sa.Float(), nullable=True),
        sa.Column("resting_hr_bpm", sa.Float(), nullable=True),
        sa.Column("max_hr_bpm", sa.Float(), nullable=True),
        sa.Column("lthr_bpm", sa.Float(), nullable=True),
        sa.Column("ftp_w", sa.Float(), nullable=True),
        sa.Column("threshold_pace_s_per_km", sa.Float(), nullable=True),
        sa.Column("css_s_per_100m", sa.Float(), nullable=True),
        sa.Column("current_body_fat", sa.Float(), nullable=True),
        sa.Column("vo2_max", sa.Float(), nullable=True),
        sa.Column("unit_system", sa.String(length=32), nullable=False),
        sa.Column("pool_unit", sa.String(length=32), nullable=False),
        sa.Column("pool_length", sa.Float(), nullable=False),
        sa.Column(
            "goals", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_athletes")),
        sa.UniqueConstraint("name", name=op.f("uq_athletes_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_audit_log_athlete_id_athletes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "availability_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_local", sa.Time(), nullable=False),
        sa.Column("end_local", sa.Time(), nullable=False),
        sa.Column(
            "sports", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("location", sa.String(length=100), nullable=True),
        sa.Column(
            "equipment", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_availability_windows_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_windows")),
        sa.UniqueConstraint(
            "athlete_id",
            "weekday",
            "start_local",
            name=op.f("uq_availability_windows_athlete_id_weekday_start_local"),
        ),
    )
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_windows_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_credentials_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("athlete_id", "source", name=op.f("uq_credentials_athlete_id_source")),
    )
    op.create_table(
        "daily_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("planned_vs_actual", sa.JSON(), nullable=False),
        sa.Column("insights", sa.Text(), nullable=False),
        sa.Column("plan_adjustments", sa.JSON(), nullable=False),
        sa.Column("next_week_focus", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_daily_reviews_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_reviews")),
        sa.UniqueConstraint(
            "athlete_id", "review_date", name=op.f("uq_daily_reviews_athlete_id_review_date")
        ),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=True),
        sa.Column("direction", sa.String(length=32), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_max", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_goals_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_athlete_id"), ["athlete_id"], unique=False)

    op.create_table(
        "progress_metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("metric_date", sa.Date(), nullable=False),
        sa.Column("metric_type", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_progress_metrics_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_metrics")),
        sa.UniqueConstraint(
            "athlete_id",
            "metric_type",
            "metric_date",
            "source",
            name=op.f("uq_progress_metrics_athlete_id_metric_type_metric_date_source"),
        ),
    )
    with op.batch_alter_table("progress_metrics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_progress_metrics_athlete_type_date",
            ["athlete_id", "metric_type", "metric_date"],
            unique=False,
        )

    op.create_table(
        "sync_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_sync_states_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_states")),
        sa.UniqueConstraint("athlete_id", "source", name=op.f("uq_sync_states_athlete_id_source")),
    )
    op.create_table(
        "training_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "focus_areas", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("weekly_volume_target", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_training_plans_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_training_plans_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_plans")),
    )
    with op.batch_alter_table("training_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_plans_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["training_plans.id"],
            name=op.f("fk_plan_versions_plan_id_training_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "version", name=op.f("uq_plan_versions_plan_id_version")),
    )
    op.create_table(
        "planned_workouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("workout_uid", sa.String(length=36), nullable=False),
        sa.Column("scheduled_date", sa.Date(), nullable=False),
        sa.Column("start_time_local", sa.Time(), nullable=True),
        sa.Column("workout_type", sa.String(length=32), nullable=False),
        sa.Column(
            "workout_definition",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("estimated_duration", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("created_in_version", sa.Integer(), nullable=False),
        sa.Column("removed_in_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["training_plans.id"],
            name=op.f("fk_planned_workouts_plan_id_training_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_workouts")),
        sa.UniqueConstraint(
            "plan_id",
            "workout_uid",
            "created_in_version",
            name=op.f("uq_planned_workouts_plan_id_workout_uid_created_in_version"),
        ),
    )
    with op.batch_alter_table("planned_workouts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_planned_workouts_plan_date", ["plan_id", "scheduled_date"], unique=False
        )

    op.create_table(
        "completed_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("activity_type", sa.String(length=32), nullable=False),
        sa.Column("sub_type", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("moving_time_s", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("avg_hr_bpm", sa.Float(), nullable=True),
        sa.Column("max_hr_bpm", sa.Float(), nullable=True),
        sa.Column("avg_power_w", sa.Float(), nullable=True),
        sa.Column("normalized_power_w", sa.Float(), nullable=True),
        sa.Column("elevation_gain_m", sa.Float(), nullable=True),
        sa.Column("calories_kcal", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("load_tss", sa.Float(), nullable=True),
        sa.Column("load_method", sa.String(length=16), nullable=True),
        sa.Column("is_partial", sa.Boolean(), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("planned_workout_id", sa.Integer(), nullable=True),
        sa.Column("match_locked", sa.Boolean(), nullable=False),
        sa.Column("parent_activity_id", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_completed_activities_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_activity_id"],
            ["completed_activities.id"],
            name=op.f("fk_completed_activities_parent_activity_id_completed_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["planned_workout_id"],
            ["planned_workouts.id"],
            name=op.f("fk_completed_activities_planned_workout_id_planned_workouts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completed_activities")),
        sa.UniqueConstraint(
            "athlete_id",
            "source",
            "external_id",
            name=op.f("uq_completed_activities_athlete_id_source_external_id"),
        ),
    )
    with op.batch_alter_table("completed_activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_completed_activities_athlete_date", ["athlete_id", "activity_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_completed_activities_planned_workout_id"),
            ["planned_workout_id"],
            unique=False,
        )

    op.create_table(
        "export_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workout_uid", sa.String(length=36), nullable=False),
        sa.Column("planned_workout_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["planned_workout_id"],
            ["planned_workouts.id"],
            name=op.f("fk_export_records_planned_workout_id_planned_workouts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_records")),
        sa.UniqueConstraint(
            "workout_uid", "target", name=op.f("uq_export_records_workout_uid_target")
        ),
    )
    op.create_table(
        "plan_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("operations", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("applied_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["applied_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_adjustments_applied_version_id_plan_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["training_plans.id"],
            name=op.f("fk_plan_adjustments_plan_id_training_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["daily_reviews.id"],
            name=op.f("fk_plan_adjustments_review_id_daily_reviews"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_adjustments")),
    )
    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_adjustments_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_adjustments_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "activity_laps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("lap_index", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("moving_time_s", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("avg_hr_bpm", sa.Float(), nullable=True),
        sa.Column("max_hr_bpm", sa.Float(), nullable=True),
        sa.Column("avg_power_w", sa.Float(), nullable=True),
        sa.Column("avg_speed_mps", sa.Float(), nullable=True),
        sa.Column("avg_cadence", sa.Float(), nullable=True),
        sa.Column("swim_stroke", sa.String(length=16), nullable=True),
        sa.Column("num_lengths", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["completed_activities.id"],
            name=op.f("fk_activity_laps_activity_id_completed_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_laps")),
        sa.UniqueConstraint(
            "activity_id", "lap_index", name=op.f("uq_activity_laps_activity_id_lap_index")
        ),
    )
    op.create_table(
        "activity_streams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("codec", sa.String(length=16), nullable=False),
        sa.Column("sample_count", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["completed_activities.id"],
            name=op.f("fk_activity_streams_activity_id_completed_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_streams")),
        sa.UniqueConstraint(
            "activity_id", "kind", name=op.f("uq_activity_streams_activity_id_kind")
        ),
    )
    op.create_table(
        "strength_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("set_index", sa.Integer(), nullable=False),
        sa.Column("exercise_index", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=True),
        sa.Column("exercise_title", sa.String(length=200), nullable=False),
        sa.Column("source_exercise_ref", sa.String(length=64), nullable=True),
        sa.Column("planned_exercise_id", sa.String(length=64), nullable=True),
        sa.Column("set_kind", sa.String(length=32), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["completed_activities.id"],
            name=op.f("fk_strength_sets_activity_id_completed_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strength_sets")),
        sa.UniqueConstraint(
            "activity_id", "set_index", name=op.f("uq_strength_sets_activity_id_set_index")
        ),
    )
    op.create_table(
        "swim_lengths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("length_index", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("stroke", sa.String(length=16), nullable=True),
        sa.Column("strokes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["completed_activities.id"],
            name=op.f("fk_swim_lengths_activity_id_completed_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swim_lengths")),
        sa.UniqueConstraint(
            "activity_id", "length_index", name=op.f("uq_swim_lengths_activity_id_length_index")
        ),
    )


def downgrade() -> None:
    op.drop_table("swim_lengths")
    op.drop_table("strength_sets")
    op.drop_table("activity_streams")
    op.drop_table("activity_laps")
    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_adjustments_review_id"))
        batch_op.drop_index(batch_op.f("ix_plan_adjustments_plan_id"))

    op.drop_table("plan_adjustments")
    op.drop_table("export_records")
    with op.batch_alter_table("completed_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_completed_activities_planned_workout_id"))
        batch_op.drop_index("ix_completed_activities_athlete_date")

    op.drop_table("completed_activities")
    with op.batch_alter_table("planned_workouts", schema=None) as batch_op:
        batch_op.drop_index("ix_planned_workouts_plan_date")

    op.drop_table("planned_workouts")
    op.drop_table("plan_versions")
    with op.batch_alter_table("training_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_plans_athlete_id"))

    op.drop_table("training_plans")
    op.drop_table("sync_states")
    with op.batch_alter_table("progress_metrics", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_metrics_athlete_type_date")

    op.drop_table("progress_metrics")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_athlete_id"))

    op.drop_table("goals")
    op.drop_table("daily_reviews")
    op.drop_table("credentials")
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_windows_athlete_id"))

    op.drop_table("availability_windows")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_athlete_id"))

    op.drop_table("audit_log")
    op.drop_table("athletes")
