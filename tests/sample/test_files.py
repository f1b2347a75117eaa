"""The demo's files read back through coach's own importers as what they claim to be: FIT
activities with their sport, time, distance and heart rate; a Hevy export with its sets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.domain.activity import ActivityData
from coach.domain.sport import Sport
from coach.domain.units import M_PER_YD
from coach.intake.csv.hevy_csv import parse_hevy_csv
from coach.intake.fit.decode import decode
from coach.intake.fit.extract import extract
from coach.sample.fit_activity import activity_file
from coach.sample.hevy_csv import hevy_csv
from coach.sample.history import Activity, LiftedSet, Segment, StrengthSession, SwimLength

START = datetime(2026, 11, 18, 13, 30, tzinfo=UTC)


def read(activity: Activity) -> list[ActivityData]:
    decoded = decode(activity_file(activity, serial=1))
    assert not decoded.errors
    return extract(decoded, "key", None)


@pytest.mark.parametrize(
    ("sport", "segments", "distance_m", "fit_sport"),
    [
        (
            Sport.RUN,
            (Segment(600, 0.55, 2.5), Segment(240, 0.88, 3.7)),
            600 * 2.5 + 240 * 3.7,
            "run",
        ),
        (Sport.BIKE, (Segment(1800, 0.65, 8.0),), 1800 * 8.0, "bike"),
        (Sport.ROW, (Segment(300, 0.65, 3.5),), 300 * 3.5, "row"),
        (Sport.MOBILITY, (Segment(900, 0.55, 0.0),), None, "mobility"),
    ],
)
def test_steady_activities_read_back_with_sport_time_distance_and_heart_rate(
    sport: Sport,
    segments: tuple[Segment, ...],
    distance_m: float | None,
    fit_sport: str,
) -> None:
    (activity,) = read(Activity(1, sport, START, segments, resting_hr_bpm=54, max_hr_bpm=188))
    total_s = sum(s.duration_s for s in segments)
    assert activity.sport == fit_sport
    assert activity.start_time == START
    assert activity.elapsed_s == pytest.approx(total_s)
    if distance_m is None:
        assert not activity.distance_m
    else:
        assert activity.distance_m == pytest.approx(distance_m, rel=1e-3)
    assert len(activity.laps) == len(segments)
    assert 54 < activity.avg_hr_bpm < 188


def test_harder_segments_raise_the_heart_rate() -> None:
    easy = Activity(1, Sport.RUN, START, (Segment(900, 0.65, 2.9),))
    hard = Activity(1, Sport.RUN, START, (Segment(900, 0.88, 3.7),))
    (easy_read,) = read(easy)
    (hard_read,) = read(hard)
    assert hard_read.avg_hr_bpm > easy_read.avg_hr_bpm + 20


def test_a_pool_swim_reads_back_length_by_length() -> None:
    lengths = (
        (SwimLength(21.0, True),) * 4 + (SwimLength(20.0, False),) + (SwimLength(25.0, True),) * 4
    )
    (swim,) = read(Activity(1, Sport.SWIM, START, lengths=lengths))
    assert swim.sport == "swim"
    assert swim.distance_m == pytest.approx(8 * 25 * M_PER_YD)
    assert [x.is_active for x in swim.lengths] == [x.active for x in lengths]
    fastest = swim.details["swim"]["fastest_100"]["as_100yd_s"]
    assert fastest == pytest.approx(84.0)


def test_the_hevy_export_reads_back_with_its_sets_and_library_exercises(tmp_path: Path) -> None:
    wall = datetime(2026, 11, 17, 18, 4)  # noqa: DTZ001 - Hevy writes wall-clock times
    session = StrengthSession(
        7,
        "Lower-body power",
        wall,
        wall.replace(hour=18, minute=54),
        (
            LiftedSet("Box jump", 4, None, None),
            LiftedSet("Back squat", 5, 77.5, None),
            LiftedSet("Back squat", 5, 77.5, None),
            LiftedSet("Side plank", None, None, 40.0),
        ),
    )
    path = tmp_path / "hevy.csv"
    path.write_text(hevy_csv([session]))
    parsed = parse_hevy_csv(path, ZoneInfo("America/Denver"))
    (workout,) = parsed.workouts
    assert workout.title == "Lower-body power"
    assert workout.start.astimezone(ZoneInfo("America/Denver")).replace(tzinfo=None) == wall
    assert [(s.exercise_id, s.reps, s.weight_kg, s.duration_s) for s in workout.sets] == [
        ("box_jump", 4, None, None),
        ("back_squat", 5, 77.5, None),
        ("back_squat", 5, 77.5, None),
        ("side_plank", None, None, 40.0),
    ]
