"""athlete revision

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 08:00:00

Every athlete carries a data revision, raised in the same transaction as any change to their
data (coach.db.revisions): the server's read cache keeps an answer while the revision stays.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("revision")
