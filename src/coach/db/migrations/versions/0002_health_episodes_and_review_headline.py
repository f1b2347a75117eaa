"""health episodes and review headline

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 01:30:16.343220
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "health_episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("fever", sa.Boolean(), nullable=False),
        sa.Column("chest", sa.Boolean(), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=True),
        sa.Column(
            "windows", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
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
            name=op.f("fk_health_episodes_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_episodes")),
    )
    with op.batch_alter_table("health_episodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_episodes_athlete_id"), ["athlete_id"], unique=False
        )

    with op.batch_alter_table("daily_reviews", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decision", sa.String(length=16), server_default="keep", nullable=False)
        )
        batch_op.add_column(sa.Column("headline", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("title", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("effect", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("planned_workouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_kind", sa.String(length=32), nullable=True))

    # proposals kept their title inside the evidence: move it to its column
    adjustments = sa.table(
        "plan_adjustments",
        sa.column("id", sa.Integer()),
        sa.column("title", sa.String(length=120)),
        sa.column("evidence", sa.JSON()),
    )
    bind = op.get_bind()
    for row_id, evidence in bind.execute(sa.select(adjustments.c.id, adjustments.c.evidence)):
        title = (evidence or {}).get("title") if isinstance(evidence, dict) else None
        if title:
            bind.execute(
                adjustments.update()
                .where(adjustments.c.id == row_id)
                .values(title=str(title)[:120])
            )


def downgrade() -> None:
    with op.batch_alter_table("planned_workouts", schema=None) as batch_op:
        batch_op.drop_column("reason_kind")

    with op.batch_alter_table("plan_adjustments", schema=None) as batch_op:
        batch_op.drop_column("effect")
        batch_op.drop_column("title")

    with op.batch_alter_table("daily_reviews", schema=None) as batch_op:
        batch_op.drop_column("headline")
        batch_op.drop_column("decision")

    with op.batch_alter_table("health_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_episodes_athlete_id"))

    op.drop_table("health_episodes")
