"""Killing an import midway (SIGKILL, no clean-up) leaves no half-stored file behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from tests import fitfiles
from tests.conftest import sqlite_connect

FILES = 80
SESSIONS_PER_FILE = 2
POLL_S = 0.01
TIMEOUT_S = 60.0


def _activity_keys(database: Path) -> list[str]:
    if not database.exists():
        return []
    try:
        with sqlite_connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            return [
                row[0] for row in connection.execute("SELECT external_id FROM completed_activities")
            ]
    except Exception:  # no schema yet (sqlite3's or SQLCipher's error)
        return []


def _batch(tmp_path: Path, serial: int) -> tuple[Path, dict[str, str], str, Path]:
    """FILES brick files (distinct workouts, none in the future) and a fresh athlete: the
    folder, the environment, the coach program and the database file."""
    folder = tmp_path / "fits"
    folder.mkdir()
    for i in range(FILES):
        start = fitfiles.T0 - timedelta(days=i)
        (folder / f"brick-{i:03d}.fit").write_bytes(
            fitfiles.multisport(serial=serial + i, start=start)
        )
    home = tmp_path / "home"
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    coach = str(Path(sys.executable).with_name("coach"))
    subprocess.run(
        [coach, "init", "--no-input", "--name", "K"], env=env, check=True, capture_output=True
    )
    return folder, env, coach, home / "coach.db"


def test_a_killed_import_keeps_whole_files_only_and_a_rerun_completes(tmp_path: Path) -> None:
    folder, env, coach, database = _batch(tmp_path, 5000)

    process = subprocess.Popen(
        [coach, "import", "fit", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + TIMEOUT_S
    while len(_activity_keys(database)) < 10 and time.monotonic() < deadline:
        time.sleep(POLL_S)
    process.send_signal(signal.SIGKILL)
    process.wait()

    keys = _activity_keys(database)
    per_file = Counter(key.split("/")[0] for key in keys)
    assert 0 < len(per_file) < FILES, "the kill should land midway through the batch"
    assert set(per_file.values()) == {SESSIONS_PER_FILE}  # every file whole, none in part
    with sqlite_connect(database) as connection:
        orphans = connection.execute(
            "SELECT count(*) FROM activity_streams WHERE activity_id NOT IN "
            "(SELECT id FROM completed_activities)"
        ).fetchone()[0]
        assert orphans == 0

    rerun = subprocess.run(
        [coach, "import", "fit", str(folder), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(rerun.stdout)["summary"]
    assert summary["already present"] == len(per_file)
    assert summary["imported"] == FILES - len(per_file)
    assert len(_activity_keys(database)) == FILES * SESSIONS_PER_FILE


def test_ctrl_c_stops_an_import_in_one_line_and_keeps_whole_files(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) midway: the import stops at once, says so in one line (exit 130), no
    traceback, only whole files stored; a rerun completes the batch."""
    folder, env, coach, database = _batch(tmp_path, 7000)
    process = subprocess.Popen(
        [coach, "import", "fit", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + TIMEOUT_S
    while len(_activity_keys(database)) < 10 and time.monotonic() < deadline:
        time.sleep(POLL_S)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == [
        "interrupted; nothing half-written was kept"
    ]
    per_file = Counter(key.split("/")[0] for key in _activity_keys(database))
    assert 0 < len(per_file) < FILES
    assert set(per_file.values()) == {SESSIONS_PER_FILE}
    rerun = subprocess.run(
        [coach, "import", "fit", str(folder), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert len(Counter(key.split("/")[0] for key in _activity_keys(database))) == FILES
