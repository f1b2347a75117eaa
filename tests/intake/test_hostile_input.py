"""Hostile and impossible input at the door (issue 13, defects 3, 8 and 13): devices, pipes,
zip bombs and activities that cannot be real are refused one line each, nothing is stored, and
the evening commands keep working."""

from __future__ import annotations

import json
import os
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests import fitfiles
from tests.conftest import Cli
from tests.intake.test_csv_import import HEVY_KG
from tests.intake.test_fit_import import activities, imported, write
from tests.processes import coach_process

MIB = 1024 * 1024


@pytest.fixture
def athlete(cli: Cli) -> Cli:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    return cli


def test_a_missing_path_is_exit_3_naming_it(athlete: Cli, tmp_path: Path) -> None:
    result = athlete("import", "fit", str(tmp_path / "nope.fit"))
    assert result.exit_code == 3
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.fit'}: no such file or folder"


def test_a_device_and_a_pipe_are_refused_at_once_not_read_forever(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert coach_process(home, "init", "--no-input", "--name", "Sam").returncode == 0
    fifo = tmp_path / "nobody-writes.fit"
    os.mkfifo(fifo)
    started = time.monotonic()
    run = coach_process(home, "import", "fit", "/dev/zero", str(fifo), "--json")
    assert time.monotonic() - started < 30  # before the fix: memory grew, or a hang
    assert run.returncode == 65, run.stderr
    report = json.loads(run.stdout)
    assert [f["outcome"] for f in report["files"]] == ["rejected", "rejected"]
    for item in report["files"]:
        assert item["message"] == "not a regular file (a device, a pipe or a folder)"


def test_a_zip_bomb_is_refused_before_it_is_inflated(athlete: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("huge.fit", "w") as member:
            for _ in range(80):
                member.write(bytes(MIB))  # 80 MiB of zeros pack to about 80 KiB
        with archive.open("dense.fit", "w") as member:
            member.write(bytes(8 * MIB))  # under the size limit, but 1000 times its packing
        archive.writestr("run.fit", fitfiles.run_with_power())
    report = imported(athlete, bomb, code=65)
    outcome = {Path(f["file"]).name.split(":")[-1]: f for f in report["files"]}
    assert outcome["run.fit"]["outcome"] == "imported"
    assert outcome["huge.fit"]["outcome"] == "rejected"
    assert "80 MiB, more than any real FIT file" in outcome["huge.fit"]["message"]
    assert outcome["dense.fit"]["outcome"] == "rejected"
    assert "refused as a likely zip bomb" in outcome["dense.fit"]["message"]


@pytest.mark.parametrize(
    ("fit", "reason"),
    [
        (
            fitfiles.summary_only(elapsed_s=555 * 3600.0, distance_m=10_000_000.0),
            "implausible: 555 h long (limit 36 h)",
        ),
        (
            fitfiles.summary_only(
                elapsed_s=3600.0,
                distance_m=10_000.0,
                start=datetime.now(UTC).replace(microsecond=0) + timedelta(days=400),
            ),
            "in the future",
        ),
        (
            fitfiles.summary_only(elapsed_s=36_000.0, distance_m=3e6),
            "implausible: 3,000 km of run (limit 400 km)",
        ),
    ],
    ids=["555-hours", "next-year", "3000-km"],
)
def test_an_activity_that_cannot_be_real_is_refused_and_the_evening_still_works(
    athlete: Cli, tmp_path: Path, fit: bytes, reason: str
) -> None:
    report = imported(athlete, write(tmp_path, "liar.fit", fit), code=65)
    assert report["files"][0]["outcome"] == "rejected"
    assert reason in report["files"][0]["message"]
    assert activities(athlete) == []
    for command in (("status",), ("progress", "body_fat"), ("review", "--auto")):
        athlete.ok(*command)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            '"8 Apr 2026, 16:50","8 Apr 2026, 17:55"',
            '"1 Jan 0001, 16:50","1 Jan 0001, 17:55"',
            "line 2: implausible: dated 0001-01-01, before 1990",
        ),
        (
            '"8 Apr 2026, 16:50","8 Apr 2026, 17:55"',
            '"8 Apr 2026, 16:50","1 May 2026, 8:50"',
            "line 2: implausible: 544 h long (limit 36 h)",
        ),
        (
            '"normal",100,5',
            '"normal",1e308,5',
            "line 2: implausible: Squat (Barbell): a set's weight of 1e+308 (limit 600)",
        ),
        ('"normal",100,5', '"normal",inf,5', "line 3: weight 'inf' must be a non-negative number"),
    ],
)
def test_one_impossible_csv_row_refuses_the_file_naming_its_line(
    athlete: Cli, tmp_path: Path, old: str, new: str, reason: str
) -> None:
    export = tmp_path / "hevy.csv"
    text = HEVY_KG.replace(old, new, 1)
    assert text != HEVY_KG
    export.write_text(text)
    result = athlete("import", "hevy-csv", str(export))
    assert result.exit_code == 65
    where = f"{export}, the workout from " if "implausible" in reason else f"{export} "
    assert result.stderr.strip() == f"error: {where}{reason}"
    assert activities(athlete) == []
    for command in (("status",), ("progress", "body_fat"), ("review", "--auto")):
        athlete.ok(*command)
