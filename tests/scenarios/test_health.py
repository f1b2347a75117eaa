"""Illness and injury: reasons change the decision (docs/coaching.md §3; science.md §10).

Alex's coming week (Mon 23 Nov): Mon speed swim (hard), Tue hip mobility, Wed easy run, Thu
lower-body power (hard), Fri technique swim, Sat bike 30/30s (hard).
"""

from __future__ import annotations

from datetime import timedelta

from tests.scenarios.story import SUNDAY, Story

MON, TUE, WED, THU, FRI, SAT = (SUNDAY + timedelta(days=n) for n in range(1, 7))
LAST_THU, LAST_FRI, LAST_SAT = (SUNDAY - timedelta(days=n) for n in (3, 2, 1))


def test_a_fever_means_rest_and_nothing_is_made_up(story: Story) -> None:
    """Alex did everything until Thursday, then a flu with fever since Friday: Friday's swim and
    Saturday's run were missed for illness. A coach rests the next three days (Mon-Wed) and
    crams nothing; the VO2 max ride on Saturday waits for the graded return. Wrong: "a plan that
    does not fit your week", or moving the missed sessions into next week."""
    story.begin()
    story.did_all(skip=[LAST_FRI, LAST_SAT])
    story.missed(LAST_FRI, "illness", "flu")
    story.missed(LAST_SAT, "illness", "flu")
    story.log("illness", "--since", LAST_FRI.isoformat(), "--fever")
    review = story.review()
    cancelled = [story.session(day)["id"] for day in (MON, TUE, WED)]
    assert review.decision == "pause"
    assert review.operations() == [("remove", i) for i in cancelled]
    review.says(
        "Pause: Rest until you are symptom-free.",
        "Illness with fever since Fri 20 Nov, not over yet.",
        "You logged illness with fever since Fri 20 Nov. Rest until you are symptom-free: the 3 "
        "sessions of the next 3 days",
        "are cancelled, and missed sessions are not made up.",
        "Missed and not counted against the plan: 2 sessions for illness in all.",
        "Missed for illness — flu: Swim technique: drills and easy aerobic (Fri 20 Nov), Run VO2"
        " max 4 x 4 min (Sat 21 Nov).",
    )
    review.never("does not fit", "Cut the next week", "at risk")


def test_a_cold_above_the_neck_is_easy_only(story: Story) -> None:
    """A cold (no fever) since Saturday: training may go on, easy. The hard sessions of the next
    7 days (Mon swim speed, Thu power, Sat 30/30s) become steady work; the easy ones stay."""
    story.begin()
    story.did_all()
    story.log("illness", "--since", LAST_SAT.isoformat())
    review = story.review()
    hard = [story.session(day)["id"] for day in (MON, THU, SAT)]
    assert review.decision == "recover"
    assert review.operations() == [("steady", i) for i in hard]
    review.says("You logged a cold (above the neck) since Sat 21 Nov.", "become steady aerobic")


def test_after_the_fever_the_return_is_graded_without_intensity(story: Story) -> None:
    """Fever Tuesday to Friday, symptom-free since Saturday (`coach log recovered`). Counting
    from Saturday as day 0: Monday is day 2 (30 %), Wednesday day 4 (50 %), Saturday day 7
    (75 %), and no intensity up to day 10, Tuesday 1 Dec. Wrong: the full week back at once."""
    story.begin()
    last_tue = SUNDAY - timedelta(days=5)
    story.did_all(last=last_tue - timedelta(days=1))
    for n in range(5):
        story.missed(last_tue + timedelta(days=n), "illness")
    story.log("illness", "--since", last_tue.isoformat(), "--fever")
    story.log("recovered", "--date", LAST_SAT.isoformat())
    review = story.review()
    proposal = review.proposal
    assert review.decision == "recover"
    factors = {
        op["workout_id"]: op["params"]["factor"]
        for op in proposal["operations"]
        if op["kind"] == "shorten"
    }
    steady = {op["workout_id"] for op in proposal["operations"] if op["kind"] == "steady"}
    monday, wednesday, saturday = (story.session(d) for d in (MON, WED, SAT))
    assert factors[monday["id"]] == 0.3
    assert factors[wednesday["id"]] == 0.5
    assert factors[saturday["id"]] == 0.75
    assert {monday["id"], saturday["id"], story.session(THU)["id"]} <= steady
    review.says(
        "Symptom-free since Sat 21 Nov. Come back gradually, with no intensity until Tue 1 Dec: "
        "30 % of the usual length until Mon 23 Nov, 50 % of the usual length until Thu 26 Nov "
        "and 75 % of the usual length until Tue 1 Dec.",
        "Swim 100 speed: 6 x 50 fast, 3 x 100 at race pace on Mon 23 Nov at 30 %",
        "Easy run on Wed 25 Nov at 50 %",
        "Bike VO2 max 2 x 10 x 30/30 s on Sat 28 Nov at 75 %",
        "Full training again from Wed 2 Dec.",
        "Body fat: paused (illness with fever Tue 17 Nov-Fri 20 Nov)",
    )


def test_a_miss_marked_illness_without_a_log_asks_for_one(story: Story) -> None:
    """Saturday's run marked missed for illness, nothing else said. Easy only while it lasts, and
    the review asks Alex to log the illness (with a fever, it would rest)."""
    story.begin()
    story.did_all(skip=[LAST_SAT])
    story.missed(LAST_SAT, "illness")
    review = story.review()
    assert review.rules == ["illness"]
    review.says("A session was missed for illness on Sat 21 Nov; log it with `coach log illness`")
    assert {kind for kind, _ in review.operations()} == {"steady"}


def test_a_week_lost_to_illness_is_never_a_plan_that_does_not_fit(story: Story) -> None:
    """The whole last week missed for illness, now over (symptom-free since Saturday). Adherence
    is not judged on it, no session is cut for it, no missed-slot pattern is found in it."""
    story.begin()
    last_mon = SUNDAY - timedelta(days=6)
    story.did_all(last=last_mon - timedelta(days=1))
    for n in range(6):
        story.missed(last_mon + timedelta(days=n), "illness")
    story.log("illness", "--since", last_mon.isoformat())
    story.log("recovered", "--date", LAST_SAT.isoformat())
    review = story.review()
    assert review.rules == ["illness"]
    review.says("Missed and not counted against the plan: 5 sessions for illness in all.")
    review.never("adherence 0 %", "Cut the next week", "were missed", "Move sessions")


def test_a_knee_injury_spares_the_knee_and_keeps_the_rest(story: Story) -> None:
    """A sore knee since Friday. Nothing loading the knee for two weeks: the run, the ride and
    the rowing go (no knee-free sport in those windows), the lower-body session loses its jumps,
    squats and RDLs; swims and mobility go on. Wrong: cancelling everything, or the swims."""
    story.begin()
    story.did_all()
    story.log("injury", "knee", "--since", LAST_FRI.isoformat())
    review = story.review()
    assert review.decision == "adjust"
    touched = {workout_id for _, workout_id in review.operations()}
    for day in (MON, FRI):
        assert story.session(day)["id"] not in touched  # swims go on
    assert story.session(TUE)["id"] not in touched  # mobility loads no knee
    assert ("remove", story.session(WED)["id"]) in review.operations()
    review.says(
        "Adjust: Train around the knee.",
        "You logged a knee injury since Fri 20 Nov. Nothing loads the knee until it is better",
    )


def test_a_shoulder_injury_keeps_the_legs_training(story: Story) -> None:
    """A sore shoulder: the swims stop (the pool windows allow nothing else), the run, the ride
    and the lower-body session go on."""
    story.begin()
    story.did_all()
    story.log("injury", "shoulder", "--since", LAST_SAT.isoformat())
    review = story.review()
    removed = {i for kind, i in review.operations() if kind == "remove"}
    assert {story.session(MON)["id"], story.session(FRI)["id"]} <= removed
    assert story.session(WED)["id"] not in removed
    review.says("Train around the shoulder")
