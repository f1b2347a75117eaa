"""An encrypted SQLite file (SQLCipher 4): turning a plain database file into one.

The plain file is copied first (SQLite's backup API, consistent while other readers go on); the
copy is exported into a new encrypted file with ``sqlcipher_export``; the new file is checked
(integrity, and every table's row count against the copy) and only then renamed over the plain
one. A failure at any step leaves the plain file as it was. The copy is kept until the encrypted
file is in place, then deleted: a plain copy lying around would undo the point.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from coach.domain.errors import Conflict, DatabaseError, StorageError


def is_plain(path: Path) -> bool:
    """Whether ``path`` is a plain SQLite database (an encrypted or damaged one is not)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False


def _counts(connection: object) -> dict[str, int]:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    names = [
        row[0]
        for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: cursor.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def encrypt_file(path: Path, key: str) -> dict[str, int]:
    """Encrypt the plain database at ``path`` in place with ``key`` (a ``PRAGMA key`` value);
    every table's row count. Stop the server and the worker first: a writer that keeps the old
    file open would write where nobody reads."""
    if not path.exists():
        raise DatabaseError(f"no database at {path}: nothing to encrypt")
    if not is_plain(path):
        raise Conflict(
            f"{path} is not a plain SQLite database: it is encrypted already (or damaged)"
        )
    copy = path.with_name(f"{path.name}.plain-copy")
    spare = path.with_name(f".{path.name}.encrypting")
    for leftover in (copy, spare):
        leftover.unlink(missing_ok=True)
    try:
        version = _copy(path, copy)
        expected = _export(copy, spare, key, version)
        _check(path, spare, key, expected)
        _swap(spare, path)
    except OSError as exc:
        spare.unlink(missing_ok=True)
        raise StorageError(
            f"cannot write the encrypted database beside {path}: {exc.strerror or exc}; the plain "
            f"file is unchanged (a copy is at {copy})"
        ) from None
    except BaseException:
        spare.unlink(missing_ok=True)
        raise
    copy.unlink(missing_ok=True)
    return expected


def _copy(path: Path, copy: Path) -> int:
    """A consistent plain copy (mode 0600); the schema's user_version."""
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as source:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.close(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with contextlib.closing(sqlite3.connect(copy)) as target:
            source.backup(target)
        return int(source.execute("PRAGMA user_version").fetchone()[0])


def _export(copy: Path, spare: Path, key: str, version: int) -> dict[str, int]:
    """The copy exported into the encrypted file ``spare``; the copy's row counts."""
    import sqlcipher3.dbapi2 as sqlcipher

    with contextlib.closing(sqlcipher.connect(str(copy))) as plain:
        expected = _counts(plain)
        plain.execute("PRAGMA cipher_log_level = NONE")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {key}", (str(spare),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute("DETACH DATABASE encrypted")
    os.chmod(spare, 0o600)
    return expected


def _check(path: Path, spare: Path, key: str, expected: dict[str, int]) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    with contextlib.closing(sqlcipher.connect(str(spare))) as check:
        check.execute("PRAGMA cipher_log_level = NONE")
        check.execute(f"PRAGMA key = {key}")
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        found = _counts(check)
    if verdict != "ok" or found != expected:
        raise DatabaseError(
            f"the encrypted copy of {path} did not check out ({verdict}); the plain file is "
            "unchanged"
        )


def _swap(spare: Path, path: Path) -> None:
    """The checked encrypted file in place of the plain one (the plain one's journals gone)."""
    with open(spare, "rb") as handle:
        os.fsync(handle.fileno())
    for journal in ("-wal", "-shm"):
        Path(f"{path}{journal}").unlink(missing_ok=True)
    os.replace(spare, path)
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
