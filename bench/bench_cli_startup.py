"""How long a person waits for a coach command: first use (creates and migrates the SQLite file)
and a warm `coach goals list --json`, as separate processes, median of several runs.

Target (a local tool must feel instant): warm command under 1 s, first use under 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 7
TARGET_WARM_S = 1.0
TARGET_FIRST_USE_S = 2.0


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def run() -> dict[str, Any]:
    coach = str(Path(sys.executable).with_name("coach"))
    first_use: list[float] = []
    warm: list[float] = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "COACH_HOME": home, "COACH_DATABASE_URL": ""}
            first_use.append(_timed([coach, "init", "--no-input", "--name", "Bench"], env))
            warm.append(_timed([coach, "goals", "list", "--json"], env))
    return {
        "runs": RUNS,
        "first_use_init_s": round(statistics.median(first_use), 3),
        "warm_goals_list_s": round(statistics.median(warm), 3),
        "target_first_use_s": TARGET_FIRST_USE_S,
        "target_warm_s": TARGET_WARM_S,
    }
