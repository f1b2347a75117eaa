"""Daily reviews and the plan adjustments they propose."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import Athlete, DailyReview, PlanAdjustment, PlannedWorkout, TrainingPlan
from coach.domain.errors import NotFound
from coach.domain.plan import AdjustmentStatus, PlanStatus, change_key


def upsert_review(
    session: Session,
    athlete_id: int,
    day: date,
    *,
    planned_vs_actual: dict[str, Any],
    insights: str,
    plan_adjustments: list[dict[str, Any]],
    next_week_focus: str,
    decision: str = "keep",
    headline: str = "",
) -> DailyReview:
    """The day's review, created or updated (one per athlete and date)."""
    row = session.scalar(
        select(DailyReview).where(
            DailyReview.athlete_id == athlete_id, DailyReview.review_date == day
        )
    )
    if row is None:
        row = DailyReview(athlete_id=athlete_id, review_date=day)
        session.add(row)
    row.planned_vs_actual = planned_vs_actual
    row.insights = insights
    row.plan_adjustments = plan_adjustments
    row.next_week_focus = next_week_focus
    row.decision = decision
    row.headline = headline
    session.flush()
    return row


def _uids(session: Session, operation_lists: Sequence[Sequence[dict[str, Any]]]) -> dict[int, str]:
    ids = {op["workout_id"] for ops in operation_lists for op in ops if op.get("workout_id")}
    if not ids:
        return {}
    rows = session.execute(
        select(PlannedWorkout.id, PlannedWorkout.workout_uid).where(PlannedWorkout.id.in_(ids))
    )
    return dict(rows.all())


def _key(rule_id: str, operations: Sequence[dict[str, Any]], uids: dict[int, str]) -> str:
    """The change's key (coach.planning.rules.base.change_key), its workouts named by uid so
    a change is recognised on a later version of the same workout."""
    return change_key(
        rule_id,
        [
            (
                op["kind"],
                uids.get(op.get("workout_id") or 0, op.get("workout_id")),
                op.get("params", {}),
            )
            for op in operations
        ],
    )


def _keys(session: Session, adjustments: Sequence[PlanAdjustment]) -> dict[int, str]:
    uids = _uids(session, [a.operations for a in adjustments])
    return {a.id: _key(a.rule_id, a.operations, uids) for a in adjustments}


def _review_of(session: Session, athlete_id: int, day: date) -> DailyReview | None:
    return session.scalar(
        select(DailyReview).where(
            DailyReview.athlete_id == athlete_id, DailyReview.review_date == day
        )
    )


def reviewed_days(session: Session, wanted: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which of the (athlete, day) pairs have a review (one query per distinct day)."""
    found: set[tuple[int, date]] = set()
    for day in {d for _, d in wanted}:
        athletes = [a for a, d in wanted if d == day]
        rows = session.scalars(
            select(DailyReview.athlete_id).where(
                DailyReview.review_date == day, DailyReview.athlete_id.in_(athletes)
            )
        )
        found |= {(a, day) for a in rows}
    return found


def reviewed_on(session: Session, athlete_id: int, day: date) -> bool:
    """Whether the athlete's review of ``day`` exists."""
    return _review_of(session, athlete_id, day) is not None


def settled_changes(session: Session, athlete: Athlete, day: date) -> frozenset[str]:
    """The changes not to propose again tonight: every change applied to the active plan, and
    every one turned down in this evening's review."""
    plan = session.scalar(
        select(TrainingPlan.id).where(
            TrainingPlan.athlete_id == athlete.id, TrainingPlan.status == PlanStatus.ACTIVE
        )
    )
    decided: list[PlanAdjustment] = []
    if plan is not None:
        decided += session.scalars(
            select(PlanAdjustment).where(
                PlanAdjustment.plan_id == plan,
                PlanAdjustment.status == AdjustmentStatus.APPLIED,
            )
        )
    review = _review_of(session, athlete.id, day)
    if review is not None:
        decided += session.scalars(
            select(PlanAdjustment).where(
                PlanAdjustment.review_id == review.id,
                PlanAdjustment.status == AdjustmentStatus.REJECTED,
            )
        )
    return frozenset(_keys(session, decided).values())


WITHDRAWN_REASON = "a later review of the same evening no longer proposes it"


def keep_proposals(
    session: Session,
    review: DailyReview,
    plan_id: int,
    proposals: list[dict[str, Any]],
    at: datetime,
) -> list[PlanAdjustment]:
    """The review's proposals after another look at the evening. Numbers are stable: a change
    proposed again keeps its row and number (its words refreshed); an open one no longer
    proposed is withdrawn (kept, never deleted, so `approve N` can never reach another change);
    a new one takes the next number. A change with no operation, or one already decided in this
    review, is not offered."""
    existing = list(
        session.scalars(
            select(PlanAdjustment)
            .where(PlanAdjustment.review_id == review.id)
            .order_by(PlanAdjustment.number, PlanAdjustment.id)
        )
    )
    uids = _uids(session, [a.operations for a in existing] + [p["operations"] for p in proposals])
    by_key = {_key(a.rule_id, a.operations, uids): a for a in existing}
    next_number = max((a.number for a in existing), default=0) + 1
    kept: list[PlanAdjustment] = []
    for p in proposals:
        if not p["operations"]:
            continue
        ours = by_key.get(_key(p["rule_id"], p["operations"], uids))
        if ours is not None and ours.status is not AdjustmentStatus.PROPOSED:
            if ours.status is not AdjustmentStatus.WITHDRAWN:
                continue  # applied, rejected or undone this evening: decided
            ours.status, ours.decided_at, ours.decision_reason = (
                AdjustmentStatus.PROPOSED,
                None,
                None,
            )
        if ours is None or ours.plan_id != plan_id:
            ours = PlanAdjustment(
                plan_id=plan_id,
                review_id=review.id,
                number=next_number,
                status=AdjustmentStatus.PROPOSED,
                proposed_at=at,
            )
            next_number += 1
            session.add(ours)
        ours.rule_id = p["rule_id"]
        ours.rule_version = p["rule_version"]
        ours.title = p["title"][:120]
        ours.rationale = p["rationale"]
        ours.effect = p.get("effect", "")
        ours.evidence = p["evidence"]
        ours.operations = p["operations"]
        kept.append(ours)
    for adjustment in existing:
        if adjustment.status is AdjustmentStatus.PROPOSED and adjustment not in kept:
            adjustment.status = AdjustmentStatus.WITHDRAWN
            adjustment.decided_at = at
            adjustment.decision_reason = WITHDRAWN_REASON
    session.flush()
    return kept


def get_review(session: Session, athlete_id: int, review_id: int) -> DailyReview:
    row = session.get(DailyReview, review_id)
    if row is None or row.athlete_id != athlete_id:
        raise NotFound(f"no review {review_id}: `coach review` writes today's and shows its id")
    return row


def list_reviews(session: Session, athlete_id: int, limit: int) -> list[DailyReview]:
    """The athlete's reviews, newest first."""
    return list(
        session.scalars(
            select(DailyReview)
            .where(DailyReview.athlete_id == athlete_id)
            .order_by(DailyReview.review_date.desc())
            .limit(limit)
        )
    )


def adjustments_of(session: Session, review_id: int) -> list[PlanAdjustment]:
    return list(
        session.scalars(
            select(PlanAdjustment)
            .where(PlanAdjustment.review_id == review_id)
            .order_by(PlanAdjustment.number, PlanAdjustment.id)
        )
    )
