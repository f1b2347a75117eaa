"""``coach export`` through the real CLI: FIT files and the calendar follow the plan, re-sending
only what changed; swim CSV to FIT."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from sqlalchemy import select

from coach.db.models import Athlete, ExportRecord, PlannedWorkout
from coach.db.session import make_engine, session_scope
from coach.domain.sport import Sport
from coach.domain.workout import StrengthExercise, WorkoutDefinition
from tests.conftest import Cli
from tests.plans import add_plan, change_in_version, current, easy_run, remove_in_version

DENVER = ZoneInfo("America/Denver")
NOW = datetime(2026, 11, 23, 19, 0, tzinfo=DENVER)  # a Monday evening
TODAY = date(2026, 11, 23)


@pytest.fixture
def planned(cli: Cli, database_url: str) -> tuple[Cli, str]:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        athlete = session.scalars(select(Athlete)).one()
        legs = WorkoutDefinition(
            sport=Sport.STRENGTH,
            name="Legs",
            exercises=(StrengthExercise.uniform("back_squat", "Back squat", sets=3, reps=5),),
        )
        add_plan(
            session,
            athlete.id,
            TODAY,
            [
                ("run-1", TODAY + timedelta(days=1), easy_run(40)),
                ("legs-1", TODAY + timedelta(days=2), legs),
                ("run-2", TODAY + timedelta(days=4), easy_run(60)),
                ("past", TODAY - timedelta(days=3), easy_run(30)),
            ],
        )
    engine.dispose()
    return cli, database_url


def change_plan(database_url: str, *, move: str | None = None, drop: str | None = None) -> None:
    """What an approved plan change does: version 2 replaces or removes rows."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        if drop is not None:
            remove_in_version(session, drop)
        if move is not None:
            day = current(session, move).scheduled_date + timedelta(days=1)
            change_in_version(
                session,
                move,
                scheduled_date=day,
                workout_definition=easy_run(50),
                estimated_duration=3000,
            )
    engine.dispose()


def run_json(cli: Cli, *args: str) -> object:
    with time_machine.travel(NOW, tick=False):
        return json.loads(cli.ok(*args, "--json").stdout)


def test_fit_files_follow_the_plan_and_only_changes_are_resent(
    planned: tuple[Cli, str], tmp_path: Path
) -> None:
    cli, url = planned
    out = tmp_path / "watch"
    first = run_json(cli, "export", "fit", "--out", str(out))
    assert [e["status"] for e in first] == ["exported"] * 3  # upcoming only  # type: ignore[index]
    files = sorted(p.name for p in out.glob("*.fit"))
    assert files[0].startswith("2026-11-24-easy-run-")
    for path in out.glob("*.fit"):
        messages, errors = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read()
        assert errors == []
        assert messages["file_id_mesgs"][0]["type"] == "workout"
    again = run_json(cli, "export", "fit", "--out", str(out))
    assert [e["status"] for e in again] == ["unchanged"] * 3  # type: ignore[index]

    change_plan(url, move="run-2", drop="legs-1")
    dry = run_json(cli, "export", "--target", "fit", "--dry-run")
    actions = {e["workout_uid"]: e["action"] for e in dry["fit"]}  # type: ignore[index]
    assert actions == {"run-1": "unchanged", "run-2": "update", "legs-1": "remove"}
    third = run_json(cli, "export", "fit", "--out", str(out))
    statuses = {e["workout_uid"]: (e["action"], e["status"]) for e in third}  # type: ignore[union-attr]
    assert statuses == {
        "run-1": ("unchanged", "unchanged"),
        "run-2": ("update", "exported"),
        "legs-1": ("remove", "removed"),
    }
    names = sorted(p.name for p in out.glob("*.fit"))
    assert len(names) == 2
    assert any(name.startswith("2026-11-28-") for name in names)  # moved a day, renamed
    engine = make_engine(url)
    with session_scope(engine) as session:
        kept = {r.workout_uid: r.status.value for r in session.scalars(select(ExportRecord))}
    engine.dispose()
    assert kept["legs-1"] == "removed"


def test_an_unwritable_folder_is_reported_and_recorded_as_failed(
    planned: tuple[Cli, str], tmp_path: Path
) -> None:
    cli, _ = planned
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with time_machine.travel(NOW, tick=False):
        result = cli("export", "fit", "--out", str(blocker))
    assert result.exit_code != 0
    assert str(blocker) in result.stderr


def test_the_calendar_places_sessions_in_their_windows_with_stable_uids(
    planned: tuple[Cli, str], tmp_path: Path
) -> None:
    cli, _ = planned
    path = tmp_path / "coach.ics"
    with time_machine.travel(NOW, tick=False):
        cli.ok("availability", "set", "tue", "06:30-07:30", "--sports", "run")
        cli.ok("availability", "set", "wed", "18:00-19:30")
        cli.ok("export", "ics", "--out", str(path))
        first = path.read_bytes()
        cli.ok("export", "ics", "--out", str(path))
    events = {str(e["uid"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert set(events) == {"run-1@coach", "legs-1@coach", "run-2@coach", "past@coach"}
    run = events["run-1@coach"]
    assert run["dtstart"].dt == datetime(2026, 11, 24, 6, 30, tzinfo=DENVER)
    assert run["dtend"].dt - run["dtstart"].dt == timedelta(minutes=40)
    assert events["legs-1@coach"]["dtstart"].dt == datetime(2026, 11, 25, 18, 0, tzinfo=DENVER)
    assert "Back squat: 3 x 5" in str(events["legs-1@coach"]["description"])
    assert events["run-2@coach"]["dtstart"].dt == date(2026, 11, 27)  # no window: all day
    assert [str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")] == list(events)


SWIM = (
    "repeat,distance,unit,stroke,intensity,rest,equipment,notes\n"
    "1,300,yd,freestyle,warmup,,,easy\n"
    "8,50,yd,drill,active,15s,fins,catch-up\n"
    "4,100,yd,freestyle,active,on 1:45,,CSS pace\n"
    "1,200,yd,any,cooldown,open,,\n"
)


def test_swim_csv_becomes_a_fit_swim_workout(planned: tuple[Cli, str], tmp_path: Path) -> None:
    cli, _ = planned
    source = tmp_path / "tuesday.csv"
    source.write_text(SWIM)
    with time_machine.travel(NOW, tick=False):
        cli.ok("export", "swim-csv", str(source), "--out", str(tmp_path), "--pool", "25yd")
    data = (tmp_path / "tuesday.fit").read_bytes()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    workout = messages["workout_mesgs"][0]
    assert (workout["wkt_name"], workout["pool_length"]) == ("tuesday", 22.86)
    steps = messages["workout_step_mesgs"]
    assert steps[0]["duration_distance"] == pytest.approx(300 * 0.9144, abs=0.01)
    assert (steps[1]["target_stroke_type"], steps[1]["equipment"]) == ("drill", "swim_fins")
    assert steps[3]["repeat_steps"] == 8
    assert steps[5]["duration_type"] == "repetition_time"
    assert steps[7]["intensity"] == "cooldown"
    assert (steps[8]["intensity"], steps[8]["duration_type"]) == ("rest", "open")
    assert len(steps) == 9  # a single set with a rest needs no repeat step


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2,60,yd,freestyle,active,,,", "not a whole number of 22.86 m pool lengths"),
        ("2,50,yd,sidestroke,active,,,", "stroke 'sidestroke'"),
        ("2,50,yd,freestyle,sprint,,,", "intensity 'sprint'"),
        ("2,50,yd,freestyle,active,soon,,", "soon"),
        ("2,50,yd,freestyle,active,,flippers,", "equipment 'flippers'"),
        ("200,50,yd,freestyle,active,,,", "repeat 200"),
    ],
)
def test_a_bad_swim_row_is_named_by_its_line(
    planned: tuple[Cli, str], tmp_path: Path, row: str, reason: str
) -> None:
    cli, _ = planned
    source = tmp_path / "bad.csv"
    source.write_text(SWIM.splitlines()[0] + "\n1,100,yd,freestyle,warmup,,,\n" + row + "\n")
    result = cli("export", "swim-csv", str(source), "--out", str(tmp_path), "--pool", "25yd")
    assert result.exit_code == 65
    assert "bad.csv line 3:" in result.stderr
    assert reason in result.stderr
    assert not (tmp_path / "bad.fit").exists()


def test_fit_export_of_one_workout_and_a_missing_one(
    planned: tuple[Cli, str], tmp_path: Path
) -> None:
    cli, url = planned
    engine = make_engine(url)
    with session_scope(engine) as session:
        legs = session.scalars(
            select(PlannedWorkout).where(PlannedWorkout.workout_uid == "legs-1")
        ).one()
        legs_id = legs.id
    engine.dispose()
    one = run_json(cli, "export", "fit", "--workout", str(legs_id), "--out", str(tmp_path))
    assert [e["workout_uid"] for e in one] == ["legs-1"]  # type: ignore[index]
    with time_machine.travel(NOW, tick=False):
        missing = cli("export", "fit", "--workout", "999", "--out", str(tmp_path))
    assert missing.exit_code == 2
    assert "no current planned workout 999" in missing.stderr


def test_export_to_hevy_through_the_cli(
    planned: tuple[Cli, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.fakes.hevy import FakeHevy, FakeHevyApp
    from coach.fakes.hevy.state import DEFAULT_API_KEY
    from tests.fakes.hevy import SPEC, serving

    cli, _ = planned
    hevy = FakeHevy()
    with serving(FakeHevyApp(hevy, SPEC)) as url:
        monkeypatch.setenv("COACH_HEVY_BASE_URL", url)
        monkeypatch.setenv("COACH_HEVY_REQUEST_INTERVAL_S", "0")
        no_key = run_json(cli, "export", "--dry-run")
        assert set(no_key) == {"fit", "ics"}  # type: ignore[arg-type]
        monkeypatch.setenv("COACH_HEVY_API_KEY", DEFAULT_API_KEY)
        dry = run_json(cli, "export", "--dry-run")
        assert [e["workout_uid"] for e in dry["hevy"]] == ["legs-1"]  # type: ignore[index]
        assert hevy.routines == {}
        done = run_json(cli, "export", "--target", "hevy")
    assert [e["status"] for e in done["hevy"]] == ["exported"]  # type: ignore[index]
    (routine,) = hevy.routines.values()
    assert routine["title"] == "Legs"
