"""The plan, the evening review, exports, syncs, and where the athlete stands."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, status

from coach.api.bodies import DecisionIn, ExportIn, MoveIn, PlanIn, ReviewIn
from coach.api.deps import AthleteId, Caller, Id, Svc
from coach.services import connections, exports, jobs, notices, plans, reviews
from coach.services import status as standing
from coach.services.schemas import (
    Approved,
    ExportRun,
    GoalCards,
    GoalProgressSeries,
    HandChange,
    JobOut,
    LinkStatus,
    LoadSeries,
    NoticeOut,
    PlanGenerated,
    PlanHistory,
    PlannedWeek,
    Rejected,
    ReviewBrief,
    ReviewOut,
    StatusOut,
    StoredReview,
    TargetStatus,
    Undone,
    WorkoutDetail,
)

router = APIRouter()


@router.post(
    "/athletes/{athlete_id}/plan",
    response_model=PlanGenerated,
    status_code=status.HTTP_201_CREATED,
    tags=["plan"],
)
def generate_plan(svc: Svc, caller: Caller, athlete_id: AthleteId, body: PlanIn) -> PlanGenerated:
    """A plan from the goals, the windows and the weekly hours band (``replace`` archives the
    active one)."""
    return plans.generate(
        svc, caller, athlete_id, weeks=body.weeks, start=body.start, replace=body.replace
    )


@router.get("/athletes/{athlete_id}/plan/week", response_model=PlannedWeek, tags=["plan"])
def plan_week(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    day: Annotated[date | None, Query(description="Any day of the week (default: today).")] = None,
    whole: Annotated[bool, Query(description="The whole active plan instead.")] = False,
) -> PlannedWeek:
    """The week's planned sessions with what became of past ones."""
    return plans.week(svc, caller, athlete_id, day, whole_plan=whole)


@router.get(
    "/athletes/{athlete_id}/plan/workouts/{workout_id}", response_model=WorkoutDetail, tags=["plan"]
)
def plan_workout(svc: Svc, caller: Caller, athlete_id: AthleteId, workout_id: Id) -> WorkoutDetail:
    """One planned workout with its steps or exercises, as the watch and the app get them."""
    return plans.workout(svc, caller, athlete_id, workout_id)


@router.get("/athletes/{athlete_id}/plan/history", response_model=PlanHistory, tags=["plan"])
def plan_history(svc: Svc, caller: Caller, athlete_id: AthleteId) -> PlanHistory:
    """The active plan's versions: when, why, and what each added and removed."""
    return plans.history(svc, caller, athlete_id)


@router.post(
    "/athletes/{athlete_id}/plan/workouts/{workout_id}/move",
    response_model=HandChange,
    tags=["plan"],
)
def move_workout(
    svc: Svc, caller: Caller, athlete_id: AthleteId, workout_id: Id, body: MoveIn
) -> HandChange:
    """Move a session to another day (and time): a new plan version, exported at once."""
    return plans.move(svc, caller, athlete_id, workout_id, body.to, body.start_time)


@router.post(
    "/athletes/{athlete_id}/plan/workouts/{workout_id}/skip",
    response_model=HandChange,
    tags=["plan"],
)
def skip_workout(svc: Svc, caller: Caller, athlete_id: AthleteId, workout_id: Id) -> HandChange:
    """Take a session out of the plan (never counted as missed), exported at once."""
    return plans.skip(svc, caller, athlete_id, workout_id)


@router.post(
    "/athletes/{athlete_id}/reviews",
    response_model=ReviewOut,
    status_code=status.HTTP_201_CREATED,
    tags=["reviews"],
)
def run_review(svc: Svc, caller: Caller, athlete_id: AthleteId, body: ReviewIn) -> ReviewOut:
    """Review a day (default today): the decision, insights, numbered proposals. Reviewing a
    day again updates its review and keeps the proposals' numbers."""
    return reviews.run(svc, caller, athlete_id, body.date, sync=body.sync)


@router.get("/athletes/{athlete_id}/reviews", response_model=list[ReviewBrief], tags=["reviews"])
def list_reviews(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    limit: Annotated[int, Query(ge=1, le=1000)] = 30,
) -> list[ReviewBrief]:
    """Past reviews, newest first, with what became of each proposal."""
    return reviews.list_reviews(svc, caller, athlete_id, limit)


@router.get(
    "/athletes/{athlete_id}/reviews/{review_id}", response_model=StoredReview, tags=["reviews"]
)
def show_review(svc: Svc, caller: Caller, athlete_id: AthleteId, review_id: Id) -> StoredReview:
    return reviews.show(svc, caller, athlete_id, review_id)


@router.post(
    "/athletes/{athlete_id}/reviews/{review_id}/approve", response_model=Approved, tags=["reviews"]
)
def approve(
    svc: Svc, caller: Caller, athlete_id: AthleteId, review_id: Id, body: DecisionIn
) -> Approved:
    """Apply proposals (by number, or ``all`` open ones): a plan version each, then the
    changed workouts exported at once (an export failure never undoes the approval)."""
    return reviews.approve(svc, caller, athlete_id, review_id, body.numbers, every=body.all)


@router.post(
    "/athletes/{athlete_id}/reviews/{review_id}/reject", response_model=Rejected, tags=["reviews"]
)
def reject(
    svc: Svc, caller: Caller, athlete_id: AthleteId, review_id: Id, body: DecisionIn
) -> Rejected:
    """Turn proposals down, with a reason kept beside them; the plan stays as it is."""
    return reviews.reject(
        svc, caller, athlete_id, review_id, body.numbers, every=body.all, reason=body.reason
    )


@router.post(
    "/athletes/{athlete_id}/reviews/{review_id}/proposals/{number}/undo",
    response_model=Undone,
    tags=["reviews"],
)
def undo(svc: Svc, caller: Caller, athlete_id: AthleteId, review_id: Id, number: Id) -> Undone:
    """Take an approved change back: a new plan version as before it, exported."""
    return reviews.undo(svc, caller, athlete_id, review_id, number)


@router.post("/athletes/{athlete_id}/exports", response_model=ExportRun, tags=["exports"])
def run_exports(svc: Svc, caller: Caller, athlete_id: AthleteId, body: ExportIn) -> ExportRun:
    """Every upcoming workout to each target (default: every linked one), only what changed."""
    return exports.run_exports(svc, caller, athlete_id, body.targets, dry_run=body.dry_run)


@router.get("/athletes/{athlete_id}/exports", response_model=list[TargetStatus], tags=["exports"])
def export_status(svc: Svc, caller: Caller, athlete_id: AthleteId) -> list[TargetStatus]:
    """Per target: how many workouts per status, when last sent, what failed."""
    return exports.status(svc, caller, athlete_id)


@router.get("/athletes/{athlete_id}/connections/{source}", response_model=LinkStatus, tags=["sync"])
def connection(svc: Svc, caller: Caller, athlete_id: AthleteId, source: str) -> LinkStatus:
    """Whether a source is linked, and how far its last sync got."""
    return connections.status(svc, caller, athlete_id, source)


@router.post(
    "/athletes/{athlete_id}/connections/{source}/sync",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["sync"],
)
def start_sync(
    svc: Svc, caller: Caller, athlete_id: AthleteId, source: str, background: BackgroundTasks
) -> JobOut:
    """Start a sync in the background: the answer is the job to poll."""
    return jobs.start_sync(svc, caller, athlete_id, source, background.add_task)


@router.get("/athletes/{athlete_id}/jobs", response_model=list[JobOut], tags=["jobs"])
def list_jobs(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    failed: Annotated[bool, Query(description="Only jobs that gave up.")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 30,
) -> list[JobOut]:
    """The athlete's recent jobs, newest first (syncs started here, the worker's nightly syncs,
    reviews, exports and messages): status, attempts, and a failure's one-line reason."""
    return jobs.list_jobs(svc, caller, athlete_id, failed=failed, limit=limit)


@router.get("/athletes/{athlete_id}/notices", response_model=list[NoticeOut], tags=["jobs"])
def list_notices(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[NoticeOut]:
    """The messages sent to the athlete (reviews, reminders, failing notices), newest first:
    each is sent once."""
    return notices.list_sent(svc, caller, athlete_id, limit)


@router.get("/athletes/{athlete_id}/jobs/{job_id}", response_model=JobOut, tags=["sync"])
def get_job(svc: Svc, caller: Caller, athlete_id: AthleteId, job_id: Id) -> JobOut:
    return jobs.get_job(svc, caller, athlete_id, job_id)


@router.get("/athletes/{athlete_id}/status", response_model=StatusOut, tags=["status"])
def status_of(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    week: Annotated[date | None, Query(description="Any day of the week (default: today).")] = None,
) -> StatusOut:
    """The week's plan against what was done, form, and every goal."""
    return standing.status(svc, caller, athlete_id, week)


@router.get("/athletes/{athlete_id}/progress", response_model=GoalCards, tags=["status"])
def every_goal(svc: Svc, caller: Caller, athlete_id: AthleteId) -> GoalCards:
    """Every active goal with its readings, furthest behind first, and this week's hours."""
    return standing.goal_cards(svc, caller, athlete_id)


@router.get(
    "/athletes/{athlete_id}/progress/{goal}", response_model=GoalProgressSeries, tags=["status"]
)
def progress(
    svc: Svc, caller: Caller, athlete_id: AthleteId, goal: str, since: date | None = None
) -> GoalProgressSeries:
    """One goal (id or kind): status, rates, projection and readings."""
    return standing.progress(svc, caller, athlete_id, goal, since)


@router.get("/athletes/{athlete_id}/load", response_model=LoadSeries, tags=["status"])
def load(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    days: Annotated[int, Query(ge=1, le=standing.MAX_LOAD_DAYS)] = 28,
) -> LoadSeries:
    """Daily load by sport with fitness, fatigue and form, the last ``days`` days."""
    return standing.load_series(svc, caller, athlete_id, days)
