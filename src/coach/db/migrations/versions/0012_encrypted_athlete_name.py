"""encrypted athlete name

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:00:00

An athlete's name is free text coach encrypts in the application on PostgreSQL too
(COACH_ENCRYPT_TEXT): a token is longer than the name it hides, so the column becomes TEXT there.
Names are compared in the application from now on (an encrypted name cannot be queried). SQLite
does not bound a string's length: nothing changes on it. What is stored stays as it is;
`coach secrets rotate` encrypts names written before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column("athletes", "name", type_=sa.Text(), existing_type=sa.String(length=100))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    # refused if an encrypted name is longer than 100 characters: decrypt first
    op.alter_column("athletes", "name", type_=sa.String(length=100), existing_type=sa.Text())
