"""The nightly work at scale on PostgreSQL: every athlete's evening review (and the plan's export
that follows it) for 100 and then 1,000 athletes with a year of history each, by 1 and by 2
workers (`coach worker`, separate processes) on this machine, beside the peer that needs no
queue: one process reviewing every due athlete in turn (`coach review --due`, the timer's way).

Measured, for a night like every night (the plans exported before: the export sends what
changed): wall time from the workers' start to the last job's end (and to the last review's),
per-review time p50/p95 (the worker's own record of each job), the queue's overhead per job
(worker time not spent in a task, divided by the jobs), and the due-check's time to queue them;
and once per size the first night, when every coming workout of every plan is exported.
Target: 1,000 athletes in under 5 minutes with 2 workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history
from bench_api import _percentile, _postgres_schema, drop_schema
from coach.db.migrate import upgrade
from coach.db.session import make_engine
from coach.domain.clock import FixedClock

SIZES = (100, 1000)
WORKERS = (1, 2)
YEARS = 1
TARGET_S = 300.0
TODAY = datetime.now(UTC).date()


def _env(home: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "COACH_HOME": str(home),
        "COACH_DATABASE_URL": url,
        "COACH_REVIEW_TIME": "00:00",  # every athlete's evening has come
        "COACH_LOG_LEVEL": "WARNING",
    }


def _coach(env: dict[str, str], *args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "coach", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - began


def _grow(url: str, upto: int, have: int) -> float:
    """Athletes ``have`` .. ``upto`` - 1, a year of history each; seconds it took."""
    engine = make_engine(url)
    began = time.perf_counter()
    clock = FixedClock(datetime.now(UTC))
    for number in range(have, upto):
        history.build(engine, clock, years=YEARS, today=TODAY, seed=number, name=f"a{number:04d}")
    engine.dispose()
    return time.perf_counter() - began


def _forget_the_night(url: str) -> None:
    """Back to before tonight: no review and no job; what was exported stays exported (a night
    like every night after the first, whose export sends only what changed)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in ("daily_reviews", "jobs", "procrastinate_jobs"):
            connection.execute(text(f"TRUNCATE {table} CASCADE"))
    engine.dispose()


def _waiting(url: str) -> tuple[int, int]:
    """(nightly syncs and reviews not finished, any job not finished)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        reviews, every = connection.execute(
            text(
                "SELECT count(*) FILTER (WHERE task_name IN "
                "('coach:nightly_sync', 'coach:nightly_review')), count(*) "
                "FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
                "AND task_name LIKE 'coach:%' AND task_name NOT IN "
                "('coach:due_check', 'coach:recover_stalled', 'coach:remove_old_jobs')"
            )
        ).one()
    engine.dispose()
    return int(reviews), int(every)


def _job_times(url: str) -> tuple[list[float], float, int]:
    """Per-review seconds, the seconds spent in every task, and how many jobs ran."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT kind, EXTRACT(EPOCH FROM finished_at - started_at) FROM jobs "
                "WHERE finished_at IS NOT NULL"
            )
        ).all()
    engine.dispose()
    reviews = [float(s) for kind, s in rows if kind == "nightly-review"]
    return reviews, sum(float(s) for _, s in rows), len(rows)


def _night(url: str, home: Path, workers: int, athletes: int) -> dict[str, Any]:
    """One night by ``workers`` workers: queued by the due-check, timed to the last job."""
    env = _env(home, url)
    _forget_the_night(url)
    queue_s = _coach(env, "jobs", "due")
    began = time.perf_counter()
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "coach", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    reviews_done_s = None
    try:
        while True:
            reviews, every = _waiting(url)
            if reviews == 0 and reviews_done_s is None:
                reviews_done_s = time.perf_counter() - began
            if every == 0:
                break
            time.sleep(0.5)
        wall_s = time.perf_counter() - began
    finally:
        for worker in running:
            worker.terminate()
        for worker in running:
            worker.wait(timeout=120)
    per_review, in_tasks_s, jobs = _job_times(url)
    return {
        "athletes": athletes,
        "workers": workers,
        "queue_due_s": round(queue_s, 2),
        "wall_s": round(wall_s, 1),
        "reviews_done_s": round(reviews_done_s or wall_s, 1),
        "reviews": len(per_review),
        "jobs": jobs,
        "review_p50_ms": round(_percentile(per_review, 0.5) * 1000, 1),
        "review_p95_ms": round(_percentile(per_review, 0.95) * 1000, 1),
        "overhead_per_job_ms": round((workers * wall_s - in_tasks_s) / jobs * 1000, 1),
    }


def _timer_peer(url: str, home: Path, athletes: int) -> dict[str, Any]:
    """The same night by one process, no queue (reviews only: the timer exports nothing)."""
    _forget_the_night(url)
    wall_s = _coach(_env(home, url), "review", "--due", "--json")
    return {"athletes": athletes, "wall_s": round(wall_s, 1)}


def run() -> dict[str, Any]:
    found = _postgres_schema()
    if found is None:
        return {"skipped": "no PostgreSQL server answers (COACH_TEST_POSTGRES_URL)"}
    url, schema = found
    nights, firsts, peers, built = [], [], [], {}
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        with tempfile.TemporaryDirectory() as tmp:
            home, have = Path(tmp), 0
            for size in SIZES:
                built[str(size)] = round(_grow(url, size, have), 1)
                have = size
                first = _night(url, home, max(WORKERS), size)  # every plan exported in full
                firsts.append({**first, "night": "first (every coming workout exported)"})
                print(firsts[-1], flush=True)
                peers.append(_timer_peer(url, home, size))
                for workers in WORKERS:
                    nights.append(_night(url, home, workers, size))
                    print(nights[-1], flush=True)
    finally:
        drop_schema(schema)
    largest = [n for n in nights if n["athletes"] == max(SIZES)]
    two = next(n for n in largest if n["workers"] == max(WORKERS))
    small = next(n for n in nights if n["athletes"] == min(SIZES) and n["workers"] == 2)
    return {
        "years_each": YEARS,
        "build_s": built,
        "nights": nights,
        "first_nights": firsts,
        "peer_review_due_one_process": peers,
        "scaling_100_to_1000_with_2_workers": round(two["wall_s"] / small["wall_s"], 2),
        "target_s": TARGET_S,
        "meets_target": two["wall_s"] < TARGET_S,
    }


if __name__ == "__main__":
    print(run())
