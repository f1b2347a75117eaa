"""Shared fixtures. Tests never touch a real user's data: COACH_HOME is always a temporary folder.

Database tests run twice, on SQLite and on the real PostgreSQL server named by
COACH_TEST_POSTGRES_URL (each test in a schema of its own, dropped afterwards); the PostgreSQL run
is skipped only when that variable is unset.
"""

from __future__ import annotations

import io
import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from coach.cli.main import main
from coach.db.migrate import upgrade
from coach.db.session import make_engine, session_scope

POSTGRES_URL = os.environ.get("COACH_TEST_POSTGRES_URL", "").strip()
ENCRYPTED = os.environ.get("COACH_DB_ENCRYPT", "").strip().lower() in {"1", "true", "yes", "on"}
"""The run of the whole suite on encrypted SQLite files (`make test-encrypted`)."""
PLAIN_FILES_ONLY = pytest.mark.skipif(
    ENCRYPTED, reason="a plain SQLite file's own faults (an encrypted file's: test_encryption.py)"
)


def sqlite_connect(path: Path | str, **kwargs: Any) -> Any:
    """A DB-API connection to a SQLite file as coach writes it: plain, or encrypted with the
    key of this run."""
    if not ENCRYPTED:
        return sqlite3.connect(path, **kwargs)
    import sqlcipher3.dbapi2 as sqlcipher

    from coach.config import load_settings
    from coach.db.session import database_key

    connection = sqlcipher.connect(str(path), **kwargs)
    connection.execute(f"PRAGMA key = {database_key(load_settings(), create=False)}")
    return connection


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    for name in ("COACH_DATABASE_URL", "COACH_SECRET_KEY", "COACH_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    return home


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its lightest in-process (1 pass over 1 MiB): the same algorithm and code
    path, a thousand times cheaper than the real cost (64 MiB, 3 passes), which a test of
    passwords does not need. Processes a test starts hash at the real cost."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from coach.services import users

    light = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(users, "_hasher", lambda: light)


def _postgres_schema_url(schema: str) -> str:
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def postgres_schema(prefix: str = "t") -> Iterator[str]:
    """A fresh schema of its own on the PostgreSQL server (skipped without one): its name,
    dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("COACH_TEST_POSTGRES_URL is not set")
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with postgres_schema() as schema:
        yield _postgres_schema_url(schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A database migrated to the newest revision."""
    eng = make_engine(database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as sess:
        yield sess


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


class Cli:
    """Runs the real ``coach`` entry point in-process, as a person would from a shell."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str, input: str = "") -> Result:
        self._capsys.readouterr()
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(input))
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str, input: str = "") -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, f"coach {' '.join(args)} failed: {result.stderr}"
        return result


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> Cli:
    """The CLI against the parametrized database (SQLite and PostgreSQL)."""
    monkeypatch.setenv("COACH_DATABASE_URL", database_url)
    return Cli(capsys, monkeypatch)


@pytest.fixture
def cli_default_db(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI with no COACH_DATABASE_URL: the SQLite file in COACH_HOME, as a new user has it."""
    return Cli(capsys, monkeypatch)
