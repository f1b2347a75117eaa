"""Fit the plan to the life the athlete has, and keep the volume in the band (docs/coaching.md
§5-6). Alex's coming week (Mon 23 Nov): Mon speed swim (hard), Tue hip mobility, Wed easy run,
Thu lower-body power (hard), Fri technique swim, Sat bike 30/30s (hard).
"""

from __future__ import annotations

from datetime import timedelta

from tests.scenarios.story import SUNDAY, Story

MON, TUE, WED, THU, FRI, SAT = (SUNDAY + timedelta(days=n) for n in range(1, 7))


def test_a_missed_weekday_moves_to_a_free_window_that_works(story: Story) -> None:
    """Early Wednesdays never work for Alex (every Wednesday run missed, "no time"), everything
    else is done. Since this week Alex also has Sunday mornings free (a new window the plan has
    not used yet). A coach moves the Wednesday run to Sunday. Wrong: cutting the week, or
    keeping the slot that fails."""
    story.begin()
    story.run("availability", "set", "sun", "09:00-10:30", "--sports", "run,bike,row,mobility")
    missed = story.past_days(weekday=2)
    story.did_all(skip=missed)
    for day in missed:
        story.missed(day, "time", "early meetings")
    review = story.review()
    wednesday = story.session(WED)
    assert review.rules == ["schedule_conflict"], review.text
    next_wednesday = story.session(WED + timedelta(weeks=1))
    assert review.proposal["operations"] == [
        {"kind": "move", "workout_id": wednesday["id"],
         "params": {"day": "2026-11-29", "start": "09:00:00"}},
        {"kind": "move", "workout_id": next_wednesday["id"],
         "params": {"day": "2026-12-06", "start": "09:00:00"}},
    ]  # fmt: skip
    review.says(
        f"Wednesday sessions were missed {len(missed)} of {len(missed)} times in the last 4 weeks",
        "Easy run on Wed 25 Nov moves to Sun 29 Nov 09:00; Easy ride on Wed 2 Dec moves to Sun 6 "
        "Dec 09:00.",
    )
    review.never("Cut the next week")


def test_a_missed_weekday_with_no_window_to_take_it_asks_for_one(story: Story) -> None:
    """Same Wednesdays, no free window. Saturday's window (made every week) holds a VO2 ride of
    the same priority and harder than the easy run: taking Wednesday's failing slot is not for
    it. Tuesday's mobility is less important, but Wednesday's window does not allow mobility.
    With no fitting partner the review says so and asks for a window instead."""
    story.begin()
    missed = story.past_days(weekday=2)
    story.did_all(skip=missed)
    for day in missed:
        story.missed(day, "time")
    review = story.review()
    assert review.proposals == []
    review.says(
        "Wednesday sessions were missed",
        "and no window you make can take them: add one with `coach availability set`.",
    )


def test_one_bad_week_without_a_failing_slot_is_not_cut(story: Story) -> None:
    """Three good weeks, then a week where Alex managed only the Monday swim and Saturday's run
    (Tuesday, Thursday and Friday missed, "no time"). No slot keeps failing: every one was made
    the weeks before. A coach keeps the plan and says the sessions need to happen; nothing that
    works is dropped. Wrong: cutting the sessions Alex does on a single bad week."""
    story.begin()
    misses = [SUNDAY - timedelta(days=n) for n in (5, 3, 2)]
    story.did_all(skip=misses)
    for day in misses:
        story.missed(day, "time")
    review = story.review()
    assert review.proposals == []
    review.says(
        "You did 2 of 5 planned sessions in the last 7 days (adherence 41 %).",
        "Next week: the same plan; the sessions need to happen.",
        "Every session of the next 7 days sits in a slot you make or is the only one for a goal",
    )


def test_two_bad_weeks_simplify_the_sport_missed_most(story: Story) -> None:
    """Two weeks of doing only the swims and Saturday: lifting and mobility missed twice each,
    every Wednesday run once. The pattern first: a sport missed half the time or more gets fewer,
    simpler sessions (here the one strength session a week, cut to about 30 min)."""
    story.begin()
    last_two = [SUNDAY - timedelta(days=n) for n in range(13, 0, -1)]
    story.did_all(skip=[d for d in last_two if d.weekday() not in (0, 4, 5)])
    for day in last_two:
        if day.weekday() not in (0, 4, 5):
            story.missed(day, "time")
    review = story.review()
    assert review.rules == ["sport_missed"], review.text
    thursday = story.session(THU)
    assert ("shorten", thursday["id"]) in review.operations()
    review.says("Fewer, simpler ones that happen beat more that do not")
    review.never("Easy run on Wed 25 Nov is dropped")


def test_hours_above_the_band_name_the_extras(story: Story) -> None:
    """Alex does every session and adds two long rides a week (2 h each) for the last two weeks:
    about 7.5 h a week in a 3-5 h band. A coach names the extras and drops a planned session the
    rides already cover (the easy run), never the only strength or mobility session. Wrong:
    "more weekly training time", or nothing at all."""
    story.begin()
    story.did_all()
    for n in (2, 5, 9, 12):
        story.extra(SUNDAY - timedelta(days=n), "bike", 120)
    review = story.review()
    assert review.rules == ["volume_band"]
    assert ("remove", story.session(WED)["id"]) in review.operations()
    review.says(
        "above your 3-5 h band; the extra came from unplanned sessions (4.0 h a week: bike 4.0 h)",
    )
    review.never("more weekly training time", "More Weekly training time")


def test_swims_missed_on_both_pool_days_mean_fewer_swims(story: Story) -> None:
    """Alex misses the swims, Mondays and Fridays alike ("the 6:30 pool lane is always full"),
    and does everything else. It is not one day that fails but the sport: a coach keeps one swim
    a week, the speed set on Monday, and drops Friday's technique swim until swimming sticks.
    Wrong: cutting the runs and lifting Alex does."""
    story.begin()
    swims = story.past_days(sport="swim")
    story.did_all(skip=swims)
    for day in swims:
        story.missed(day, "time", "the lane is always full")
    review = story.review()
    assert review.rules == ["sport_missed"], review.text
    fridays = [story.session(FRI)["id"], story.session(FRI + timedelta(weeks=1))["id"]]
    assert review.operations() == [("remove", i) for i in fridays]  # both weeks ahead
    review.says(
        f"Swim sessions were missed {len(swims)} of {len(swims)} times in the last 4 weeks. "
        "Fewer, simpler ones that happen beat more that do not",
        "Swim technique: drills and easy aerobic on Fri 27 Nov is dropped (Swim 100 speed: 6 x 50"
        " fast, 3 x 100 at race pace on Mon 23 Nov stays)",
    )


def test_a_plan_that_fits_keeps_and_says_so_truthfully(story: Story) -> None:
    """Everything done as planned. Keep the plan: the adherence sentence says the number it is
    (never "between 70 and 80 %" for 100 %) and the next-week line agrees with no change."""
    story.begin()
    story.did_all()
    review = story.review()
    assert review.proposals == []
    assert review.decision == "keep"
    review.says(
        "Keep the plan: 5 of 5 planned sessions done in the last 7 days.",
        "Adherence 100 %: the plan fits your week.",
        "Next week: keep going as planned.",
    )
    review.never("between 70 and 80")


def test_one_week_above_the_band_is_not_yet_a_trend(story: Story) -> None:
    """Only this last week went above the band (two long rides); the week before was inside.
    One big week is not a habit: nothing is cut, and the training time says what happened."""
    story.begin()
    story.did_all()
    for n in (5, 2):
        story.extra(SUNDAY - timedelta(days=n), "bike", 120)
    review = story.review()
    assert "volume_band" not in review.rules
    review.says("(3.4 h in planned sessions, 4.0 h unplanned), against 3.4 h planned.")
    review.never("Back inside")
