"""Athletes: who exists, one athlete's profile, creating and changing them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coach.domain.athlete import AthleteProfile, AvailabilityWindow, physiology
from coach.domain.clock import local_today
from coach.domain.errors import Forbidden, ValidationFailed
from coach.domain.goals import Goal
from coach.services.context import (
    AthleteKey,
    Scope,
    Services,
    athlete_in,
    athlete_ref,
    not_ahead,
)
from coach.services.schemas import (
    AthleteBrief,
    AthleteChanged,
    AthleteCreated,
    AthleteDeleted,
    AthleteOut,
    AthleteRef,
    EstimateOut,
    Schema,
)

if TYPE_CHECKING:
    from coach.db.models import Athlete


def find_athlete(svc: Services, scope: Scope, athlete: AthleteKey) -> AthleteRef:
    """The athlete named or numbered (or the only one the scope sees)."""
    with svc.unit() as session:
        return athlete_ref(athlete_in(session, scope, athlete))


def athlete_out(row: Athlete, today: date) -> Schema:
    """The profile, with the physiology in use on ``today`` (measured or estimated)."""
    from coach.db.repo.athletes import profile_of

    profile = profile_of(row)
    body = physiology(profile, today)
    return AthleteOut.model_validate(
        {
            "id": row.id,
            **profile.model_dump(),
            "pool_length_m": round(profile.pool_length_m, 3),
            "physiology": {
                name: EstimateOut(
                    value=round(getattr(body, name).value, 2),
                    measured=getattr(body, name).measured,
                    method=getattr(body, name).method,
                )
                for name in PHYSIOLOGY_FIELDS
            },
            "created_at": row.created_at,
        }
    )


PHYSIOLOGY_FIELDS = (
    "age_years",
    "weight_kg",
    "resting_hr_bpm",
    "max_hr_bpm",
    "lthr_bpm",
    "ftp_w",
    "threshold_pace_s_per_km",
    "css_s_per_100m",
)


def list_athletes(svc: Services, scope: Scope) -> list[AthleteBrief]:
    """Every athlete the scope sees."""
    from coach.db.repo.athletes import list_athletes as stored

    with svc.unit() as session:
        return [
            AthleteBrief(id=a.id, name=a.name, timezone=a.timezone, goals=len(a.goal_rows))
            for a in stored(session, scope.athlete_ids)
        ]


def get_athlete(svc: Services, scope: Scope, athlete: AthleteKey) -> Schema:
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        return athlete_out(row, local_today(svc.clock, row.timezone))


def create_athlete(
    svc: Services,
    scope: Scope,
    profile: AthleteProfile,
    *,
    goals: list[Goal],
    windows: list[AvailabilityWindow],
) -> AthleteCreated:
    """A new athlete with these goals and windows: the machine's owner's (the owner, a token of
    theirs reaching every athlete), or the signed-in user's own."""
    from coach.db.repo.athletes import create_athlete as create
    from coach.db.repo.availability import list_windows
    from coach.db.repo.goals import list_goals
    from coach.db.repo.users import give_athlete

    scope.require_write()
    if scope.athlete_ids is not None and scope.user_id is None:
        raise Forbidden("only the owner of this coach, or a signed-in user, adds athletes")
    today = local_today(svc.clock, profile.timezone)
    with svc.unit() as session:
        row = create(session, svc.clock, profile, goals, windows, on=today, actor=scope.actor)
        if not scope.owner and scope.user_id is not None:
            give_athlete(session, row, scope.user_id)
        return AthleteCreated(
            athlete=athlete_out(row, today),
            goals=len(list_goals(session, row)),
            windows=len(list_windows(session, row)),
        )


def update_athlete(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    changes: dict[str, Any],
    on: date | None = None,
) -> AthleteChanged:
    """Change profile fields (validated as a whole); physiology changes are kept as dated
    history from ``on`` (default today, never later)."""
    from coach.db.repo.athletes import update_athlete as update

    if not changes:
        raise ValidationFailed("nothing to change: give at least one field")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="full")
        day = on or local_today(svc.clock, row.timezone)
        why = "a value counts from the day it was measured: set it on that day"
        not_ahead(svc, row, day, "--effective", why)
        diff = update(session, svc.clock, row, changes, on=day, actor=scope.actor)
        return AthleteChanged(changed=sorted(diff), athlete=athlete_out(row, day))


def delete_athlete(
    svc: Services, scope: Scope, athlete: AthleteKey, *, confirm: str
) -> AthleteDeleted:
    """Delete the athlete and everything coach keeps of them: every row that is theirs (the
    audit log's too) in one transaction, then their folder (raw archive, outbox, calendar).
    ``confirm`` must be their name, as typed (a slip of one finger deletes nothing); a
    read-only access may not. Their user account stays (it may own others); `coach user
    disable` ends it. Answers the server cached are keyed by the athlete's id and creation
    time: a new athlete given the same id never sees them."""
    import shutil

    from coach.db.repo.athletes import delete_everything

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="own")
        if confirm.strip() != row.name:
            raise ValidationFailed(
                f"type the athlete's name, {row.name!r}, to delete them and all their data"
            )
        name, athlete_id = row.name, row.id
        rows = delete_everything(session, row)
    folder = svc.settings.athlete_home(athlete_id)
    files = sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    if folder.is_dir():
        gone = folder.with_name(f".deleted-{athlete_id}")
        folder.rename(gone)  # out of reach at once; a failed removal leaves nothing findable
        shutil.rmtree(gone, ignore_errors=True)
    return AthleteDeleted(athlete=name, rows=rows, files=files)
