"""Real-file imports as a person runs them: whole processes, start-up included.

* FIT: the valid real files of ``../shared/data/fit`` (the MANIFEST's ``valid`` rows, about
  280 000 messages) imported by ``coach import fit FILE...`` into a fresh SQLite database,
  against a peer process decoding the same files with garmin-fit-sdk (the reference decoder),
  measured in the same run. Target: coach at least 5x the SDK's message rate, peak memory
  (the process's maximum resident set) under 200 MiB.
* CSV: a generated Hevy export of 200 000 set rows imported by ``coach import hevy-csv``.
  Targets: at least 50 000 rows/s, peak memory under 200 MiB.

Each is run REPEATS times, alternating coach and the peer; medians are judged. This machine is
shared: the figures of one run, side by side, are what compare.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIT = ROOT.parent / "shared" / "data" / "fit"
REPEATS = 3
TARGET_SDK_RATIO = 5.0
TARGET_PEAK_MIB = 200.0
TARGET_CSV_ROWS_PER_S = 50_000
CSV_ROWS = 200_000
SETS_PER_WORKOUT = 25
EXERCISES = ["Squat (Barbell)", "Romanian Deadlift (Barbell)", "Box Jump", "Pull Up", "Plank"]
HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
SDK_PEER = """
import sys
from garmin_fit_sdk import Decoder, Stream
count = 0
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        messages, errors = Decoder(Stream.from_byte_array(bytearray(handle.read()))).read()
    count += sum(len(items) for items in messages.values())
print(count)
"""


def _coach() -> str:
    return str(Path(sys.executable).with_name("coach"))


def _measured(
    args: list[str], env: dict[str, str], accepted: tuple[int, ...] = (0,)
) -> tuple[float, float, str]:
    """Wall time and the peak resident memory of that very child (wait4 gives both)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=errors)
        out = process.stdout.read() if process.stdout is not None else b""
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        err = errors.read()
    code = os.waitstatus_to_exitcode(status)
    if code not in accepted:
        raise RuntimeError(f"{' '.join(args[:3])} failed ({code}): {err.decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


def _valid_files() -> tuple[list[Path], int]:
    rows = list(csv.DictReader((SHARED_FIT / "MANIFEST.tsv").open(), delimiter="\t"))
    files, messages = [], 0
    for row in rows:
        if not row["status"].startswith("valid"):
            continue
        files.append(SHARED_FIT / row["file"])
        sdk, other = row["garmin_sdk_msgs"], row["fitdecode_msgs"]
        messages += int(sdk) if sdk.isdigit() and int(sdk) > 0 else int(other or 0)
    return files, messages


def _fresh_home(folder: Path, env: dict[str, str]) -> dict[str, str]:
    home = folder / f"home-{len(list(folder.iterdir()))}"
    env = {**env, "COACH_HOME": str(home), "COACH_DATABASE_URL": ""}
    subprocess.run([_coach(), "init", "--no-input", "--name", "Bench"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    return env


def _fit(folder: Path) -> dict[str, Any]:
    files, messages = _valid_files()
    names = [str(p) for p in files]
    base = dict(os.environ)
    coach_s, coach_mib, sdk_s, sdk_mib = [], [], [], []
    for _ in range(REPEATS):
        env = _fresh_home(folder, base)
        # exit 65: the batch holds files that are not activities (workouts, settings)
        elapsed, peak, _ = _measured([_coach(), "import", "fit", *names, "--json"], env, (0, 65))
        coach_s.append(elapsed)
        coach_mib.append(peak)
        elapsed, peak, _ = _measured([sys.executable, "-c", SDK_PEER, *names], base)
        sdk_s.append(elapsed)
        sdk_mib.append(peak)
    coach_rate = messages / statistics.median(coach_s)
    sdk_rate = messages / statistics.median(sdk_s)
    return {
        "files": len(files),
        "messages": messages,
        "coach_s": round(statistics.median(coach_s), 2),
        "coach_msg_per_s": round(coach_rate),
        "coach_peak_mib": round(max(coach_mib), 1),
        "garmin_fit_sdk_s": round(statistics.median(sdk_s), 2),
        "garmin_fit_sdk_msg_per_s": round(sdk_rate),
        "garmin_fit_sdk_peak_mib": round(max(sdk_mib), 1),
        "ratio_to_sdk": round(coach_rate / sdk_rate, 2),
    }


def _hevy_csv(path: Path, rows: int) -> None:
    """8 000 daily workouts of 25 sets, from 1999: they end in 2020, all in the past."""
    start = datetime(1999, 1, 4, 7, 0)  # noqa: DTZ001 - local wall time, as Hevy writes it
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for workout in range(rows // SETS_PER_WORKOUT):
            begin = start + timedelta(days=workout)
            when = f'"{begin:%-d %b %Y, %H:%M}","{begin + timedelta(hours=1):%-d %b %Y, %H:%M}"'
            for index in range(SETS_PER_WORKOUT):
                exercise = EXERCISES[index // 5]
                handle.write(
                    f'"Workout {workout}",{when},"","{exercise}",,"",{index % 5},"normal",'
                    f"{60 + index},{5 + index % 3},,,8\n"
                )


def _csv(folder: Path) -> dict[str, Any]:
    export = folder / "hevy-200k.csv"
    _hevy_csv(export, CSV_ROWS)
    base = dict(os.environ)
    times, peaks = [], []
    for _ in range(REPEATS):
        env = _fresh_home(folder, base)
        elapsed, peak, _ = _measured([_coach(), "import", "hevy-csv", str(export), "--json"], env)
        times.append(elapsed)
        peaks.append(peak)
    return {
        "rows": CSV_ROWS,
        "file_mib": round(export.stat().st_size / 2**20, 1),
        "coach_s": round(statistics.median(times), 2),
        "rows_per_s": round(CSV_ROWS / statistics.median(times)),
        "best_rows_per_s": round(CSV_ROWS / min(times)),
        "peak_mib": round(max(peaks), 1),
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        fit = _fit(folder) if SHARED_FIT.is_dir() else "../shared/data/fit absent"
        hevy = _csv(folder)
    fit_met = isinstance(fit, dict) and (
        fit["ratio_to_sdk"] >= TARGET_SDK_RATIO and fit["coach_peak_mib"] < TARGET_PEAK_MIB
    )
    csv_met = hevy["rows_per_s"] >= TARGET_CSV_ROWS_PER_S and hevy["peak_mib"] < TARGET_PEAK_MIB
    return {
        "target_ratio_to_sdk": TARGET_SDK_RATIO,
        "target_peak_mib": TARGET_PEAK_MIB,
        "target_csv_rows_per_s": TARGET_CSV_ROWS_PER_S,
        "met": bool(fit_met and csv_met),
        "fit": fit,
        "hevy_csv": hevy,
    }
