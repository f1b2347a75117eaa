"""Each adaptive rule on small, hand-made evenings: the facts in, the decision a coach makes out
(which sessions change, how, and the words), and what must not happen."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from coach.analysis.compare import Pattern
from coach.analysis.freshness import Freshness, Gap
from coach.analysis.pmc import LoadState
from coach.analysis.progress import Reason, Status
from coach.domain.athlete import AvailabilityWindow
from coach.domain.goals import Direction, GoalKind
from coach.domain.health import BodyArea, Episode, EpisodeKind
from coach.domain.sport import Equipment, Sport
from coach.planning.rules import Note, Proposal, Stage, Verdict, Week, decide
from coach.planning.rules.data import FreshnessRule
from coach.planning.rules.details import KitRule
from coach.planning.rules.direction import BalanceRule, ReachedRule
from coach.planning.rules.fit import AdherenceRule, BandRule, SlotRule, SportRule, TravelRule
from coach.planning.rules.health import IllnessRule, InjuryRule, RedFlagRule
from coach.planning.rules.recovery import DeloadRule, EasingRule
from tests.planning.rules_kit import (
    MON,
    TODAY,
    WEEK,
    WINDOWS,
    context,
    goals,
    past,
    period,
    progress,
    readiness,
    up,
)


def only_proposal(found: object) -> Proposal:
    items = [f for f in found if isinstance(f, Proposal)]  # type: ignore[attr-defined]
    assert len(items) == 1, found
    return items[0]


def ops(proposal: Proposal) -> list[tuple[str, int | None]]:
    return [(op.kind, op.workout_id) for op in proposal.operations]


# --- a good week -------------------------------------------------------------------------------


def test_a_good_week_keeps_the_plan_and_says_why() -> None:
    decision = decide(context())
    assert decision.proposal is None
    assert decision.verdict is Verdict.KEEP
    assert any(n.text == "Adherence 92 %: the plan fits your week." for n in decision.notes)


# --- readiness: tonight's signals on their own ---------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "rule", "expected"),
    [
        # red: two flags (or one severe): tomorrow's hard swim moves later in the week
        ((("energy", 2, True), ("soreness", 9, True)), "readiness", "move"),
        ((("sleep", 4.5, True),), "readiness", "move"),
        # yellow: one flag: the next hard session keeps its place, steady aerobic instead
        ((("soreness", 8, False),), "easier_day", "steady"),
    ],
)
def test_one_bad_evening_is_enough_to_act_on_tomorrow(
    flags: tuple[tuple[str, float, bool], ...], rule: str, expected: str
) -> None:
    free = [u for u in WEEK if u.id != 3]  # Wednesday is free: room to move the swim? no: sports
    decision = decide(context(readiness=readiness(*flags), upcoming=free))
    assert decision.proposal is not None
    assert decision.proposal.rule_id == rule
    assert decision.verdict is Verdict.RECOVER
    kinds = {op.kind for op in decision.proposal.operations}
    # Monday's CSS swim can only go to a swim window: Friday's holds the technique swim, so a
    # red light makes it steady too
    assert kinds in ({"steady"}, {expected})
    assert decision.proposal.operations[0].workout_id == 1


def test_a_red_light_moves_the_hard_session_to_a_free_fitting_day() -> None:
    week = [up(1, 0, "run_4x4"), *[u for u in WEEK if u.id in (2, 4, 5)]]  # Mon run, Wed/Sat free
    windows = [
        AvailabilityWindow(weekday=0, start=time(6, 30), end=time(7, 30), sports=(Sport.RUN,)),
        *WINDOWS[1:],
    ]
    found = RedFlagRule()(
        context(
            readiness=readiness(("energy", 2, True), ("sleep", 5.0, False)),
            upcoming=week,
            windows=windows,
        )
    )
    proposal = only_proposal(found)
    (move,) = proposal.operations
    assert (move.kind, move.workout_id) == ("move", 1)
    # not Wednesday, next to Thursday's hard session: Saturday
    assert move.params["day"] == (MON + timedelta(days=5)).isoformat()
    assert "moves to Sat 28 Nov 09:00" in proposal.rationale
    assert proposal.effect.endswith("lands on a fresher day.")


def test_a_red_light_before_an_easy_day_changes_nothing() -> None:
    week = [u for u in WEEK if u.id != 1]  # Monday is free, Tuesday mobility is easy
    found = RedFlagRule()(context(readiness=readiness(("soreness", 9, True)), upcoming=week))
    (note,) = found
    assert isinstance(note, Note)
    assert "nothing is planned tomorrow: rest" in note.text


def test_trend_alone_is_not_a_red_light() -> None:
    tired = readiness(trend=("soreness 7.3/10 on average over your last 3 entries",))
    assert RedFlagRule()(context(readiness=tired)) == []
    (easier,) = EasingRule()(context(readiness=tired))  # one accumulated sign: ease, no deload
    assert isinstance(easier, Proposal)
    assert ops(easier) == [("steady", 1)]


# --- illness, injury -----------------------------------------------------------------------------


def test_a_fever_cancels_the_next_three_days_and_nothing_is_made_up() -> None:
    flu = Episode(kind=EpisodeKind.ILLNESS, start=TODAY - timedelta(days=1), fever=True)
    decision = decide(context(episodes=[flu]))
    proposal = decision.proposal
    assert proposal is not None and proposal.rule_id == "illness"
    assert decision.verdict is Verdict.PAUSE
    assert ops(proposal) == [("remove", 1), ("remove", 2), ("remove", 3)]  # Mon-Wed
    assert "missed sessions are not made up" in proposal.rationale
    assert "coach log recovered" in proposal.rationale


def test_a_cold_above_the_neck_is_easy_only() -> None:
    cold = Episode(kind=EpisodeKind.ILLNESS, start=TODAY - timedelta(days=1))
    proposal = only_proposal(IllnessRule()(context(episodes=[cold])))
    assert ops(proposal) == [("steady", 1), ("steady", 4), ("steady", 6)]  # only the hard ones
    assert proposal.decision is Verdict.RECOVER


def test_after_a_fever_the_return_is_graded_and_without_intensity() -> None:
    over = Episode(
        kind=EpisodeKind.ILLNESS,
        start=TODAY - timedelta(days=5),
        end=TODAY - timedelta(days=1),  # symptom-free since today
        fever=True,
    )
    proposal = only_proposal(IllnessRule()(context(episodes=[over])))
    factors = {
        op.workout_id: op.params["factor"] for op in proposal.operations if op.kind == "shorten"
    }
    steady = {op.workout_id for op in proposal.operations if op.kind == "steady"}
    assert steady == {1, 4, 6}  # no intensity until day 10
    assert factors[1] == pytest.approx(0.30)  # Mon: day 2 after the symptoms
    assert factors[3] == pytest.approx(0.50)  # Wed: day 4
    assert factors[6] == pytest.approx(0.75)  # Sat: day 7
    # approved once, it is not proposed again: the sessions are already that short
    shortened = [replace(u, minutes=u.minutes * factors.get(u.id, 1.0), hard=False) for u in WEEK]
    again = IllnessRule()(context(episodes=[over], upcoming=shortened))
    assert all(isinstance(f, Note) for f in again)


def test_a_miss_marked_illness_is_read_as_a_cold_and_asks_for_the_log() -> None:
    history = [past(10, 1, "swim_technique", False, kind="illness")]
    proposal = only_proposal(IllnessRule()(context(history=history)))
    assert "coach log illness" in proposal.rationale
    assert {op.kind for op in proposal.operations} == {"steady"}


def test_a_knee_injury_spares_the_knee_and_keeps_the_rest() -> None:
    knee = Episode(kind=EpisodeKind.INJURY, start=TODAY - timedelta(days=2), area=BodyArea.KNEE)
    proposal = only_proposal(InjuryRule()(context(episodes=[knee])))
    changes = {(op.kind, op.workout_id, op.params.get("template"), op.params.get("exercise"))
               for op in proposal.operations}  # fmt: skip
    assert ("replace", 3, "bike_easy", None) not in changes  # a bike loads the knee too
    assert ("remove", 3, None, None) in changes  # Wednesday's run has no knee-free stand-in
    assert ("drop_exercise", 4, None, "box_jump") in changes or (
        "remove", 4, None, None
    ) in changes  # fmt: skip
    assert not any(op.workout_id in (1, 5) for op in proposal.operations)  # swims go on
    assert "Nothing loads the knee" in proposal.rationale


# --- data ---------------------------------------------------------------------------------------


def test_a_week_without_data_asks_for_a_sync_and_judges_nothing() -> None:
    silent = Freshness((), Gap(TODAY - timedelta(days=6), TODAY, 6))
    decision = decide(context(freshness=silent, last7=period(0.0, 0.0, 4.0, due=0, done=0)))
    assert decision.proposal is None
    assert {Stage.FIT, Stage.DIRECTION} <= decision.held
    (note,) = [n for n in decision.notes if n.rule_id == "data"]
    assert "6 planned sessions were due" in note.text
    assert "import the files" in note.text


def test_a_week_of_real_misses_is_judged() -> None:
    names = ["swim_css", "mobility_full", "run_easy", "strength_power_lower", "swim_technique"]
    week = [past(20 + i, 6 - i, t, False, kind="time") for i, t in enumerate(names)]
    found = FreshnessRule()(context(history=week))
    assert found == []  # the athlete said why: not silence


# --- recovery -----------------------------------------------------------------------------------


def test_two_signs_of_accumulated_fatigue_make_a_deload_week() -> None:
    tired = LoadState(TODAY, 40, 70, -30, 9.0, 1.2, 300, 1.0, 4, (
        "form below -25 for 4 days", "fitness ramping 9.0/week (> 8)"))  # fmt: skip
    proposal = only_proposal(DeloadRule()(context(load=tired)))
    shortened = {op.workout_id: op.params["factor"] for op in proposal.operations
                 if op.kind == "shorten"}  # fmt: skip
    assert shortened == {i: pytest.approx(0.6) for i in range(1, 7)}
    assert {op.workout_id for op in proposal.operations if op.kind == "ease"} == {1, 4, 6}
    # form -30 this morning: about -1 after the deload week, -8 with the usual week
    assert proposal.effect == "Form about -1 by Sun 29 Nov, against -8 without it."
    deloaded = [replace(u, minutes=u.minutes * 0.6) for u in WEEK]
    assert all(isinstance(f, Note) for f in DeloadRule()(context(load=tired, upcoming=deloaded)))


# --- fit to life ---------------------------------------------------------------------------------


def misses_on_wednesday() -> list:  # type: ignore[type-arg]
    return [
        past(30, 4, "run_easy", False, kind="time"),  # Wed 18 Nov
        past(31, 11, "run_easy", False, kind="time"),
        past(32, 18, "run_easy", False),
        past(33, 6, "swim_css", True),
        past(34, 5, "mobility_full", True),
        past(35, 3, "strength_power_lower", True),
        past(36, 2, "swim_technique", True),
        past(37, 1, "run_4x4", True),
    ]


def test_a_missed_weekday_moves_to_a_free_window_the_athlete_makes() -> None:
    wednesday = Pattern("weekday", "Wednesday", 3, 3)
    week = [u for u in WEEK if u.id != 6]  # Saturday is free
    proposal = only_proposal(
        SlotRule()(context(patterns=[wednesday], upcoming=week, history=misses_on_wednesday()))
    )
    (op,) = proposal.operations
    assert (op.kind, op.workout_id) == ("move", 3)
    assert op.params == {"day": (MON + timedelta(days=5)).isoformat(), "start": "09:00:00"}
    assert "missed 3 of 3 times" in proposal.rationale


def test_a_missed_weekday_swaps_with_a_less_important_session() -> None:
    wednesday = Pattern("weekday", "Wednesday", 3, 3)
    week = [u for u in WEEK if u.id != 6] + [up(7, 5, "bike_easy", priority=3)]  # Sat taken
    proposal = only_proposal(
        SlotRule()(context(patterns=[wednesday], upcoming=week, history=misses_on_wednesday()))
    )
    assert ops(proposal) == [("move", 3), ("move", 7)]
    assert "Easy run on Wed 25 Nov swaps places with Easy ride on Sat 28 Nov" in proposal.rationale


def test_when_everything_is_missed_the_slot_is_not_the_problem() -> None:
    everything = [past(40 + i, i + 1, "run_easy", False, kind="time") for i in range(8)]
    found = SlotRule()(
        context(patterns=[Pattern("weekday", "Wednesday", 3, 3)], history=everything)
    )
    assert found == []


def test_a_sport_missed_only_in_one_slot_is_the_slot_s_business() -> None:
    found = SportRule()(
        context(
            patterns=[Pattern("weekday", "Wednesday", 3, 3), Pattern("sport", "run", 3, 4)],
            history=misses_on_wednesday(),
        )
    )
    assert found == []


def test_low_adherence_cuts_to_what_is_proven_and_keeps_what_works() -> None:
    history = [*misses_on_wednesday(), past(50, 9, "strength_power_lower", False, kind="time")]
    weeks = [Week(MON - timedelta(weeks=n), 2.2, 4.0, 0.0, 0.0) for n in (3, 2, 1)]
    proposal = only_proposal(
        AdherenceRule()(
            context(last7=period(55.0, 2.0, 4.0, due=6, done=3), weeks=weeks, history=history)
        )
    )
    removed = [op.workout_id for op in proposal.operations]
    assert removed[0] == 3  # Wednesday: the slot that keeps failing goes first
    kept = [u for u in WEEK if u.id not in removed]
    assert any(u.sport == "strength" for u in kept)  # the only strength session stays
    assert any(u.sport == "mobility" for u in kept)
    kept_h = sum(u.minutes for u in kept) / 60
    assert kept_h >= 2.2  # never below what the athlete already does
    assert proposal.effect.startswith(f"About {kept_h:.1f} h over the next 7 days")
    assert "Over the last 3 full weeks you trained 2.2 h a week on average" in proposal.rationale


@pytest.mark.parametrize(
    ("adherence", "text"),
    [
        (98.0, "Adherence 98 %: the plan fits your week."),
        (75.0, "Adherence 75 %, between 70 and 80 %: close enough, the volume stays."),
    ],
)
def test_adherence_words_match_the_number(adherence: float, text: str) -> None:
    (note,) = AdherenceRule()(context(last7=period(adherence)))
    assert isinstance(note, Note)
    assert note.text == text


def test_hours_above_the_band_name_the_extras_and_drop_what_they_cover() -> None:
    weeks = [
        Week(MON - timedelta(weeks=2), 9.2, 4.2, 4.0, 1.0, {"bike": 3.2, "run": 0.8}),
        Week(MON - timedelta(weeks=1), 8.8, 4.2, 4.0, 0.6, {"bike": 3.2, "run": 0.8}),
    ]
    proposal = only_proposal(BandRule()(context(weeks=weeks)))
    assert "You trained 9.2 h and 8.8 h in the last 2 full weeks, above your 3-5 h band" in (
        proposal.rationale
    )
    assert "unplanned sessions (4.0 h a week: bike 3.2 h, run 0.8 h)" in proposal.rationale
    assert "sessions longer than planned (0.8 h a week)" in proposal.rationale
    assert ("remove", 3) in ops(proposal)  # the easy run: the rides already train the same
    assert not any(op.workout_id in (2, 4) for op in proposal.operations)  # strength, mobility
    assert "more weekly training time" not in proposal.rationale


def test_travel_moves_what_fits_the_trip_and_cancels_the_rest() -> None:
    hotel = AvailabilityWindow(
        weekday=2, start=time(7), end=time(8), sports=(Sport.RUN, Sport.STRENGTH)
    )
    trip = Episode(
        kind=EpisodeKind.TRAVEL,
        start=MON + timedelta(days=1),
        end=MON + timedelta(days=3),
        windows=(hotel, hotel.model_copy(update={"weekday": 1}),
                 hotel.model_copy(update={"weekday": 3})),
    )  # fmt: skip
    proposal = only_proposal(TravelRule()(context(episodes=[trip])))
    changes = {op.workout_id: op for op in proposal.operations}
    assert changes[3].kind == "move" and changes[3].params["start"] == "07:00:00"  # the run
    assert changes[2].kind == "remove"  # mobility is not allowed in the hotel window
    assert not any(op.workout_id in (1, 5, 6) for op in proposal.operations)
    assert "Goals pause while you are away" in proposal.rationale


# --- direction -----------------------------------------------------------------------------------


def test_a_reached_goal_is_news_and_is_then_held_in_a_band() -> None:
    fat = progress(
        GoalKind.BODY_FAT, reason=Reason.TARGET_REACHED, trend=13.8, target=14.0, per_week=-0.1
    )
    proposal = only_proposal(ReachedRule()(context(goals=goals(fat))))
    (op,) = proposal.operations
    assert op.kind == "goal_range"
    assert (op.params["low"], op.params["high"]) == (13.5, 14.5)
    assert "the trend is 13.8 % against 14.0 %" in proposal.rationale
    assert proposal.title == "Body fat reached: hold it at 13.5 %-14.5 %"


def lagging_vo2() -> list:  # type: ignore[type-arg]
    return goals(
        progress(GoalKind.VO2_MAX, Status.OFF_TRACK, per_week=0.01, needed=0.1, behind=0.9),
        progress(GoalKind.SWIM_100YD_FREE, per_week=-0.9, needed=-0.25),
    )


def test_a_lagging_goal_changes_a_session_s_content_to_train_it() -> None:
    # no hard day next to Wednesday: Thursday's power session is easy this week
    week = [u for u in WEEK if u.id != 4] + [up(4, 3, "balance_single_leg", priority=3)]
    proposal = only_proposal(BalanceRule()(context(goals=lagging_vo2(), upcoming=week)))
    (op,) = proposal.operations
    assert (op.kind, op.workout_id, op.params["template"]) == ("replace", 3, "run_4x4")
    assert "VO2 max is off track (+0.01 ml/kg/min a week against +0.10 ml/kg/min a week" in (
        proposal.rationale
    )
    assert "100 yd freestyle improves faster than it needs to" in proposal.rationale
    assert proposal.effect == "2 sessions that train VO2 max in the next 14 days instead of 1."


def test_missed_key_sessions_come_before_adding_more() -> None:
    history = [past(60, 1, "run_4x4", False, kind="time"), past(61, 8, "run_4x4", False)]
    (note,) = BalanceRule()(context(goals=lagging_vo2(), history=history))
    assert isinstance(note, Note)
    assert "2 of its 2 key sessions in the last 4 weeks were missed" in note.text


def test_a_lagging_box_jump_gets_jumps_not_a_rotational_session() -> None:
    box = progress(GoalKind.BOX_JUMP, Status.OFF_TRACK, per_week=0.0, needed=0.005, behind=1.0)
    week = [u for u in WEEK if u.id != 4] + [up(4, 3, "strength_full_body", priority=3)]
    proposal = only_proposal(BalanceRule()(context(goals=goals(box), upcoming=week)))
    (op,) = proposal.operations
    assert (op.kind, op.workout_id) == ("add_exercise", 4)
    assert op.params["exercise"] in ("box_jump", "jump_squat", "broad_jump")


def test_a_goal_held_by_travel_is_not_rebalanced() -> None:
    assert BalanceRule()(context(goals=lagging_vo2(), paused="travel Tue 24 Nov-Thu 26 Nov")) == []


def test_weekly_hours_are_never_a_goal_to_add_sessions_for() -> None:
    hours = progress(
        GoalKind.WEEKLY_HOURS,
        Status.OFF_TRACK,
        reason=Reason.HOURS,
        direction=Direction.RANGE,
        target=3.0,
        target_max=5.0,
    )
    assert BalanceRule().lagging(context(goals=goals(hours))) == []


# --- details -------------------------------------------------------------------------------------


def test_an_exercise_without_its_kit_is_swapped_within_its_group() -> None:
    gym = WINDOWS[3].model_copy(update={"equipment": (Equipment.BARBELL,)})  # Thursday: no box
    windows = [*WINDOWS[:3], gym, *WINDOWS[4:]]
    proposal = only_proposal(KitRule()(context(windows=windows)))
    swaps = {(op.params["exercise"], op.params.get("by")) for op in proposal.operations}
    assert ("box_jump", "jump_squat") in swaps
    assert "Box jump -> Jump squat (Thu 26 Nov)" in proposal.rationale


def test_a_session_whose_window_went_moves_to_one_that_fits() -> None:
    windows = [w for w in WINDOWS if w.weekday != 2]  # Wednesday's window removed
    proposal = only_proposal(KitRule()(context(windows=windows, upcoming=WEEK[:5])))
    (op,) = proposal.operations
    assert (op.kind, op.workout_id) == ("move", 3)
    assert op.params["day"] == (MON + timedelta(days=5)).isoformat()


# --- one decision per evening --------------------------------------------------------------------


def test_the_most_urgent_concern_decides_and_the_rest_waits() -> None:
    flu = Episode(kind=EpisodeKind.ILLNESS, start=TODAY, fever=True)
    gym = WINDOWS[3].model_copy(update={"equipment": (Equipment.BARBELL,)})
    decision = decide(
        context(
            episodes=[flu],
            windows=[*WINDOWS[:3], gym, *WINDOWS[4:]],
            last7=period(40.0, 1.0, 4.0, due=6, done=2),
        )
    )
    assert decision.proposal is not None
    assert decision.proposal.rule_id == "illness"
    assert [p.rule_id for p in decision.waiting] == ["equipment"]
    assert not any(n.rule_id == "adherence" for n in decision.notes)  # no "keep" beside a pause
