"""Facts read from storage for the analyses: moved workouts, derived readings, one session once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from coach.analysis.compare import compare
from coach.db.repo.activities import NewActivity, add_activities
from coach.db.repo.athletes import create_athlete
from coach.db.session import session_scope
from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.athlete import AthleteProfile
from coach.domain.clock import FixedClock
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.review.facts import derived_series, load_activities, load_planned
from tests.plans import add_plan, change_in_version, easy_run

MON = date(2026, 11, 16)
CLOCK = FixedClock(datetime(2026, 11, 23, 20, tzinfo=UTC))


def test_a_moved_workout_still_matches_on_its_old_date(engine: Engine) -> None:
    with session_scope(engine) as session:
        athlete = create_athlete(
            session, CLOCK, AthleteProfile(name="Sam", timezone="UTC"), [], [], on=MON
        )
        add_plan(session, athlete.id, MON, [("w1", MON, easy_run())])
        # version 2 moved the run to Tuesday
        change_in_version(session, "w1", scheduled_date=MON + timedelta(days=1))
        run = ActivityData("r1", datetime(2026, 11, 16, 7, tzinfo=UTC), "run", 1800.0)
        add_activities(session, athlete.id, [NewActivity(run, DataSource.MANUAL, MON)])
        session.flush()
        planned = load_planned(session, athlete, MON, MON + timedelta(days=6))
        _, facts = load_activities(session, athlete)
    assert [(p.day, p.moved_from) for p in planned] == [(MON + timedelta(days=1), MON)]
    result = compare(planned, facts, MON + timedelta(days=7))
    assert result.workouts[0].activity is not None
    assert result.unplanned == ()


def test_lifts_and_pool_swims_give_readings(engine: Engine) -> None:
    with session_scope(engine) as session:
        athlete = create_athlete(
            session, CLOCK, AthleteProfile(name="Sam", timezone="UTC"), [], [], on=MON
        )
        squat = ActivityData(
            "s1",
            datetime(2026, 11, 16, 7, tzinfo=UTC),
            "strength",
            3600.0,
            sets=(
                StrengthSetData(
                    "Squat (Barbell)", reps=5, weight_kg=100.0, exercise_id="back_squat"
                ),
            ),
            details={"strength": {"exercises": [{"exercise_id": "back_squat", "e1rm_kg": 116.7}]}},
        )
        swim = ActivityData(
            "p1",
            datetime(2026, 11, 17, 7, tzinfo=UTC),
            "swim",
            1800.0,
            details={"swim": {"fastest_100": {"as_100yd_s": 82.5}}},
        )
        add_activities(
            session,
            athlete.id,
            [
                NewActivity(squat, DataSource.HEVY, MON),
                NewActivity(swim, DataSource.FIT_FILE, MON + timedelta(days=1)),
            ],
        )
        rows, _ = load_activities(session, athlete)
        found = derived_series(rows)
    assert found[MetricType.SQUAT_1RM_KG] == {MON: 116.7}
    assert found[MetricType.SWIM_100YD_FREE_S] == {MON + timedelta(days=1): 82.5}
