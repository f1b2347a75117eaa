"""What every handler gets: the process's services and the caller's scope (from the bearer
token). A missing or bad token is 401; a token without the athlete is 404 (never a hint that
the athlete exists); a read-only token, or a coach's view-only grant, changing something is 403
(and a change that needs more than ``edit`` is refused by the service the same way)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from coach.domain.errors import NotFound, Unauthorized
from coach.services.context import Scope, Services
from coach.services.tokens import scope_of

bearer = HTTPBearer(auto_error=False, description="A personal API token: `coach token create`.")


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def scope(
    svc: Annotated[Services, Depends(services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Scope:
    if credentials is None:
        raise Unauthorized("an API token is needed: `Authorization: Bearer coach_…`")
    return scope_of(svc, credentials.credentials)


Svc = Annotated[Services, Depends(services)]
Caller = Annotated[Scope, Depends(scope)]


MAX_ID = 2**31 - 1
"""The largest id any table holds (a 32-bit integer on PostgreSQL)."""
READING = frozenset({"GET", "HEAD", "OPTIONS"})


def athlete_reached(
    request: Request,
    caller: Caller,
    athlete_id: Annotated[int, Path(description="The athlete's id.", ge=1, le=MAX_ID)],
) -> int:
    """The athlete of the path, when the token reaches it (else 404, as if it did not exist)
    and, for a change, when the token may write (else 403) — before anything else is read."""
    if not caller.sees(athlete_id):
        raise NotFound(f"no athlete {athlete_id}")
    if request.method not in READING:
        caller.require(athlete_id, "edit")
    return athlete_id


AthleteId = Annotated[int, Depends(athlete_reached)]
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An id from a listing.")]
