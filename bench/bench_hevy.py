"""Strength intake throughput: Hevy CSV import and a full Hevy API backfill.

* CSV: a generated Hevy export of 100 000 set rows (4 000 workouts of 5 exercises x 5 sets),
  parsed and stored in one transaction into a fresh SQLite database. Target >= 50 000 rows/s.
* API: a first sync of 1 000 workouts (100 pages) by coach's real client from the fake Hevy,
  in-process, politeness delay 0. Target < 5 s.

Each is run REPEATS times; the median is judged against the target, the best shown beside it.
This machine's disk is shared and its I/O wait swings widely (SQLite commits and the raw-file
archive fsync), so the CSV import also reports CPU time, the part the code controls.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coach.config import Settings
from coach.connectors.hevy.client import HevyClient
from coach.db.migrate import upgrade
from coach.db.models import Athlete
from coach.db.repo.athletes import create_athlete
from coach.db.session import make_engine, session_scope
from coach.domain.athlete import AthleteProfile
from coach.domain.clock import SystemClock
from coach.fakes.hevy import ASGIBridge, FakeHevy, FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY
from coach.intake.csv.common import store
from coach.intake.csv.hevy_csv import parse_hevy_csv
from coach.intake.hevy.sync import sync

TARGET_ROWS_PER_S = 50_000
TARGET_BACKFILL_S = 5.0
CSV_ROWS = 100_000
WORKOUTS = 1_000
REPEATS = 5
EXERCISES = ["Squat (Barbell)", "Romanian Deadlift (Barbell)", "Box Jump", "Pull Up", "Plank"]
HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)


def _fresh(home: Path) -> tuple[Any, Athlete]:
    engine = make_engine(f"sqlite:///{home / 'bench.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        athlete = create_athlete(
            session,
            SystemClock(),
            AthleteProfile(name="bench", timezone="America/Denver"),
            [],
            [],
            on=date(2010, 1, 1),
        )
        session.expunge(athlete)
    return engine, athlete


def _export(path: Path) -> None:
    lines = [HEADER]
    start = datetime(2012, 1, 2, 18, 0)  # noqa: DTZ001 - wall clock, as the export writes it
    per_workout = len(EXERCISES) * 5
    for n in range(CSV_ROWS // per_workout):
        begin = start + timedelta(days=n, minutes=n % 60)
        text = f"{begin.day} {begin:%b %Y, %H:%M}"
        end = begin + timedelta(minutes=55)
        end_text = f"{end.day} {end:%b %Y, %H:%M}"
        for exercise in EXERCISES:
            for index in range(5):
                lines.append(
                    f'"Workout {n % 7}","{text}","{end_text}","","{exercise}",,"",{index},'
                    f'"normal",{60 + index * 5},{5 + index},,,{7 + index % 3}\n'
                )
    path.write_text("".join(lines))


def _csv_once(folder: Path, export: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one import."""
    engine, athlete = _fresh(folder)
    began, began_cpu = time.perf_counter(), time.process_time()
    parsed = parse_hevy_csv(export, ZoneInfo("America/Denver"))
    result = store(engine, folder, athlete, parsed, 6.0)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    engine.dispose()
    assert result.sets == CSV_ROWS
    return elapsed, cpu


def _backfill_once(folder: Path) -> float:
    engine, athlete = _fresh(folder)
    hevy = FakeHevy()
    hevy.seed_workouts(WORKOUTS, last_start=datetime(2026, 11, 20, 18, tzinfo=UTC))
    app = FakeHevyApp(hevy)
    settings = Settings(home=folder, hevy_request_interval_s=0)
    began = time.perf_counter()
    transport = ASGIBridge(app)
    with HevyClient(
        DEFAULT_API_KEY, base_url="http://hevy.test", request_interval_s=0, transport=transport
    ) as client:
        report = sync(engine, settings, SystemClock(), athlete, client)
    elapsed = time.perf_counter() - began
    engine.dispose()
    assert report.added == WORKOUTS
    return elapsed


def run() -> dict[str, Any]:
    csv_times: list[float] = []
    csv_cpu: list[float] = []
    backfill_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "hevy.csv"
        _export(export)
        for n in range(REPEATS):
            folder = Path(tmp) / f"csv{n}"
            folder.mkdir()
            wall, cpu = _csv_once(folder, export)
            csv_times.append(wall)
            csv_cpu.append(cpu)
            folder = Path(tmp) / f"api{n}"
            folder.mkdir()
            backfill_times.append(_backfill_once(folder))
    csv_median = statistics.median(csv_times)
    backfill_median = statistics.median(backfill_times)
    return {
        "csv_import": {
            "rows": CSV_ROWS,
            "median_s": round(csv_median, 3),
            "best_s": round(min(csv_times), 3),
            "rows_per_s_median": round(CSV_ROWS / csv_median),
            "rows_per_s_best": round(CSV_ROWS / min(csv_times)),
            "cpu_s_median": round(statistics.median(csv_cpu), 3),
            "rows_per_cpu_s_median": round(CSV_ROWS / statistics.median(csv_cpu)),
            "target_rows_per_s": TARGET_ROWS_PER_S,
            "meets_target": CSV_ROWS / csv_median >= TARGET_ROWS_PER_S,
        },
        "api_backfill": {
            "workouts": WORKOUTS,
            "median_s": round(backfill_median, 3),
            "best_s": round(min(backfill_times), 3),
            "target_s": TARGET_BACKFILL_S,
            "meets_target": backfill_median < TARGET_BACKFILL_S,
        },
    }


if __name__ == "__main__":
    print(run())
