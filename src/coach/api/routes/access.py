"""Grants: an athlete's owner lets a coach (another user) view, edit or fully manage the
athlete; the coach accepts; either side revokes. A token reaches what its user reaches."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, status

from coach.api.deps import AthleteId, Caller, Id, Svc
from coach.services import grants
from coach.services.grants import GrantOut
from coach.services.schemas import Schema

router = APIRouter(tags=["access"])


class GrantIn(Schema):
    coach_email: str
    level: Literal["view", "edit", "full"] = "view"


@router.get("/grants", response_model=list[GrantOut])
def my_grants(svc: Svc, caller: Caller) -> list[GrantOut]:
    """The grants offered to the token's user: waiting to be accepted, and active."""
    return grants.my_grants(svc, caller)


@router.get("/athletes/{athlete_id}/grants", response_model=list[GrantOut])
def athlete_grants(svc: Svc, caller: Caller, athlete_id: AthleteId) -> list[GrantOut]:
    """Every grant of the athlete, revoked ones too (their owner only)."""
    return grants.grants_of(svc, caller, athlete_id)


@router.post(
    "/athletes/{athlete_id}/grants", response_model=GrantOut, status_code=status.HTTP_201_CREATED
)
def offer(svc: Svc, caller: Caller, athlete_id: AthleteId, body: GrantIn) -> GrantOut:
    """Offer a coach access (their owner only); granting again changes the level."""
    return grants.grant(svc, caller, athlete_id, body.coach_email, body.level)


@router.post("/grants/{grant_id}/accept", response_model=GrantOut)
def accept(svc: Svc, caller: Caller, grant_id: Id) -> GrantOut:
    """The coach accepts: from now on they reach the athlete, at the level granted."""
    return grants.accept(svc, caller, grant_id)


@router.delete("/grants/{grant_id}", response_model=GrantOut)
def revoke(svc: Svc, caller: Caller, grant_id: Id) -> GrantOut:
    """End a grant at once (the athlete's owner, or the coach)."""
    return grants.revoke(svc, caller, grant_id)
