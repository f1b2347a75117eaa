"""A long synthetic training history for benchmarks: about 1.7 activities every 3 days (two on
Tuesdays and Thursdays when they happen), eight kinds of daily readings, the default goals and
windows, and a 12-week plan that began three weeks before ``today``. Not a benchmark itself
(bench/run.py runs only bench_*.py)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from coach.db.models import Athlete, ProgressMetric
from coach.db.repo.activities import NewActivity, add_activities
from coach.db.repo.athletes import create_athlete
from coach.db.session import session_scope
from coach.domain.activity import ActivityData
from coach.domain.athlete import AthleteProfile, default_availability
from coach.domain.clock import Clock
from coach.domain.goals import default_goals
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.review.plans import generate_plan

SPORTS = ("swim", "run", "bike", "strength", "mobility")
DAILY = {
    MetricType.WEIGHT_KG: (75, 85),
    MetricType.BODY_FAT_PCT: (15, 20),
    MetricType.RESTING_HR_BPM: (48, 58),
    MetricType.HRV_MS: (40, 80),
    MetricType.SLEEP_HOURS: (6, 8.5),
    MetricType.ENERGY: (4, 9),
    MetricType.SORENESS: (1, 6),
    MetricType.SLEEP_QUALITY: (4, 9),
}
EVERY_DAY = (MetricType.WEIGHT_KG, MetricType.RESTING_HR_BPM)
"""Read every day; the other kinds every second day."""


def build(
    engine: Engine, clock: Clock, *, years: int, today: date, seed: int = 5, name: str = "bench"
) -> Athlete:
    """The athlete ``name`` with ``years`` of history up to ``today`` (detached)."""
    rng = random.Random(seed)
    first = today - timedelta(days=365 * years)
    with session_scope(engine) as session:
        athlete = create_athlete(
            session, clock, AthleteProfile(name=name, timezone="UTC"), default_goals(),
            default_availability(), on=first,
        )  # fmt: skip
        new, day = [], first
        while day < today:
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
                value=rng.uniform(*bounds),
                source=DataSource.MANUAL,
            )
            for metric, bounds in DAILY.items()
            for i in range(0, 365 * years, 1 if metric in EVERY_DAY else 2)
        )
        generate_plan(session, clock, athlete, today=today - timedelta(weeks=3), weeks=12)
        session.expunge(athlete)
    return athlete
