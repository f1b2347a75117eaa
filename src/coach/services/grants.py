"""Coaches reaching athletes they do not own: grants.

The user who owns an athlete (or the machine's owner, for an athlete without one) grants a coach
(another user of this machine) ``view``, ``edit`` or ``full`` access. The coach reaches the
athlete only once they accepted, and no longer from the moment either side revokes it: every
session and API token computes what it reaches from these rows on each request, so nothing a
coach holds outlives a revocation. Each step is in the audit log with who took it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from coach.domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from coach.services.context import GRANTABLE, AthleteKey, Level, Scope, Services, athlete_in
from coach.services.schemas import Schema, Timestamp

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coach.db.models import AthleteGrant, User


class GrantOut(Schema):
    id: int
    athlete_id: int
    athlete: str
    coach_email: str
    coach_name: str
    level: Level
    state: Literal["pending", "active", "revoked"]
    granted_by: str
    created_at: Timestamp
    accepted_at: Timestamp | None
    revoked_at: Timestamp | None
    revoked_by: str | None


def person(user: User) -> str:
    """A user as a person reads them: name and e-mail."""
    return f"{user.name} <{user.email}>"


def user_scope(session: Session, user: User) -> Scope:
    """What a signed-in user reaches now: the athletes they own (every athlete, for the
    machine's owner) and those whose grant they accepted and nobody revoked, at its level."""
    from coach.db.repo.users import accepted_grants, owned_athletes

    actor, who = f"user:{user.email}", person(user)
    if user.is_owner:
        return Scope(actor=actor, owner=True, user_id=user.id, who=who)
    owned = set(owned_athletes(session, user.id))
    granted: dict[int, Level] = {
        athlete_id: level
        for athlete_id, level in accepted_grants(session, user.id).items()
        if athlete_id not in owned and level in GRANTABLE
    }
    return Scope(
        frozenset(owned | granted.keys()),
        write=True,
        actor=actor,
        user_id=user.id,
        who=who,
        granted=granted,
    )


def grant_out(session: Session, row: AthleteGrant) -> GrantOut:
    from coach.db.repo.athletes import athlete_by_id
    from coach.db.repo.users import user_by_id

    coach = user_by_id(session, row.coach_id)
    athlete = athlete_by_id(session, row.athlete_id)
    assert coach is not None  # a user's deletion cascades to the grant
    state: Literal["pending", "active", "revoked"] = (
        "revoked" if row.revoked_at else "active" if row.accepted_at else "pending"
    )
    return GrantOut(
        id=row.id,
        athlete_id=row.athlete_id,
        athlete=athlete.name,
        coach_email=coach.email,
        coach_name=coach.name,
        level=row.level,
        state=state,
        granted_by=row.granted_by,
        created_at=row.created_at,
        accepted_at=row.accepted_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def _level(text: str) -> Level:
    if text not in GRANTABLE:
        raise ValidationFailed(f"a grant is one of {', '.join(GRANTABLE)}, not {text!r}")
    return text


def grant(
    svc: Services, scope: Scope, athlete: AthleteKey, coach_email: str, level: str
) -> GrantOut:
    """Offer a coach ``level`` access to the athlete (their owner only). The coach reaches the
    athlete once they accept. Granting again changes the level of the grant there is."""
    from coach.db.repo.users import add_grant, live_grant, owner_of, user_by_email

    wanted = _level(level)
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="own")
        coach = user_by_email(session, coach_email.strip().lower())
        if coach is None or coach.disabled_at is not None:
            raise NotFound(
                f"no user {coach_email.strip()!r}: the coach signs up first "
                "(or the owner adds them: `coach user add`)"
            )
        own = owner_of(session, row.id)
        if coach.is_owner or (own is not None and own.id == coach.id):
            raise Conflict(
                f"{coach.email} reaches {row.name} fully already: as their owner or this coach's"
            )
        found = live_grant(session, row.id, coach.id)
        if found is None:
            found = add_grant(
                session,
                athlete_id=row.id,
                coach_id=coach.id,
                level=wanted,
                by=scope.display,
                now=svc.clock.now(),
            )
            action = "grant.offer"
        else:
            found.level, action = wanted, "grant.change"
        _audit(svc, session, scope, found, action, coach=coach.email)
        return grant_out(session, found)


def grants_of(svc: Services, scope: Scope, athlete: AthleteKey) -> list[GrantOut]:
    """Every grant of the athlete, revoked ones too (their owner only)."""
    from coach.db.repo.users import grants_of_athlete

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="own")
        return [grant_out(session, g) for g in grants_of_athlete(session, row.id)]


def my_grants(svc: Services, scope: Scope) -> list[GrantOut]:
    """The grants offered to the signed-in user: pending and active."""
    from coach.db.repo.users import grants_to

    if scope.user_id is None:
        return []
    with svc.unit() as session:
        return [grant_out(session, g) for g in grants_to(session, scope.user_id)]


def _grant_row(session: Session, scope: Scope, grant_id: int) -> AthleteGrant:
    """The grant, when the caller is its coach or the athlete's owner (else NotFound)."""
    from coach.db.repo.users import get_grant

    row = get_grant(session, grant_id)
    if row is not None and (
        (scope.user_id is not None and row.coach_id == scope.user_id)
        or scope.may(row.athlete_id, "own")
    ):
        return row
    raise NotFound(f"no grant {grant_id}")


def _audit(
    svc: Services,
    session: Session,
    scope: Scope,
    row: AthleteGrant,
    action: str,
    **details: str,
) -> None:
    """A step of a grant in the athlete's audit log, with who took it."""
    from coach.db.repo import audit

    audit.record(
        session,
        svc.clock,
        actor=scope.actor,
        action=action,
        entity="athlete_grant",
        entity_id=row.id,
        athlete_id=row.athlete_id,
        details={"level": row.level, **details},
    )


def accept(svc: Services, scope: Scope, grant_id: int) -> GrantOut:
    """The coach accepts a grant offered to them: from now on they reach the athlete."""
    with svc.unit() as session:
        row = _grant_row(session, scope, grant_id)
        if row.coach_id != scope.user_id:
            raise Forbidden("only the coach it was offered to accepts a grant")
        if row.revoked_at is not None:
            raise Conflict(f"grant {grant_id} was revoked: ask the athlete to grant it again")
        if row.accepted_at is None:
            row.accepted_at = svc.clock.now()
            _audit(svc, session, scope, row, "grant.accept")
        return grant_out(session, row)


def revoke(svc: Services, scope: Scope, grant_id: int) -> GrantOut:
    """End a grant at once: the athlete's owner withdraws it, or the coach declines or leaves.
    Every page and API call the coach makes after this reaches the athlete no more."""
    with svc.unit() as session:
        row = _grant_row(session, scope, grant_id)
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = svc.clock.now(), scope.display
            _audit(svc, session, scope, row, "grant.revoke")
        return grant_out(session, row)
