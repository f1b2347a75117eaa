"""Personal API tokens: made by the machine's owner (``coach token create``) or by a signed-in
user (Settings), shown once, kept only as a SHA-256 (a token is 256 random bits: a fast hash is
enough and no salt is needed). A token names the athletes it reaches (none named: every athlete
its user reaches) and whether it may write; a user's token never reaches more than the user
does at the moment it is used (a revoked grant ends it there too)."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from coach.domain.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import TokenCreated, TokenOut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coach.db.models import ApiToken

TOKEN_PREFIX = "coach_"
TOKEN_BYTES = 32
LAST_USED_RESOLUTION_S = 60.0
"""``last_used_at`` is written at most this often per token (not on every request)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_out(row: ApiToken) -> TokenOut:
    return TokenOut(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        athletes=row.athlete_ids,
        write=row.can_write,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _may_manage(scope: Scope) -> None:
    if not scope.owner and (scope.user_id is None or scope.actor.startswith("token:")):
        raise Forbidden("API tokens are managed by a signed-in user or the owner of this coach")


def create(
    svc: Services,
    scope: Scope,
    name: str,
    athletes: list[AthleteKey] | None = None,
    *,
    write: bool = False,
    user: str | None = None,
) -> TokenCreated:
    """A new token for ``athletes`` (None: every athlete the token's user reaches); the token is
    in the answer only. A signed-in user makes tokens of their own; the owner may make one for a
    user (``user``: their e-mail) or one of the machine's (no user: every athlete)."""
    from coach.db.repo.access import add_token
    from coach.db.repo.users import get_user, give_token

    _may_manage(scope)
    name = name.strip()
    if not 1 <= len(name) <= 80:
        raise ValidationFailed("a token's name has 1 to 80 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with svc.unit() as session:
        holder = scope.user_id
        if user is not None:
            found = get_user(session, user.strip().lower())
            if not scope.owner and found.id != scope.user_id:
                raise Forbidden("a user makes tokens for themself only")
            holder = found.id
        if holder is not None:
            from coach.db.repo.users import user_by_id
            from coach.services.grants import user_scope

            found_user = user_by_id(session, holder)
            assert found_user is not None
            reach = user_scope(session, found_user)
        else:
            reach = scope
        ids = None
        if athletes:
            ids = sorted({athlete_in(session, reach, ref).id for ref in athletes})
        row = add_token(
            session,
            name=name,
            token_sha256=_digest(token),
            prefix=token[: len(TOKEN_PREFIX) + 4],
            athlete_ids=ids,
            can_write=write,
            now=svc.clock.now(),
        )
        if holder is not None and not (reach.owner and user is None):
            give_token(session, row.id, holder)
        return TokenCreated(**token_out(row).model_dump(), token=token)


def list_tokens(svc: Services, scope: Scope) -> list[TokenOut]:
    """Every token (the owner), or the signed-in user's own."""
    from coach.db.repo.access import list_tokens as stored
    from coach.db.repo.users import tokens_of

    _may_manage(scope)
    with svc.unit() as session:
        rows = stored(session)
        if not scope.owner:
            assert scope.user_id is not None
            mine = tokens_of(session, scope.user_id)
            rows = [row for row in rows if row.id in mine]
        return [token_out(row) for row in rows]


def revoke(svc: Services, scope: Scope, token_id: int) -> TokenOut:
    """Revoke a token: it stops working at once (the row stays, to show when it was used)."""
    from coach.db.repo.access import get_token
    from coach.db.repo.users import token_owner

    _may_manage(scope)
    with svc.unit() as session:
        row = get_token(session, token_id)
        if not scope.owner and token_owner(session, row.id) != scope.user_id:
            raise NotFound(f"no token {token_id}: the dashboard's Settings lists yours")
        if row.revoked_at is None:
            row.revoked_at = svc.clock.now()
            session.flush()
        return token_out(row)


def identify(svc: Services, token: str) -> int:
    """The id of a presented token that works (Unauthorized otherwise)."""
    scope_of(svc, token)
    from coach.db.repo.access import token_by_hash

    with svc.unit() as session:
        row = token_by_hash(session, _digest(token.strip()))
        assert row is not None  # scope_of found it
        return row.id


def scope_of(svc: Services, token: str) -> Scope:
    """What a presented token may reach now; Unauthorized when it is unknown or revoked, or its
    user is disabled or deleted."""
    from coach.db.repo.access import token_by_hash

    token = token.strip()
    if not token.startswith(TOKEN_PREFIX):
        raise Unauthorized("not a coach API token: create one with `coach token create`")
    with svc.unit() as session:
        row = token_by_hash(session, _digest(token))
        if row is None:
            raise Unauthorized("unknown API token: create one with `coach token create`")
        if row.revoked_at is not None:
            raise Unauthorized(f"API token {row.id} ({row.name}) was revoked")
        scope = token_scope(session, row)
        if scope is None:
            raise Unauthorized(f"API token {row.id} ({row.name}): its user is disabled")
        now = svc.clock.now()
        if (
            row.last_used_at is None
            or (now - row.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S
        ):
            row.last_used_at = now
        return scope


def token_scope(session: Session, row: ApiToken) -> Scope | None:
    """What a token reaches now (None: revoked, or its user disabled): the athletes it names
    (none named: all) within what its user reaches at this moment (a token without a user: the
    machine owner's), read-only unless it may write."""
    from coach.db.repo.users import token_owner, user_by_id
    from coach.services.grants import user_scope

    if row.revoked_at is not None:
        return None
    named = None if row.athlete_ids is None else frozenset(row.athlete_ids)
    user_id = token_owner(session, row.id)
    if user_id is None:
        return Scope(athlete_ids=named, write=row.can_write, actor=f"token:{row.id}")
    user = user_by_id(session, user_id)
    if user is None or user.disabled_at is not None:
        return None
    base = user_scope(session, user)
    reach = base.athlete_ids
    if named is not None:
        reach = named if reach is None else reach & named
    return Scope(
        athlete_ids=reach,
        write=row.can_write,
        actor=f"token:{row.id}",
        owner=False,
        granted=base.granted,
        user_id=user.id,
        who=f"{base.who} (token {row.name})",
    )
