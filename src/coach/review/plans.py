"""Plan generation with storage: the athlete's goals, windows and pool in, a stored plan out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.db.models import Athlete, TrainingPlan
from coach.db.repo.activities import list_activities
from coach.db.repo.athletes import profile_of
from coach.db.repo.availability import list_windows
from coach.db.repo.goals import list_goals
from coach.db.repo.health import episodes_since
from coach.db.repo.plans import NewWorkout, create_plan
from coach.domain.athlete import AvailabilityWindow
from coach.domain.clock import Clock
from coach.domain.errors import ValidationFailed
from coach.domain.goals import GoalStatus
from coach.domain.health import Episode, EpisodeKind
from coach.planning.generate import (
    PlannedSession,
    PlanRequest,
    band,
    generate,
    quality_weights,
    unserved,
)
from coach.planning.library import Quality, workout_library
from coach.review.facts import kit_evidence


@dataclass(frozen=True)
class GeneratedPlan:
    plan: TrainingPlan
    monday: date
    sessions: list[PlannedSession]
    unserved: list[Quality]  # qualities the goals ask for that no window can train


def travel_days(episodes: list[Episode]) -> dict[date, list[AvailabilityWindow]]:
    """Each day of a trip, with the trip's windows for that weekday (none: no training)."""
    days: dict[date, list[AvailabilityWindow]] = {}
    for episode in episodes:
        if episode.kind is not EpisodeKind.TRAVEL or episode.end is None:
            continue
        for day in episode.days(episode.end):
            days[day] = [w for w in episode.windows if w.weekday == day.weekday()]
    return days


def generate_plan(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    *,
    today: date,
    weeks: int,
    start: date | None = None,
    replace: bool = False,
) -> GeneratedPlan:
    first = start or today
    monday = first - timedelta(days=first.weekday())
    goals = [g.goal for g in list_goals(session, athlete, GoalStatus.ACTIVE)]
    windows = list_windows(session, athlete)
    if not windows:
        raise ValidationFailed("no availability windows: add some with `coach availability set`")
    profile = profile_of(athlete)
    request = PlanRequest(
        start=monday,
        weeks=weeks,
        goals=goals,
        windows=windows,
        library=workout_library(),
        pool_length=profile.pool_length,
        pool_unit=profile.pool_unit,
        first_day=first,
        evidence=kit_evidence(list_activities(session, athlete.id), ZoneInfo(athlete.timezone)),
        overrides=travel_days(episodes_since(session, athlete.id, first)),
    )
    sessions = generate(request)
    if not sessions:
        raise ValidationFailed("no session fits the availability windows: widen or add windows")
    low, high = band(goals)
    shares, _ = quality_weights(goals)
    plan = create_plan(
        session,
        clock,
        athlete,
        name=f"{weeks}-week plan from {monday}",
        start=monday,
        end=monday + timedelta(weeks=weeks, days=-1),
        focus=[q.value for q, _ in sorted(shares.items(), key=lambda kv: -kv[1])],
        weekly_hours=(low + high) / 2,
        workouts=[
            NewWorkout(s.day, s.start, s.definition, s.minutes * 60.0, s.priority) for s in sessions
        ],
        replace=replace,
    )
    return GeneratedPlan(plan, monday, sessions, unserved(request))
