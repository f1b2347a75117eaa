"""One scenario per adaptive rule: a few facts in, the expected proposal and explanation out;
and a week where nothing should change proposes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

from coach.analysis.compare import Pattern, Period
from coach.analysis.pmc import LoadState
from coach.analysis.progress import GoalProgress, Status
from coach.domain.athlete import AvailabilityWindow
from coach.domain.goals import GoalKind, make_goal
from coach.domain.metrics import MetricType
from coach.domain.sport import Equipment, Sport
from coach.planning.library import workout_library
from coach.planning.rules import Context, Decision, Proposal, Upcoming, evaluate
from coach.planning.rules.adherence import AdherenceRule
from coach.planning.rules.equipment import EquipmentRule
from coach.planning.rules.fatigue import FatigueRule
from coach.planning.rules.goals import GoalBalanceRule
from coach.planning.rules.schedule import ScheduleRule
from coach.planning.rules.strength import StrengthRule

TODAY = date(2026, 11, 22)  # Sunday; the next week starts tomorrow
MON = TODAY + timedelta(days=1)
GYM = (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.PLYO_BOX)
LIFTS = (Sport.STRENGTH, Sport.MOBILITY)


def window(
    weekday: int, start: time, end: time, *sports: Sport, kit: tuple[Equipment, ...] = ()
) -> AvailabilityWindow:
    return AvailabilityWindow(weekday=weekday, start=start, end=end, sports=sports, equipment=kit)


WINDOWS = [
    window(0, time(6, 30), time(7, 30), Sport.SWIM),
    window(1, time(18), time(19), *LIFTS, kit=GYM),
    window(2, time(6, 30), time(7, 30), Sport.RUN, Sport.BIKE),
    window(3, time(18), time(19), *LIFTS, kit=(Equipment.DUMBBELL,)),
    window(4, time(6, 30), time(7, 30), Sport.SWIM),
    window(5, time(9), time(11)),
]


def period(
    adherence: float | None, done_h: float, planned_h: float, due: int = 5, done: int = 5
) -> Period:
    return Period(
        start=TODAY - timedelta(days=6),
        end=TODAY,
        adherence_pct=adherence,
        planned_h=planned_h,
        actual_h=done_h,
        matched_h=done_h,
        unplanned_h=0.0,
        planned_load=None,
        actual_load=None,
        workouts=due,
        completed=done,
        missed=tuple(("x", TODAY, None) for _ in range(due - done)),
    )


def on_track(kind: GoalKind, **extra: Any) -> GoalProgress:
    return GoalProgress(
        make_goal(kind), Status.ON_TRACK, 0.0, per_week=0.2, needed_per_week=0.1, **extra
    )


def up(
    ident: int, days: int, at: time, sport: Sport, minutes: float, priority: int, hard: bool,
    qualities: tuple[str, ...], exercises: tuple[str, ...] = (), name: str = "",
) -> Upcoming:  # fmt: skip
    day = MON + timedelta(days=days)
    return Upcoming(ident, day, at, sport, minutes, priority, hard, qualities, exercises, name)


UPCOMING = [
    up(1, 0, time(6, 30), Sport.SWIM, 40, 2, False, ("swim", "aerobic"), name="Swim technique"),
    up(2, 1, time(18), Sport.STRENGTH, 50, 3, True, ("power", "strength"),
       ("box_jump", "back_squat"), "Lower-body power"),
    up(3, 2, time(6, 30), Sport.RUN, 40, 2, False, ("aerobic",), name="Easy run"),
    up(4, 3, time(18), Sport.STRENGTH, 45, 3, False, ("strength",), ("goblet_squat",), "Full body"),
    up(5, 4, time(6, 30), Sport.SWIM, 45, 2, True, ("swim", "vo2"), name="Swim CSS"),
    up(6, 5, time(9), Sport.MOBILITY, 30, 3, False, ("mobility",), name="Mobility"),
]  # fmt: skip


def context(**changes: Any) -> Context:
    base = Context(
        today=TODAY,
        last7=period(92.0, 3.8, 4.0),
        goals=[on_track(GoalKind.BODY_FAT), on_track(GoalKind.VO2_MAX)],
        load=LoadState(TODAY, 40, 42, -2, 2.0, 1.2, 300, 1.0, 0, ()),
        wellness={},
        patterns=[],
        upcoming=UPCOMING,
        windows=WINDOWS,
        band_h=(3.0, 5.0),
        library=workout_library(),
    )
    return replace(base, **changes)


def proposals(found: list[Proposal | Decision]) -> list[Proposal]:
    return [f for f in found if isinstance(f, Proposal)]


def test_a_good_week_proposes_nothing_and_says_so() -> None:
    found = evaluate(context())
    assert proposals(found) == []
    (keep,) = [f for f in found if isinstance(f, Decision) and f.rule_id == "adherence"]
    assert keep.text.startswith("Adherence 92 %, every goal on track")
    assert "keep the plan" in keep.text


def test_low_adherence_lightens_next_week_keeping_the_important_sessions() -> None:
    (proposal,) = AdherenceRule()(context(last7=period(55.0, 2.0, 4.0, due=5, done=3)))
    assert isinstance(proposal, Proposal)
    removed = [op.workout_id for op in proposal.operations if op.kind == "remove"]
    assert removed and all(UPCOMING[i - 1].priority == 3 for i in removed)  # lowest first
    assert "You did 3 of 5 planned sessions" in proposal.rationale
    assert proposal.evidence["adherence_pct"] == 55.0
    kept = sum(u.minutes for u in UPCOMING if u.id not in removed)
    assert kept <= 2.0 * 60 * 1.10 + 50


def test_between_seventy_and_eighty_the_plan_stays_with_reasons() -> None:
    (decision,) = AdherenceRule()(context(last7=period(75.0, 3.5, 4.0)))
    assert isinstance(decision, Decision)
    assert "between 70 and 80 %" in decision.text


def test_fatigue_one_signal_rests_a_day_two_signals_deload() -> None:
    tired = LoadState(TODAY, 40, 70, -30, 2.0, 1.2, 300, 1.0, 4, ("form below -25 for 4 days",))
    (rest,) = FatigueRule()(context(load=tired))
    assert isinstance(rest, Proposal)
    assert rest.title == "Extra rest day"
    assert rest.operations[0].kind == "remove"
    assert rest.operations[0].workout_id == 2  # the first hard session
    assert "Rest instead of Lower-body power on Tuesday" in rest.rationale
    sore = {MetricType.SORENESS: [(TODAY - timedelta(1), 8.0), (TODAY, 7.0)]}
    (deload,) = FatigueRule()(context(load=tired, wellness=sore))
    assert isinstance(deload, Proposal)
    assert deload.title == "Deload week"
    assert {op.kind for op in deload.operations} == {"shorten", "ease"}
    assert "soreness 7.5/10" in deload.rationale


def test_a_lagging_goal_takes_a_session_from_one_ahead() -> None:
    vo2 = GoalProgress(
        make_goal(GoalKind.VO2_MAX), Status.OFF_TRACK, 1.0, per_week=-0.05, needed_per_week=0.1
    )
    swim = GoalProgress(
        make_goal(GoalKind.SWIM_100YD_FREE),
        Status.ON_TRACK,
        0.0,
        per_week=-0.9,
        needed_per_week=-0.25,
    )
    (proposal,) = GoalBalanceRule()(context(goals=[vo2, swim]))
    assert isinstance(proposal, Proposal)
    (op,) = proposal.operations
    assert op.kind == "replace"
    assert op.workout_id == 6  # Saturday's open window, mobility (serves no lagging quality)
    template = next(t for t in workout_library() if t.id == op.params["template"])
    assert any(q.value == "vo2" for q in template.serves)
    assert "VO2 max is off track" in proposal.rationale
    assert "100 yd freestyle improves faster" in proposal.rationale


def test_missed_wednesdays_move_to_another_window() -> None:
    wednesday = Pattern("weekday", "Wednesday", 3, 4)
    week = [u for u in UPCOMING if u.id != 6]  # Saturday is free
    (proposal,) = ScheduleRule()(context(patterns=[wednesday], upcoming=week))
    assert isinstance(proposal, Proposal)
    (op,) = proposal.operations
    assert (op.kind, op.workout_id) == ("move", 3)
    assert op.params == {"day": (MON + timedelta(days=5)).isoformat(), "start": "09:00:00"}
    assert "missed 3 of 4 times" in proposal.rationale
    # with every other window taken, it says so instead
    (decision,) = ScheduleRule()(context(patterns=[wednesday]))
    assert isinstance(decision, Decision)
    assert "consider adding availability" in decision.text


def test_missed_strength_sessions_mean_one_a_week() -> None:
    (proposal,) = StrengthRule()(context(strength_planned=6, strength_missed=4))
    assert isinstance(proposal, Proposal)
    assert [op.workout_id for op in proposal.operations] == [4]  # keeps the higher-priority one
    assert StrengthRule()(context(strength_planned=6, strength_missed=1)) == []


def test_missing_equipment_swaps_exercises_within_their_group() -> None:
    gym = WINDOWS[1].model_copy(update={"equipment": (Equipment.BARBELL,)})
    no_box = [WINDOWS[0], gym, *WINDOWS[2:]]
    (proposal,) = EquipmentRule()(context(windows=no_box))
    assert isinstance(proposal, Proposal)
    swaps = {(op.params["exercise"], op.params["by"]) for op in proposal.operations}
    assert ("box_jump", "jump_squat") in swaps or ("box_jump", "broad_jump") in swaps
    assert "Box jump ->" in proposal.rationale
