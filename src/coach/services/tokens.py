"""Personal API tokens: made by the machine's owner (``coach token create``), shown once, kept
only as a SHA-256 (a token is 256 random bits: a fast hash is enough and no salt is needed).
A token names the athletes it reaches (none named: every athlete) and whether it may write."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from coach.domain.errors import Forbidden, Unauthorized, ValidationFailed
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import TokenCreated, TokenOut

if TYPE_CHECKING:
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


def _owner_only(scope: Scope) -> None:
    if not scope.owner:
        raise Forbidden("only the owner of this coach manages API tokens")


def create(
    svc: Services,
    scope: Scope,
    name: str,
    athletes: list[AthleteKey] | None = None,
    *,
    write: bool = False,
) -> TokenCreated:
    """A new token for ``athletes`` (None: every athlete); the token is in the answer only."""
    from coach.db.repo.access import add_token

    _owner_only(scope)
    name = name.strip()
    if not 1 <= len(name) <= 80:
        raise ValidationFailed("a token's name has 1 to 80 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with svc.unit() as session:
        ids = None
        if athletes:
            ids = sorted({athlete_in(session, scope, ref).id for ref in athletes})
        row = add_token(
            session,
            name=name,
            token_sha256=_digest(token),
            prefix=token[: len(TOKEN_PREFIX) + 4],
            athlete_ids=ids,
            can_write=write,
            now=svc.clock.now(),
        )
        return TokenCreated(**token_out(row).model_dump(), token=token)


def list_tokens(svc: Services, scope: Scope) -> list[TokenOut]:
    from coach.db.repo.access import list_tokens as stored

    _owner_only(scope)
    with svc.unit() as session:
        return [token_out(row) for row in stored(session)]


def revoke(svc: Services, scope: Scope, token_id: int) -> TokenOut:
    """Revoke a token: it stops working at once (the row stays, to show when it was used)."""
    from coach.db.repo.access import get_token

    _owner_only(scope)
    with svc.unit() as session:
        row = get_token(session, token_id)
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
    """What a presented token may reach; Unauthorized when it is unknown or revoked."""
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
        now = svc.clock.now()
        if (
            row.last_used_at is None
            or (now - row.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S
        ):
            row.last_used_at = now
        ids = None if row.athlete_ids is None else frozenset(row.athlete_ids)
        return Scope(athlete_ids=ids, write=row.can_write, actor=f"token:{row.id}")
