"""Encryption at rest, as a person meets it: an encrypted SQLite file (SQLCipher) that plain
sqlite3 cannot read, that opens with its key and fails with one line and exit 77 without it;
`coach db encrypt` turning a plain file into one without losing a row; free text stored
encrypted on PostgreSQL; and `coach secrets rotate` replacing the key without losing a
credential, a second factor or a note — even when it stops half-way."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from coach.api.app import create_app
from coach.config import load_settings
from coach.fakes.hevy import FakeHevy
from coach.fakes.hevy.state import DEFAULT_API_KEY
from tests.cli.test_hevy_commands import hevy
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["hevy"]

PASSWORD = "correct horse battery"
NOTE = "felt heavy after the holidays"


def _notes(cli: Cli) -> list[str]:
    listed = json.loads(cli.ok("metrics", "list", "--json").stdout)
    return [m["notes"] for m in listed if m["notes"]]


def _plain_sqlite_reads(path: Path) -> str:
    try:
        with sqlite3.connect(path) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "read"


@pytest.fixture
def encrypted(cli_default_db: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("COACH_DB_ENCRYPT", "true")
    monkeypatch.delenv("COACH_DB_KEY", raising=False)
    cli_default_db.ok("init", "--no-input", "--name", "Sam", "--timezone", "UTC")
    cli_default_db.ok("log", "weight", "80", "--note", NOTE)
    return cli_default_db


def test_an_encrypted_database_is_unreadable_without_its_key(
    encrypted: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, key = coach_home / "coach.db", coach_home / "db.key"
    assert _plain_sqlite_reads(database) == "file is not a database"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert _notes(encrypted) == [NOTE]  # the key opens it
    assert NOTE.encode() not in database.read_bytes()

    right = key.read_text()
    key.write_text("ab" * 32 + "\n")  # another key
    wrong = encrypted("metrics", "list")
    assert wrong.exit_code == 77
    assert wrong.stderr.strip().splitlines() == [
        f"error: cannot open the database {database} with this key (COACH_DB_KEY or "
        "COACH_HOME/db.key): use the key it was encrypted with, or convert a plain file with "
        "`coach db encrypt`"
    ]
    key.unlink()
    missing = encrypted("metrics", "list")
    assert missing.exit_code == 77
    assert "its key is not here" in missing.stderr and len(missing.stderr.splitlines()) == 1
    monkeypatch.setenv("COACH_DB_KEY", "a passphrase that is not it")
    assert encrypted("metrics", "list").exit_code == 77
    monkeypatch.delenv("COACH_DB_KEY")
    key.write_text(right)
    monkeypatch.setenv("COACH_DB_ENCRYPT", "false")  # encryption forgotten: named, not "damaged"
    forgot = encrypted("metrics", "list")
    assert forgot.exit_code == 69
    assert "an encrypted one opens with COACH_DB_ENCRYPT=true" in forgot.stderr


def test_a_passphrase_in_the_environment_is_the_key(
    cli_default_db: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB_ENCRYPT", "true")
    monkeypatch.setenv("COACH_DB_KEY", "a long passphrase of mine")
    cli_default_db.ok("init", "--no-input", "--name", "Sam")
    assert not (coach_home / "db.key").exists()  # the passphrase is the key: no file
    assert _plain_sqlite_reads(coach_home / "coach.db") == "file is not a database"
    assert "Sam" in cli_default_db.ok("athlete", "show").stdout
    shown = cli_default_db.ok("config", "show").stdout
    assert "a long passphrase of mine" not in shown


def test_db_encrypt_converts_a_plain_file_without_losing_a_row(
    cli_default_db: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB_ENCRYPT", "false")  # a plain file to begin with
    monkeypatch.delenv("COACH_DB_KEY", raising=False)
    cli = cli_default_db
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "UTC")
    cli.ok("log", "weight", "80", "--note", NOTE)
    before = cli.ok("metrics", "list", "--json").stdout
    database = coach_home / "coach.db"
    assert _plain_sqlite_reads(database) == "read"

    done = json.loads(cli.ok("db", "encrypt", "--json").stdout)
    assert done["database"] == str(database) and done["rows"] > 0 and not done["setting_on"]
    assert _plain_sqlite_reads(database) == "file is not a database"
    assert sorted(p.name for p in coach_home.iterdir()) == ["coach.db", "db.key"]  # no copy left
    monkeypatch.setenv("COACH_DB_ENCRYPT", "true")
    assert cli.ok("metrics", "list", "--json").stdout == before
    again = cli("db", "encrypt")
    assert again.exit_code == 4
    assert "it is encrypted already" in again.stderr


def test_db_encrypt_that_fails_leaves_the_plain_file_as_it_was(
    cli_default_db: Cli, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB_ENCRYPT", "false")  # a plain file to begin with
    monkeypatch.delenv("COACH_DB_KEY", raising=False)
    from coach.db import sqlcipher

    cli_default_db.ok("init", "--no-input", "--name", "Sam", "--timezone", "UTC")
    database = coach_home / "coach.db"
    original = database.read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sqlcipher, "_check", full_disk)
    failed = cli_default_db("db", "encrypt")
    assert failed.exit_code == 74
    assert "No space left on device; the plain file is unchanged" in failed.stderr
    assert database.read_bytes() == original
    assert not (coach_home / ".coach.db.encrypting").exists()
    assert "Sam" in cli_default_db.ok("athlete", "show").stdout


def test_db_encrypt_is_for_sqlite(cli: Cli, database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL case")
    refused = cli("db", "encrypt")
    assert refused.exit_code == 2
    assert "encrypts a SQLite file; on PostgreSQL coach encrypts free text" in refused.stderr


def test_free_text_is_stored_encrypted_on_postgresql(cli: Cli, database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("on SQLite the whole file is encrypted instead (COACH_DB_ENCRYPT)")
    cli.ok("init", "--no-input", "--name", "Sam", "--email", "sam@example.org")
    cli.ok("log", "weight", "80", "--note", NOTE)
    cli.ok("goals", "add", "vo2_max", "--title", "Lungs of a whale")
    cli.ok("availability", "set", "sat", "09:00-11:00", "--location", "Grandma's barn")
    cli.ok("log", "session", "run", "30min", "--date", "2026-11-20", "--name", "Ridge loop",
           "--note", "left knee twinged on the descent")  # fmt: skip
    engine = create_engine(database_url)
    with engine.connect() as connection:
        note = connection.execute(text("SELECT notes FROM progress_metrics")).scalar_one()
        name, email = connection.execute(text("SELECT name, email FROM athletes")).one()
        titles = connection.execute(text("SELECT title FROM goals")).scalars().all()
        places = (
            connection.execute(
                text("SELECT location FROM availability_windows WHERE location IS NOT NULL")
            )
            .scalars()
            .all()
        )
        title, details = connection.execute(
            text("SELECT name, data::text FROM completed_activities")
        ).one()
    engine.dispose()
    assert note.startswith("fernet:") and NOTE not in note
    assert email.startswith("fernet:") and "sam@" not in email
    assert name.startswith("fernet:") and "Sam" not in name
    assert titles and all(t.startswith("fernet:") for t in titles)
    assert places and all(p.startswith("fernet:") and "barn" not in p for p in places)
    assert title.startswith("fernet:") and "Ridge" not in title
    assert json.loads(details).keys() == {"fernet"} and "knee" not in details
    review = json.loads(cli.ok("review", "--json").stdout)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT headline, insights, planned_vs_actual::text FROM daily_reviews")
        ).one()
        audit = connection.execute(text("SELECT details::text FROM audit_log")).scalars().all()
    engine.dispose()
    assert stored[0].startswith("fernet:") and stored[1].startswith("fernet:")
    assert json.loads(stored[2]).keys() == {"fernet"} and "Ridge" not in stored[2]
    assert audit and all(json.loads(d).keys() == {"fernet"} for d in audit)
    assert all("Sam" not in d and "barn" not in d for d in audit)
    shown = cli.ok("review", "show", str(review["review_id"])).stdout
    assert review["headline"] and review["headline"].split()[0] in shown
    assert _notes(cli) == [NOTE]
    shown = cli.ok("activities", "show", "1", "--json").stdout
    assert "Ridge loop" in shown and "left knee twinged on the descent" in shown
    assert "Lungs of a whale" in cli.ok("goals", "list").stdout
    assert "Grandma's barn" in cli.ok("availability", "list").stdout
    # found by name all the same, letter case aside; a second Sam is refused, whatever the case
    shown = json.loads(cli.ok("athlete", "show", "--athlete", "sAM", "--json").stdout)
    assert shown["name"] == "Sam"
    again = cli("init", "--no-input", "--name", "SAM")
    assert again.exit_code != 0 and "an athlete named 'SAM' exists already" in again.stderr
    cli.ok("init", "--no-input", "--name", "Kim")
    clash = cli("athlete", "set", "--athlete", "Kim", "--name", "sam")
    assert clash.exit_code != 0 and "exists already" in clash.stderr
    cli.ok("athlete", "set", "--athlete", "Kim", "--name", "KIM")  # her own name, recased
    listed = json.loads(cli.ok("athlete", "list", "--json").stdout)
    assert sorted(a["name"] for a in listed) == ["KIM", "Sam"]


def test_the_data_model_names_every_encrypted_column() -> None:
    from coach.db.rekey import encrypted_json_columns, encrypted_text_columns

    described = (ROOT / "docs" / "data-model.md").read_text()
    for table, column in [*encrypted_text_columns(), *encrypted_json_columns()]:
        assert f"`{table.name}.{column}`" in described


def _second_factor(cli: Cli) -> str:
    cli.ok("user", "add", "sam@example.org", "--athlete", "Sam", "--password-stdin", input=PASSWORD)
    address = cli.ok("user", "totp", "sam@example.org").stdout.strip().splitlines()[-1]
    return parse_qs(urlparse(address).query)["secret"][0]


def _signs_in(secret: str) -> bool:
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        code = pyotp.TOTP(secret).now()
        answer = client.post(
            "/sign-in",
            data={"email": "sam@example.org", "password": PASSWORD, "code": code},
            follow_redirects=False,
        )
    return bool(answer.status_code == 303)


def test_rotation_keeps_every_credential_readable(
    hevy: tuple[Cli, FakeHevy], coach_home: Path
) -> None:
    cli, _ = hevy
    cli.ok("hevy", "login", input=DEFAULT_API_KEY)
    cli.ok("log", "weight", "80", "--note", NOTE)
    cli.ok("log", "session", "run", "30min", "--date", "2026-11-20", "--note", "hill repeats")
    secret = _second_factor(cli)
    old_key = (coach_home / "secret.key").read_text()

    done = json.loads(cli.ok("secrets", "rotate", "--json").stdout)
    assert done["secrets"] == 2  # the Hevy key and the second factor
    new_key = (coach_home / "secret.key").read_text()
    assert new_key != old_key and len(new_key.splitlines()) == 1
    assert Path(done["retired"]).read_text() == old_key
    assert oct(Path(done["retired"]).stat().st_mode & 0o777) == "0o600"
    assert json.loads(cli.ok("hevy", "sync", "--json").stdout)  # the Hevy key still works
    assert _notes(cli) == [NOTE]
    assert "hill repeats" in cli.ok("activities", "show", "1", "--json").stdout
    assert _signs_in(secret)


def test_a_rotation_that_stops_half_way_loses_nothing(
    hevy: tuple[Cli, FakeHevy], coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.db import rekey

    cli, _ = hevy
    cli.ok("hevy", "login", input=DEFAULT_API_KEY)
    secret = _second_factor(cli)

    def power_cut(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(rekey, "rotate_all", power_cut)
        stopped = cli("secrets", "rotate")
    assert stopped.exit_code != 0
    assert len((coach_home / "secret.key").read_text().splitlines()) == 2  # new, then old
    assert _signs_in(secret)
    assert json.loads(cli.ok("hevy", "sync", "--json").stdout)
    cli.ok("secrets", "rotate")  # run again: done
    assert len((coach_home / "secret.key").read_text().splitlines()) == 1
    assert _signs_in(secret)
    assert json.loads(cli.ok("hevy", "sync", "--json").stdout)
