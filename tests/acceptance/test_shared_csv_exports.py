"""Acceptance: the real Hevy and Strong exports in ../shared/data/csv import with every set
accounted for. Expected totals are computed here straight from the files with the csv module,
independently of coach's importers, and compared with what the database holds afterwards."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coach.db.models import CompletedActivity, StrengthSetRow
from coach.db.session import make_engine
from coach.domain.plan import DataSource
from tests.conftest import Cli

CSV_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "csv"
pytestmark = pytest.mark.skipif(
    not CSV_DIR.is_dir(), reason=f"{CSV_DIR} is absent (shared real-world data not checked out)"
)


def totals(
    path: Path, workout: tuple[str, str], exercise: str, weight: str, reps: str
) -> dict[str, float]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    workouts = {(row[workout[0]], row[workout[1]]) for row in rows}
    exercises = {(row[workout[0]], row[workout[1]], row[exercise]) for row in rows}
    volume = sum(float(row[weight] or 0) * float(row[reps] or 0) for row in rows)
    return {
        "workouts": len(workouts),
        "exercises": len(exercises),
        "sets": len(rows),
        "volume": volume,
    }


def imported(database_url: str, source: DataSource) -> dict[str, float]:
    engine = make_engine(database_url)  # as coach opens it (encrypted too)
    try:
        with engine.connect() as connection:
            activities = connection.scalar(
                select(func.count()).where(CompletedActivity.source == source)
            )
            joined = (
                select(StrengthSetRow)
                .join(CompletedActivity)
                .where(CompletedActivity.source == source)
                .subquery()
            )
            sets = connection.scalar(select(func.count()).select_from(joined))
            exercises = connection.scalar(
                select(func.count()).select_from(
                    select(joined.c.activity_id, joined.c.exercise_title).distinct().subquery()
                )
            )
            volume = connection.scalar(
                select(
                    func.sum(func.coalesce(joined.c.weight_kg, 0) * func.coalesce(joined.c.reps, 0))
                )
            )
    finally:
        engine.dispose()
    return {
        "workouts": activities,
        "exercises": exercises,
        "sets": sets,
        "volume": float(volume or 0),
    }


def test_the_real_hevy_export_imports_every_set(cli: Cli, database_url: str) -> None:
    path = CSV_DIR / "hevy-export-kg.csv"
    expected = totals(path, ("title", "start_time"), "exercise_title", "weight_kg", "reps")
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "Europe/Paris")
    report = json.loads(cli.ok("import", "hevy-csv", str(path), "--json").stdout)
    assert report["rows"] == report["sets"] == expected["sets"]
    got = imported(database_url, DataSource.HEVY_CSV)
    assert got["volume"] == pytest.approx(expected["volume"])
    assert got == {**expected, "volume": got["volume"]}
    again = json.loads(cli.ok("import", "hevy-csv", str(path), "--json").stdout)
    assert (again["added"], again["already_present"]) == (0, expected["workouts"])


def test_the_real_strong_export_imports_every_set(cli: Cli, database_url: str) -> None:
    path = CSV_DIR / "strong-export-classic.csv"
    expected = totals(path, ("Date", "Workout Name"), "Exercise Name", "Weight", "Reps")
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "Europe/Athens")
    report = json.loads(cli.ok("import", "strong-csv", str(path), "--json").stdout)
    assert report["layout"] == "strong (classic)"
    got = imported(database_url, DataSource.STRONG_CSV)
    assert got["volume"] == pytest.approx(expected["volume"])
    assert got == {**expected, "volume": got["volume"]}
