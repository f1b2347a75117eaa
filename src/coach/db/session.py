"""Engines and transactions. The caller owns the transaction: repositories flush, never commit."""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker

from coach.config import Settings, load_settings, mask_url_password
from coach.domain.errors import (
    Busy,
    CoachError,
    Conflict,
    DatabaseError,
    SecretError,
    ValidationFailed,
)
from coach.privacy import private_dir, private_file

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 30.0
"""How long a SQLite writer waits for another writer before giving up."""


def make_engine(settings: Settings | str) -> Engine:
    """An engine for the configured database; SQLite gets foreign keys on and a busy timeout,
    and (COACH_DB_ENCRYPT) SQLCipher with the database key; text columns are encrypted with the
    secret key where COACH_ENCRYPT_TEXT says (PostgreSQL by default)."""
    if isinstance(settings, str):  # this URL, with the rest of this machine's settings
        settings = load_settings(database_url=settings)
    url_text = settings.effective_database_url
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise DatabaseError(
            f"COACH_DATABASE_URL {mask_url_password(url_text)!r} is not a database URL "
            "(e.g. sqlite:///path/coach.db or postgresql+psycopg://user@host/db)"
        ) from None
    if url.get_backend_name() == "sqlite":
        path = None
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            path = Path(url.database).expanduser()
            private_file(path)  # health data: the owner's alone
        if settings.db_encrypt and path is not None:
            import sqlcipher3.dbapi2 as sqlcipher

            key = database_key(settings, create=not path.exists() or path.stat().st_size == 0)
            engine = create_engine(
                url, module=sqlcipher, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}
            )
            event.listen(engine, "connect", functools.partial(_sqlite_pragmas, key, path))
        else:
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
            event.listen(engine, "connect", functools.partial(_sqlite_pragmas, None, path))
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as exc:  # unknown dialect, or its driver missing
            raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None
    from coach.db.crypto import encrypt_text_with
    from coach.db.repo.credentials import LiveCipher

    encrypt_text_with(
        engine.dialect, LiveCipher(settings), encrypts=encrypts_text(settings, engine)
    )
    return engine


def encrypts_text(settings: Settings, engine: Engine) -> bool:
    """Whether the engine encrypts the free text it writes (COACH_ENCRYPT_TEXT)."""
    if settings.encrypt_text == "auto":
        return engine.dialect.name != "sqlite"
    return settings.encrypt_text == "on"


DB_KEY_BYTES = 32
"""A generated database key: 256 random bits, given to SQLCipher raw (no key derivation)."""
RAW_KEY = re.compile(r"[0-9a-fA-F]{64}")
"""COACH_DB_KEY as 64 hex digits: a raw key (anything else is a passphrase SQLCipher derives a
key from with PBKDF2)."""


def database_key(settings: Settings, *, create: bool) -> str:
    """The SQLCipher ``PRAGMA key`` value: COACH_DB_KEY (a passphrase, SQLCipher derives the key
    with PBKDF2), else the raw key in COACH_HOME/db.key — made when ``create`` (a new database)."""
    import secrets

    if settings.db_key is not None:
        given = settings.db_key.get_secret_value()
        if RAW_KEY.fullmatch(given):  # a raw 256-bit key, as db.key holds one
            return f"\"x'{given.lower()}'\""
        return "'" + given.replace("'", "''") + "'"
    path = settings.db_key_file
    if path.exists():
        text = path.read_text().strip()
        if len(text) != 2 * DB_KEY_BYTES or any(c not in "0123456789abcdef" for c in text):
            raise SecretError(
                f"{path} is not a database key (64 hex digits): restore it from where you keep "
                "it, or set COACH_DB_KEY"
            )
        return f"\"x'{text}'\""
    if not create:
        raise SecretError(
            f"the database is encrypted but its key is not here ({path}): restore db.key, or "
            "set COACH_DB_KEY to its passphrase"
        )
    private_dir(path.parent)
    text = secrets.token_hex(DB_KEY_BYTES)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text + "\n")
    return f"\"x'{text}'\""


def _sqlite_pragmas(
    key: str | None, path: Path | None, dbapi_connection: Any, _record: Any
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        if key is not None:
            cursor.execute("PRAGMA cipher_log_level = NONE")  # our one line says it, not its log
            cursor.execute(f"PRAGMA key = {key}")
            try:
                cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except Exception as exc:  # the driver's DatabaseError: "file is not a database"
                raise SecretError(
                    f"cannot open the database {path} with this key (COACH_DB_KEY or "
                    "COACH_HOME/db.key): use the key it was encrypted with, or convert a plain "
                    "file with `coach db encrypt`"
                ) from exc
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL is SQLite's recommended pairing: never corrupt; after a power cut (not a
        # crash) the last committed transactions may be lost, and imports are idempotent to redo.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
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
    """One unit of work: commit when the block ends normally, roll back on any exception. A
    database failure leaves nothing half-written and becomes one clear CoachError
    (:func:`database_failure`)."""
    from coach.db.revisions import raise_revisions

    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        raise_revisions(session)
        session.commit()
    except StatementError as exc:
        _rollback(session)
        if isinstance(exc.orig, CoachError):  # e.g. a column type refused invalid content
            raise exc.orig from exc
        raise database_failure(exc, engine) from exc
    except SQLAlchemyError as exc:
        _rollback(session)
        raise database_failure(exc, engine) from exc
    except OverflowError as exc:  # the driver refused a number (a SQLite INTEGER is 64-bit)
        _rollback(session)
        raise ValidationFailed(f"a number is too large for the database: {exc}") from exc
    except BaseException:
        _rollback(session)
        raise
    finally:
        session.close()


def _rollback(session: Session) -> None:
    try:
        session.rollback()
    except SQLAlchemyError:  # the connection is gone: nothing was committed anyway
        logger.debug("rollback failed", exc_info=True)


BUSY_SIGNS = ("database is locked", "could not serialize", "deadlock detected", "lock timeout")


def database_failure(exc: SQLAlchemyError, engine: Engine | None = None) -> CoachError:
    """The one line a person reads for a database failure, with the right exit code:
    another writer got there first (4), the database is busy (75), stored text it cannot hold
    (2), or the database itself failing (69: read-only, full disk, damaged file, connection
    lost)."""
    orig = getattr(exc, "orig", None)
    reason = (str(orig) if orig is not None else str(exc)).strip()
    first = reason.splitlines()[0] if reason else type(exc).__name__
    lowered = first.lower()
    where = f" ({describe(engine)})" if engine is not None else ""
    if isinstance(exc, IntegrityError):
        return Conflict(
            "another coach process changed the same data at the same moment; nothing of this "
            "command was kept: run it again"
        )
    if any(sign in lowered for sign in BUSY_SIGNS):
        return Busy(f"the database is busy with another coach process{where}: try again")
    if isinstance(exc, DataError):
        return ValidationFailed(f"the database refused a value: {first}")
    if "readonly" in lowered or "read-only" in lowered:
        hint = "the database file cannot be written: check its permissions"
    elif "disk is full" in lowered or "no space" in lowered:
        hint = "the disk is full: free some space and run the command again"
    elif "not a database" in lowered:
        hint = (
            "the database file is encrypted or damaged: an encrypted one opens with "
            "COACH_DB_ENCRYPT=true and its key (COACH_HOME/db.key or COACH_DB_KEY); a damaged one "
            "is restored from a backup"
        )
    elif "malformed" in lowered:
        hint = "the database file is damaged: restore it from a backup"
    elif isinstance(exc, OperationalError | InterfaceError):
        hint = "the connection to the database failed or was lost: check that it is running"
    else:
        hint = "the database failed"
    return DatabaseError(f"{hint}{where}: {first}")
