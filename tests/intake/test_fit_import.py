"""FIT import through the real CLI on FIT files the tests write: values known by construction."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests import fitfiles
from tests.conftest import Cli


def imported(cli: Cli, *paths: Path, code: int = 0) -> dict[str, Any]:
    result = cli("import", "fit", *map(str, paths), "--json")
    assert result.exit_code == code, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def activities(cli: Cli) -> list[dict[str, Any]]:
    return json.loads(cli.ok("activities", "list", "--json").stdout)  # type: ignore[no-any-return]


@pytest.fixture
def athlete(cli: Cli) -> Cli:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    return cli


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_pool_swim_imports_with_lengths_swolf_and_fastest_100(
    athlete: Cli, tmp_path: Path
) -> None:
    # 4 x 25 yd at 20 s (a 1:20.0 100), a rest, then lengths of 18, 19, 18, 17 s (1:12.0)
    times = [20.0, 20.0, 20.0, 20.0, 18.0, 19.0, 18.0, 17.0, 25.0]
    swim = write(tmp_path, "swim.fit", fitfiles.pool_swim(times, idle_after=3))
    report = imported(athlete, swim)
    assert report["summary"]["imported"] == 1
    (listed,) = activities(athlete)
    assert (listed["sport"], listed["date"]) == ("swim", "2026-11-02")  # 06:00 in Denver
    shown = json.loads(athlete.ok("activities", "show", str(listed["id"]), "--json").stdout)
    swim_details = shown["details"]["swim"]
    assert (swim_details["pool_length"], swim_details["pool_unit"]) == (25.0, "yd")
    assert (swim_details["active_lengths"], swim_details["idle_lengths"]) == (9, 1)
    assert swim_details["fastest_100"]["seconds"] == 72.0  # the rest splits the two 100s
    assert swim_details["fastest_100"]["as_100m_s"] == pytest.approx(72.0 / 0.9144, abs=0.01)
    assert shown["swim_lengths"][0]["swolf"] == 36.0  # 20 s + 16 strokes
    assert [length["active"] for length in shown["swim_lengths"]].count(False) == 1


def test_a_non_freestyle_length_breaks_the_window(athlete: Cli, tmp_path: Path) -> None:
    strokes = [
        "freestyle",
        "freestyle",
        "backstroke",
        "freestyle",
        "freestyle",
        "freestyle",
        "freestyle",
    ]
    swim = write(tmp_path, "mixed.fit", fitfiles.pool_swim([15.0] * 7, strokes=strokes))
    imported(athlete, swim)
    shown = json.loads(
        athlete.ok("activities", "show", str(activities(athlete)[0]["id"]), "--json").stdout
    )
    assert shown["details"]["swim"]["fastest_100"]["first_length"] == 3


def test_a_run_keeps_its_streams_and_derives_normalized_power(athlete: Cli, tmp_path: Path) -> None:
    run = write(tmp_path, "run.fit", fitfiles.run_with_power(600, watts=250, hr=150))
    imported(athlete, run)
    (listed,) = activities(athlete)
    assert listed["duration_s"] == 600 and listed["distance_m"] == 1800
    assert listed["avg_hr_bpm"] == 150 and listed["normalized_power_w"] == pytest.approx(250)
    assert listed["elevation_gain_m"] == 42 and listed["calories_kcal"] == 500
    shown = json.loads(athlete.ok("activities", "show", str(listed["id"]), "--json").stdout)
    assert shown["streams"] == {
        "time_s": 601,
        "heart_rate_bpm": 601,
        "power_w": 601,
        "speed_mps": 601,
        "cadence": 601,
        "distance_m": 601,
    }


def test_strength_sets_keep_exercise_reps_and_weight(athlete: Cli, tmp_path: Path) -> None:
    # category 28 = squat, 0 = bench_press (FIT profile exercise_category)
    data = fitfiles.strength([(28, 5, 100.0), (28, 5, 102.5), (0, 8, 60.0)])
    imported(athlete, write(tmp_path, "lift.fit", data))
    (listed,) = activities(athlete)
    assert listed["sport"] == "strength"
    shown = json.loads(athlete.ok("activities", "show", str(listed["id"]), "--json").stdout)
    assert [(s["exercise"], s["reps"], s["weight_kg"]) for s in shown["strength_sets"]] == [
        ("squat", 5, 100.0),
        ("squat", 5, 102.5),
        ("bench press", 8, 60.0),
    ]
    squat = shown["details"]["strength"]["exercises"][0]
    assert squat["volume_kg"] == 1012.5
    assert squat["e1rm_kg"] == pytest.approx(102.5 * (1 + 5 / 30), abs=0.05)  # Epley


def test_a_multisport_file_is_one_activity_per_session_linked(athlete: Cli, tmp_path: Path) -> None:
    imported(athlete, write(tmp_path, "brick.fit", fitfiles.multisport()))
    bike, run = activities(athlete)
    assert (bike["sport"], bike["duration_s"], run["sport"], run["duration_s"]) == (
        "bike",
        600,
        "run",
        300,
    )
    assert run["parent_activity_id"] == bike["id"]


def test_folders_and_zips_are_searched_and_reimporting_adds_nothing(
    athlete: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "export" / "deep"
    folder.mkdir(parents=True)
    write(folder, "a.FIT", fitfiles.run_with_power(120))
    write(folder, "notes.txt", b"not a fit file")
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("b.fit", fitfiles.multisport())
    outer = tmp_path / "garmin-export.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "DI_CONNECT/uploads.zip")
        z.writestr("c.fit", fitfiles.strength([(28, 5, 100.0)]))
    first = imported(athlete, tmp_path / "export", outer)
    assert first["summary"] == {"imported": 3, "partial": 0, "already present": 0, "rejected": 0}
    assert len(activities(athlete)) == 4
    again = imported(athlete, tmp_path / "export", outer)
    assert again["summary"]["already present"] == 3
    assert len(activities(athlete)) == 4


def test_corrupt_files_are_partial_or_rejected_and_the_batch_goes_on(
    athlete: Cli, tmp_path: Path, coach_home: Path
) -> None:
    good = fitfiles.run_with_power(300)
    files = [
        write(tmp_path, "1-bad-crc.fit", fitfiles.with_bad_crc(good)),
        write(
            tmp_path,
            "2-truncated.fit",
            fitfiles.truncated(
                fitfiles.run_with_power(300, serial=7, start=fitfiles.T0 + timedelta(days=1))
            ),
        ),
        write(tmp_path, "3-plan.fit", fitfiles.workout_file()),
        write(tmp_path, "4-text.fit", b"hello, I am not FIT"),
        write(tmp_path, "5-good.fit", fitfiles.strength([(28, 3, 80.0)])),
    ]
    report = imported(athlete, *files, code=65)
    outcomes = {Path(f["file"]).name: (f["outcome"], f["message"]) for f in report["files"]}
    assert outcomes["1-bad-crc.fit"][0] == "partial" and "CRC" in outcomes["1-bad-crc.fit"][1]
    assert outcomes["2-truncated.fit"][0] == "partial"
    assert outcomes["3-plan.fit"] == (
        "rejected",
        "no timed activity data (file type workout): nothing to import",
    )
    assert outcomes["4-text.fit"] == ("rejected", "not a FIT file")
    assert outcomes["5-good.fit"][0] == "imported"
    listed = activities(athlete)
    assert [a["partial"] for a in listed].count(True) == 2
    assert (
        len(list((coach_home / "athletes" / "1" / "raw" / "fit").rglob("*.fit"))) == 4
    )  # every FIT kept raw
    text = athlete("import", "fit", *map(str, files[:2]), "--replace", "--yes").stdout
    for path in files[:2]:  # whole names, one a line: two files can be told apart
        assert f"  {path}: " in text
    assert "2 files: 0 imported, 2 partial" in text


def test_rejections_are_one_line_each_on_stderr(athlete: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "x.fit", b"garbage")
    result = athlete("import", "fit", str(bad))
    assert result.exit_code == 65
    assert result.stderr.strip() == f"rejected {bad}: not a FIT file"
    missing = athlete("import", "fit", str(tmp_path / "nope.fit"))
    assert missing.exit_code == 3 and "no such file or folder" in missing.stderr  # not found


def test_load_uses_the_thresholds_of_the_activitys_day(athlete: Cli, tmp_path: Path) -> None:
    athlete.ok("athlete", "set", "--ftp", "200", "--effective", "2026-10-01")
    athlete.ok("athlete", "set", "--ftp", "250", "--effective", "2026-11-10")
    ride = write(tmp_path, "ride.fit", fitfiles.run_with_power(600, watts=250, sport="cycling"))
    imported(athlete, ride)  # ridden on 2026-11-02, when the FTP was 200 W
    (listed,) = activities(athlete)
    shown = json.loads(athlete.ok("activities", "show", str(listed["id"]), "--json").stdout)
    load = shown["details"]["load"]
    # IF = 250 / 200 = 1.25; TSS = 600 x 250 x 1.25 / (200 x 3600) x 100 = 26.04
    assert load["method"] == "power_tss"
    assert load["value"] == pytest.approx(26.0, abs=0.05)
    assert "ftp_w" not in load["estimated_thresholds"]
    assert "lthr_bpm" in load["estimated_thresholds"]
    assert sum(shown["details"]["hr_zone_s"]) == pytest.approx(600)


def test_a_named_exercise_is_kept_within_its_category(athlete: Cli, tmp_path: Path) -> None:
    # squat (28) / barbell_back_squat (6); bench_press (0) with no name given
    data = fitfiles.strength([(28, 5, 100.0), (0, 8, 60.0)], subtypes=[6, None], serial=31)
    imported(athlete, write(tmp_path, "named.fit", data))
    shown = json.loads(
        athlete.ok("activities", "show", str(activities(athlete)[0]["id"]), "--json").stdout
    )
    assert [s["exercise"] for s in shown["strength_sets"]] == ["barbell back squat", "bench press"]


def test_the_same_workout_from_two_files_is_stored_once(athlete: Cli, tmp_path: Path) -> None:
    complete = fitfiles.run_with_power(300, serial=41)
    reexport = fitfiles.run_with_power(300, serial=42)  # other bytes, same workout and start
    truncated_copy = fitfiles.truncated(fitfiles.run_with_power(300, serial=43))
    first = imported(athlete, write(tmp_path, "partial.fit", truncated_copy))
    assert first["summary"]["partial"] == 1
    better = imported(athlete, write(tmp_path, "complete.fit", complete))
    assert "replaces the partial copy" in better["files"][0]["message"]
    again = imported(athlete, write(tmp_path, "reexport.fit", reexport))
    assert again["summary"]["already present"] == 1
    assert "same activity as fit_file" in again["files"][0]["message"]
    (only,) = activities(athlete)
    assert not only["partial"] and only["duration_s"] == 300
