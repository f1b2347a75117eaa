"""Travel changes the windows; missing data is not missed training (docs/coaching.md §3-4).

Alex's coming week (Mon 23 Nov): Mon speed swim (hard), Tue hip mobility, Wed easy run, Thu
lower-body power (hard), Fri technique swim, Sat bike 30/30s (hard).
"""

from __future__ import annotations

from datetime import timedelta

from tests.scenarios.story import SUNDAY, Story

MON, TUE, WED, THU, FRI, SAT = (SUNDAY + timedelta(days=n) for n in range(1, 7))


def test_a_trip_fits_the_week_to_the_hotel(story: Story) -> None:
    """Alex travels Tuesday to Thursday with a hotel gym (dumbbells, treadmill) open 06:00-07:00
    for runs and strength. Tuesday's mobility cannot be done there (not allowed in that window):
    cancelled. Wednesday's easy run moves to 06:00 (at 06:30 it would run past the window).
    Thursday's lower-body power moves there too, done with dumbbells and jump squats. Monday,
    Friday and Saturday stay. Goals pause."""
    story.begin()
    story.did_all()
    story.log(
        "travel", TUE.isoformat(), THU.isoformat(), "--window", "06:00-07:00",
        "--sports", "run,strength", "--equipment", "dumbbell,treadmill", "--location", "hotel",
    )  # fmt: skip
    review = story.review()
    assert review.decision == "adjust"
    ops = review.operations()
    tuesday, wednesday, thursday = (story.session(d)["id"] for d in (TUE, WED, THU))
    assert ("remove", tuesday) in ops
    assert ("move", wednesday) in ops
    assert ("move", thursday) in ops and ("substitute", thursday) in ops
    for day in (MON, FRI, SAT):
        assert story.session(day)["id"] not in {i for _, i in ops}
    review.says(
        "Adjust: Fit the plan to your trip (Tue 24 Nov-Thu 26 Nov).",
        "You are travelling Tue 24 Nov-Thu 26 Nov, with 06:00-07:00 to train",
        "Hip and spine mobility on Tue 24 Nov is cancelled",
        "Easy run on Wed 25 Nov moves to 06:00",
        "Lower-body power: jumps, squat, RDL on Thu 26 Nov moves to 06:00, with Box jump -> Jump "
        "squat, Back squat -> Goblet squat and Romanian deadlift -> Dumbbell Romanian deadlift",
        "Goals pause while you are away",
    )


def test_after_a_trip_goals_pause_rather_than_turn_at_risk(story: Story) -> None:
    """Last week Alex was away (logged as travel, every session missed for travel), and the VO2
    max readings of those days are flat. Nothing is cut, no pattern is found, and the VO2 max
    goal is said to be paused by the trip, not at risk."""
    story.begin()
    last_mon = SUNDAY - timedelta(days=6)
    story.did_all(last=last_mon - timedelta(days=1))
    story.log("travel", last_mon.isoformat(), (SUNDAY - timedelta(days=1)).isoformat())
    for n in range(6):
        story.missed(last_mon + timedelta(days=n), "travel")
    for n in range(4):
        story.log("test", "vo2max", "46", "--date", (SUNDAY - timedelta(weeks=n)).isoformat())
    review = story.review()
    assert review.proposals == []
    assert review.decision == "keep"
    review.says(
        "Travel Mon 16 Nov-Sat 21 Nov.",
        "Missed and not counted against the plan: 5 sessions for travel in all.",
        "VO2 max: paused (travel Mon 16 Nov-Sat 21 Nov)",
    )
    review.never("VO2 max: at risk", "VO2 max: off track", "Cut the next week")


def test_a_week_without_synced_data_is_a_question_not_a_verdict(story: Story) -> None:
    """Alex trained as planned until Saturday 14 Nov; since then nothing arrived from the watch
    or the phone while five sessions were due. The review does not cut the plan, find a missed
    slot or call the weekly hours at risk: it asks for a sync or a log."""
    story.begin()
    story.did_all(last=SUNDAY - timedelta(days=7))
    review = story.review()
    assert review.proposals == []
    assert review.decision == "keep"
    review.says(
        "Keep the plan: waiting for data since Sun 15 Nov.",
        "No activity has arrived since Sat 14 Nov (8 days) while 5 planned sessions were due.",
        "import the files from your watch (`coach import fit`), or log what you did (`coach log "
        "session`)",
        "5 sessions without data yet are not judged.",
        "Next week: sync or log the last days first.",
    )
    review.never("Cut the next week", "were missed", "Weekly training time: at risk")


def test_a_week_of_real_misses_is_judged(story: Story) -> None:
    """Same week, but Alex says what happened: every session missed for want of time. That is
    information, not silence: the week is judged (0 of 5) — one bad week after three good ones,
    in slots Alex made before, so the plan stays and the sessions need to happen."""
    story.begin()
    story.did_all(last=SUNDAY - timedelta(days=7))
    for n in range(6, 0, -1):
        story.missed(SUNDAY - timedelta(days=n), "time", "project deadline")
    review = story.review()
    assert review.proposals == []
    review.says(
        "You did 0 of 5 planned sessions in the last 7 days (adherence 0 %).",
        "Missed for no time — project deadline:",
        "Next week: the same plan; the sessions need to happen.",
    )
    review.never("waiting for data", "without data yet")


def test_data_after_the_misses_means_the_misses_are_real(story: Story) -> None:
    """Files arrived for Monday, Tuesday and Saturday; Thursday's and Friday's sessions are
    missing without a word. The watch delivered after them, so they are real misses: judged,
    not waited for."""
    story.begin()
    story.did_all(skip=[SUNDAY - timedelta(days=3), SUNDAY - timedelta(days=2)])
    review = story.review()
    review.never("waiting for data", "No activity has arrived", "without data yet")
    review.says("You did 3 of 5 planned sessions in the last 7 days")
