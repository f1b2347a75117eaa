"""An athlete's data revision rises with every committed change to their data — through the ORM,
a bulk insert or a bulk delete, on a row of theirs or a child of one — and with nothing else:
not a read, not another athlete's change, not a change rolled back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coach.db.models import ActivityLap, Athlete, CompletedActivity
from coach.db.repo.activities import NewActivity, add_activities
from coach.db.repo.availability import replace_windows
from coach.db.repo.metrics import list_metrics, upsert_metric
from coach.db.session import session_scope
from coach.domain.activity import ActivityData, LapData
from coach.domain.athlete import AvailabilityWindow
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from tests.db.test_repositories import CLOCK, TODAY, new_athlete
from tests.plans import add_plan, easy_run, remove_in_version

RUN = ActivityData(
    external_id="run-1",
    start_time=datetime(2026, 11, 22, 14, tzinfo=UTC),
    sport="run",
    elapsed_s=1800.0,
    laps=(LapData(start_time=datetime(2026, 11, 22, 14, tzinfo=UTC), duration_s=1800.0),),
)


def _revisions(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {a.name: a.revision for a in session.scalars(select(Athlete))}


def _metric(session: Session, sam: int) -> None:
    upsert_metric(
        session,
        athlete_id=sam,
        metric_type=MetricType.BODY_FAT_PCT,
        metric_date=TODAY,
        value=19.0,
        source=DataSource.MANUAL,
    )


def _windows(session: Session, sam: int) -> None:
    athlete = session.scalars(select(Athlete).where(Athlete.id == sam)).one()
    monday = [AvailabilityWindow(weekday=0, start=time(5, 30), end=time(6, 15))]
    replace_windows(session, CLOCK, athlete, monday, weekdays=[0])


def _planned_child(session: Session, sam: int) -> None:
    remove_in_version(session, "run-a")


def _activity(session: Session, sam: int) -> None:
    add_activities(session, sam, [NewActivity(RUN, DataSource.FIT_FILE, TODAY)])


def _lap_only(session: Session, sam: int) -> None:
    lap = session.scalars(select(ActivityLap)).one()
    lap.avg_hr_bpm = 150.0


def _profile(session: Session, sam: int) -> None:
    session.scalars(select(Athlete).where(Athlete.id == sam)).one().weight_kg = 81.0


WRITES: dict[str, Callable[[Session, int], None]] = {
    "a metric (ORM)": _metric,
    "the windows (bulk delete + ORM)": _windows,
    "a planned workout (a plan's child)": _planned_child,
    "an activity with laps (bulk insert)": _activity,
    "a lap alone (an activity's child)": _lap_only,
    "the profile (the athlete row)": _profile,
}


@pytest.fixture
def two(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        sam = new_athlete(session, "Sam").id
        kim = new_athlete(session, "Kim").id
        add_plan(session, sam, date(2026, 11, 16), [("run-a", date(2026, 11, 24), easy_run())])
        add_activities(
            session,
            sam,
            [NewActivity(replace(RUN, external_id="run-0"), DataSource.FIT_FILE, TODAY)],
        )
    return sam, kim


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_committed_change_raises_only_its_athletes_revision(
    engine: Engine, two: tuple[int, int], write: str
) -> None:
    sam, _ = two
    before = _revisions(engine)
    with session_scope(engine) as session:
        WRITES[write](session, sam)
    after = _revisions(engine)
    assert after == {"Sam": before["Sam"] + 1, "Kim": before["Kim"]}


def test_reads_and_rolled_back_changes_keep_the_revision(
    engine: Engine, two: tuple[int, int]
) -> None:
    sam, _ = two
    before = _revisions(engine)
    with session_scope(engine) as session:
        list_metrics(session, sam)
        session.scalars(select(CompletedActivity)).all()

    def failing_change() -> None:
        with session_scope(engine) as session:
            _metric(session, sam)
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        failing_change()
    assert _revisions(engine) == before
