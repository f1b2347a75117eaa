"""Readiness: tonight's signals count on their own (docs/coaching.md §2).

Alex's plan for the coming week (Mon 23 Nov): Mon swim speed set (hard), Tue hip mobility, Wed
easy run, Thu lower-body power (hard), Fri technique swim, Sat bike 30/30s (hard).
"""

from __future__ import annotations

from datetime import timedelta

from tests.scenarios.story import SUNDAY, Story

MON, TUE, WED = (SUNDAY + timedelta(days=n) for n in (1, 2, 3))
FRI, SAT = SUNDAY - timedelta(days=2), SUNDAY - timedelta(days=1)


def test_one_very_bad_evening_after_three_hard_days_rests_tomorrow(story: Story) -> None:
    """Every session done for three weeks, then extra intervals on Friday after Thursday's
    lifting and before Saturday's VO2 run: three hard days in a row. Tonight: energy 2/10,
    soreness 9/10, 4.5 h of sleep. A coach acts on this one evening: tomorrow's speed swim
    cannot move (the other pool day is taken), so it becomes steady swimming. Wrong: nothing,
    because wellness averaged over the week looks fine."""
    story.begin()
    story.did_all()
    story.hard(FRI, "run")
    story.usual_wellness(energy=2, soreness=9, sleep_hours=4.5)
    review = story.review()
    monday = story.session(MON)
    assert review.decision == "recover"
    assert review.operations() == [("steady", monday["id"])]
    review.says(
        "Recover: Rest or easy tomorrow.",
        "Tonight: energy 2/10, soreness 9/10, 4.5 h of sleep, 3.0 h under your usual 7.5 h and "
        "3 hard days in a row (red light).",
        "Swim 100 speed: 6 x 50 fast, 3 x 100 at race pace on Mon 23 Nov becomes steady aerobic"
        " work (no free day later in the week takes it)",
        "Tomorrow recovers; the session still counts, without the intensity.",
    )
    review.never("keep going as planned")


def test_two_mild_flags_are_a_red_light_too(story: Story) -> None:
    """Short sleep (5.0 h, 2.5 h under the usual 7.5 h) and soreness 8/10: two flags, red. With
    Wednesday free this week, tomorrow's hard swim cannot go there (no pool), so it is eased."""
    story.begin()
    story.did_all()
    story.usual_wellness(soreness=8, sleep_hours=5.0)
    review = story.review()
    assert review.decision == "recover"
    assert review.rules == ["readiness"]
    review.says(
        "Tonight: soreness 8/10 and 5.0 h of sleep, 2.5 h under your usual 7.5 h (red light)."
    )


def test_one_mild_flag_keeps_the_session_but_swaps_its_intensity(story: Story) -> None:
    """Only soreness 8/10 tonight: yellow. Monday's speed swim keeps its place and becomes steady
    aerobic swimming; nothing else changes. Wrong: a rest day or a deload for one sore evening."""
    story.begin()
    story.did_all()
    story.usual_wellness(soreness=8)
    review = story.review()
    assert review.decision == "recover"
    assert review.operations() == [("steady", story.session(MON)["id"])]
    review.says(
        "Tonight: soreness 8/10 (yellow light).",
        "stays in its place but swaps its intensity for steady aerobic work of the same length",
    )
    review.never("Deload", "red light")


def test_a_yellow_flag_before_easy_days_changes_nothing(story: Story) -> None:
    """Saturday evening (the plan's next two days: nothing Sunday, the Monday swim) — a yellow
    flag is checked against the next two days only; here the next hard session is Monday, within
    them, so it eases. Asked on the Monday evening instead, with Tuesday's mobility and
    Wednesday's easy run ahead, the flag changes nothing and the review says so."""
    story.today = MON
    story.begin()
    story.did_all()
    story.usual_wellness(soreness=8)
    review = story.review()
    assert review.proposals == []
    assert review.decision == "keep"
    review.says(
        "Tonight: soreness 8/10 (yellow light).",
        "no hard session is planned in the next 2 days, so nothing changes",
    )


def test_a_resting_heart_rate_well_above_usual_is_a_flag(story: Story) -> None:
    """Resting HR 64 bpm tonight against a usual 52: 12 above, severe on its own: red."""
    story.begin()
    story.did_all()
    for n in range(14, 0, -1):
        story.log("test", "resting-hr", "52", "--date", (SUNDAY - timedelta(days=n)).isoformat())
    story.log("test", "resting-hr", "64")
    review = story.review()
    assert review.decision == "recover"
    review.says("resting HR 64 bpm, 12 above your usual 52 (red light)")


def test_three_hard_days_in_a_row_are_a_signal_by_themselves(story: Story) -> None:
    """No wellness entries at all, but extra intervals on Friday between Thursday's lifting and
    Saturday's VO2 run: three hard days in a row, a yellow light: the next hard session eases.
    The review also asks for a wellness entry next time."""
    story.begin()
    story.did_all()
    story.hard(FRI, "run")
    review = story.review()
    assert review.decision == "recover"
    assert review.rules == ["easier_day"]
    review.says(
        "Tonight: 3 hard days in a row (yellow light).",
        "Tonight: 3 hard days in a row, a yellow light. Swim 100 speed",
    )
