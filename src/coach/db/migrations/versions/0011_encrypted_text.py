"""encrypted text

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:00:00

Free text coach encrypts in the application on PostgreSQL (COACH_ENCRYPT_TEXT): a token is longer
than the text it hides, so the two bounded columns among them (an athlete's e-mail, a user's
name) become TEXT there. SQLite does not bound a string's length: nothing changes on it. What is
stored stays as it is; `coach secrets rotate` encrypts text written before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = (("athletes", "email", 200), ("users", "name", 100))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length in WIDENED:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length=length))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length in WIDENED:  # refused if an encrypted value is longer: decrypt first
        op.alter_column(table, column, type_=sa.String(length=length), existing_type=sa.Text())
