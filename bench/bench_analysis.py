"""Every analysis for one athlete over long histories, pure code on facts already read.

History per year: ~500 activities (swim, run, bike, strength, mobility: one a day, two on
three days a week, 90 % of the plan done), the planned workouts, and 3 000 metric readings
(daily weight, body fat, resting HR, HRV, sleep, wellness; weekly VO2 max and tests).
"All analyses" = the fitness/fatigue chart from the first day, today's load state and flags,
matching and compliance of the whole plan, this week's and the last 7 days' summaries,
recovery, miss patterns, and every default goal's progress with ranking. Measured at 1, 5, 10
and 20 years; target: under 200 ms at 10 years (about 5 000 activities and 30 000 readings),
growing linearly or better.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace
from datetime import date, timedelta
from datetime import time as clock_time
from typing import Any

from coach.analysis.compare import compare, patterns, period, recovery
from coach.analysis.facts import ActivityFact, PlannedFact
from coach.analysis.pmc import LoadThresholds, load_state, loads_by_day, pmc
from coach.analysis.progress import goal_progress, rank
from coach.domain.goals import default_goals
from coach.domain.metrics import MetricType
from coach.review.facts import weekly

TARGET_S = 0.200
YEARS = (1, 5, 10, 20)
REPEATS = 5
TODAY = date(2026, 11, 22)
SPORTS = ("swim", "run", "bike", "strength", "mobility")
DAILY = (MetricType.WEIGHT_KG, MetricType.BODY_FAT_PCT, MetricType.RESTING_HR_BPM,
         MetricType.HRV_MS, MetricType.SLEEP_HOURS, MetricType.ENERGY,
         MetricType.SORENESS, MetricType.SLEEP_QUALITY)  # fmt: skip


def history(years: int) -> tuple[list[ActivityFact], list[PlannedFact], dict[MetricType, Any]]:
    rng = random.Random(years)
    first = TODAY - timedelta(days=365 * years)
    activities: list[ActivityFact] = []
    planned: list[PlannedFact] = []
    day = first
    while day <= TODAY:
        for session in range(1 + (day.weekday() in (1, 3, 5))):
            sport = rng.choice(SPORTS)
            minutes = rng.choice((30, 45, 60, 75))
            at = clock_time(7 + session * 10)
            planned.append(PlannedFact(len(planned) + 1, day, sport, minutes * 60.0, local_time=at))
            if rng.random() < 0.9:
                activities.append(
                    ActivityFact(
                        id=len(activities) + 1,
                        day=day,
                        local_time=at,
                        sport=sport,
                        duration_s=minutes * 60 * rng.uniform(0.7, 1.3),
                        load=rng.uniform(20, 110),
                        distance_m=1500.0 if sport == "swim" else None,
                        calories_kcal=rng.uniform(200, 800),
                    )
                )
        day += timedelta(days=1)
    metrics: dict[MetricType, Any] = {}
    days = [first + timedelta(days=i) for i in range((TODAY - first).days + 1)]
    for metric in DAILY:
        base = rng.uniform(10, 80)
        metrics[metric] = [(d, base + rng.uniform(-1, 1)) for d in days if rng.random() < 1.03]
    weekly_days = days[::7]
    for metric in (MetricType.VO2_MAX, MetricType.SWIM_100YD_FREE_S, MetricType.BOX_JUMP_HEIGHT_M,
                   MetricType.SQUAT_1RM_KG, MetricType.RDL_1RM_KG, MetricType.SIT_AND_REACH_M,
                   MetricType.SINGLE_LEG_BALANCE_S):  # fmt: skip
        metrics[metric] = [(d, rng.uniform(0.5, 90)) for d in weekly_days]
    return activities, planned, metrics


def analyse(
    activities: list[ActivityFact], planned: list[PlannedFact], metrics: dict[MetricType, Any]
) -> None:
    chart = pmc(loads_by_day(activities), min(a.day for a in activities), TODAY)
    state = load_state(chart, LoadThresholds())
    comparison = compare(planned, activities, TODAY)
    monday = TODAY - timedelta(days=TODAY.weekday())
    period(comparison, activities, monday, TODAY)
    period(comparison, activities, TODAY - timedelta(days=6), TODAY)
    recovery([a for a in activities if a.day > TODAY - timedelta(days=28)])
    patterns(comparison, TODAY)
    base = weekly(activities, TODAY)
    evidence = replace(base, metrics=metrics, load=state)
    rank([goal_progress(goal, evidence, TODAY) for goal in default_goals()])


def run() -> dict[str, Any]:
    curve = []
    for years in YEARS:
        activities, planned, metrics = history(years)
        readings = sum(len(v) for v in metrics.values())
        times = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            analyse(activities, planned, metrics)
            times.append(time.perf_counter() - began)
        curve.append(
            {
                "years": years,
                "activities": len(activities),
                "planned": len(planned),
                "metric_readings": readings,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "best_ms": round(min(times) * 1000, 1),
            }
        )
    ten = next(point for point in curve if point["years"] == 10)
    per_year = [p["median_ms"] / p["years"] for p in curve]
    return {
        "curve": curve,
        "ms_per_year_of_history": [round(v, 1) for v in per_year],
        "target_ms_at_10_years": TARGET_S * 1000,
        "meets_target": ten["median_ms"] < TARGET_S * 1000,
    }


if __name__ == "__main__":
    print(run())
