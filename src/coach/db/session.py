"""Engines and transactions. The caller owns the transaction: repositories flush, never commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from coach.config import Settings, mask_url_password
from coach.domain.errors import CoachError, DatabaseError

SQLITE_BUSY_TIMEOUT_S = 30.0
"""How long a SQLite writer waits for another writer before giving up."""


def make_engine(settings: Settings | str) -> Engine:
    """An engine for the configured database; SQLite gets foreign keys on and a busy timeout."""
    url_text = settings if isinstance(settings, str) else settings.effective_database_url
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise DatabaseError(
            f"COACH_DATABASE_URL {mask_url_password(url_text)!r} is not a database URL "
            "(e.g. sqlite:///path/coach.db or postgresql+psycopg://user@host/db)"
        ) from None
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:  # unknown dialect, or its driver missing
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL is SQLite's recommended pairing: never corrupt; after a power cut (not a
    # crash) the last committed transactions may be lost, and imports are idempotent to redo.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def describe(engine: Engine) -> str:
    """The engine's URL with any password masked, for messages."""
    return engine.url.render_as_string(hide_password=True)


def check_connection(engine: Engine) -> None:
    """Raise DatabaseError with one clear line when the database cannot be reached."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(
            f"cannot reach the database at {describe(engine)}: {reason} "
            "(check COACH_DATABASE_URL and that the server is running)"
        ) from None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except StatementError as exc:
        session.rollback()
        if isinstance(exc.orig, CoachError):  # e.g. a column type refused invalid content
            raise exc.orig from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
