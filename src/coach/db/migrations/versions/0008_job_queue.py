"""job queue (PostgreSQL only)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 10:30:00

The workers' queue on PostgreSQL: procrastinate's own schema (its tables, types and functions,
all named ``procrastinate_*``), at the version coach pins. SQLite has no queue: one machine runs
the nightly work from its timer (`coach review --due`).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # Through the driver's own cursor with no parameters: the script holds '%' signs.
    cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
    for find, drop in QUEUE_OBJECTS:  # tables first: their row types go with them
        for name in list(bind.exec_driver_sql(find, {"s": schema}).scalars()):
            bind.exec_driver_sql(drop.format(schema=schema, name=name))


QUEUE_OBJECTS = (
    (
        "SELECT tablename FROM pg_tables "
        "WHERE schemaname = %(s)s AND tablename LIKE 'procrastinate%%'",
        'DROP TABLE IF EXISTS "{schema}"."{name}" CASCADE',
    ),
    (
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %(s)s AND p.proname LIKE 'procrastinate%%'",
        "DROP FUNCTION IF EXISTS {name} CASCADE",
    ),
    (
        "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE n.nspname = %(s)s AND t.typname LIKE 'procrastinate%%' AND t.typtype IN ('e', 'c')",
        'DROP TYPE IF EXISTS "{schema}"."{name}" CASCADE',
    ),
)
"""How to find procrastinate's objects in the schema, and how to drop each."""
