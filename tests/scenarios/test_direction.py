"""Goals ahead and behind (docs/coaching.md §7; specification §5-6).

Alex's coming week (Mon 23 Nov): Mon speed swim (hard), Tue hip mobility, Wed easy run, Thu
lower-body power (hard), Fri technique swim, Sat bike 30/30s (hard).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from tests.conftest import Cli
from tests.scenarios.story import SUNDAY, Story

MON, TUE, WED, THU, FRI, SAT = (SUNDAY + timedelta(days=n) for n in range(1, 7))


def weekly_tests(story: Story, name: str, values: list[str]) -> None:
    """One test result a week, the last one today."""
    for n, value in enumerate(reversed(values)):
        story.log("test", name, value, "--date", (SUNDAY - timedelta(weeks=n)).isoformat())


def test_swim_improving_fast_and_vo2_flat_moves_effort_to_cardio(story: Story) -> None:
    """The specification's own example. The 100 yd time trials drop a second a week (four times
    the expected rate), Garmin's VO2 max sits at 46. A coach adds cardio and reduces swim: the
    Monday pool window also takes runs, and Monday's speed swim becomes VO2 max intervals (no
    other session can take intervals without a hard day next to another). Wrong: "no upcoming
    session can be swapped"."""
    story.begin()
    story.did_all()
    weekly_tests(story, "100yd-free", ["1:24", "1:23", "1:22", "1:21", "1:20"])
    weekly_tests(story, "vo2max", ["46", "46", "46", "46", "46"])
    review = story.review()
    monday = story.session(MON)
    assert review.rules == ["goal_balance"], review.text
    kinds = review.proposal["operations"]
    assert kinds[0]["kind"] == "set_window"
    assert kinds[0]["params"]["weekday"] == 0 and "run" in kinds[0]["params"]["sports"]
    assert (kinds[1]["kind"], kinds[1]["workout_id"]) == ("replace", monday["id"])
    assert kinds[1]["params"]["template"] == "run_4x4"
    review.says(
        "VO2 max is off track (0.00 ml/kg/min a week against +0.10 ml/kg/min a week needed), "
        "while 100 yd freestyle improves faster than it needs to (-1.4 s/week against -0.25 "
        "s/week).",
        "Your Monday 06:30 window also takes runs, and Swim 100 speed: 6 x 50 fast, 3 x 100 at "
        "race pace on Mon 23 Nov becomes Run VO2 max 4 x 4 min.",
        "3 sessions that train VO2 max in the next 14 days instead of 2.",
        "best 100 yd freestyle 1:20.0, 4.0 s faster than 4 weeks ago",
    )
    review.never("no upcoming session can be swapped")


def test_the_window_change_is_applied_with_the_session_once_approved(story: Story) -> None:
    """Approving that proposal changes the Monday window (it now takes runs) and the session,
    in one plan version; the athlete's windows show it."""
    story.begin()
    story.did_all()
    weekly_tests(story, "100yd-free", ["1:24", "1:23", "1:22", "1:21", "1:20"])
    weekly_tests(story, "vo2max", ["46", "46", "46", "46", "46"])
    review = story.review()
    story.run("review", "approve", str(review.data["review_id"]), "--all")
    monday = story.session(MON)
    assert monday["template"] == "run_4x4"
    windows = story.run("availability", "list", "--json")
    assert '"run"' in windows.split('"monday"')[1].split("}")[0]


def test_a_lagging_box_jump_whose_sessions_are_missed_adds_nothing(story: Story) -> None:
    """The box jump is flat for a month — and Alex missed every lifting session. Adding more
    (a rotational session without a single jump) helps nobody: the lifting has to happen first.
    The review simplifies lifting (fewer, simpler sessions) and says why the box jump lags."""
    story.begin()
    lifting = story.past_days(sport="strength")
    story.did_all(skip=lifting)
    for day in lifting:
        story.missed(day, "time", "late meetings")
    weekly_tests(story, "box-jump", ["20in", "20in", "20in", "20in"])
    review = story.review()
    assert review.rules == ["sport_missed"], review.text
    review.says(
        f"Box jump height is off track, but {len(lifting)} of its {len(lifting)} key sessions in"
        " the last 4 weeks were missed: getting those done comes before adding more.",
    )
    review.never("Rotational power", "More Box jump height")


def test_a_lagging_vo2_max_whose_intervals_are_missed_fixes_the_missing_first(
    story: Story,
) -> None:
    """VO2 max flat, and half the VO2 interval sessions missed (too tired after the week). The
    review does not add intervals: it says the ones planned need to happen."""
    story.begin()
    intervals = [
        d
        for d in story.past_days()
        if story.session(d)["template"] in ("run_4x4", "bike_30_30", "row_4x4")
    ]
    skipped = intervals[::2]
    story.did_all(skip=skipped)
    for day in skipped:
        story.missed(day, "fatigue")
    weekly_tests(story, "vo2max", ["46", "46", "46", "46", "46"])
    review = story.review()
    review.says("VO2 max is off track, but", "key sessions in the last 4 weeks were missed")
    review.never("More VO2 max", "Run VO2 max 4 x 4 min on Wed")


def test_a_reached_body_fat_goal_is_news_and_is_held(story: Story) -> None:
    """Body fat readings at 13.6 % for three weeks, under the 14 % target. A coach says so and
    proposes to hold it (13.5-14.5 %) so its effort can go to the goals that lag."""
    story.begin("--body-fat", "14.2")
    story.did_all()
    for n in range(21, -1, -1):
        story.log("body-fat", "13.6", "--date", (SUNDAY - timedelta(days=n)).isoformat())
    review = story.review()
    assert review.rules == ["goal_reached"], review.text
    (op,) = review.proposal["operations"]
    assert op["kind"] == "goal_range"
    assert (op["params"]["low"], op["params"]["high"]) == (13.5, 14.5)
    review.says(
        "Body fat reached its target: target reached: trend 13.6 % against 14.0 %.",
        "Adjust: Body fat reached: hold it at 13.5 %-14.5 %.",
        "From now on the goal is to hold it between 13.5 %-14.5 %.",
    )
    story.run("review", "approve", str(review.data["review_id"]), "1")
    goals = story.run("goals", "list", "--json")
    assert '"direction": "range"' in goals


def test_the_specification_example_on_both_databases(cli: Cli, tmp_path: Path) -> None:
    """The same story on SQLite and PostgreSQL: the same decision, approved, the plan changed."""
    story = Story(cli, tmp_path / "files")
    story.begin()
    story.did_all()
    weekly_tests(story, "100yd-free", ["1:24", "1:23", "1:22", "1:21", "1:20"])
    weekly_tests(story, "vo2max", ["46", "46", "46", "46", "46"])
    review = story.review()
    assert review.rules == ["goal_balance"]
    story.run("review", "approve", str(review.data["review_id"]), "1")
    assert story.session(MON)["template"] == "run_4x4"
    history = json.loads(story.run("plan", "history", "--json"))
    assert history["versions"][-1]["reason"].startswith("goal_balance: More VO2 max")
