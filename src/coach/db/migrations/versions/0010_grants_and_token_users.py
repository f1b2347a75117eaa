"""grants, token users, who decided

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 13:00:00

An athlete's owner grants a coach view, edit or full access (athlete_grants: counted once the
coach accepts, until revoked); an API token may belong to a user (token_users) and then reaches
no more than that user does; a proposal keeps who decided it (plan_adjustments.decided_by); the
audit log's actor and a job's requester hold a user's e-mail (220 characters).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "athlete_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("granted_by", sa.String(length=220), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=220), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_athlete_grants_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["users.id"],
            name=op.f("fk_athlete_grants_coach_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_athlete_grants")),
    )
    op.create_index(
        op.f("ix_athlete_grants_athlete_id"), "athlete_grants", ["athlete_id"], unique=False
    )
    op.create_index(
        op.f("ix_athlete_grants_coach_id"), "athlete_grants", ["coach_id"], unique=False
    )
    # A table of its own rather than a column of api_tokens: on SQLite a new foreign key means
    # copying api_tokens, and dropping the old one would cascade to the sessions it signed in.
    op.create_table(
        "token_users",
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["api_tokens.id"],
            name=op.f("fk_token_users_token_id_api_tokens"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_token_users_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_token_users")),
    )
    op.create_index(op.f("ix_token_users_user_id"), "token_users", ["user_id"], unique=False)
    op.add_column("plan_adjustments", sa.Column("decided_by", sa.String(length=220), nullable=True))
    # Both tables only point at others (nothing points at them): SQLite's copy of them is safe.
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("actor", type_=sa.String(length=220), existing_type=sa.String(length=32))
    with op.batch_alter_table("jobs") as batch:
        batch.alter_column(
            "requested_by", type_=sa.String(length=220), existing_type=sa.String(length=64)
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.alter_column(
            "requested_by", type_=sa.String(length=64), existing_type=sa.String(length=220)
        )
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("actor", type_=sa.String(length=32), existing_type=sa.String(length=220))
    with op.batch_alter_table("plan_adjustments") as batch:
        batch.drop_column("decided_by")
    op.drop_index(op.f("ix_token_users_user_id"), table_name="token_users")
    op.drop_table("token_users")
    op.drop_index(op.f("ix_athlete_grants_coach_id"), table_name="athlete_grants")
    op.drop_index(op.f("ix_athlete_grants_athlete_id"), table_name="athlete_grants")
    op.drop_table("athlete_grants")
