"""Repositories on SQLite and PostgreSQL: what a user stores comes back, whole or not at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coach.config import load_settings
from coach.db.models import (
    ActivityLap,
    Athlete,
    AuditEntry,
    CompletedActivity,
    Credential,
    GoalRow,
    PlannedWorkout,
    ProgressMetric,
)
from coach.db.repo import audit
from coach.db.repo.athletes import create_athlete, resolve_athlete, update_athlete
from coach.db.repo.availability import list_windows, replace_windows
from coach.db.repo.credentials import (
    delete_credential,
    load_credential,
    save_credential,
    secret_cipher,
)
from coach.db.repo.goals import add_goal, list_goals, remove_goal, update_goal
from coach.db.repo.metrics import list_metrics, upsert_metric
from coach.db.session import session_scope
from coach.domain.athlete import AthleteProfile, AvailabilityWindow, default_availability
from coach.domain.clock import FixedClock
from coach.domain.errors import Ambiguous, Conflict, NotFound, SecretError, ValidationFailed
from coach.domain.goals import GoalKind, GoalStatus, default_goals, make_goal
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource, WorkoutStatus
from coach.domain.sport import Sport
from tests.plans import add_plan, easy_run

CLOCK = FixedClock(datetime(2026, 11, 23, 19, 30, tzinfo=UTC))
TODAY = date(2026, 11, 23)


def new_athlete(session: Session, name: str = "Sam", **fields: object) -> Athlete:
    profile = AthleteProfile(name=name, timezone="America/Denver", **fields)  # type: ignore[arg-type]
    return create_athlete(
        session, CLOCK, profile, default_goals(), default_availability(), on=TODAY
    )


def test_an_athlete_is_created_with_goals_windows_and_dated_physiology(session: Session) -> None:
    athlete = new_athlete(session, weight_kg=80.0, max_hr_bpm=190.0)
    assert next(g.goal for g in list_goals(session, athlete)).kind is GoalKind.WEEKLY_HOURS
    assert len(list_windows(session, athlete)) == len(default_availability())
    metrics = {(m.metric_type, m.value) for m in list_metrics(session, athlete.id)}
    assert metrics == {(MetricType.WEIGHT_KG, 80.0), (MetricType.MAX_HR_BPM, 190.0)}
    actions = [entry.action for entry in audit.entries(session, athlete.id)]
    assert actions == ["athlete.create"]


def test_the_goals_snapshot_follows_the_goal_rows(session: Session) -> None:
    athlete = new_athlete(session)
    stored = add_goal(session, CLOCK, athlete, make_goal(GoalKind.RUN_5K, target_value=1500))
    update_goal(session, CLOCK, athlete, stored.id, {"priority": 1, "status": GoalStatus.PAUSED})
    first = list_goals(session, athlete)[0]
    remove_goal(session, CLOCK, athlete, first.id)
    session.refresh(athlete)
    assert athlete.goals == [g.goal for g in list_goals(session, athlete)]
    assert any(g.kind is GoalKind.RUN_5K and g.status is GoalStatus.PAUSED for g in athlete.goals)
    removed = [e for e in audit.entries(session, athlete.id) if e.action == "goal.remove"]
    assert removed[0].details["kind"] == first.goal.kind.value  # nothing is lost


def test_an_invalid_goal_change_changes_nothing(session: Session) -> None:
    athlete = new_athlete(session)
    body_fat = next(g for g in list_goals(session, athlete) if g.goal.kind is GoalKind.BODY_FAT)
    with pytest.raises(ValidationFailed, match="plausible range"):
        update_goal(session, CLOCK, athlete, body_fat.id, {"target_value": 95.0})
    assert session.get(GoalRow, body_fat.id).target_value == 14.0  # type: ignore[union-attr]


def test_athletes_are_resolved_by_name_or_id_and_ambiguity_is_refused(session: Session) -> None:
    with pytest.raises(NotFound, match="coach init"):
        resolve_athlete(session, None)
    sam = new_athlete(session)
    assert resolve_athlete(session, None) is sam
    new_athlete(session, "Alex")
    with pytest.raises(Ambiguous, match="Sam, Alex"):
        resolve_athlete(session, None)
    assert resolve_athlete(session, "sam") is sam
    assert resolve_athlete(session, str(sam.id)) is sam
    with pytest.raises(Conflict):
        new_athlete(session, "SAM")


def test_profile_updates_keep_threshold_history_by_date(session: Session) -> None:
    athlete = new_athlete(session, ftp_w=200.0)
    later = TODAY + timedelta(days=30)
    diff = update_athlete(
        session, CLOCK, athlete, {"ftp_w": 215.0, "timezone": "Europe/Oslo"}, on=later
    )
    assert diff == {"ftp_w": (200.0, 215.0), "timezone": ("America/Denver", "Europe/Oslo")}
    history = [
        (m.metric_date, m.value) for m in list_metrics(session, athlete.id, MetricType.FTP_W)
    ]
    assert history == [(TODAY, 200.0), (later, 215.0)]
    with pytest.raises(ValidationFailed, match="timezone"):
        update_athlete(session, CLOCK, athlete, {"timezone": "Nowhere/Land"}, on=later)
    assert athlete.timezone == "Europe/Oslo"


def test_a_metric_for_the_same_day_and_source_is_replaced_not_duplicated(session: Session) -> None:
    athlete = new_athlete(session)
    for value in (16.0, 15.8):
        upsert_metric(
            session,
            athlete_id=athlete.id,
            metric_type=MetricType.BODY_FAT_PCT,
            metric_date=TODAY,
            value=value,
            source=DataSource.MANUAL,
        )
    upsert_metric(
        session,
        athlete_id=athlete.id,
        metric_type=MetricType.BODY_FAT_PCT,
        metric_date=TODAY,
        value=16.4,
        source=DataSource.GARMIN,
    )
    rows = list_metrics(session, athlete.id, MetricType.BODY_FAT_PCT)
    assert sorted((r.source.value, r.value) for r in rows) == [("garmin", 16.4), ("manual", 15.8)]
    with pytest.raises(ValidationFailed, match="plausible"):
        upsert_metric(
            session,
            athlete_id=athlete.id,
            metric_type=MetricType.BODY_FAT_PCT,
            metric_date=TODAY,
            value=152.0,
            source=DataSource.MANUAL,
        )


def test_replacing_a_days_windows_keeps_the_other_days(session: Session) -> None:
    athlete = new_athlete(session)
    from datetime import time

    monday = [AvailabilityWindow(weekday=0, start=time(5, 30), end=time(6, 15))]
    replace_windows(session, CLOCK, athlete, monday, weekdays=[0])
    windows = list_windows(session, athlete)
    assert [w for w in windows if w.weekday == 0] == monday
    assert len(windows) == len(default_availability())
    clash = [AvailabilityWindow(weekday=1, start=time(18, 30), end=time(19, 30))]
    with pytest.raises(ValidationFailed, match="overlap"):
        replace_windows(session, CLOCK, athlete, clash + clash, weekdays=[1])


def test_a_failed_transaction_leaves_the_database_as_it_was(engine: Engine) -> None:
    with session_scope(engine) as session:
        athlete_id = new_athlete(session).id

    def goal_then_bad_profile() -> None:
        with session_scope(engine) as session:
            athlete = session.get(Athlete, athlete_id)
            assert athlete is not None
            add_goal(session, CLOCK, athlete, make_goal(GoalKind.RUN_5K))
            update_athlete(session, CLOCK, athlete, {"max_hr_bpm": 20.0}, on=TODAY)

    with pytest.raises(ValidationFailed):
        goal_then_bad_profile()
    with session_scope(engine) as session:
        kinds = {row.kind for row in session.scalars(select(GoalRow))}
        assert GoalKind.RUN_5K not in kinds
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_workout_definitions_are_validated_on_the_way_in_and_out(engine: Engine) -> None:
    with session_scope(engine) as session:
        plan_id = _plan_with_one_workout(session)
    bad = PlannedWorkout(
        plan_id=plan_id,
        workout_uid="u-2",
        scheduled_date=TODAY,
        workout_type=Sport.RUN,
        workout_definition={"sport": "run", "name": "x"},
        estimated_duration=0,
        status=WorkoutStatus.PLANNED,
        created_in_version=1,
    )

    def store_bad() -> None:
        with session_scope(engine) as session:
            session.add(bad)

    with pytest.raises(ValidationFailed, match="needs steps or exercises"):
        store_bad()
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlannedWorkout)) == 1


def _plan_with_one_workout(session: Session) -> int:
    athlete = new_athlete(session)
    definition = easy_run()
    (workout,) = add_plan(session, athlete.id, TODAY, [("u-1", TODAY, definition)])
    session.expire_all()
    loaded = session.get(PlannedWorkout, workout.id)
    assert loaded is not None
    assert loaded.workout_definition == definition
    return workout.plan_id


def test_times_come_back_aware_in_utc_and_children_go_with_their_activity(
    session: Session,
) -> None:
    athlete = new_athlete(session)
    start = datetime(2026, 11, 23, 6, 30, tzinfo=timezone(timedelta(hours=-7)))
    activity = CompletedActivity(
        athlete_id=athlete.id,
        activity_date=TODAY,
        start_time=start,
        source=DataSource.FIT_FILE,
        external_id="sha:abc",
        activity_type="swim",
        duration=1800.0,
        data={},
        laps=[ActivityLap(lap_index=0, start_time=start, duration_s=900.0)],
    )
    session.add(activity)
    session.flush()
    session.expire_all()
    loaded = session.get(CompletedActivity, activity.id)
    assert loaded is not None
    assert loaded.start_time == start
    assert loaded.start_time.tzinfo is not None
    assert loaded.start_time.utcoffset() == timedelta(0)
    session.delete(loaded)
    session.flush()
    assert session.scalar(select(func.count()).select_from(ActivityLap)) == 0


def test_credentials_are_encrypted_at_rest(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete = new_athlete(session)
    settings = load_settings()
    cipher = secret_cipher(settings)
    assert settings.secret_key_file.stat().st_mode & 0o777 == 0o600
    save_credential(session, cipher, athlete.id, "hevy", {"api_key": "sk-very-secret-123"})
    stored = session.scalar(select(Credential))
    assert stored is not None
    assert b"very-secret" not in stored.ciphertext
    assert load_credential(session, cipher, athlete.id, "hevy") == {"api_key": "sk-very-secret-123"}
    assert secret_cipher(load_settings()).decrypt(stored.ciphertext)  # the key file is reused
    monkeypatch.setenv("COACH_SECRET_KEY", "a different key of enough length")
    with pytest.raises(SecretError, match=r"cannot be decrypted.*coach hevy login"):
        load_credential(session, secret_cipher(load_settings()), athlete.id, "hevy")
    assert delete_credential(session, athlete.id, "hevy")
    assert load_credential(session, cipher, athlete.id, "hevy") is None


def test_deleting_an_athlete_removes_what_is_theirs(session: Session) -> None:
    athlete = new_athlete(session, weight_kg=70.0)
    session.delete(athlete)
    session.flush()
    for model in (GoalRow, ProgressMetric):
        assert session.scalar(select(func.count()).select_from(model)) == 0
