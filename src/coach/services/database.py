"""The database schema: where it is, its revision, migrating it up or down. These work on a
database that is not yet (or no longer) at this coach's revision, so they never use the
checked engine of :class:`~coach.services.context.Services`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from coach.services.context import Services
from coach.services.schemas import Schema

if TYPE_CHECKING:
    from sqlalchemy import Engine


class SchemaState(Schema):
    database: str
    current: str | None
    head: str
    up_to_date: bool


class Migrated(Schema):
    database: str
    before: str | None
    after: str | None


class MigrationOut(Schema):
    revision: str
    down_revision: str | None
    message: str


@contextmanager
def _raw_engine(svc: Services) -> Iterator[Engine]:
    from coach.db.session import make_engine

    engine = make_engine(svc.settings)
    try:
        yield engine
    finally:
        engine.dispose()


def where(svc: Services) -> str:
    """The configured database's URL, password masked."""
    from coach.db.session import describe

    with _raw_engine(svc) as engine:
        return describe(engine)


def state(svc: Services) -> SchemaState:
    from coach.db import migrate
    from coach.db.session import describe

    with _raw_engine(svc) as engine:
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        return SchemaState(
            database=describe(engine), current=current, head=head, up_to_date=current == head
        )


def upgrade(svc: Services, revision: str = "head") -> Migrated:
    """Migrate the schema up (to the newest revision by default)."""
    return _migrate(svc, revision, down=False)


def downgrade(svc: Services, revision: str) -> Migrated:
    """Migrate the schema down; ``base`` removes every coach table and its data."""
    return _migrate(svc, revision, down=True)


def _migrate(svc: Services, revision: str, *, down: bool) -> Migrated:
    from coach.db import migrate
    from coach.db.session import describe

    with _raw_engine(svc) as engine:
        before = migrate.current_revision(engine)
        (migrate.downgrade if down else migrate.upgrade)(engine, revision)
        after = migrate.current_revision(engine)
        return Migrated(database=describe(engine), before=before, after=after)


def history() -> list[MigrationOut]:
    from coach.db import migrate

    return [MigrationOut(revision=r, down_revision=d, message=m) for r, d, m in migrate.history()]


def queue_conninfo(svc: Services) -> str:
    """The libpq address of the job queue: the configured PostgreSQL database itself (workers
    share it). On SQLite there is no queue: the timer does the nightly work."""
    from sqlalchemy.engine import make_url

    from coach.domain.errors import ConfigError

    url = make_url(svc.settings.effective_database_url)
    if url.get_backend_name() != "postgresql":
        raise ConfigError(
            "workers need PostgreSQL (COACH_DATABASE_URL=postgresql+psycopg://...): on SQLite "
            "the evening timer does the nightly work (`coach schedule install`)"
        )
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class DatabaseEncrypted(Schema):
    database: str
    tables: int
    rows: int
    key: str
    """Where the key is: the key file's path, or COACH_DB_KEY."""
    setting_on: bool
    """Whether COACH_DB_ENCRYPT is on already (the file opens at once)."""


def encrypt(svc: Services) -> DatabaseEncrypted:
    """Turn the plain SQLite file into an encrypted one (SQLCipher), checked before it replaces
    the plain file; the key is COACH_DB_KEY or a new random one in COACH_HOME/db.key."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from coach.db.session import database_key
    from coach.db.sqlcipher import encrypt_file
    from coach.domain.errors import ValidationFailed

    url = make_url(svc.settings.effective_database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValidationFailed(
            "`coach db encrypt` encrypts a SQLite file; on PostgreSQL coach encrypts free text "
            "and secrets itself (COACH_ENCRYPT_TEXT) and the disk is the server's to encrypt"
        )
    path = Path(url.database).expanduser()
    key = database_key(svc.settings, create=True)
    counts = encrypt_file(path, key)
    return DatabaseEncrypted(
        database=str(path),
        tables=len(counts),
        rows=sum(counts.values()),
        key="COACH_DB_KEY" if svc.settings.db_key is not None else str(svc.settings.db_key_file),
        setting_on=svc.settings.db_encrypt,
    )
