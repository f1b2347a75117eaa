"""Schema migrations (Alembic) driven from code: upgrade, downgrade, current, first-use setup."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect

from coach.db.session import check_connection, describe
from coach.domain.errors import DatabaseError, ValidationFailed

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    check_connection(engine)
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    check_connection(engine)
    _check_known(revision)
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    check_connection(engine)
    _check_known(revision)
    command.downgrade(alembic_config(engine), revision)


def _check_known(revision: str) -> None:
    if revision in ("head", "base") or revision.startswith(("-", "+")):
        return
    try:
        _scripts().get_revision(revision)
    except (RevisionError, CommandError):
        raise ValidationFailed(
            f"unknown migration revision {revision!r}: `coach db history` lists them"
        ) from None


def history() -> list[tuple[str, str | None, str]]:
    """(revision, down_revision, message) from the first migration to the head."""
    revisions = list(_scripts().walk_revisions())
    return [
        (
            rev.revision,
            rev.down_revision if isinstance(rev.down_revision, str) else None,
            rev.doc or "",
        )
        for rev in reversed(revisions)
    ]


def ensure_schema(engine: Engine) -> None:
    """Create the schema in a fresh database; refuse one whose schema differs from this coach's.

    A fresh database (no tables) is upgraded automatically on first use. An existing one that is
    behind is not touched without the athlete's say: they run ``coach db upgrade``.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        if inspect(engine).get_table_names():
            raise DatabaseError(
                f"the database at {describe(engine)} has tables but no coach schema version; "
                "point COACH_DATABASE_URL at an empty database or coach's own"
            )
        upgrade(engine)
        return
    known = {rev.revision for rev in _scripts().walk_revisions()}
    if current not in known:
        raise DatabaseError(
            f"the database schema is at revision {current}, which this coach does not know "
            "(it was written by a newer coach): upgrade coach"
        )
    raise DatabaseError(
        f"the database schema is at revision {current} but this coach needs {head}: "
        "back up the database, then run `coach db upgrade`"
    )
