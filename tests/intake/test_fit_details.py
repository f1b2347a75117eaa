"""FIT details a coach relies on (issue 13, defect 12): the real date of a file that counts
device time, the distance of a file cut short, the timer time, power load on the timer, a
swim's CSS from its own pace."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests import fitfiles
from tests.conftest import Cli
from tests.intake.test_fit_import import activities, imported, write

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "fit"


@pytest.fixture
def athlete(cli: Cli) -> Cli:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver", "--ftp", "250")
    return cli


def _show(cli: Cli, activity_id: int) -> dict[str, Any]:
    return json.loads(cli.ok("activities", "show", str(activity_id), "--json").stdout)  # type: ignore[no-any-return]


def test_a_file_in_device_time_gets_its_real_date_from_its_local_clock(
    athlete: Cli,
) -> None:
    path = DATA / "fitparse__antfs-dump.63.fit"
    if not path.exists():
        pytest.skip(f"{path.name} is not in {DATA} (the shared data folder is absent)")
    report = imported(athlete, path)
    assert report["files"][0]["outcome"] == "imported"
    (run,) = activities(athlete)
    # the device's own clock said 12:21 on 13 Feb 2012 when the run stopped, in Denver
    assert run["date"] == "2012-02-13"
    assert run["start_time"].startswith("2012-02-13T18:23:51")
    assert run["duration_s"] == pytest.approx(3426.9, abs=0.1)


def test_a_file_in_device_time_with_no_clock_to_anchor_it_is_refused(
    athlete: Cli, tmp_path: Path
) -> None:
    start = datetime(1990, 1, 2, 3, 4, 5, tzinfo=UTC)  # seconds since power-on, not a date
    data = fitfiles.run_with_power(120, start=start)
    report = imported(athlete, write(tmp_path, "uptime.fit", data), code=65)
    assert report["files"][0]["outcome"] == "rejected"
    assert report["files"][0]["message"].startswith("no date: the device recorded time since")
    assert activities(athlete) == []


def test_a_file_cut_short_keeps_the_distance_its_records_cover(
    athlete: Cli, tmp_path: Path
) -> None:
    whole = fitfiles.run_with_power(600)
    report = imported(athlete, write(tmp_path, "cut.fit", fitfiles.truncated(whole, 0.7)))
    assert report["files"][0]["outcome"] == "partial"
    (run,) = activities(athlete)
    assert run["partial"] is True
    samples = _show(athlete, run["id"])
    assert run["distance_m"] is not None and run["distance_m"] > 1000  # 3 m per record
    assert run["distance_m"] == pytest.approx(3.0 * (run["duration_s"] // 1), rel=0.02)
    assert samples["distance_m"] == run["distance_m"]


def test_the_timer_time_is_kept_and_power_load_counts_only_the_ride(
    athlete: Cli, tmp_path: Path
) -> None:
    ride = fitfiles.run_with_power(3600, watts=250.0, sport="cycling", paused_s=600)
    imported(athlete, write(tmp_path, "ride.fit", ride))
    (stored,) = activities(athlete)
    assert stored["duration_s"] == 3600
    assert stored["timer_s"] == 3000
    assert stored["load_method"] == "power_tss"
    # NP = FTP = 250 W: an intensity factor of 1, 100 points an hour of the timer running
    assert stored["load_tss"] == pytest.approx(3000 / 3600 * 100, rel=0.01)


def test_a_swim_without_a_css_test_is_loaded_at_its_own_pace_and_says_so(
    athlete: Cli, tmp_path: Path
) -> None:
    lengths = [20.0, 20.0, 20.0, 20.0, 25.0, 25.0, 25.0, 25.0] * 4  # fastest 100 yd: 80 s
    imported(athlete, write(tmp_path, "swim.fit", fitfiles.pool_swim(lengths)))
    (swim,) = activities(athlete)
    detail = _show(athlete, swim["id"])
    load = detail["details"]["load"]
    per_100m = 80.0 / 0.9144
    assert load["css_s_per_100m"] == pytest.approx(per_100m * 1.10, abs=0.1)
    assert "css_s_per_100m from this swim's fastest 100" in load["estimated_thresholds"]
    text = athlete.ok("activities", "show", str(swim["id"])).stdout
    assert "CSS estimated from this swim's fastest 100 (1:28.0 per 100 yd" in " ".join(text.split())


def test_a_measured_css_is_used_as_measured(athlete: Cli, tmp_path: Path) -> None:
    athlete.ok("athlete", "set", "--css", "1:40/100yd", "--effective", "2026-10-01")
    lengths = [20.0, 20.0, 20.0, 20.0] * 4
    imported(athlete, write(tmp_path, "swim.fit", fitfiles.pool_swim(lengths)))
    (swim,) = activities(athlete)
    load = _show(athlete, swim["id"])["details"]["load"]
    assert "css_s_per_100m" not in load
    assert not any("css" in name for name in load["estimated_thresholds"])
