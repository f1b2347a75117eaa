"""The exercise library: valid data, title matching, substitution pairing."""

from __future__ import annotations

import pytest
from garmin_fit_sdk import Profile
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.exercises import (
    ExerciseLibrary,
    base_title,
    exercise_library,
    normalise_title,
    pair_substitutions,
    parse_library,
)
from coach.domain.sport import Equipment

LIBRARY = exercise_library()


def test_every_exercise_names_a_real_fit_exercise_and_a_group_with_company() -> None:
    for exercise in LIBRARY.exercises:
        names = Profile["types"].get(f"{exercise.fit_category}_exercise_name", {})
        assert exercise.fit_name in names.values(), exercise.id
    groups = [e.group for e in LIBRARY.exercises]
    # the goals' key qualities each have a substitute to fall back on
    for group in ("squat", "hinge", "vertical_jump", "rotational_power", "single_leg_balance"):
        assert groups.count(group) >= 2, group


def test_duplicate_ids_are_refused() -> None:
    item = {"id": "a", "name": "A", "kind": "strength", "group": "g", "fit": "squat/squat"}
    with pytest.raises(ValueError, match="duplicate ids a"):
        parse_library({"exercise": [item, item]})


@pytest.mark.parametrize(
    ("title", "hevy_id", "expected"),
    [
        ("Squat (Barbell)", None, "back_squat"),
        ("anything", "D04AC939", "back_squat"),
        ("x", "79D0BB3A", "bench_press"),
        ("squat barbell", None, "back_squat"),
        ("Romanian Deadlift (Barbell)", None, "romanian_deadlift"),
        ("Romanian Deadlift (Dumbbell)", None, "dumbbell_romanian_deadlift"),
        ("Romanian Deadlift (Kettlebell)", None, "romanian_deadlift"),  # by base title
        ("BOX JUMP", None, "box_jump"),
        ("World\u2019s Greatest Stretch", None, "world_greatest_stretch"),
        ("barbell back squat", None, "back_squat"),  # the FIT profile's name
        ("Incline Bench Press (Dumbbell)", None, None),
        ("Triceps Pushdown", None, None),
    ],
)
def test_titles_match_library_ids(title: str, hevy_id: str | None, expected: str | None) -> None:
    assert LIBRARY.match(title, hevy_id=hevy_id) == expected


@pytest.mark.parametrize(
    ("title", "normal", "base"),
    [
        ("Squat (Barbell)", "squat barbell", "squat"),
        ("  Farmer's  Walk ", "farmers walk", "farmers walk"),
        ("Élan-Jump", "elan jump", "elan jump"),
    ],
)
def test_titles_are_normalised(title: str, normal: str, base: str) -> None:
    assert normalise_title(title) == normal
    assert base_title(title) == base


@pytest.mark.parametrize(
    ("planned", "performed", "expected"),
    [
        (["box_jump", "back_squat"], ["box_jump", "back_squat"], {}),
        (["box_jump", "back_squat"], ["jump_squat", "back_squat"], {0: "box_jump"}),
        # the same group wins over the same position
        (
            ["back_squat", "box_jump"],
            ["broad_jump", "goblet_squat"],
            {0: "box_jump", 1: "back_squat"},
        ),
        # an unknown exercise (None) in a missing exercise's place replaces it
        (["back_squat", "pallof_press"], ["back_squat", None], {1: "pallof_press"}),
        # an extra exercise with nothing missing is an addition, not a substitution
        (["back_squat"], ["back_squat", "plank"], {}),
        # a dropped exercise with nothing in its place is no substitution
        (["back_squat", "plank"], ["back_squat"], {}),
    ],
)
def test_substitutions_pair_off_plan_exercises_with_missing_ones(
    planned: list[str], performed: list[str | None], expected: dict[int, str]
) -> None:
    assert pair_substitutions(planned, performed, LIBRARY) == expected


ids = st.sampled_from([e.id for e in LIBRARY.exercises])


@given(st.lists(ids, max_size=6, unique=True), st.lists(st.none() | ids, max_size=6))
def test_each_planned_exercise_is_replaced_at_most_once(
    planned: list[str], performed: list[str | None]
) -> None:
    pairs = pair_substitutions(planned, performed, LIBRARY)
    assert len(set(pairs.values())) == len(pairs)
    assert all(performed[i] not in planned for i in pairs)
    assert all(p in planned and p not in performed for p in pairs.values())


def test_substitutes_need_only_the_equipment_at_hand() -> None:
    library: ExerciseLibrary = LIBRARY
    no_box = [e.id for e in library.substitutes("box_jump", [])]
    assert "broad_jump" in no_box
    assert "jump_squat" in no_box
    with_bar = [e.id for e in library.substitutes("back_squat", [Equipment.DUMBBELL])]
    assert with_bar == ["goblet_squat"]
