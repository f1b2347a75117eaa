"""FIT workout files decode back with garmin-fit-sdk, step by step equal to their definition."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from garmin_fit_sdk import Decoder, Stream

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
from coach.export.fit_workout import Thresholds, encode_workout, serial_number

T = Thresholds(max_hr_bpm=185, lthr_bpm=165, ftp_w=250, threshold_speed_mps=4.0, css_s_per_100m=95)
CREATED = datetime(2026, 11, 23, 20, tzinfo=UTC)


def decode(data: bytes) -> dict[str, Any]:
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit()
    assert checker.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def encode(definition: WorkoutDefinition, **kw: Any) -> dict[str, Any]:
    return decode(encode_workout(definition, T, workout_uid="uid-1", created=CREATED, **kw))


@pytest.mark.parametrize(
    ("unit", "pool", "raw_pool"),
    [(PoolUnit.YARDS, 25 * M_PER_YD, 22.86), (PoolUnit.METRES, 25.0, 25.0)],
)
def test_a_pool_swim_round_trips_in_both_units(
    unit: PoolUnit, pool: float, raw_pool: float
) -> None:
    length = pool
    definition = WorkoutDefinition(
        sport=Sport.SWIM,
        name="CSS set",
        pool_length_m=pool,
        pool_unit=unit,
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.distance(8 * length),
                stroke=SwimStroke.FREESTYLE,
            ),
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.distance(4 * length),
                stroke=SwimStroke.DRILL,
                equipment=(Equipment.KICKBOARD,),
                notes="catch-up",
            ),
            Repeat(
                count=5,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.distance(4 * length),
                        stroke=SwimStroke.FREESTYLE,
                        target=Target(kind=TargetKind.CSS_OFFSET, low=-2, high=0),
                    ),
                    Step(
                        kind=StepKind.REST, duration=Duration(kind=DurationKind.SEND_OFF, value=120)
                    ),
                ),
            ),
            Step(kind=StepKind.REST, duration=Duration.open()),
            Step(kind=StepKind.RECOVERY, duration=Duration.distance(2 * length)),
            Step(kind=StepKind.REST, duration=Duration.time(15)),
            Step(
                kind=StepKind.COOLDOWN,
                duration=Duration.distance(4 * length),
                stroke=SwimStroke.BACKSTROKE,
            ),
        ),
    )
    messages = encode(definition)
    (workout,) = messages["workout_mesgs"]
    assert (workout["sport"], workout["sub_sport"]) == ("swimming", "lap_swimming")
    assert workout["pool_length"] == pytest.approx(raw_pool)
    assert workout["pool_length_unit"] == ("statute" if unit is PoolUnit.YARDS else "metric")
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps) == 9
    assert [s["intensity"] for s in steps if "intensity" in s] == [
        "warmup", "active", "active", "rest", "rest", "recovery", "rest", "cooldown",
    ]  # fmt: skip
    assert steps[0]["duration_distance"] == pytest.approx(8 * length, abs=0.01)
    assert steps[0]["target_stroke_type"] == "freestyle"
    assert (steps[1]["target_stroke_type"], steps[1]["equipment"]) == ("drill", "swim_kickboard")
    assert steps[1]["notes"] == "catch-up"
    assert "CSS -2..+0" in steps[2]["notes"]  # the pace rides in the notes beside the stroke
    assert (steps[3]["duration_type"], steps[3]["duration_time"]) == ("repetition_time", 120.0)
    assert steps[4]["duration_type"] == "repeat_until_steps_cmplt"
    assert (steps[4]["duration_step"], steps[4]["repeat_steps"]) == (2, 5)
    assert steps[5]["duration_type"] == "open"
    assert (steps[7]["duration_type"], steps[7]["duration_time"]) == ("time", 15.0)
    assert steps[8]["target_stroke_type"] == "backstroke"


def test_run_targets_in_zones_bpm_pace_and_percent_of_threshold() -> None:
    definition = WorkoutDefinition(
        sport=Sport.RUN,
        name="4x4",
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.time(600),
                target=Target(kind=TargetKind.HEART_RATE, zone=2),
            ),
            Repeat(
                count=4,
                steps=(
                    Step(
                        kind=StepKind.ACTIVE,
                        duration=Duration.time(240),
                        target=Target(
                            kind=TargetKind.HEART_RATE,
                            low=90,
                            high=95,
                            reference=TargetReference.PERCENT_LTHR,
                        ),
                    ),
                    Step(
                        kind=StepKind.RECOVERY,
                        duration=Duration.time(180),
                        target=Target(kind=TargetKind.HEART_RATE, low=120, high=140),
                    ),
                ),
            ),
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.distance(800),
                target=Target(kind=TargetKind.SPEED, low=4.0, high=4.167),
            ),
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.distance(400),
                target=Target(
                    kind=TargetKind.SPEED,
                    low=95,
                    high=100,
                    reference=TargetReference.PERCENT_THRESHOLD_SPEED,
                ),
            ),
            Step(
                kind=StepKind.COOLDOWN,
                duration=Duration.open(),
                target=Target(kind=TargetKind.RPE, low=2, high=3),
            ),
        ),
    )
    steps = encode(definition)["workout_step_mesgs"]
    assert (steps[0]["target_type"], steps[0]["target_hr_zone"]) == ("heart_rate", 2)
    # % of LTHR has no FIT form: bpm (+100 offset, read back raw by garmin-fit-sdk)
    assert steps[1]["custom_target_heart_rate_low"] - 100 == round(0.90 * 165)
    assert steps[1]["custom_target_heart_rate_high"] - 100 == round(0.95 * 165)
    assert (
        steps[2]["custom_target_heart_rate_low"],
        steps[2]["custom_target_heart_rate_high"],
    ) == (220, 240)
    assert (steps[3]["duration_step"], steps[3]["repeat_steps"]) == (1, 4)
    assert steps[4]["custom_target_speed_low"] == pytest.approx(4.0)
    assert steps[4]["custom_target_speed_high"] == pytest.approx(4.167)
    assert steps[5]["custom_target_speed_low"] == pytest.approx(0.95 * 4.0, abs=0.001)
    assert steps[6]["target_type"] == "open"
    assert steps[6]["notes"] == "RPE 2-3"


def test_bike_power_as_zone_watts_and_percent_ftp() -> None:
    definition = WorkoutDefinition(
        sport=Sport.BIKE,
        name="Sweet spot",
        steps=(
            Step(
                kind=StepKind.WARMUP,
                duration=Duration.time(600),
                target=Target(kind=TargetKind.POWER, zone=1),
            ),
            Step(
                kind=StepKind.ACTIVE,
                duration=Duration.time(480),
                target=Target(kind=TargetKind.POWER, low=240, high=260),
            ),
            Step(
                kind=StepKind.RECOVERY,
                duration=Duration.time(240),
                target=Target(
                    kind=TargetKind.POWER, low=55, high=65, reference=TargetReference.PERCENT_FTP
                ),
            ),
        ),
    )
    steps = encode(definition)["workout_step_mesgs"]
    assert (steps[0]["target_type"], steps[0]["target_power_zone"]) == ("power", 1)
    assert (steps[1]["custom_target_power_low"], steps[1]["custom_target_power_high"]) == (
        1240,
        1260,
    )
    assert (steps[2]["custom_target_power_low"], steps[2]["custom_target_power_high"]) == (55, 65)
    assert steps[1]["duration_time"] == 480.0


def test_strength_sets_carry_the_fit_exercise_reps_weight_and_rest() -> None:
    definition = WorkoutDefinition(
        sport=Sport.STRENGTH,
        name="Legs",
        exercises=(
            StrengthExercise.uniform(
                "back_squat", "Back squat", sets=3, reps=5, load_kg=90, rest_s=120
            ),
            StrengthExercise(
                exercise_id="plank",
                name="Plank",
                sets=(StrengthSet(duration_s=45), StrengthSet(duration_s=45, rpe=8)),
                rest_s=30,
            ),
        ),
    )
    messages = encode(definition)
    (workout,) = messages["workout_mesgs"]
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    steps = messages["workout_step_mesgs"]
    squats = [s for s in steps if s.get("exercise_category") == "squat"]
    assert len(squats) == 3
    assert all(s["duration_reps"] == 5 and s["exercise_weight"] == 90.0 for s in squats)
    assert all(s["exercise_name"] == 6 for s in squats)  # squat_exercise_name.barbell_back_squat
    rests = [s for s in steps if s["intensity"] == "rest"]
    assert [r["duration_time"] for r in rests] == [
        120.0,
        120.0,
        120.0,
        30.0,
    ]  # none after the last set
    planks = [s for s in steps if s.get("exercise_category") == "plank"]
    assert [p["duration_time"] for p in planks] == [45.0, 45.0]
    assert planks[1]["notes"] == "RPE 8"


def test_each_workout_gets_its_own_serial_and_repeat_counting_is_a_setting() -> None:
    assert serial_number("a") != serial_number("b")
    assert serial_number("a") == serial_number("a")
    definition = WorkoutDefinition(
        sport=Sport.RUN,
        name="Strides",
        steps=(Repeat(count=6, steps=(Step(kind=StepKind.ACTIVE, duration=Duration.time(20)),)),),
    )
    assert encode(definition)["workout_mesgs"][0]["num_valid_steps"] == 2
    assert encode(definition, count_repeat_steps=False)["workout_mesgs"][0]["num_valid_steps"] == 1
    file_id = encode(definition)["file_id_mesgs"][0]
    assert (file_id["type"], file_id["serial_number"]) == ("workout", serial_number("uid-1"))
