"""proposal numbers and timer time

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:00:00

A review's proposals keep the number they were first shown with (``plan_adjustments.number``),
whatever a second review the same evening does; existing proposals are numbered in the order
they were made. Activities keep the timer time beside the elapsed and moving times.

Activities stored by an earlier coach that cannot be real (coach.domain.plausibility: dated
before 1990 or more than a day ahead, longer than 36 h, a negative or huge distance, a set
over 600 kg or 500 reps) are quarantined: marked deleted, so no analysis reads them, and
listed in the audit log; `coach activities restore ID` brings one back after `coach activities
edit` has corrected it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("completed_activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timer_s", sa.Float(), nullable=True))

    adjustments = sa.table(
        "plan_adjustments",
        sa.column("id", sa.Integer()),
        sa.column("review_id", sa.Integer()),
        sa.column("number", sa.Integer()),
    )
    bind = op.get_bind()
    counts: dict[object, int] = {}
    rows = bind.execute(
        sa.select(adjustments.c.id, adjustments.c.review_id).order_by(adjustments.c.id)
    ).all()
    for row_id, review_id in rows:
        counts[review_id] = counts.get(review_id, 0) + 1
        bind.execute(
            adjustments.update().where(adjustments.c.id == row_id).values(number=counts[review_id])
        )
    _quarantine()


EARLIEST = date(1990, 1, 1)
MAX_DURATION_S = 36 * 3600.0
MAX_DISTANCE_M = 2_000_000.0
MAX_SET_KG = 600.0
MAX_SET_REPS = 500


def _quarantine() -> None:
    """Hide what cannot be real (the limits of coach.domain.plausibility, as they were when
    this revision was written) and say so in the audit log."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    activities = sa.table(
        "completed_activities",
        sa.column("id", sa.Integer()),
        sa.column("athlete_id", sa.Integer()),
        sa.column("activity_date", sa.Date()),
        sa.column("duration", sa.Float()),
        sa.column("distance_m", sa.Float()),
        sa.column("deleted_at", sa.DateTime(timezone=True)),
    )
    sets = sa.table(
        "strength_sets",
        sa.column("activity_id", sa.Integer()),
        sa.column("weight_kg", sa.Float()),
        sa.column("reps", sa.Integer()),
    )
    audit = sa.table(
        "audit_log",
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        sa.column("athlete_id", sa.Integer()),
        sa.column("actor", sa.String(32)),
        sa.column("action", sa.String(64)),
        sa.column("entity", sa.String(64)),
        sa.column("entity_id", sa.String(64)),
        sa.column("details", sa.JSON()),
    )
    bad_sets = sa.select(sets.c.activity_id).where(
        sa.or_(
            sets.c.weight_kg > MAX_SET_KG,
            sets.c.weight_kg < 0,
            sets.c.reps > MAX_SET_REPS,
            sets.c.reps < 0,
        )
    )
    implausible = sa.or_(
        activities.c.activity_date < EARLIEST,
        activities.c.activity_date > (now + timedelta(days=1)).date(),
        activities.c.duration > MAX_DURATION_S,
        activities.c.duration < 0,
        activities.c.distance_m > MAX_DISTANCE_M,
        activities.c.distance_m < 0,
        activities.c.id.in_(bad_sets),
    )
    rows = bind.execute(
        sa.select(activities.c.id, activities.c.athlete_id, activities.c.activity_date).where(
            activities.c.deleted_at.is_(None), implausible
        )
    ).all()
    for row_id, athlete_id, day in rows:
        bind.execute(activities.update().where(activities.c.id == row_id).values(deleted_at=now))
        bind.execute(
            audit.insert().values(
                occurred_at=now,
                athlete_id=athlete_id,
                actor="migration",
                action="activity.quarantine",
                entity="activity",
                entity_id=str(row_id),
                details={"date": str(day), "why": "implausible values stored by an earlier coach"},
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("completed_activities", schema=None) as batch_op:
        batch_op.drop_column("timer_s")
    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.drop_column("number")
