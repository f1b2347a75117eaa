"""encrypted names and titles

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:00:00

More free text coach encrypts in the application on PostgreSQL (COACH_ENCRYPT_TEXT): an
athlete's name, a goal's title, a training window's place and an activity's title. A token is
longer than the text it hides, so those columns become TEXT there. Names and titles are compared
in the application from now on (an encrypted value cannot be queried). An activity's details
stay a JSON column (an encrypted one is an object holding the token). SQLite does not bound a
string's length: nothing changes on it. What is stored stays as it is; `coach secrets rotate`
encrypts what was written before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = (
    ("athletes", "name", 100),
    ("goals", "title", 120),
    ("availability_windows", "location", 100),
    ("completed_activities", "name", 200),
)


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
