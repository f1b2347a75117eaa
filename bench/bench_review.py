"""A full daily review without sync (facts read from SQLite, every analysis, the rules, the
review and its proposals stored) for an athlete with 5 years of history: ~2 400 activities,
~15 000 metric readings and a 12-week plan. Target: under 300 ms."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from coach.analysis.pmc import LoadThresholds
from coach.db.migrate import upgrade
from coach.db.models import ProgressMetric
from coach.db.repo.activities import NewActivity, add_activities
from coach.db.repo.athletes import create_athlete
from coach.db.session import make_engine, session_scope
from coach.domain.activity import ActivityData
from coach.domain.athlete import AthleteProfile, default_availability
from coach.domain.clock import FixedClock
from coach.domain.goals import default_goals
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.review.daily import run_review
from coach.review.plans import generate_plan

TARGET_S = 0.300
YEARS = 5
REPEATS = 5
TODAY = date(2026, 11, 22)
CLOCK = FixedClock(datetime(2026, 11, 22, 20, tzinfo=UTC))
SPORTS = ("swim", "run", "bike", "strength", "mobility")
DAILY = (MetricType.WEIGHT_KG, MetricType.BODY_FAT_PCT, MetricType.RESTING_HR_BPM,
         MetricType.HRV_MS, MetricType.SLEEP_HOURS, MetricType.ENERGY,
         MetricType.SORENESS, MetricType.SLEEP_QUALITY)  # fmt: skip
RANGES = {MetricType.WEIGHT_KG: (75, 85), MetricType.BODY_FAT_PCT: (15, 20),
          MetricType.RESTING_HR_BPM: (48, 58), MetricType.HRV_MS: (40, 80),
          MetricType.SLEEP_HOURS: (6, 8.5), MetricType.ENERGY: (4, 9),
          MetricType.SORENESS: (1, 6), MetricType.SLEEP_QUALITY: (4, 9)}  # fmt: skip


def _database(folder: Path) -> tuple[Any, Any]:
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    rng = random.Random(5)
    first = TODAY - timedelta(days=365 * YEARS)
    with session_scope(engine) as session:
        athlete = create_athlete(
            session,
            CLOCK,
            AthleteProfile(name="bench", timezone="UTC"),
            default_goals(),
            default_availability(),
            on=first,
        )
        new = []
        day = first
        while day < TODAY:
            for n in range(1 + (day.weekday() in (1, 3))):
                if rng.random() < 0.6:
                    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
                        hours=7 + n * 10
                    )
                    data = ActivityData(
                        f"a{day}{n}", start, rng.choice(SPORTS), rng.uniform(1800, 4200)
                    )
                    new.append(
                        NewActivity(data, DataSource.MANUAL, day, load_tss=rng.uniform(20, 100))
                    )
            day += timedelta(days=1)
        add_activities(session, athlete.id, new)
        session.add_all(
            ProgressMetric(
                athlete_id=athlete.id,
                metric_type=metric,
                metric_date=first + timedelta(days=i),
                value=rng.uniform(*RANGES[metric]),
                source=DataSource.MANUAL,
            )
            for metric in DAILY
            for i in range(
                0,
                365 * YEARS,
                1 if metric in (MetricType.WEIGHT_KG, MetricType.RESTING_HR_BPM) else 2,
            )
        )
        generate_plan(session, CLOCK, athlete, today=TODAY - timedelta(weeks=3), weeks=12)
        session.expunge(athlete)
    return engine, athlete


def run() -> dict[str, Any]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        engine, athlete = _database(Path(tmp))
        for _ in range(REPEATS):
            began = time.perf_counter()
            with session_scope(engine) as session:
                result = run_review(session, CLOCK, athlete, TODAY, LoadThresholds())
                proposals = len(result.proposals)
            times.append(time.perf_counter() - began)
        engine.dispose()
    median = statistics.median(times)
    return {
        "years": YEARS,
        "proposals": proposals,
        "median_ms": round(median * 1000, 1),
        "best_ms": round(min(times) * 1000, 1),
        "target_ms": TARGET_S * 1000,
        "meets_target": median < TARGET_S,
    }


if __name__ == "__main__":
    print(run())
