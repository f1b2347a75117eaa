"""``coach status``, ``coach load`` and ``coach progress`` through the real CLI, over twelve
synthetic weeks of training with answers known in advance."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from coach.db.models import Athlete
from coach.db.repo.activities import NewActivity, add_activities
from coach.db.repo.athletes import record_measurement
from coach.db.session import make_engine, session_scope
from coach.domain.activity import ActivityData
from coach.domain.clock import FixedClock
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.domain.sport import Sport
from coach.domain.workout import Duration, Step, StepKind, StrengthExercise, WorkoutDefinition
from tests.conftest import Cli
from tests.plans import add_plan

DENVER = ZoneInfo("America/Denver")
WEEK1 = date(2026, 8, 31)  # a Monday; week 12 starts 2026-11-16
TODAY = date(2026, 11, 22)  # the Sunday of week 12
NOW = datetime(2026, 11, 22, 20, 0, tzinfo=DENVER)
# (weekday, sport, minutes, load per hour)
WEEK = [(0, Sport.RUN, 45, 50.0), (2, Sport.SWIM, 45, 60.0), (4, Sport.STRENGTH, 60, 40.0),
        (5, Sport.RUN, 60, 50.0)]  # fmt: skip
SWIM_MISSED_FROM_WEEK = 10  # weeks 10-12: the Wednesday swim is missed


def definition(sport: Sport, minutes: int) -> WorkoutDefinition:
    if sport is Sport.STRENGTH:
        return WorkoutDefinition(
            sport=sport,
            name="Strength",
            exercises=(StrengthExercise.uniform("back_squat", "Back squat", sets=3, reps=5),),
        )
    return WorkoutDefinition(
        sport=sport,
        name=f"{sport.value} {minutes}",
        steps=(Step(kind=StepKind.ACTIVE, duration=Duration.time(minutes * 60)),),
    )


def expected_daily_loads() -> dict[date, float]:
    loads: dict[date, float] = {}
    for week in range(12):
        for weekday, sport, minutes, per_hour in WEEK:
            if sport is Sport.SWIM and week + 1 >= SWIM_MISSED_FROM_WEEK:
                continue
            loads[WEEK1 + timedelta(weeks=week, days=weekday)] = per_hour * minutes / 60
    return loads


@pytest.fixture
def season(cli: Cli, database_url: str) -> Cli:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    engine = make_engine(database_url)
    clock = FixedClock(NOW.astimezone(UTC))
    with session_scope(engine) as session:
        athlete = session.scalars(select(Athlete)).one()
        planned = [
            (
                f"w{week}-{weekday}",
                WEEK1 + timedelta(weeks=week, days=weekday),
                definition(sport, m),
            )
            for week in range(12)
            for weekday, sport, m, _ in WEEK
        ]
        rows = add_plan(session, athlete.id, WEEK1, planned, weeks=12)
        for row, (_, day, item) in zip(rows, planned, strict=True):
            minutes = next(m for wd, s, m, _ in WEEK if wd == day.weekday())
            row.estimated_duration = minutes * 60.0
            row.workout_type = item.sport
        loads = expected_daily_loads()
        new = []
        for day, load in sorted(loads.items()):
            _, sport, minutes, _ = next(w for w in WEEK if w[0] == day.weekday())
            start = datetime.combine(day, time(7), DENVER).astimezone(UTC)
            data = ActivityData(f"a-{day}", start, sport.value, minutes * 60.0)
            new.append(NewActivity(data, DataSource.MANUAL, day, load_tss=load, load_method="srpe"))
        add_activities(session, athlete.id, new)
        for week in range(12):
            monday = WEEK1 + timedelta(weeks=week)
            for metric, value in (
                (MetricType.BODY_FAT_PCT, 20.0 - 0.3 * week),
                (MetricType.VO2_MAX, 45.0 + 0.2 * week),
            ):
                record_measurement(
                    session, clock, athlete, metric, value, on=monday, source=DataSource.MANUAL
                )
    engine.dispose()
    return cli


def test_twelve_weeks_give_the_known_adherence_volume_form_and_goal_statuses(season: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        report = json.loads(season.ok("status", "--json").stdout)
    week = report["this_week"]
    # Mon run 0.75 h, Fri strength 1 h, Sat run 1 h done exactly; Wed swim 0.75 h missed:
    # weighted by planned hours, (0.75 + 1 + 1) / 3.5
    assert week["adherence_pct"] == pytest.approx(100 * 2.75 / 3.5, abs=0.1)
    assert (week["planned_h"], week["actual_h"], week["unplanned_h"]) == (3.5, 2.75, 0)
    assert [w["band"] for w in report["workouts"]] == ["green", "red", "green", "green"]
    # form by the exact formula, by hand: morning of TODAY = CTL - ATL at the end of yesterday
    ctl = atl = 0.0
    loads = expected_daily_loads()
    day = WEEK1
    while day < TODAY:
        ctl = ctl * math.exp(-1 / 42) + loads.get(day, 0.0) * (1 - math.exp(-1 / 42))
        atl = atl * math.exp(-1 / 7) + loads.get(day, 0.0) * (1 - math.exp(-1 / 7))
        day += timedelta(days=1)
    assert report["load"]["form"] == pytest.approx(ctl - atl, abs=0.05)
    statuses = {g["kind"]: g["status"] for g in report["goals"]}
    assert statuses["body_fat"] == "on track"  # -0.3 %/week, 0.15 expected
    assert statuses["vo2_max"] == "on track"  # +0.2/week, 0.1 expected
    assert statuses["weekly_hours"] == "at risk"  # 3.5, 3.5, 2.75, 2.75: two weeks under 3 h
    assert statuses["swim_100yd_free"] == "no data"
    assert report["goals"][-1]["status"] == "on track"  # ranked: furthest behind first
    patterns = {(p["kind"], p["value"]): p["missed"] for p in report["patterns"]}
    assert patterns[("weekday", "Wednesday")] == 3
    assert patterns[("sport", "swim")] == 3


def test_load_shows_daily_load_by_sport_and_the_form_convention(season: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        data = json.loads(season.ok("load", "--days", "7", "--json").stdout)
        text = season.ok("load", "--days", "7").stdout
    assert [d["date"] for d in data["days"]][-1] == TODAY.isoformat()
    friday = next(d for d in data["days"] if d["date"] == "2026-11-20")
    assert friday["by_sport"] == {"strength": 40.0}
    assert "morning" in data["state"]["form_is"]
    assert "Fitness" in text
    assert "strength 40" in text


def test_progress_shows_the_trend_with_a_chart(season: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        data = json.loads(season.ok("progress", "body_fat", "--json").stdout)
        text = season.ok("progress", "body_fat").stdout
        since = json.loads(season.ok("progress", "2", "--since", "2026-11-01", "--json").stdout)
    assert data["current"] == pytest.approx(20.0 - 0.3 * 11)
    assert data["per_week"] == pytest.approx(-0.3, abs=0.05)
    assert data["extras"]["weekly_means"]["2026-W47"] == pytest.approx(16.7)
    assert len(data["series"]) == 12
    assert "•" in text
    assert "on track" in text
    assert len(since["series"]) == 3


def test_an_unknown_goal_is_one_clear_line(season: Cli) -> None:
    result = season("progress", "juggling")
    assert result.exit_code == 2
    assert "unknown goal kind 'juggling'" in result.stderr
    missing = season("progress", "99")
    assert missing.exit_code == 3
    assert "coach goals list" in missing.stderr
