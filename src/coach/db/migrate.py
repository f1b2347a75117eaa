"""Schema migrations (Alembic) driven from code: upgrade, downgrade, current, first-use setup.

Every command checks that the database is at this coach's revision; that check reads the
stored revision with one query and this coach's own from the migration files' names and
headers, without loading Alembic (a tenth of a second a command). Alembic is loaded only to
migrate or to list history.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from coach.db.session import check_connection, describe
from coach.domain.errors import DatabaseError, ValidationFailed

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision: str \| None = (?:"([^"]+)"|None)', re.MULTILINE)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


@functools.cache
def _chain() -> dict[str, str | None]:
    """revision -> down revision, read from the migration files' headers."""
    chain: dict[str, str | None] = {}
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is not None and down is not None:
            chain[revision.group(1)] = down.group(1)
    return chain


def known_revisions() -> set[str]:
    """Every revision this coach's migrations know."""
    return set(_chain())


def head_revision() -> str:
    chain = _chain()
    heads = set(chain) - {down for down in chain.values() if down}
    if len(heads) != 1:
        raise DatabaseError(
            f"the migrations of this coach have {len(heads)} heads: {sorted(heads)}"
        )
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None: no coach schema yet)."""
    check_connection(engine)
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    check_connection(engine)
    _check_known(revision)
    command.upgrade(alembic_config(engine), revision)


def create_fresh(engine: Engine) -> None:
    """The newest schema in a fresh database, in one transaction: the tables as the models
    declare them (the migrations are checked to make exactly these:
    tests/db/test_migrations.py), the job queue on PostgreSQL, and the head revision stamped —
    what upgrading from nothing makes, several times faster (alembic's advice for a new
    database)."""
    import coach.db.models  # noqa: F401  (every table registered on Base)
    from coach.db.base import Base

    check_connection(engine)
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        if connection.dialect.name == "postgresql":
            from procrastinate.schema import SchemaManager

            # As migration 0008 does: the driver's own cursor (the script holds '%' signs).
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(SchemaManager.get_schema())
        connection.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        connection.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": head_revision()},
        )


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    check_connection(engine)
    _check_known(revision)
    command.downgrade(alembic_config(engine), revision)


def _check_known(revision: str) -> None:
    from alembic.script.revision import RevisionError
    from alembic.util.exc import CommandError

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

    A fresh database (no tables) gets the newest schema automatically on first use. An existing
    one that is behind is not touched without the athlete's say: they run ``coach db upgrade``.
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
        create_fresh(engine)
        return
    if current not in _chain():
        raise DatabaseError(
            f"the database schema is at revision {current}, which this coach does not know "
            "(it was written by a newer coach): upgrade coach"
        )
    raise DatabaseError(
        f"the database schema is at revision {current} but this coach needs {head}: "
        "back up the database, then run `coach db upgrade`"
    )
