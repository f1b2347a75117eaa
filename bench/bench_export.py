"""FIT workout export: 12 weeks of plan (60 workouts: swims with repeats and send-offs, runs and
rides with targets, strength sessions). Measured twice: encoding alone, and end to end (`coach
export fit`'s path: read the plan from SQLite, encode, write each file, record each export).
Target: end to end under 1 s."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.plans import add_plan

from coach.db.migrate import upgrade
from coach.db.repo.athletes import create_athlete
from coach.db.session import make_engine, session_scope
from coach.domain.athlete import AthleteProfile
from coach.domain.clock import FixedClock
from coach.domain.plan import ExportTarget
from coach.domain.sport import Equipment, Sport
from coach.domain.units import M_PER_YD, PoolUnit
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    Step,
    StepKind,
    StrengthExercise,
    SwimStroke,
    Target,
    TargetKind,
    WorkoutDefinition,
)
from coach.export.fit_files import export_fit
from coach.export.fit_workout import Thresholds, encode_workout
from coach.export.plan import plan_export

TARGET_S = 1.0
WORKOUTS = 60
REPEATS = 5
THRESHOLDS = Thresholds(185, 165, 250, 4.0, 95)
POOL = 25 * M_PER_YD


def plan() -> list[WorkoutDefinition]:
    swim = WorkoutDefinition(
        sport=Sport.SWIM,
        name="CSS",
        pool_length_m=POOL,
        pool_unit=PoolUnit.YARDS,
        steps=(
            Step(kind=StepKind.WARMUP, duration=Duration.distance(12 * POOL)),
            Repeat(
                count=8,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.distance(4 * POOL),
                        stroke=SwimStroke.FREESTYLE,
                        equipment=(Equipment.PADDLES,),
                    ),
                    Step(
                        kind=StepKind.REST, duration=Duration(kind=DurationKind.SEND_OFF, value=105)
                    ),
                ),
            ),
            Step(kind=StepKind.COOLDOWN, duration=Duration.distance(8 * POOL)),
        ),
    )
    run = WorkoutDefinition(
        sport=Sport.RUN,
        name="4x4",
        steps=(
            Step(kind=StepKind.WARMUP, duration=Duration.time(600)),
            Repeat(
                count=4,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.time(240),
                        target=Target(kind=TargetKind.HEART_RATE, zone=5),
                    ),
                    Step(kind=StepKind.RECOVERY, duration=Duration.time(180)),
                ),
            ),
            Step(kind=StepKind.COOLDOWN, duration=Duration.open()),
        ),
    )
    ride = WorkoutDefinition(
        sport=Sport.BIKE,
        name="30/30",
        steps=(
            Repeat(
                count=20,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.time(30),
                        target=Target(kind=TargetKind.POWER, low=300, high=340),
                    ),
                    Step(kind=StepKind.RECOVERY, duration=Duration.time(30)),
                ),
            ),
        ),
    )
    lift = WorkoutDefinition(
        sport=Sport.STRENGTH,
        name="Power",
        exercises=tuple(
            StrengthExercise.uniform(exercise, exercise, sets=4, reps=5, load_kg=60)
            for exercise in (
                "box_jump",
                "back_squat",
                "romanian_deadlift",
                "med_ball_rotational_throw",
            )
        ),
    )
    week = [swim, run, lift, ride, swim]
    return [week[i % len(week)] for i in range(WORKOUTS)]


def _end_to_end(folder: Path, workouts: list[WorkoutDefinition]) -> float:
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    start = date(2026, 11, 23)
    clock = FixedClock(datetime(2026, 11, 23, 12, tzinfo=UTC))
    with session_scope(engine) as session:
        athlete = create_athlete(session, clock, AthleteProfile(name="b"), [], [], on=start)
        add_plan(
            session,
            athlete.id,
            start,
            [
                (f"w{i}", start + timedelta(days=i * 84 // WORKOUTS), d)
                for i, d in enumerate(workouts)
            ],
            weeks=12,
        )
        session.expunge(athlete)
    began = time.perf_counter()
    with session_scope(engine) as session:
        items = plan_export(session, athlete, ExportTarget.FIT, start, date.max)
    results = export_fit(engine, athlete, items, folder / "out", clock)
    elapsed = time.perf_counter() - began
    engine.dispose()
    assert len(results) == WORKOUTS
    return elapsed


def run() -> dict[str, Any]:
    workouts = plan()
    created = datetime(2026, 11, 23, tzinfo=UTC)
    times = []
    sizes = 0
    for _ in range(REPEATS):
        began = time.perf_counter()
        sizes = sum(
            len(encode_workout(d, THRESHOLDS, workout_uid=f"w{i}", created=created))
            for i, d in enumerate(workouts)
        )
        times.append(time.perf_counter() - began)
    full = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(REPEATS):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            full.append(_end_to_end(folder, workouts))
    median = statistics.median(full)
    return {
        "workouts": WORKOUTS,
        "bytes": sizes,
        "encode_only_median_s": round(statistics.median(times), 3),
        "end_to_end_median_s": round(median, 3),
        "end_to_end_best_s": round(min(full), 3),
        "target_s": TARGET_S,
        "meets_target": median < TARGET_S,
    }


if __name__ == "__main__":
    print(run())
