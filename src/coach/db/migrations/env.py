"""Alembic environment: coach passes the engine in config.attributes (see coach.db.migrate)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Engine, Enum, create_engine

import coach.db.models  # noqa: F401  (registers every table on Base.metadata)
from coach.db.base import Base
from coach.db.types import PydanticJSON, UTCDateTime

target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render coach's column types as plain SQL types, so migrations never import coach code.

    Pydantic JSON -> JSON (JSONB on PostgreSQL); UTC datetimes -> timezone-aware DateTime;
    string enums -> VARCHAR(32) (their values are checked by the domain, not the schema).
    """
    if type_ != "type":
        return False
    if isinstance(obj, PydanticJSON):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def ours(name: str | None, type_: str, _parents: object) -> bool:
    """coach's own tables, not the job queue's (procrastinate keeps its own schema)."""
    return not (type_ == "table" and (name or "").startswith("procrastinate"))


def run_migrations_online() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_item,
            compare_type=True,
            include_name=ours,
        )
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("coach migrations run online only: use `coach db upgrade`")
run_migrations_online()
