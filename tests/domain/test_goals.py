"""Goals are data: kinds with defaults, validated targets, the first athlete's default set."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.errors import ValidationFailed
from coach.domain.goals import (
    Direction,
    GoalCategory,
    GoalKind,
    default_goals,
    goal_dimension,
    make_goal,
    parse_goal_kind,
)
from coach.domain.metrics import MetricType
from coach.domain.units import Dimension


def test_the_default_goal_set_is_the_first_athletes() -> None:
    goals = {goal.kind: goal for goal in default_goals()}
    assert goals[GoalKind.BODY_FAT].target_value == 14.0
    assert goals[GoalKind.BODY_FAT].direction is Direction.DECREASE
    assert goals[GoalKind.VO2_MAX].direction is Direction.INCREASE
    assert goals[GoalKind.SWIM_100YD_FREE].direction is Direction.DECREASE
    hours = goals[GoalKind.WEEKLY_HOURS]
    assert (hours.direction, hours.target_value, hours.target_max) == (Direction.RANGE, 3.0, 5.0)
    explosive = {
        GoalKind.BOX_JUMP,
        GoalKind.SQUAT_RELATIVE,
        GoalKind.RDL_RELATIVE,
        GoalKind.SIT_AND_REACH,
        GoalKind.SINGLE_LEG_BALANCE,
    }
    assert explosive <= set(goals)
    assert goals[GoalKind.SQUAT_RELATIVE].spec.relative_to_body_weight
    assert goals[GoalKind.SIT_AND_REACH].spec.category is GoalCategory.MOBILITY


@pytest.mark.parametrize(
    ("kind", "kwargs", "message"),
    [
        (GoalKind.BODY_FAT, {"target_value": 1.0}, "outside the plausible range"),
        (GoalKind.BODY_FAT, {"target_value": 90.0}, "outside the plausible range"),
        (GoalKind.WEEKLY_HOURS, {"target_value": 5.0}, "lower and an upper bound"),
        (GoalKind.WEEKLY_HOURS, {"target_value": 5.0, "target_max": 3.0}, "below the upper"),
        (GoalKind.VO2_MAX, {"target_value": 50.0, "target_max": 55.0}, "only a range goal"),
        (GoalKind.SQUAT_RELATIVE, {"target_value": 9.0}, "between 0 and 5"),
        (GoalKind.CUSTOM, {}, "names the metric"),
        (GoalKind.BODY_FAT, {"priority": 0}, "priority"),
        (GoalKind.BODY_FAT, {"metric": MetricType.VO2_MAX}, "measured by"),
    ],
)
def test_invalid_goals_are_refused_with_the_reason(
    kind: GoalKind, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        make_goal(kind, **kwargs)  # type: ignore[arg-type]


def test_a_custom_goal_is_measured_by_the_metric_it_names() -> None:
    goal = make_goal(
        GoalKind.CUSTOM,
        metric=MetricType.BROAD_JUMP_M,
        target_value=2.5,
        title="Broad jump 2.5 m",
        deadline=date(2027, 3, 1),
    )
    assert goal.measured_by is MetricType.BROAD_JUMP_M
    assert goal.dimension is Dimension.LENGTH
    assert goal_dimension(GoalKind.CUSTOM, MetricType.RUN_5K_S) is Dimension.DURATION


def test_goal_kinds_are_read_forgivingly_and_refused_with_the_known_list() -> None:
    assert parse_goal_kind("Swim-100yd-Free") is GoalKind.SWIM_100YD_FREE
    with pytest.raises(ValidationFailed, match="known: body_fat"):
        parse_goal_kind("six-pack")


@given(st.floats(min_value=0, max_value=59), st.floats(min_value=0.01, max_value=1))
def test_a_range_goal_is_valid_exactly_when_its_bounds_are_ordered(low: float, gap: float) -> None:
    goal = make_goal(GoalKind.WEEKLY_HOURS, target_value=low, target_max=min(low + gap, 60))
    assert goal.target_value is not None
    assert goal.target_max is not None
    assert goal.target_value < goal.target_max
    with pytest.raises(ValidationFailed):
        make_goal(GoalKind.WEEKLY_HOURS, target_value=low + gap, target_max=low)
