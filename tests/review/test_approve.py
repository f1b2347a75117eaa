"""Approving proposals one after another: each names workouts by the rows it saw, so a later one
must carry on from the workout's current row, not act on a row an earlier approval replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.db.models import Athlete, PlanAdjustment, PlannedWorkout
from coach.db.repo.athletes import create_athlete
from coach.db.repo.reviews import keep_proposals, upsert_review
from coach.db.session import session_scope
from coach.domain.athlete import AthleteProfile
from coach.domain.clock import FixedClock
from coach.domain.plan import AdjustmentStatus
from coach.review.approve import approve
from tests.plans import add_plan, current, easy_run

MON = date(2026, 11, 30)
CLOCK = FixedClock(datetime(2026, 11, 27, 20, tzinfo=UTC))


def proposal(rule: str, *operations: tuple[str, int | None, dict[str, Any]]) -> dict[str, Any]:
    return {
        "rule_id": rule,
        "rule_version": 1,
        "title": rule,
        "rationale": "because",
        "evidence": {},
        "operations": [{"kind": k, "workout_id": w, "params": p} for k, w, p in operations],
    }


def setup(session: Session) -> tuple[Athlete, list[PlannedWorkout]]:
    athlete = create_athlete(
        session, CLOCK, AthleteProfile(name="Sam", timezone="UTC"), [], [], on=MON
    )
    rows = add_plan(
        session,
        athlete.id,
        MON,
        [("run", MON + timedelta(days=2), easy_run(40)), ("other", MON, easy_run(30))],
    )
    return athlete, rows


def review_with(
    session: Session, athlete: Athlete, plan_id: int, *proposals: dict[str, Any]
) -> list[PlanAdjustment]:
    review = upsert_review(
        session,
        athlete.id,
        MON - timedelta(days=3),
        planned_vs_actual={},
        insights="",
        plan_adjustments=list(proposals),
        next_week_focus="",
    )
    return keep_proposals(session, review, plan_id, list(proposals), CLOCK.now())


def test_a_later_proposal_changes_the_workout_an_earlier_one_already_changed(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        athlete, (run, _) = setup(session)
        saturday = (MON + timedelta(days=5)).isoformat()
        ease, move = review_with(
            session,
            athlete,
            run.plan_id,
            proposal("fatigue", ("shorten", run.id, {"factor": 0.5})),
            proposal("schedule_conflict", ("move", run.id, {"day": saturday, "start": "09:00:00"})),
        )
        approve(session, CLOCK, athlete, ease)
        approve(session, CLOCK, athlete, move)
        now = current(session, "run")
        assert now.created_in_version == 3
        assert now.scheduled_date.isoformat() == saturday  # moved ...
        assert now.estimated_duration == 20 * 60  # ... and still the shortened run
        assert move.after is not None and move.after["skipped"] == []
        assert move.status is AdjustmentStatus.APPLIED


def test_a_workout_removed_since_is_skipped_and_said(engine: Engine) -> None:
    with session_scope(engine) as session:
        athlete, (run, other) = setup(session)
        rest, swap = review_with(
            session,
            athlete,
            run.plan_id,
            proposal("fatigue", ("remove", run.id, {})),
            proposal(
                "goal_balance",
                ("shorten", run.id, {"factor": 0.8}),
                ("shorten", other.id, {"factor": 0.5}),
            ),
        )
        approve(session, CLOCK, athlete, rest)
        approve(session, CLOCK, athlete, swap)
        assert swap.after is not None and swap.after["skipped"] == [run.id]
        assert current(session, "other").estimated_duration == 15 * 60
        live_runs = session.query(PlannedWorkout).filter(
            PlannedWorkout.workout_uid == "run", PlannedWorkout.removed_in_version.is_(None)
        )
        assert live_runs.count() == 0  # the removal stands


def hard_run() -> Any:
    from coach.domain.units import PoolUnit
    from coach.planning.library import workout_library

    template = next(t for t in workout_library() if t.id == "run_4x4")
    return template.definition(25, PoolUnit.YARDS)


def test_the_coaching_operations_apply_to_the_current_row(engine: Engine) -> None:
    from coach.planning.transform import classify

    with session_scope(engine) as session:
        athlete = create_athlete(
            session, CLOCK, AthleteProfile(name="Sam", timezone="UTC"), [], [], on=MON
        )
        vo2, other = add_plan(
            session,
            athlete.id,
            MON,
            [("vo2", MON + timedelta(days=5), hard_run()), ("other", MON, easy_run(30))],
        )
        easier, strength = review_with(
            session,
            athlete,
            vo2.plan_id,
            proposal("easier_day", ("steady", vo2.id, {"minutes": 45})),
            proposal(
                "goal_balance",
                ("replace", other.id, {"template": "strength_full_body"}),
                ("add_exercise", other.id, {"exercise": "broad_jump", "sets": 3, "reps": 5}),
                ("drop_exercise", other.id, {"exercise": "push_up"}),
            ),
        )
        approve(session, CLOCK, athlete, easier)
        steady = current(session, "vo2")
        assert classify(steady.workout_definition)[0] is False  # no longer hard
        assert steady.workout_definition.fixed_duration_s() == 45 * 60  # the same length
        assert steady.workout_definition.name == "Run VO2 max 4 x 4 min (steady)"
        approve(session, CLOCK, athlete, strength)
        lifted = [e.exercise_id for e in current(session, "other").workout_definition.exercises]
        assert lifted[0] == "broad_jump"  # jumps first, while fresh
        assert "push_up" not in lifted and "goblet_squat" in lifted


def test_a_reached_goal_is_held_in_its_band_once_approved(engine: Engine) -> None:
    from coach.db.repo.goals import add_goal, get_goal
    from coach.domain.goals import Direction, GoalKind, make_goal

    with session_scope(engine) as session:
        athlete, (run, _) = setup(session)
        goal = add_goal(session, CLOCK, athlete, make_goal(GoalKind.BODY_FAT, target_value=14.0))
        (hold,) = review_with(
            session,
            athlete,
            run.plan_id,
            proposal(
                "goal_reached", ("goal_range", None, {"goal": goal.id, "low": 13.5, "high": 14.5})
            ),
        )
        approve(session, CLOCK, athlete, hold)
        held = get_goal(session, athlete, goal.id).goal
        assert (held.direction, held.target_value, held.target_max) == (
            Direction.RANGE,
            13.5,
            14.5,
        )
        assert hold.after is not None
        assert hold.after["other"] == [{"goal": goal.id, "low": 13.5, "high": 14.5}]
