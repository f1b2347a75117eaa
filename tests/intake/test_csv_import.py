"""Hevy and Strong CSV exports: every layout from fixtures written here, whole-or-nothing
imports, idempotency, units and time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from coach.db.models import Athlete, CompletedActivity, StrengthSetRow
from coach.db.repo.athletes import create_athlete
from coach.db.session import session_scope
from coach.domain.athlete import AthleteProfile, default_availability
from coach.domain.clock import FixedClock
from coach.domain.errors import ParseError
from coach.domain.goals import default_goals
from coach.domain.units import KG_PER_LB, M_PER_MI
from coach.domain.workout import SetKind
from coach.intake.csv.common import store
from coach.intake.csv.hevy_csv import parse_hevy_csv, parse_hevy_date
from coach.intake.csv.strong_csv import (
    DistanceUnit,
    WeightUnit,
    parse_duration,
    parse_strong_csv,
)

DENVER = ZoneInfo("America/Denver")
HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","{weight}","reps","{distance}","duration_seconds",'
    '"rpe"\n'
)
HEVY_KG = HEVY_HEADER.format(weight="weight_kg", distance="distance_km") + (
    '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:55","Heavy day","Squat (Barbell)",,"Belt",0,'
    '"warmup",60,5,,,\n'
    '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:55","Heavy day","Squat (Barbell)",,"",1,'
    '"normal",100,5,,,8\n'
    '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:55","Heavy day","Box Jump",0,"",0,"normal",,5,,,\n'
    '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:55","Heavy day","Plank",0,"",0,"normal",,,,45,\n'
    '"Legs","8 Apr 2026, 16:50","8 Apr 2026, 17:55","Heavy day","Treadmill",,"",0,"normal",'
    ",,1.5,600,\n"
    '"Squat (Barbell) again","10 Apr 2026, 7:05","10 Apr 2026, 7:50","","Squat (Barbell)",,"",0,'
    '"failure",102.5,3,,,10\n'
)
HEVY_LBS = HEVY_HEADER.format(weight="weight_lbs", distance="distance_miles") + (
    '"Pull","1 Nov 2026, 18:00","1 Nov 2026, 19:00","","Deadlift (Barbell)",,"",0,"normal",'
    "225,5,,,\n"
    '"Pull","1 Nov 2026, 18:00","1 Nov 2026, 19:00","","Farmers Walk",,"",0,"normal",50,,0.1,60,\n'
)
STRONG_CLASSIC = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    '2026-03-02 18:51:52,"Evening Workout",1h 5m,"Squat (Barbell)",W,40.0,8,0,0,"",,\n'
    '2026-03-02 18:51:52,"Evening Workout",1h 5m,"Squat (Barbell)",1,100.0,5,0,0,"",,8\n'
    '2026-03-02 18:51:52,"Evening Workout",1h 5m,"Squat (Barbell)",D,60.0,12,0,0,"",,\n'
    '2026-03-04 07:00:00,"Swim",30m,"Swimming",1,0,0,1.0,1800,"","",\n'
)
STRONG_UNITS = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;"
    "Seconds;Notes;Workout Notes;Workout Duration\n"
    '2023-07-30 16:49:28;"Arms";"Bench Press (Dumbbell)";1;14;kg;8;;;;0;"";"";44m\n'
    '2023-07-30 16:49:28;"Arms";"Bench Press (Dumbbell)";2;30;lbs;8;9;;;0;"";"";44m\n'
    '2023-07-30 16:49:28;"Arms";"Running";1;;;;;2;mi;900;"";"";44m\n'
)
STRONG_NEWER = (
    "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (lbs),Reps,RPE,"
    "Distance (meters),Seconds,Notes,Workout Notes\n"
    '1,2025-01-05 10:00:00,"Push",3600,"Overhead Press (Barbell)",1,95,5,,0,0,"",""\n'
    '1,2025-01-05 10:00:00,"Push",3600,"Overhead Press (Barbell)",Rest Timer,0,0,,0,90,"",""\n'
    '1,2025-01-05 10:00:00,"Push",3600,"Overhead Press (Barbell)",F,95,3,,0,0,"",""\n'
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_hevy_kg_export_is_read_set_by_set(tmp_path: Path) -> None:
    parsed = parse_hevy_csv(write(tmp_path, "h.csv", HEVY_KG), DENVER)
    assert (parsed.layout, parsed.rows, len(parsed.workouts)) == ("hevy (kg)", 6, 2)
    legs = parsed.workouts[0]
    assert legs.start == datetime(2026, 4, 8, 16, 50, tzinfo=DENVER)
    assert legs.start.astimezone(UTC) == datetime(2026, 4, 8, 22, 50, tzinfo=UTC)
    assert legs.description == "Heavy day"
    assert [s.kind for s in legs.sets[:2]] == [SetKind.WARMUP, SetKind.NORMAL]
    assert [s.exercise_id for s in legs.sets] == [
        "back_squat", "back_squat", "box_jump", "plank", None
    ]  # fmt: skip
    assert legs.sets[3].duration_s == 45
    assert legs.sets[4].distance_m == 1500
    assert legs.notes == {"0:Squat (Barbell)": "Belt"}
    assert parsed.workouts[1].sets[0].kind is SetKind.FAILURE


def test_a_hevy_lbs_export_is_converted_to_kg_and_metres(tmp_path: Path) -> None:
    parsed = parse_hevy_csv(write(tmp_path, "h.csv", HEVY_LBS), DENVER)
    assert parsed.layout == "hevy (lbs)"
    deadlift, carry = parsed.workouts[0].sets
    assert deadlift.weight_kg == pytest.approx(225 * KG_PER_LB, abs=0.001)
    assert carry.distance_m == pytest.approx(0.1 * M_PER_MI, abs=0.01)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 Apr 2026, 16:50", datetime(2026, 4, 8, 16, 50)),  # noqa: DTZ001
        ("30 Jun 2025, 9:05", datetime(2025, 6, 30, 9, 5)),  # noqa: DTZ001
        ("1 janv. 2026, 07:00", datetime(2026, 1, 1, 7, 0)),  # noqa: DTZ001
        ("12 Okt 2025, 18:30", datetime(2025, 10, 12, 18, 30)),  # noqa: DTZ001
        ("3 mayo 2025, 10:00", datetime(2025, 5, 3, 10, 0)),  # noqa: DTZ001
    ],
)
def test_hevy_dates_in_several_languages(text: str, expected: datetime) -> None:
    assert parse_hevy_date(text) == expected


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 17:00","","Squat",,"",0,"heavy",1,1,,,', "set_type"),
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 17:00","","Squat",,"",0,"normal",x,1,,,', "weight"),
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 17:00","","Squat",,"",0,"normal",1,1.5,,,', "reps"),
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 17:00","","Squat",,"",0,"normal",1,1,,,11', "rpe"),
        ('"L","8 Foo 2026, 16:50","8 Apr 2026, 17:00","","Squat",,"",0,"normal",1,1,,,', "month"),
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 16:00","","Squat",,"",0,"normal",1,1,,,', "before"),
        ('"L","8 Apr 2026, 16:50","8 Apr 2026, 17:00","","",,"",0,"normal",1,1,,,', "exercise"),
        ('"L","8 Apr 2026, 16:50"', "fields"),
    ],
)
def test_a_malformed_hevy_row_is_named_by_its_line(tmp_path: Path, line: str, reason: str) -> None:
    good = HEVY_KG.splitlines()[:3]
    path = write(tmp_path, "h.csv", "\n".join([*good, line, good[1]]) + "\n")
    with pytest.raises(ParseError, match=rf"h\.csv line 4: .*{reason}"):
        parse_hevy_csv(path, DENVER)


def test_a_file_that_is_not_an_export_says_so(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not a Hevy export"):
        parse_hevy_csv(write(tmp_path, "x.csv", STRONG_CLASSIC), DENVER)
    with pytest.raises(ParseError, match="not a Strong export"):
        parse_strong_csv(write(tmp_path, "y.csv", HEVY_KG), DENVER)
    binary = tmp_path / "z.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ParseError, match="not a UTF-8 text file"):
        parse_hevy_csv(binary, DENVER)


def test_strong_classic_layout_with_set_markers_and_the_unit_asked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", STRONG_CLASSIC)
    parsed = parse_strong_csv(
        path, DENVER, weight_unit=WeightUnit.LB, distance_unit=DistanceUnit.MI
    )
    assert parsed.layout == "strong (classic)"
    assert "weights read as lb" in parsed.notes[0]
    squat = parsed.workouts[0]
    assert squat.duration_s == 3900
    assert [s.kind for s in squat.sets] == [SetKind.WARMUP, SetKind.NORMAL, SetKind.DROPSET]
    assert squat.sets[1].weight_kg == pytest.approx(100 * KG_PER_LB, abs=0.001)
    assert squat.sets[1].rpe == 8
    swim = parsed.workouts[1].sets[0]
    assert (swim.weight_kg, swim.reps) == (None, None)  # Strong writes 0 for "none"
    assert swim.distance_m == pytest.approx(M_PER_MI, abs=0.01)


def test_strong_unit_column_layout_with_semicolons(tmp_path: Path) -> None:
    parsed = parse_strong_csv(write(tmp_path, "s.csv", STRONG_UNITS), DENVER)
    assert parsed.layout == "strong (unit columns)"
    first, second, run = parsed.workouts[0].sets
    assert first.weight_kg == 14
    assert second.weight_kg == pytest.approx(30 * KG_PER_LB, abs=0.001)
    assert run.distance_m == pytest.approx(2 * M_PER_MI, abs=0.01)
    assert parsed.workouts[0].duration_s == 44 * 60


def test_strong_newer_layout_skips_rest_timer_rows(tmp_path: Path) -> None:
    parsed = parse_strong_csv(write(tmp_path, "s.csv", STRONG_NEWER), DENVER)
    assert parsed.layout == "strong (newer)"
    assert (parsed.rows, parsed.skipped_rows) == (3, 1)
    sets = parsed.workouts[0].sets
    assert [s.kind for s in sets] == [SetKind.NORMAL, SetKind.FAILURE]
    assert sets[0].weight_kg == pytest.approx(95 * KG_PER_LB, abs=0.001)
    assert parsed.workouts[0].duration_s == 3600


@pytest.mark.parametrize(
    ("text", "seconds"), [("2h 38m", 9480), ("45m", 2700), ("1h", 3600), ("38s", 38), ("", None)]
)
def test_strong_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text, seconds=False) == seconds


@pytest.mark.parametrize(("order", "reason"), [("X", "Set Order"), ("1.5", "Set Order")])
def test_a_malformed_strong_row_is_named_by_its_line(
    tmp_path: Path, order: str, reason: str
) -> None:
    lines = STRONG_CLASSIC.splitlines()
    bad = lines[2].replace(",1,100.0", f",{order},100.0")
    path = write(tmp_path, "s.csv", "\n".join([lines[0], lines[1], bad]) + "\n")
    with pytest.raises(ParseError, match=rf"line 3: .*{reason}"):
        parse_strong_csv(path, DENVER)


@pytest.fixture
def athlete(engine: Engine) -> Athlete:
    clock = FixedClock(datetime(2026, 11, 23, 20, tzinfo=UTC))
    with session_scope(engine) as session:
        row = create_athlete(
            session,
            clock,
            AthleteProfile(name="Sam", timezone="America/Denver"),
            default_goals(),
            default_availability(),
            on=date(2020, 1, 1),
        )
        session.flush()
        session.expunge(row)
    return row


def test_importing_stores_every_set_once_and_again_adds_nothing(
    engine: Engine, athlete: Athlete, tmp_path: Path, coach_home: Path
) -> None:
    path = write(tmp_path, "h.csv", HEVY_KG)
    first = store(engine, coach_home, athlete, parse_hevy_csv(path, DENVER), 6.0)
    assert (first.added, first.present, first.sets) == (2, 0, 6)
    assert first.unknown_exercises == ("Treadmill",)
    second = store(engine, coach_home, athlete, parse_hevy_csv(path, DENVER), 6.0)
    assert (second.added, second.present) == (0, 2)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(StrengthSetRow)) == 6
        legs = session.scalars(
            select(CompletedActivity).order_by(CompletedActivity.start_time)
        ).first()
        assert legs is not None
        assert legs.activity_date == date(2026, 4, 8)
        assert legs.duration == 65 * 60
        assert legs.rpe == 8  # the one working set with an RPE
        assert legs.data["strength"]["volume_kg"] == 60 * 5 + 100 * 5


def test_a_bad_row_leaves_nothing_behind(engine: Engine, athlete: Athlete, tmp_path: Path) -> None:
    path = write(
        tmp_path, "h.csv", HEVY_KG + '"X","bad date","","","Squat",,"",0,"normal",1,1,,,\n'
    )
    with pytest.raises(ParseError, match="line 8"):
        parse_hevy_csv(path, DENVER)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(CompletedActivity)) == 0


def test_a_strong_workout_without_a_duration_has_no_made_up_load(
    engine: Engine, athlete: Athlete, tmp_path: Path, coach_home: Path
) -> None:
    text = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
        "2026-03-02 18:00:00,Lift,Squat (Barbell),1,100,5\n"
    )
    store(engine, coach_home, athlete, parse_strong_csv(write(tmp_path, "s.csv", text), DENVER), 6)
    with session_scope(engine) as session:
        row = session.scalars(select(CompletedActivity)).one()
        assert (row.load_tss, row.data["duration_unknown"]) == (None, True)
