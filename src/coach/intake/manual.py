"""Sessions logged by hand (``coach log session``): no file, the athlete's own numbers.

A logged session is an activity from the ``manual`` source: sport, start, duration, and the
distance and session RPE when given; its load is computed like any other (session-RPE when an
RPE is known, pace for a run with a distance). Its external id is derived from the sport and the
start minute, so logging the same session twice changes nothing. With ``workout`` it is linked
to that planned workout by hand (the link stands whatever the matching would say).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.db.models import Athlete, CompletedActivity
from coach.db.repo.activities import (
    activity_exists,
    add_activity,
    erase_activity,
    find_activity,
)
from coach.db.repo.plans import get_planned_workout
from coach.domain.activity import ActivityData
from coach.domain.errors import Conflict
from coach.domain.manual import LoggedSession
from coach.domain.plan import DataSource
from coach.intake.load import activity_load
from coach.intake.thresholds import ThresholdBook

MANUAL_TITLE = "logged by hand"


def log_session(session: Session, athlete: Athlete, logged: LoggedSession) -> CompletedActivity:
    zone = ZoneInfo(athlete.timezone)
    start = datetime.combine(logged.day, logged.start, tzinfo=zone).astimezone(ZoneInfo("UTC"))
    if logged.external_id is not None:  # the client's id: logging it again replaces it
        external_id = f"client/{logged.external_id}"
        earlier = find_activity(session, athlete.id, DataSource.MANUAL, external_id)
        if earlier is not None:
            erase_activity(session, earlier)
    else:
        external_id = f"{logged.sport.value}/{start:%Y%m%dT%H%M}"
    if activity_exists(session, athlete.id, DataSource.MANUAL, external_id):
        raise Conflict(
            f"a {logged.sport.value} session starting {logged.day} {logged.start:%H:%M} is "
            "already logged"
        )
    planned = (
        get_planned_workout(session, athlete, logged.workout_id)
        if logged.workout_id is not None
        else None
    )
    data = ActivityData(
        external_id=external_id,
        start_time=start,
        sport=logged.sport.value,
        elapsed_s=logged.duration_s,
        name=logged.name or f"{logged.sport.value.capitalize()} ({MANUAL_TITLE})",
        moving_time_s=logged.duration_s,
        distance_m=logged.distance_m,
        rpe=logged.rpe,
        details={"note": logged.note} if logged.note else {},
    )
    load, extra = activity_load(data, ThresholdBook.load(session, athlete), logged.day)
    row = add_activity(
        session,
        athlete.id,
        data,
        source=DataSource.MANUAL,
        activity_date=logged.day,
        raw_sha256=None,
        load_tss=load.value,
        load_method=load.method.value if load.method else None,
        extra_details=extra,
    )
    if planned is not None:
        row.planned_workout_id = planned.id
        row.match_locked = True
        session.flush()
    return row
