"""Acceptance: the real FIT files in ../shared/data/fit, made by other people's devices.

Every activity file must import with the sport, start time, duration and distance that the
official garmin-fit-sdk decoder reads from its session messages (an independent check of our
fitfast-first pipeline). Expected swim values were checked by hand against the decoders and
are listed in docs/fit.md §5; the strength file's sets were checked against garmin-fit-sdk.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

from coach.intake.fit.extract import session_elapsed_s, sport_of

FIT_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "fit"
pytestmark = pytest.mark.skipif(
    not FIT_DIR.is_dir(), reason=f"{FIT_DIR} is absent (shared real-world data not checked out)"
)

FASTEST_100 = {  # docs/fit.md §5, pool, active lengths, fastest continuous 100 free
    "muktihari__activity_poolswim.fit": ("yd", 25.0, 20, 110.0),
    "gc__lap_swim_test_FR920xt.FIT": ("m", 25.0, 97, 111.69),
    "muktihari__activity_poolswim_with_hr.fit": ("m", 25.0, 68, 93.78),
    "gc__GarminSwimExample.fit": ("m", 25.0, 95, 99.25),
    "gc__AleV_Swim_2015-02-09-16-15.fit": ("m", 25.0, 96, 98.0),
}
# fitparse__event_timestamp.fit is 5 chained files holding one 25 yd session: 1:31.59


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Import the whole folder once (SQLite) through the CLI; return the report and activities."""
    import os
    import subprocess
    import sys

    home = tmp_path_factory.mktemp("corpus-home")
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    coach = str(Path(sys.executable).with_name("coach"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([coach, *args], env=env, capture_output=True, text=True, check=False)

    assert run("init", "--no-input", "--name", "Corpus", "--timezone", "UTC").returncode == 0
    report = run("import", "fit", str(FIT_DIR), "--json")
    assert report.returncode == 65, report.stderr  # the folder holds non-activity files too
    listed = json.loads(run("activities", "list", "--json").stdout)
    details = {
        a["id"]: json.loads(run("activities", "show", str(a["id"]), "--json").stdout)
        for a in listed
        if a["sport"] in ("swim", "strength")
    }
    again = json.loads(run("import", "fit", str(FIT_DIR), "--json").stdout)
    return {
        "report": json.loads(report.stdout),
        "activities": listed,
        "details": details,
        "again": again,
    }


def manifest() -> dict[str, dict[str, str]]:
    with (FIT_DIR / "MANIFEST.tsv").open() as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def sdk_sessions(path: Path) -> list[dict[str, Any]]:
    messages, _ = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read(
        convert_datetimes_to_dates=True
    )
    timed = [m for m in messages.get("session_mesgs", []) if "start_time" in m]
    return sorted(timed, key=lambda m: m["start_time"])


def by_file(corpus: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(f["file"]).name: f for f in corpus["report"]["files"]}


def _duplicate(outcome: dict[str, Any]) -> bool:
    """The corpus holds copies of some recordings (a chained copy, a truncated copy): coach
    stores each workout once and says which copy it already has."""
    return outcome["outcome"] == "already present" and "same activity as" in str(outcome["message"])


def test_every_valid_activity_imports_with_the_decoders_values(corpus: dict[str, Any]) -> None:
    files = by_file(corpus)
    by_key = {a["external_id"]: a for a in corpus["activities"]}
    by_start = {(a["start_time"], a["sport"]): a for a in corpus["activities"]}
    checked = 0
    for name, row in manifest().items():
        path = FIT_DIR / name
        if not path.exists() or row["status"].startswith("corrupt"):
            continue
        sessions = sdk_sessions(path)
        if not sessions or "compressed" in row["status"].lower():
            continue
        assert files[name]["outcome"] == "imported" or _duplicate(files[name]), files[name]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for index, session in enumerate(sessions):
            found = by_key.get(f"{digest}/{index}")
            if found is None and _duplicate(files[name]):
                sport = sport_of(session.get("sport"), session.get("sub_sport"))
                found = by_start.get((session["start_time"].isoformat(), sport))
                assert found is not None, f"{name}: session {index} has no stored copy"
                continue
            assert found is not None, f"{name}: session {index} was not imported"
            assert found["start_time"] == session["start_time"].isoformat()
            assert found["sport"] == sport_of(session.get("sport"), session.get("sub_sport"))
            assert found["duration_s"] == pytest.approx(session_elapsed_s(session)), name
            if session.get("total_distance") is not None:
                assert found["distance_m"] == pytest.approx(session["total_distance"])
            checked += 1
    assert checked >= 60  # sessions compared, across every valid activity file


def test_the_compressed_timestamp_file_imports(corpus: dict[str, Any]) -> None:
    outcome = by_file(corpus)["fitparse__antfs-dump.63.fit"]
    assert outcome["outcome"] == "imported"  # garmin-fit-sdk cannot read it; fitfast can


def test_corrupt_files_are_reported_clearly(corpus: dict[str, Any]) -> None:
    files = by_file(corpus)
    corrupt = [
        name
        for name, row in manifest().items()
        if row["status"].startswith("corrupt") and (FIT_DIR / name).exists()
    ]
    assert len(corrupt) == 5
    for name in corrupt:
        assert files[name]["outcome"] in ("partial", "rejected") or _duplicate(files[name])
        assert files[name]["message"], name
    assert "CRC" in files["fitparse__activity-filecrc.fit"]["message"]


def test_non_activity_files_are_rejected_with_their_type(corpus: dict[str, Any]) -> None:
    files = by_file(corpus)
    assert "file type workout" in files["fitparse__WorkoutRepeatSteps.fit"]["message"]
    assert "file type settings" in files["fitparse__Settings.fit"]["message"]


def test_pool_swims_have_the_right_pool_lengths_and_fastest_100(corpus: dict[str, Any]) -> None:
    swims = [d for d in corpus["details"].values() if "swim" in d["details"]]
    for name, (unit, pool, active, fastest) in FASTEST_100.items():
        sha = by_file(corpus)[name]
        matches = [
            d
            for d in swims
            if d["details"]["swim"]["pool_unit"] == unit
            and d["details"]["swim"]["active_lengths"] == active
        ]
        assert matches, f"{name}: no swim with {active} active lengths ({sha})"
        swim = matches[0]["details"]["swim"]
        assert swim["pool_length"] == pool
        assert swim["fastest_100"]["seconds"] == pytest.approx(fastest, abs=0.01)
    chained = [d for d in swims if d["details"]["swim"]["active_lengths"] == 114]
    assert chained[0]["details"]["swim"]["fastest_100"]["seconds"] == pytest.approx(91.59)


def test_the_strength_file_has_its_38_working_sets(corpus: dict[str, Any]) -> None:
    (lift,) = [d for d in corpus["details"].values() if d["sport"] == "strength"]
    sets = lift["strength_sets"]
    assert len(sets) == 38  # 76 set messages, 38 of them active (docs/fit.md §5)
    path = FIT_DIR / "fitanalyzer__20474406937_ACTIVITY.fit"
    messages, _ = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read()
    active = [m for m in messages["set_mesgs"] if m.get("set_type") == "active"]
    assert [s["reps"] for s in sets] == [m.get("repetitions") for m in active]
    assert [s["weight_kg"] or 0.0 for s in sets] == [m.get("weight") or 0.0 for m in active]


def test_importing_the_corpus_again_adds_nothing(corpus: dict[str, Any]) -> None:
    summary = corpus["again"]["summary"]
    assert summary["imported"] == 0 and summary["partial"] == 0
    assert summary["already present"] == sum(
        1
        for f in corpus["report"]["files"]
        if f["outcome"] in ("imported", "partial", "already present")
    )
