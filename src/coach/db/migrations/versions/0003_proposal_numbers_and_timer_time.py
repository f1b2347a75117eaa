"""proposal numbers and timer time

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:00:00

A review's proposals keep the number they were first shown with (``plan_adjustments.number``),
whatever a second review the same evening does; existing proposals are numbered in the order
they were made. Activities keep the timer time beside the elapsed and moving times.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def downgrade() -> None:
    with op.batch_alter_table("completed_activities", schema=None) as batch_op:
        batch_op.drop_column("timer_s")
    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.drop_column("number")
