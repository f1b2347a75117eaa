"""Database faults end in one line and the documented exit code, never a dump (issue 13,
defects 9 and 10): the failures are real ones, provoked on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from coach.db.session import database_failure
from coach.domain.errors import Busy, Conflict, DatabaseError
from tests.conftest import PLAIN_FILES_ONLY, Cli
from tests.intake.test_csv_import import HEVY_KG


def _failure_of(url: str, setup: list[str], statement: str) -> SQLAlchemyError:
    engine = create_engine(url, connect_args={"timeout": 0.1})
    try:
        with engine.begin() as connection:
            for line in setup:
                connection.execute(text(line))
        with pytest.raises(SQLAlchemyError) as caught, engine.begin() as connection:
            connection.execute(text(statement))
        return caught.value
    finally:
        engine.dispose()


def test_a_constraint_lost_to_another_writer_is_a_conflict(tmp_path: Path) -> None:
    exc = _failure_of(
        f"sqlite:///{tmp_path / 'a.db'}",
        ["CREATE TABLE t (k INTEGER PRIMARY KEY)", "INSERT INTO t VALUES (1)"],
        "INSERT INTO t VALUES (1)",
    )
    failure = database_failure(exc)
    assert isinstance(failure, Conflict) and failure.exit_code == 4
    assert "run it again" in str(failure)


def test_a_locked_database_is_busy_exit_75(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (k INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        exc = _failure_of(f"sqlite:///{path}", [], "INSERT INTO t VALUES (1)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    failure = database_failure(exc)
    assert isinstance(failure, Busy) and failure.exit_code == 75
    assert str(failure) == "the database is busy with another coach process: try again"


def test_a_full_disk_says_so_exit_69(tmp_path: Path) -> None:
    exc = _failure_of(
        f"sqlite:///{tmp_path / 'full.db'}",
        ["CREATE TABLE t (v BLOB)", "PRAGMA max_page_count = 3"],
        "INSERT INTO t VALUES (zeroblob(100000))",
    )
    failure = database_failure(exc)
    assert isinstance(failure, DatabaseError) and failure.exit_code == 69
    assert str(failure).startswith("the disk is full: free some space and run the command again")
    assert "\n" not in str(failure)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "sqlalchemy" not in stderr.lower()
    return lines[0]


@PLAIN_FILES_ONLY
def test_a_read_only_database_refuses_a_write_in_one_line(
    cli_default_db: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_default_db.ok("init", "--no-input", "--name", "Sam")
    monkeypatch.setenv(
        "COACH_DATABASE_URL", f"sqlite:///file:{coach_home / 'coach.db'}?mode=ro&uri=true"
    )
    assert cli_default_db("status").exit_code == 0  # reading still works
    result = cli_default_db("log", "weight", "80")
    assert result.exit_code == 69
    line = _one_line(result.stderr)
    assert line.startswith("error: the database file cannot be written: check its permissions")


@PLAIN_FILES_ONLY
def test_a_damaged_database_file_is_named_exit_69(cli_default_db: Cli, coach_home: Path) -> None:
    cli_default_db.ok("init", "--no-input", "--name", "Sam")
    database = coach_home / "coach.db"
    data = bytearray(database.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the first page's b-tree: the schema is unreadable
    database.write_bytes(bytes(data))
    result = cli_default_db("status")
    assert result.exit_code == 69
    line = _one_line(result.stderr)
    assert "damaged" in line and "restore" in line and "from a backup" in line, line


def test_a_database_server_that_is_not_there_is_one_line_exit_69(
    cli_default_db: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://coach:secret@127.0.0.1:9/coach")
    result = cli_default_db("status")
    assert result.exit_code == 69
    line = _one_line(result.stderr)
    assert "127.0.0.1:9" in line and "secret" not in line


def test_a_nul_character_in_a_csv_is_refused_naming_its_line(cli: Cli, tmp_path: Path) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    export = tmp_path / "hevy.csv"
    export.write_text(HEVY_KG.replace('"Heavy day"', '"Heavy\x00day"', 1))
    result = cli("import", "hevy-csv", str(export))
    assert result.exit_code == 65
    assert _one_line(result.stderr) == (
        f"error: {export} line 2: a NUL character; the file is damaged, export it again"
    )
    assert cli.ok("activities", "list", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty; export it again from the app"),
        ("\n\n", "the file is empty; export it again from the app"),
        (HEVY_KG.split("\n", 1)[0] + "\n", "no workouts in the file (only its header); nothing"),
    ],
)
def test_an_empty_or_header_only_csv_says_so(
    cli: Cli, tmp_path: Path, content: str, message: str
) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    export = tmp_path / "hevy.csv"
    export.write_text(content)
    result = cli("import", "hevy-csv", str(export))
    assert result.exit_code == 65
    assert message in _one_line(result.stderr)
