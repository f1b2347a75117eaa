"""Give a fresh athlete a past: a plan that began weeks ago, and what was done of it — written as
the files a watch and a phone app would have produced and imported through the real importers.

* Endurance and mobility sessions become FIT activity files in ``COACH_HOME/sample/fit`` and go
  through ``coach import fit``'s importer.
* Strength sessions become one Hevy CSV export, ``COACH_HOME/sample/hevy-export.csv``, stored by
  ``coach import hevy-csv``'s importer.
* Sessions the athlete skipped stay undone; the ones with a reason are marked missed, as
  ``coach log missed`` would.
* Daily wellness, resting HR and weekly weight, body fat and VO2 max go in as manual entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.db.models import Athlete
from coach.db.repo.metrics import upsert_metric
from coach.db.repo.plans import current_planned, mark_missed
from coach.db.session import session_scope
from coach.domain.clock import Clock
from coach.domain.errors import CoachError
from coach.domain.health import MissReason
from coach.domain.plan import DataSource
from coach.domain.units import M_PER_YD
from coach.intake.csv.common import store
from coach.intake.csv.hevy_csv import parse_hevy_csv
from coach.intake.fit.importer import Outcome, find_sources, import_sources
from coach.review.plans import generate_plan
from coach.sample import history
from coach.sample.fit_activity import activity_file
from coach.sample.hevy_csv import hevy_csv

HISTORY_WEEKS = 6
"""How far back the demo plan starts: enough for fitness, fatigue and trends to mean something."""
PLAN_WEEKS = 12
SAMPLE_FOLDER = "sample"
FIRST_SERIAL = 1000
DONE_MARKER = "complete"
"""Written last: a demo whose seeding stopped part-way (every step is idempotent) runs it again."""
DEFAULT_CSS_S_PER_100M = 105.0


@dataclass(frozen=True)
class Seeded:
    activities: int
    strength_sessions: int
    missed: int
    readings: int
    folder: Path


def _athlete(row: Athlete) -> history.Athlete:
    return history.Athlete(
        timezone=row.timezone,
        resting_hr_bpm=round(row.resting_hr_bpm or 55),
        max_hr_bpm=round(row.max_hr_bpm or 185),
        weight_kg=row.weight_kg or 80.0,
        body_fat_pct=row.current_body_fat or 20.0,
        vo2_max=row.vo2_max or 45.0,
        css_s_per_100yd=(row.css_s_per_100m or DEFAULT_CSS_S_PER_100M) * M_PER_YD,
    )


def is_seeded(home: Path) -> bool:
    return (home / SAMPLE_FOLDER / DONE_MARKER).is_file()


def plan_start(today: date) -> date:
    """The Monday ``HISTORY_WEEKS`` weeks before this week's: the demo plan's first day."""
    return today - timedelta(weeks=HISTORY_WEEKS, days=today.weekday())


def simulate_past(
    engine: Engine, clock: Clock, athlete: Athlete, today: date
) -> tuple[date, history.History]:
    """Generate the plan from ``HISTORY_WEEKS`` weeks ago and simulate everything before
    ``today``: the plan's first Monday and what happened."""
    start = plan_start(today)
    with session_scope(engine) as session:
        made = generate_plan(
            session, clock, athlete, today=start, weeks=PLAN_WEEKS, start=start, replace=True
        )
        planned = [
            history.PlannedItem(row.id, row.scheduled_date, row.start_time_local,
                                row.workout_definition, row.estimated_duration / 60)
            for row in current_planned(session, athlete.id, made.monday, today)
        ]  # fmt: skip
    return made.monday, history.simulate(planned, _athlete(athlete), today)


def progress_steps(past: history.History) -> int:
    """How many times ``store_past`` calls ``step``: for a progress bar."""
    return 2 * len(past.activities) + 2


def store_past(
    engine: Engine,
    home: Path,
    clock: Clock,
    athlete: Athlete,
    past: history.History,
    *,
    default_rpe: float,
    step: Callable[[str], None] = lambda _: None,
) -> Seeded:
    """Write the simulated past as files and import them through the real importers; mark the
    misses and record the readings. Raises CoachError when a generated file fails to import."""
    folder = home / SAMPLE_FOLDER
    fit_folder = folder / "fit"
    export = folder / "hevy-export.csv"
    try:
        fit_folder.mkdir(parents=True, exist_ok=True)
        for serial, activity in enumerate(past.activities, start=FIRST_SERIAL):
            local = activity.start.astimezone(ZoneInfo(athlete.timezone))
            name = f"{local:%Y-%m-%d-%H%M}-{activity.sport.value}.fit"
            (fit_folder / name).write_bytes(activity_file(activity, serial))
            step(f"wrote {name}")
        export.write_text(hevy_csv(past.strength), encoding="utf-8")
    except OSError as exc:
        raise CoachError(
            f"cannot write the sample files in {folder}: {exc.strerror or exc}; "
            "free that path or choose another COACH_HOME"
        ) from exc
    for result in import_sources(engine, home, athlete, find_sources([fit_folder])):
        if result.outcome is Outcome.REJECTED:
            raise CoachError(f"sample file {result.name} was rejected: {result.message}")
        step(f"imported {Path(result.name).name}")
    store(engine, home, athlete, parse_hevy_csv(export, ZoneInfo(athlete.timezone)), default_rpe)
    step("imported the Hevy export")
    with session_scope(engine) as session:
        for missed in past.missed:
            if missed.reason:
                mark_missed(
                    session, clock, athlete, missed.planned_id, MissReason.TIME, missed.reason
                )
        for day, metric, value in past.readings:
            upsert_metric(
                session,
                athlete_id=athlete.id,
                metric_type=metric,
                metric_date=day,
                value=value,
                source=DataSource.MANUAL,
            )
    step("recorded wellness and body measurements")
    (folder / DONE_MARKER).write_text(f"{len(past.activities)} activities\n", encoding="utf-8")
    return Seeded(
        len(past.activities),
        len(past.strength),
        len(past.missed),
        len(past.readings),
        folder,
    )
