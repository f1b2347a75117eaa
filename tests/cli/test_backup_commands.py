"""``coach backup`` / ``coach restore``: a round trip on SQLite and on PostgreSQL (and from one to
the other) gives back every row, every file and every credential; what cannot be restored is
one clear line, and nothing is half-restored."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from coach.fakes.hevy import FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY, FakeHevy
from tests.cli.test_admin_commands import DEMO_NOW
from tests.conftest import Cli, _postgres_schema_url, postgres_schema
from tests.fakes.hevy import SPEC, serving


@pytest.fixture
def demo(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    """The demo athlete's weeks of training (built from files), a review, and a Hevy key."""
    with serving(FakeHevyApp(FakeHevy(), SPEC)) as url:
        monkeypatch.setenv("COACH_HEVY_BASE_URL", url)
        monkeypatch.setenv("COACH_HEVY_REQUEST_INTERVAL_S", "0")
        with time_machine.travel(DEMO_NOW, tick=False):
            cli.ok("demo")
            cli.ok("hevy", "login", input=DEFAULT_API_KEY)
            yield cli


def exported(cli: Cli, folder: Path) -> dict[str, Any]:
    with time_machine.travel(DEMO_NOW, tick=False):
        cli.ok("export-data", "--out", str(folder))
    document: dict[str, Any] = json.loads((folder / "coach-export.json").read_text())
    document.pop("exported_at")
    return document


def files_under(home: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes()
        for folder in ("raw", "athletes")
        for p in sorted((home / folder).rglob("*"))
        if p.is_file() and "outbox" not in p.parts
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def elsewhere(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Another, empty database to restore into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with postgres_schema("r") as schema:
        yield _postgres_schema_url(schema)


def test_a_backup_restores_every_row_file_and_credential_elsewhere(
    demo: Cli,
    elsewhere: str,
    coach_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = exported(demo, tmp_path / "before")
    files = files_under(coach_home)
    made = json.loads(demo.ok("backup", "--json").stdout)
    assert Path(made["path"]).parent == coach_home / "backups"
    assert Path(made["path"]).stat().st_mode & 0o777 == 0o600
    assert made["rows"]["completed_activities"] == len(before["activities"]) > 0
    assert made["files"] == len(files) > 0
    sealed = Path(made["path"]).read_bytes()
    assert b"manifest.json" not in sealed and b'"name"' not in sealed  # no tar, no JSON in clear
    # A new machine: another home with this one's key, another (empty) database.
    home = tmp_path / "new-home"
    home.mkdir()
    shutil.copy(coach_home / "secret.key", home / "secret.key")
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_DATABASE_URL", elsewhere)
    done = demo.ok("restore", made["path"])
    assert f"restored {sum(made['rows'].values()):,} rows and {len(files)} files" in done.stdout
    assert exported(demo, tmp_path / "after") == before
    assert files_under(home) == files
    assert json.loads(demo.ok("hevy", "status", "--json").stdout)["key"] == "stored"
    with time_machine.travel(DEMO_NOW, tick=False):  # it goes on: new rows get new ids
        demo.ok("log", "body-fat", "17.5")
        metrics = json.loads(demo.ok("metrics", "list", "--json").stdout)
    assert len({m["id"] for m in metrics}) == len(metrics)


def test_what_cannot_be_restored_is_one_line_and_nothing_changes(
    demo: Cli, coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = json.loads(demo.ok("backup", "--json").stdout)
    path = Path(made["path"])
    taken = demo("backup", "--output", str(path))
    assert taken.exit_code == 4 and "exists already" in taken.stderr
    full = demo("restore", str(path))  # this database holds the data already
    assert full.exit_code == 4
    assert "give --replace to empty it first" in full.stderr
    no_yes = demo("restore", str(path), "--replace")
    assert no_yes.exit_code == 2 and "--yes" in no_yes.stderr
    cut = tmp_path / "cut.backup"
    cut.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    broken = demo("restore", str(cut), "--replace", "--yes")
    assert broken.exit_code == 65 and "cut short" in broken.stderr
    assert demo.ok("status").stdout  # the data is all still there
    home = tmp_path / "keyless"
    home.mkdir()
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    keyless = demo("restore", str(path))
    assert keyless.exit_code == 77
    assert "copy the secret.key of the machine that made the backup" in keyless.stderr
    assert sorted(p.name for p in home.iterdir()) == []  # no key made up, no database
    (home / "secret.key").write_bytes(b"8J4cK2xg3bD9RLtnKZ7v3nGQpbWnqYbq3bDb8pQ2m1s=\n")
    wrong = demo("restore", str(path))
    assert wrong.exit_code == 77 and "made with another key" in wrong.stderr
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    other = demo("restore", str(not_a_backup))
    assert other.exit_code == 65 and "not a coach backup" in other.stderr


def test_replace_swaps_the_database_for_the_backup(demo: Cli, tmp_path: Path) -> None:
    made = json.loads(demo.ok("backup", "--json").stdout)
    with time_machine.travel(DEMO_NOW, tick=False):
        demo.ok("log", "body-fat", "23.9")  # after the backup: gone once it is restored

    def readings() -> list[float]:
        metrics = json.loads(demo.ok("metrics", "list", "--json").stdout)
        return [m["value"] for m in metrics if m["type"] == "body_fat_pct"]

    assert 23.9 in readings()
    done = json.loads(demo.ok("restore", made["path"], "--replace", "--yes", "--json").stdout)
    assert done["replaced"] is True
    assert 23.9 not in readings()
