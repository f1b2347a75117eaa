"""Athletes and their profile; goals; availability."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from coach.api.bodies import AthleteIn, GoalIn, GoalPatch, ProfileChange, WindowIn
from coach.api.deps import AthleteId, Caller, Id, Svc
from coach.domain.athlete import WEEKDAYS, AvailabilityWindow, default_availability, parse_weekday
from coach.domain.goals import GoalStatus, default_goals, make_goal
from coach.services import athletes, availability, goals
from coach.services.schemas import (
    AthleteBrief,
    AthleteChanged,
    AthleteCreated,
    AthleteDeleted,
    AthleteOut,
    GoalList,
    GoalOut,
    GoalRemoved,
    WindowList,
    WindowsChanged,
)

router = APIRouter(tags=["athletes"])


@router.get("/athletes", response_model=list[AthleteBrief])
def list_athletes(svc: Svc, caller: Caller) -> list[AthleteBrief]:
    """Every athlete this token reaches."""
    return athletes.list_athletes(svc, caller)


@router.post("/athletes", response_model=AthleteCreated, status_code=status.HTTP_201_CREATED)
def create_athlete(svc: Svc, caller: Caller, body: AthleteIn) -> AthleteCreated:
    """A new athlete (a token that reaches every athlete, with write access)."""
    return athletes.create_athlete(
        svc,
        caller,
        body.profile,
        goals=default_goals() if body.default_goals else [],
        windows=default_availability() if body.default_windows else [],
    )


@router.get("/athletes/{athlete_id}", response_model=AthleteOut)
def get_athlete(svc: Svc, caller: Caller, athlete_id: AthleteId) -> Any:
    """The profile and the thresholds in use (measured, or estimated and how)."""
    return athletes.get_athlete(svc, caller, athlete_id)


@router.patch("/athletes/{athlete_id}", response_model=AthleteChanged)
def update_athlete(
    svc: Svc, caller: Caller, athlete_id: AthleteId, body: ProfileChange
) -> AthleteChanged:
    """Change profile fields; physiology changes are kept as history from ``effective``."""
    changes = body.changes.model_dump(exclude_unset=True)
    return athletes.update_athlete(svc, caller, athlete_id, changes, body.effective)


@router.delete("/athletes/{athlete_id}", response_model=AthleteDeleted)
def delete_athlete(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    confirm: Annotated[str, Query(description="The athlete's name, as a last check.")],
) -> AthleteDeleted:
    """Delete the athlete and everything coach keeps of them (rows, audit entries, files).
    Irreversible: ``confirm`` must be their name."""
    return athletes.delete_athlete(svc, caller, athlete_id, confirm=confirm)


@router.get("/athletes/{athlete_id}/goals", response_model=GoalList)
def list_goals(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    goal_status: Annotated[GoalStatus | None, Query(alias="status")] = None,
) -> GoalList:
    return goals.list_goals(svc, caller, athlete_id, goal_status)


@router.post(
    "/athletes/{athlete_id}/goals", response_model=GoalOut, status_code=status.HTTP_201_CREATED
)
def add_goal(svc: Svc, caller: Caller, athlete_id: AthleteId, body: GoalIn) -> GoalOut:
    """Add a goal; values in the goal's canonical unit (``unit`` in the answer)."""
    goal = make_goal(body.kind, **body.model_dump(exclude={"kind", "external_id"}))
    return goals.add_goal(svc, caller, athlete_id, goal, body.external_id)


@router.get("/athletes/{athlete_id}/goals/{goal_id}", response_model=GoalOut)
def get_goal(svc: Svc, caller: Caller, athlete_id: AthleteId, goal_id: Id) -> GoalOut:
    return goals.get_goal(svc, caller, athlete_id, goal_id)


@router.patch("/athletes/{athlete_id}/goals/{goal_id}", response_model=GoalOut)
def update_goal(
    svc: Svc, caller: Caller, athlete_id: AthleteId, goal_id: Id, body: GoalPatch
) -> GoalOut:
    return goals.update_goal(svc, caller, athlete_id, goal_id, body.model_dump(exclude_unset=True))


@router.delete("/athletes/{athlete_id}/goals/{goal_id}", response_model=GoalRemoved)
def remove_goal(svc: Svc, caller: Caller, athlete_id: AthleteId, goal_id: Id) -> GoalRemoved:
    """Remove a goal (the audit log keeps it); to pause it, PATCH its status instead."""
    return goals.remove_goal(svc, caller, athlete_id, goal_id)


@router.get("/athletes/{athlete_id}/availability", response_model=WindowList)
def list_windows(svc: Svc, caller: Caller, athlete_id: AthleteId) -> WindowList:
    return availability.list_windows(svc, caller, athlete_id)


@router.put("/athletes/{athlete_id}/availability/{weekday}", response_model=WindowsChanged)
def set_day(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    weekday: Annotated[str, Path(description=f"One of {', '.join(WEEKDAYS)} (or mon…sun).")],
    body: list[WindowIn],
) -> WindowsChanged:
    """Make these the windows of the weekday (an empty list clears it); the answer says what
    the change means for the coming two weeks."""
    day = parse_weekday(weekday)
    windows = [AvailabilityWindow(weekday=day, **window.model_dump()) for window in body]
    return availability.replace_days(svc, caller, athlete_id, [day], windows)
