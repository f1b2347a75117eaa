"""WorkoutDefinition: every exporter renders from it, so it refuses what cannot be done."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from coach.domain.sport import Equipment, Sport
from coach.domain.units import M_PER_YD, PoolUnit
from coach.domain.workout import (
    Duration,
    DurationKind,
    Repeat,
    Step,
    StepKind,
    StrengthExercise,
    StrengthSet,
    SwimStroke,
    Target,
    TargetKind,
    TargetReference,
    WorkoutDefinition,
)

YD25 = 25 * M_PER_YD


def swim_css_set() -> WorkoutDefinition:
    """200 yd warm-up; 5 x (100 yd free on a 2:00 send-off); 4 x 25 yd kick drill; 100 yd easy."""
    return WorkoutDefinition(
        sport=Sport.SWIM,
        name="CSS 5x100",
        pool_length_m=YD25,
        pool_unit=PoolUnit.YARDS,
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.distance(8 * YD25),
                stroke=SwimStroke.FREESTYLE,
            ),
            Repeat(
                count=5,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.distance(4 * YD25),
                        stroke=SwimStroke.FREESTYLE,
                        target=Target(kind=TargetKind.CSS_OFFSET, low=-2, high=0),
                    ),
                    Step(
                        kind=StepKind.REST, duration=Duration(kind=DurationKind.SEND_OFF, value=120)
                    ),
                ),
            ),
            Repeat(
                count=4,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.distance(YD25),
                        stroke=SwimStroke.DRILL,
                        equipment=(Equipment.KICKBOARD,),
                    ),
                    Step(kind=StepKind.REST, duration=Duration.time(15)),
                ),
            ),
            Step(
                kind=StepKind.COOLDOWN, duration=Duration.distance(4 * YD25), stroke=SwimStroke.ANY
            ),
        ),
    )


def run_4x4() -> WorkoutDefinition:
    return WorkoutDefinition(
        sport=Sport.RUN,
        name="VO2 4x4",
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.time(600),
                target=Target(kind=TargetKind.HEART_RATE, zone=2),
            ),
            Repeat(
                count=4,
                skip_last_rest=True,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.time(240),
                        target=Target(
                            kind=TargetKind.HEART_RATE,
                            low=0.90,
                            high=0.95,
                            reference=TargetReference.PERCENT_MAX_HR,
                        ),
                    ),
                    Step(
                        kind=StepKind.RECOVERY,
                        duration=Duration.time(180),
                        target=Target(kind=TargetKind.SPEED, low=2.5, high=3.0),
                    ),
                ),
            ),
            Step(kind=StepKind.COOLDOWN, duration=Duration.time(600)),
        ),
    )


def strength_power() -> WorkoutDefinition:
    return WorkoutDefinition(
        sport=Sport.STRENGTH,
        name="Power A",
        exercises=(
            StrengthExercise.uniform(
                "box_jump", "Box jump", sets=4, reps=3, rest_s=120, equipment=(Equipment.PLYO_BOX,)
            ),
            StrengthExercise(
                exercise_id="back_squat",
                name="Back squat",
                sets=(
                    StrengthSet(reps=5, load_pct_1rm=0.5, kind="warmup"),
                    StrengthSet(reps=5, reps_max=6, load_kg=100, rpe=8),
                ),
            ),
            StrengthExercise(
                exercise_id="side_plank",
                name="Side plank",
                unilateral=True,
                sets=(StrengthSet(duration_s=45),) * 2,
            ),
        ),
    )


def test_a_swim_css_set_knows_its_distance_in_metres() -> None:
    workout = swim_css_set()
    # 8 + 5*4 + 4*1 + 4 = 36 lengths of 22.86 m
    assert workout.distance_m() == pytest.approx(36 * YD25)
    assert workout.fixed_duration_s() is None  # distance steps: time depends on the swimmer


def test_a_timed_run_knows_its_total_duration() -> None:
    # 600 + 4 * (240 + 180) + 600 = 2880 s
    assert run_4x4().fixed_duration_s() == 2880


def test_a_strength_session_counts_its_sets() -> None:
    assert strength_power().total_sets() == 4 + 2 + 2


@pytest.mark.parametrize("build", [swim_css_set, run_4x4, strength_power])
def test_a_definition_survives_json_unchanged(build: object) -> None:
    workout = build()  # type: ignore[operator]
    assert WorkoutDefinition.model_validate_json(workout.model_dump_json()) == workout


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"sport": "run", "name": "x"}, "needs steps or exercises"),
        (
            {
                "sport": "swim",
                "name": "x",
                "pool_length_m": 22.86,
                "pool_unit": "yd",
                "steps": [{"kind": "active", "duration": {"kind": "distance", "value": 50}}],
            },
            "not a whole number of 22.86 m pool lengths",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "pool_length_m": 25,
                "pool_unit": "m",
                "steps": [{"kind": "active", "duration": {"kind": "time", "value": 60}}],
            },
            "only a swim workout",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "steps": [
                    {
                        "kind": "active",
                        "duration": {"kind": "time", "value": 60},
                        "stroke": "freestyle",
                    }
                ],
            },
            "belong to swim",
        ),
        (
            {
                "sport": "swim",
                "name": "x",
                "steps": [{"kind": "active", "duration": {"kind": "send_off", "value": 60}}],
            },
            "belongs to a rest step",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "steps": [{"kind": "active", "duration": {"kind": "time", "value": 0}}],
            },
            "positive value",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "steps": [{"kind": "active", "duration": {"kind": "open", "value": 5}}],
            },
            "no duration value",
        ),
        (
            {
                "sport": "bike",
                "name": "x",
                "steps": [
                    {
                        "kind": "active",
                        "duration": {"kind": "time", "value": 60},
                        "target": {"kind": "power", "zone": 9},
                    }
                ],
            },
            "zone must be 1-7",
        ),
        (
            {
                "sport": "bike",
                "name": "x",
                "steps": [
                    {
                        "kind": "active",
                        "duration": {"kind": "time", "value": 60},
                        "target": {"kind": "power", "low": 300, "high": 200},
                    }
                ],
            },
            "low must not",
        ),
        (
            {
                "sport": "bike",
                "name": "x",
                "steps": [
                    {
                        "kind": "active",
                        "duration": {"kind": "time", "value": 60},
                        "target": {
                            "kind": "power",
                            "low": 0.9,
                            "high": 1.0,
                            "reference": "percent_max_hr",
                        },
                    }
                ],
            },
            "cannot be relative",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "exercises": [{"exercise_id": "squat", "name": "Squat", "sets": [{"reps": 5}]}],
            },
            "has steps, not strength",
        ),
        (
            {
                "sport": "strength",
                "name": "x",
                "exercises": [{"exercise_id": "squat", "name": "Squat", "sets": [{"load_kg": 50}]}],
            },
            "needs reps, a duration or a distance",
        ),
        (
            {
                "sport": "run",
                "name": "x",
                "steps": [
                    {
                        "type": "repeat",
                        "count": 2,
                        "steps": [
                            {
                                "type": "repeat",
                                "count": 2,
                                "steps": [
                                    {
                                        "type": "repeat",
                                        "count": 2,
                                        "steps": [
                                            {
                                                "kind": "active",
                                                "duration": {"kind": "time", "value": 5},
                                            }
                                        ],
                                    }
                                ],
                            }
                        ],
                    }
                ],
            },
            "nest at most 2",
        ),
    ],
)
def test_impossible_workouts_are_refused(payload: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        WorkoutDefinition.model_validate(payload)


@given(
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=1, max_value=600),
    st.integers(min_value=0, max_value=300),
)
def test_repeats_multiply_their_steps(count: int, work_s: int, rest_s: int) -> None:
    steps: list[Step] = [Step(kind=StepKind.ACTIVE, duration=Duration.time(work_s))]
    if rest_s:
        steps.append(Step(kind=StepKind.RECOVERY, duration=Duration.time(rest_s)))
    workout = WorkoutDefinition(
        sport=Sport.BIKE, name="r", steps=(Repeat(count=count, steps=tuple(steps)),)
    )
    assert workout.fixed_duration_s() == count * (work_s + rest_s)
