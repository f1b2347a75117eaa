"""Goals are data: a kind (which measurable thing), a direction, an optional target and deadline.

A goal kind names the metric that measures it, so analysis can find its evidence; ``custom`` goals
name any :class:`MetricType` themselves. The first athlete's goal set is :func:`default_goals`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coach.domain.errors import ValidationFailed, invalid
from coach.domain.metrics import METRIC_SPECS, MetricType, check_metric_value
from coach.domain.units import Dimension

HIGHEST_PRIORITY = 1
LOWEST_PRIORITY = 5


class Direction(StrEnum):
    INCREASE = "increase"  # higher is better; a target is the value to reach
    DECREASE = "decrease"  # lower is better; a target is the value to get down to
    MAINTAIN = "maintain"  # hold the target (or the current value) steady
    RANGE = "range"  # stay between target_value and target_max


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class GoalCategory(StrEnum):
    BODY_COMPOSITION = "body_composition"
    ENDURANCE = "endurance"
    POWER = "power"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    SWIM = "swim"
    VOLUME = "volume"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class GoalKindSpec:
    metric: MetricType | None
    dimension: Dimension
    direction: Direction
    category: GoalCategory
    title: str
    relative_to_body_weight: bool = False


class GoalKind(StrEnum):
    BODY_FAT = "body_fat"
    BODY_WEIGHT = "body_weight"
    VO2_MAX = "vo2_max"
    BOX_JUMP = "box_jump"
    BROAD_JUMP = "broad_jump"
    SQUAT_RELATIVE = "squat_relative"
    RDL_RELATIVE = "rdl_relative"
    SIT_AND_REACH = "sit_and_reach"
    SINGLE_LEG_BALANCE = "single_leg_balance"
    SWIM_100YD_FREE = "swim_100yd_free"
    CSS = "css"
    RUN_5K = "run_5k"
    FTP = "ftp"
    RESTING_HR = "resting_hr"
    WEEKLY_HOURS = "weekly_hours"
    CUSTOM = "custom"


GOAL_KINDS: dict[GoalKind, GoalKindSpec] = {
    GoalKind.BODY_FAT: GoalKindSpec(
        MetricType.BODY_FAT_PCT,
        Dimension.PERCENT,
        Direction.DECREASE,
        GoalCategory.BODY_COMPOSITION,
        "Body fat",
    ),
    GoalKind.BODY_WEIGHT: GoalKindSpec(
        MetricType.WEIGHT_KG,
        Dimension.MASS,
        Direction.DECREASE,
        GoalCategory.BODY_COMPOSITION,
        "Body weight",
    ),
    GoalKind.VO2_MAX: GoalKindSpec(
        MetricType.VO2_MAX, Dimension.VO2, Direction.INCREASE, GoalCategory.ENDURANCE, "VO2 max"
    ),
    GoalKind.BOX_JUMP: GoalKindSpec(
        MetricType.BOX_JUMP_HEIGHT_M,
        Dimension.LENGTH,
        Direction.INCREASE,
        GoalCategory.POWER,
        "Box jump height",
    ),
    GoalKind.BROAD_JUMP: GoalKindSpec(
        MetricType.BROAD_JUMP_M,
        Dimension.LENGTH,
        Direction.INCREASE,
        GoalCategory.POWER,
        "Broad jump",
    ),
    GoalKind.SQUAT_RELATIVE: GoalKindSpec(
        MetricType.SQUAT_1RM_KG,
        Dimension.RATIO,
        Direction.INCREASE,
        GoalCategory.STRENGTH,
        "Squat 1RM / body weight",
        relative_to_body_weight=True,
    ),
    GoalKind.RDL_RELATIVE: GoalKindSpec(
        MetricType.RDL_1RM_KG,
        Dimension.RATIO,
        Direction.INCREASE,
        GoalCategory.STRENGTH,
        "Romanian deadlift 1RM / body weight",
        relative_to_body_weight=True,
    ),
    GoalKind.SIT_AND_REACH: GoalKindSpec(
        MetricType.SIT_AND_REACH_M,
        Dimension.LENGTH,
        Direction.INCREASE,
        GoalCategory.MOBILITY,
        "Sit and reach",
    ),
    GoalKind.SINGLE_LEG_BALANCE: GoalKindSpec(
        MetricType.SINGLE_LEG_BALANCE_S,
        Dimension.DURATION,
        Direction.INCREASE,
        GoalCategory.MOBILITY,
        "Single-leg balance (eyes closed)",
    ),
    GoalKind.SWIM_100YD_FREE: GoalKindSpec(
        MetricType.SWIM_100YD_FREE_S,
        Dimension.DURATION,
        Direction.DECREASE,
        GoalCategory.SWIM,
        "100 yd freestyle",
    ),
    GoalKind.CSS: GoalKindSpec(
        MetricType.CSS_S_PER_100M,
        Dimension.SWIM_PACE,
        Direction.DECREASE,
        GoalCategory.SWIM,
        "Critical swim speed",
    ),
    GoalKind.RUN_5K: GoalKindSpec(
        MetricType.RUN_5K_S,
        Dimension.DURATION,
        Direction.DECREASE,
        GoalCategory.ENDURANCE,
        "5 km run",
    ),
    GoalKind.FTP: GoalKindSpec(
        MetricType.FTP_W, Dimension.POWER, Direction.INCREASE, GoalCategory.ENDURANCE, "FTP"
    ),
    GoalKind.RESTING_HR: GoalKindSpec(
        MetricType.RESTING_HR_BPM,
        Dimension.HEART_RATE,
        Direction.DECREASE,
        GoalCategory.ENDURANCE,
        "Resting heart rate",
    ),
    GoalKind.WEEKLY_HOURS: GoalKindSpec(
        MetricType.WEEKLY_HOURS,
        Dimension.WEEKLY_HOURS,
        Direction.RANGE,
        GoalCategory.VOLUME,
        "Weekly training time",
    ),
    GoalKind.CUSTOM: GoalKindSpec(
        None, Dimension.COUNT, Direction.INCREASE, GoalCategory.OTHER, "Custom goal"
    ),
}


def parse_goal_kind(text: str) -> GoalKind:
    try:
        return GoalKind(text.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(kind.value for kind in GoalKind)
        raise ValidationFailed(f"unknown goal kind {text!r} (known: {known})") from None


def goal_dimension(kind: GoalKind, metric: MetricType | None = None) -> Dimension:
    """What a goal's values measure: the kind's dimension, or a custom goal's metric's."""
    if kind is not GoalKind.CUSTOM:
        return GOAL_KINDS[kind].dimension
    if metric is None:
        raise ValidationFailed("a custom goal needs --metric: the metric that measures it")
    return METRIC_SPECS[metric].dimension


class Goal(BaseModel):
    """One goal of one athlete. Values are in the canonical unit of the goal's dimension."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: GoalKind
    title: str = Field(min_length=1, max_length=120)
    metric: MetricType | None = None
    direction: Direction
    target_value: float | None = None
    target_max: float | None = None
    deadline: date | None = None
    priority: int = Field(default=3, ge=HIGHEST_PRIORITY, le=LOWEST_PRIORITY)
    status: GoalStatus = GoalStatus.ACTIVE
    notes: str | None = None

    @property
    def spec(self) -> GoalKindSpec:
        return GOAL_KINDS[self.kind]

    @property
    def measured_by(self) -> MetricType:
        """The metric whose values are evidence for this goal."""
        metric = self.metric or self.spec.metric
        assert metric is not None  # guaranteed by the validator
        return metric

    @property
    def dimension(self) -> Dimension:
        return goal_dimension(self.kind, self.metric)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind is GoalKind.CUSTOM and self.metric is None:
            raise ValueError("a custom goal names the metric that measures it")
        if self.kind is not GoalKind.CUSTOM and self.metric not in (None, self.spec.metric):
            raise ValueError(f"a {self.kind.value} goal is measured by {self.spec.metric}")
        if self.direction is Direction.RANGE:
            if self.target_value is None or self.target_max is None:
                raise ValueError("a range goal needs a lower and an upper bound")
            if self.target_value >= self.target_max:
                raise ValueError("the lower bound must be below the upper bound")
        elif self.target_max is not None:
            raise ValueError("only a range goal has an upper bound")
        if not self.spec.relative_to_body_weight:
            for bound in (self.target_value, self.target_max):
                if bound is not None:
                    check_metric_value(self.measured_by, bound)
        elif self.target_value is not None and not 0 < self.target_value <= 5:
            raise ValueError("a body-weight ratio target must be between 0 and 5")
        return self


def make_goal(
    kind: GoalKind,
    *,
    target_value: float | None = None,
    target_max: float | None = None,
    direction: Direction | None = None,
    title: str | None = None,
    metric: MetricType | None = None,
    deadline: date | None = None,
    priority: int = 3,
    notes: str | None = None,
) -> Goal:
    """Build a goal with the kind's defaults, turning validation failures into one clear line."""
    spec = GOAL_KINDS[kind]
    try:
        return Goal(
            kind=kind,
            title=title or spec.title,
            metric=metric,
            direction=direction or spec.direction,
            target_value=target_value,
            target_max=target_max,
            deadline=deadline,
            priority=priority,
            notes=notes,
        )
    except ValidationError as exc:
        raise invalid(f"{kind.value} goal", exc) from None


EXPLOSIVE_NOTE = "Explosive and flexible for snowboarding, golf, wakeboarding and wood chopping."


def default_goals() -> list[Goal]:
    """The first athlete's goals (SPECIFICATION.md, Goals 1-5). Edit them with ``coach goals``."""
    return [
        make_goal(
            GoalKind.WEEKLY_HOURS,
            target_value=3.0,
            target_max=5.0,
            priority=1,
            notes="Train 3-5 h a week at convenient times.",
        ),
        make_goal(
            GoalKind.BODY_FAT,
            target_value=14.0,
            priority=2,
            notes="Reach and maintain 14 % body fat.",
        ),
        make_goal(GoalKind.VO2_MAX, priority=2, notes="Keep VO2 max rising."),
        make_goal(GoalKind.SWIM_100YD_FREE, priority=2, notes="Faster 100 yd freestyle."),
        make_goal(GoalKind.BOX_JUMP, priority=3, notes=EXPLOSIVE_NOTE),
        make_goal(GoalKind.SQUAT_RELATIVE, priority=3, notes=EXPLOSIVE_NOTE),
        make_goal(GoalKind.RDL_RELATIVE, priority=3, notes=EXPLOSIVE_NOTE),
        make_goal(GoalKind.SIT_AND_REACH, priority=3, notes=EXPLOSIVE_NOTE),
        make_goal(
            GoalKind.SINGLE_LEG_BALANCE,
            direction=Direction.MAINTAIN,
            priority=3,
            notes=EXPLOSIVE_NOTE,
        ),
    ]
