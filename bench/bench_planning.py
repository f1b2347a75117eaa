"""Plan generation for 12 weeks (the first athlete's goals and windows, the whole library).
Target: under 200 ms."""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from coach.domain.athlete import default_availability
from coach.domain.goals import default_goals
from coach.planning.generate import PlanRequest, generate
from coach.planning.library import workout_library

TARGET_S = 0.200
REPEATS = 7


def run() -> dict[str, Any]:
    request = PlanRequest(
        start=date(2026, 11, 23),
        weeks=12,
        goals=default_goals(),
        windows=default_availability(),
        library=workout_library(),
    )
    times, sessions = [], 0
    for _ in range(REPEATS):
        began = time.perf_counter()
        sessions = len(generate(request))
        times.append(time.perf_counter() - began)
    median = statistics.median(times)
    return {
        "weeks": 12,
        "sessions": sessions,
        "median_ms": round(median * 1000, 1),
        "best_ms": round(min(times) * 1000, 1),
        "target_ms": TARGET_S * 1000,
        "meets_target": median < TARGET_S,
    }


if __name__ == "__main__":
    print(run())
