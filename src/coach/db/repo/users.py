"""Users, the athletes they own and those granted to them, their sessions, one-time codes and
failed sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from coach.db.models import (
    Athlete,
    AthleteGrant,
    AthleteOwner,
    OneTimeCode,
    SignInFailure,
    TokenUser,
    User,
    WebSessionRow,
)
from coach.domain.errors import Conflict, NotFound


def add_user(
    session: Session,
    *,
    email: str,
    name: str,
    password_hash: str,
    owner: bool,
    now: datetime,
) -> User:
    if user_by_email(session, email) is not None:
        raise Conflict(f"a user {email} exists already")
    row = User(
        email=email,
        name=name,
        password_hash=password_hash,
        is_owner=owner,
        created_at=now,
        password_changed_at=now,
    )
    session.add(row)
    session.flush()
    return row


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, email: str) -> User:
    row = user_by_email(session, email)
    if row is None:
        raise NotFound(f"no user {email}: `coach user list` shows who exists")
    return row


def remove_user(session: Session, row: User) -> None:
    """The user, their sessions, codes and athlete ownerships (ON DELETE CASCADE) go."""
    session.delete(row)
    session.flush()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def owned_athletes(session: Session, user_id: int) -> list[int]:
    query = (
        select(AthleteOwner.athlete_id)
        .where(AthleteOwner.user_id == user_id)
        .order_by(AthleteOwner.athlete_id)
    )
    return list(session.scalars(query))


def give_athlete(session: Session, athlete: Athlete, user_id: int) -> None:
    """``user_id`` owns the athlete from now on (instead of whoever did)."""
    row = session.get(AthleteOwner, athlete.id)
    if row is None:
        session.add(AthleteOwner(athlete_id=athlete.id, user_id=user_id))
    else:
        row.user_id = user_id
    session.flush()


def owner_of(session: Session, athlete_id: int) -> User | None:
    """The user who owns the athlete; None: the machine's owner."""
    row = session.get(AthleteOwner, athlete_id)
    return None if row is None else session.get(User, row.user_id)


# -- grants ---------------------------------------------------------------------------------------


def add_grant(
    session: Session, *, athlete_id: int, coach_id: int, level: str, by: str, now: datetime
) -> AthleteGrant:
    row = AthleteGrant(
        athlete_id=athlete_id, coach_id=coach_id, level=level, granted_by=by, created_at=now
    )
    session.add(row)
    session.flush()
    return row


def live_grant(session: Session, athlete_id: int, coach_id: int) -> AthleteGrant | None:
    """The grant of this athlete to this coach that is not revoked (accepted or not)."""
    query = select(AthleteGrant).where(
        AthleteGrant.athlete_id == athlete_id,
        AthleteGrant.coach_id == coach_id,
        AthleteGrant.revoked_at.is_(None),
    )
    return session.scalar(query.order_by(AthleteGrant.id.desc()).limit(1))


def get_grant(session: Session, grant_id: int) -> AthleteGrant | None:
    return session.get(AthleteGrant, grant_id)


def grants_of_athlete(session: Session, athlete_id: int) -> list[AthleteGrant]:
    query = select(AthleteGrant).where(AthleteGrant.athlete_id == athlete_id)
    return list(session.scalars(query.order_by(AthleteGrant.id)))


def grants_to(session: Session, coach_id: int, *, live_only: bool = True) -> list[AthleteGrant]:
    query = select(AthleteGrant).where(AthleteGrant.coach_id == coach_id)
    if live_only:
        query = query.where(AthleteGrant.revoked_at.is_(None))
    return list(session.scalars(query.order_by(AthleteGrant.athlete_id)))


def accepted_grants(session: Session, coach_id: int) -> dict[int, str]:
    """The athletes this coach reaches by an accepted, unrevoked grant, and the level of each."""
    query = select(AthleteGrant.athlete_id, AthleteGrant.level).where(
        AthleteGrant.coach_id == coach_id,
        AthleteGrant.accepted_at.is_not(None),
        AthleteGrant.revoked_at.is_(None),
    )
    return {int(athlete_id): str(level) for athlete_id, level in session.execute(query)}


# -- tokens of users ------------------------------------------------------------------------------


def give_token(session: Session, token_id: int, user_id: int) -> None:
    session.add(TokenUser(token_id=token_id, user_id=user_id))
    session.flush()


def token_owner(session: Session, token_id: int) -> int | None:
    row = session.get(TokenUser, token_id)
    return None if row is None else row.user_id


def tokens_of(session: Session, user_id: int) -> set[int]:
    query = select(TokenUser.token_id).where(TokenUser.user_id == user_id)
    return set(session.scalars(query))


# -- sessions -------------------------------------------------------------------------------------


def add_session(
    session: Session,
    *,
    token_sha256: str,
    csrf: str,
    user_id: int | None,
    api_token_id: int | None,
    now: datetime,
    expires_at: datetime,
) -> WebSessionRow:
    row = WebSessionRow(
        token_sha256=token_sha256,
        csrf=csrf,
        user_id=user_id,
        api_token_id=api_token_id,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row


def live_session(session: Session, token_sha256: str, now: datetime) -> WebSessionRow | None:
    """The session with this cookie, unless it expired or was revoked."""
    return session.scalar(
        select(WebSessionRow).where(
            WebSessionRow.token_sha256 == token_sha256,
            WebSessionRow.revoked_at.is_(None),
            WebSessionRow.expires_at > now,
        )
    )


def revoke_session(session: Session, token_sha256: str, now: datetime) -> None:
    session.execute(
        update(WebSessionRow)
        .where(WebSessionRow.token_sha256 == token_sha256, WebSessionRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_user_sessions(session: Session, user_id: int, now: datetime) -> int:
    done = session.execute(
        update(WebSessionRow)
        .where(WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def set_flash(session: Session, token_sha256: str, flash: dict[str, Any] | None) -> None:
    session.execute(
        update(WebSessionRow).where(WebSessionRow.token_sha256 == token_sha256).values(flash=flash)
    )


# -- one-time codes -------------------------------------------------------------------------------


def add_code(
    session: Session, *, code_sha256: str, purpose: str, user_id: int | None, expires_at: datetime
) -> None:
    session.add(
        OneTimeCode(
            code_sha256=code_sha256, purpose=purpose, user_id=user_id, expires_at=expires_at
        )
    )
    session.flush()


def use_code(session: Session, code_sha256: str, purpose: str, now: datetime) -> OneTimeCode | None:
    """The code, marked used, when it is one of ``purpose`` not used nor expired; else None.
    Two requests with one code: the second finds it used (the row is updated in one
    statement that checks it was not)."""
    done = session.execute(
        update(OneTimeCode)
        .where(
            OneTimeCode.code_sha256 == code_sha256,
            OneTimeCode.purpose == purpose,
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > now,
        )
        .values(used_at=now)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        return None
    return session.scalar(select(OneTimeCode).where(OneTimeCode.code_sha256 == code_sha256))


def drop_codes(session: Session, user_id: int, purpose: str) -> None:
    session.execute(
        delete(OneTimeCode).where(OneTimeCode.user_id == user_id, OneTimeCode.purpose == purpose)
    )


# -- failed sign-ins ------------------------------------------------------------------------------


def add_failure(session: Session, account: str, address: str, now: datetime) -> None:
    session.add(SignInFailure(account=account[:200], address=address[:64], at=now))


def failures_since(
    session: Session, since: datetime, *, account: str | None = None, address: str | None = None
) -> tuple[int, datetime | None]:
    """How many failures since ``since`` for the account (or the address), and the first."""
    query = select(func.count(), func.min(SignInFailure.at)).where(SignInFailure.at >= since)
    if account is not None:
        query = query.where(SignInFailure.account == account)
    if address is not None:
        query = query.where(SignInFailure.address == address)
    count, first = session.execute(query).one()
    return int(count), first


def forget_failures(session: Session, account: str, before: datetime) -> None:
    """A good sign-in clears the account's failures; old ones go whoever they were."""
    session.execute(delete(SignInFailure).where(SignInFailure.account == account))
    session.execute(delete(SignInFailure).where(SignInFailure.at < before))
