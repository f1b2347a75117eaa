"""reminders and sent notices

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:00:00

Each athlete chooses how long before a planned session the reminder comes and their quiet hours
(existing athletes get the defaults: 60 minutes, quiet 22:00-07:00). ``sent_notices`` keeps the
key of every message sent, so each is sent once however often the job that sends it runs. A
job row may stand for a worker's queued job (its id in procrastinate's queue, its attempts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("remind_before_min", sa.Integer(), server_default="60", nullable=False)
        )
        batch_op.add_column(sa.Column("quiet_from", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("quiet_until", sa.Time(), nullable=True))
    athletes = sa.table(
        "athletes", sa.column("quiet_from", sa.Time), sa.column("quiet_until", sa.Time)
    )
    op.execute(athletes.update().values(quiet_from=time(22, 0), quiet_until=time(7, 0)))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("queue_job_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_unique_constraint(batch_op.f("uq_jobs_queue_job_id"), ["queue_job_id"])
    op.create_table(
        "sent_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_sent_notices_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_notices")),
        sa.UniqueConstraint("key", name=op.f("uq_sent_notices_key")),
    )
    op.create_index(
        op.f("ix_sent_notices_athlete_id"), "sent_notices", ["athlete_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sent_notices_athlete_id"), table_name="sent_notices")
    op.drop_table("sent_notices")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_jobs_queue_job_id"), type_="unique")
        batch_op.drop_column("attempts")
        batch_op.drop_column("queue_job_id")
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("quiet_until")
        batch_op.drop_column("quiet_from")
        batch_op.drop_column("remind_before_min")
