"""Daily reviews and the plan adjustments they propose."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.db.models import DailyReview, PlanAdjustment
from coach.domain.errors import NotFound
from coach.domain.plan import AdjustmentStatus


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


def replace_proposals(
    session: Session,
    review: DailyReview,
    plan_id: int,
    proposals: list[dict[str, Any]],
    at: datetime,
) -> list[PlanAdjustment]:
    """The review's undecided proposals replaced by ``proposals``; decided ones stay."""
    session.execute(
        delete(PlanAdjustment).where(
            PlanAdjustment.review_id == review.id,
            PlanAdjustment.status == AdjustmentStatus.PROPOSED,
        )
    )
    rows = [
        PlanAdjustment(
            plan_id=plan_id,
            review_id=review.id,
            rule_id=p["rule_id"],
            rule_version=p["rule_version"],
            status=AdjustmentStatus.PROPOSED,
            title=p["title"][:120],
            rationale=p["rationale"],
            effect=p.get("effect", ""),
            evidence=p["evidence"],
            operations=p["operations"],
            proposed_at=at,
        )
        for p in proposals
    ]
    session.add_all(rows)
    session.flush()
    return rows


def get_review(session: Session, athlete_id: int, review_id: int) -> DailyReview:
    row = session.get(DailyReview, review_id)
    if row is None or row.athlete_id != athlete_id:
        raise NotFound(f"no review {review_id}: `coach review` writes today's and shows its id")
    return row


def adjustments_of(session: Session, review_id: int) -> list[PlanAdjustment]:
    return list(
        session.scalars(
            select(PlanAdjustment)
            .where(PlanAdjustment.review_id == review_id)
            .order_by(PlanAdjustment.id)
        )
    )
