"""How long a person waits for a coach command, whole process, median of several runs, beside
peers measured in the same run (this machine is shared and noisy): a bare interpreter, and one
that only imports SQLAlchemy's ORM (the floor of any command that reads the database).

Targets (issue 14): `coach --help` and `coach version` under 0.3 s; everyday commands
(`status`, `plan show`, `log weight`) under 0.8 s; first use (creates and migrates the SQLite
file) under 2 s.
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

RUNS = 9
TARGETS_S = {
    "--help": 0.3,
    "version": 0.3,
    "status": 0.8,
    "plan show": 0.8,
    "log weight 80": 0.8,
    "goals list --json": 0.8,
}
TARGET_FIRST_USE_S = 2.0
PEERS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import sqlalchemy.orm'": [sys.executable, "-c", "import sqlalchemy.orm"],
}


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def run() -> dict[str, Any]:
    coach = str(Path(sys.executable).with_name("coach"))
    first_use: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in [*TARGETS_S, *PEERS]}
    with tempfile.TemporaryDirectory() as warm_home:
        env = {**os.environ, "COACH_HOME": warm_home, "COACH_DATABASE_URL": ""}
        subprocess.run([coach, "init", "--no-input", "--name", "Bench"], env=env, check=True)
        subprocess.run([coach, "plan", "generate"], env=env, check=True, capture_output=True)
        for _ in range(RUNS):  # interleaved: the machine's noise falls on every command alike
            with tempfile.TemporaryDirectory() as home:
                fresh = {**env, "COACH_HOME": home}
                first_use.append(_timed([coach, "init", "--no-input", "--name", "B"], fresh))
            for command in TARGETS_S:
                times[command].append(_timed([coach, *command.split()], env))
            for name, args in PEERS.items():
                times[name].append(_timed(args, env))
    medians = {name: round(statistics.median(values), 3) for name, values in times.items()}
    return {
        "runs": RUNS,
        "median_s": medians,
        "best_s": {name: round(min(values), 3) for name, values in times.items()},
        "targets_s": TARGETS_S,
        "met": {name: medians[name] < target for name, target in TARGETS_S.items()},
        "first_use_init_s": round(statistics.median(first_use), 3),
        "target_first_use_s": TARGET_FIRST_USE_S,
    }
