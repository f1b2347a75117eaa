"""No review sentence states a band, a total or a count that disagrees with the numbers it was
built from (docs/coaching.md §9). Hypothesis builds the numbers; each sentence is read back
with the patterns a person would read it with."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.analysis.compare import Miss, Period
from coach.analysis.progress import Evidence, goal_progress
from coach.domain.goals import GoalKind, make_goal
from coach.domain.units import UnitSystem
from coach.domain.words import split_round
from coach.insights.goals import describe
from coach.insights.review import last7_lines
from coach.planning.rules import Week
from coach.planning.rules.fit import AdherenceRule, BandRule
from tests.planning.rules_kit import MON, TODAY, context, period

hours_st = st.floats(min_value=0, max_value=20, allow_nan=False)
KINDS = ["illness", "injury", "travel"]


@st.composite
def periods(draw: st.DrawFn) -> Period:
    due = draw(st.integers(0, 12))
    done = draw(st.integers(0, due))
    matched = draw(hours_st)
    unplanned = draw(hours_st)
    excused = draw(st.lists(st.sampled_from(KINDS), max_size=5))
    return Period(
        start=TODAY - timedelta(days=6),
        end=TODAY,
        adherence_pct=draw(st.floats(0, 100)) if due else None,
        planned_h=draw(hours_st),
        actual_h=matched + unplanned,
        matched_h=matched,
        unplanned_h=unplanned,
        planned_load=None,
        actual_load=None,
        workouts=due,
        completed=done,
        excused=tuple(Miss(i, "x", TODAY, "run", kind) for i, kind in enumerate(excused)),
        unknown=draw(st.integers(0, 4)),
        due_h=draw(hours_st),
    )


def numbers(text: str, pattern: str) -> tuple[float, ...]:
    found = re.search(pattern, text)
    assert found is not None, (pattern, text)
    return tuple(float(g) for g in found.groups())


@settings(max_examples=300, deadline=None)
@given(periods())
def test_the_week_in_sentences_says_what_was_counted(p: Period) -> None:
    text = " ".join(last7_lines(p))
    if p.workouts:
        done, due = numbers(text, r"You did (\d+) of (\d+) planned sessions?")
        assert (done, due) == (p.completed, p.workouts)
        assert done <= due
        assert p.adherence_pct is not None
        (adherence,) = numbers(text, r"\(adherence (\d+) %\)")
        assert adherence == round(p.adherence_pct)
    else:
        assert "You did" not in text
    if p.excused:
        counts = [int(n) for n in re.findall(r"(\d+) sessions? for ", text)]
        assert sum(counts) == len(p.excused)
    if p.unknown:
        (unknown,) = numbers(text, r"(\d+) sessions? without data yet")
        assert unknown == p.unknown
    if p.actual_h or p.due_h:
        parts = re.search(
            r"(\d+\.\d) h done \((\d+\.\d) h in planned sessions, (\d+\.\d) h unplanned\)", text
        )
        if parts:
            total, matched, unplanned = (float(g) for g in parts.groups())
            assert round(matched + unplanned, 1) == total  # the parts add up to the total said
            assert abs(total - p.actual_h) <= 0.05 + 1e-9
        (planned,) = numbers(text, r"against (\d+\.\d) h planned")
        assert abs(planned - p.due_h) <= 0.05 + 1e-9


@given(st.floats(0, 100), st.floats(0.1, 20))
def test_an_adherence_sentence_names_the_band_its_number_is_in(adherence: float, h: float) -> None:
    (found,) = AdherenceRule()(context(last7=period(adherence, h, h)))
    text = found.text if hasattr(found, "text") else found.rationale  # type: ignore[union-attr]
    (said,) = numbers(text, r"(?:Adherence|adherence) (\d+) %")
    assert said == round(adherence)
    if "between 70 and 80" in text:
        assert 70 <= adherence <= 80
    if "fits your week" in text:
        assert adherence > 80
    if "You did" in text:
        assert adherence < 70


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 15, allow_nan=False), min_size=1, max_size=4))
def test_the_weekly_hours_sentence_counts_the_weeks_above_and_below(hours: list[float]) -> None:
    goal = make_goal(GoalKind.WEEKLY_HOURS, target_value=3.0, target_max=5.0)
    today = date(2026, 11, 29)  # a Sunday: this week counts
    weeks = {today - timedelta(days=6, weeks=n): h for n, h in enumerate(reversed(hours))}
    progress = goal_progress(goal, Evidence(metrics={}, weekly_hours=weeks), today)
    text = describe(progress, UnitSystem.METRIC)
    (mean, n) = numbers(text, r"(\d+\.\d) h/week over the last (\d+) full weeks?")
    assert n == len(hours)
    assert abs(mean - sum(hours) / len(hours)) <= 0.05 + 1e-9
    above = [h for h in hours if h > 5]
    below = [h for h in hours if h < 3]
    if above:
        assert f"{len(above)} above 5 h" in text
    if below:
        assert f"{len(below)} below 3 h" in text
    if not above and not below:
        assert "every one inside 3-5 h" in text
    else:
        assert "inside" not in text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(5.1, 15), st.dictionaries(st.sampled_from(["bike", "run", "walk"]),
                                                       st.floats(0.05, 4), max_size=3)),
        min_size=2,
        max_size=2,
    )
)  # fmt: skip
def test_hours_above_the_band_name_extras_that_add_up(
    weeks: list[tuple[float, dict[str, float]]],
) -> None:
    items = [
        Week(MON - timedelta(weeks=2 - i), done, 4.0, sum(extra.values()), 0.0, extra)
        for i, (done, extra) in enumerate(weeks)
    ]
    (found,) = BandRule()(context(weeks=items))
    text = found.text if hasattr(found, "text") else found.rationale  # type: ignore[union-attr]
    stated = [float(x) for x in re.findall(r"(\d+\.\d) h", text.split(" in the last")[0])]
    assert all(h > 5 for h in stated)  # every week said to be above the band is
    extra = re.search(r"unplanned sessions \((\d+\.\d) h a week: ([^)]*)\)", text)
    if extra:
        total = float(extra.group(1))
        parts = [float(x) for x in re.findall(r"(\d+\.\d) h", extra.group(2))]
        assert round(sum(parts), 1) == total


@given(st.lists(st.floats(0, 50), min_size=1, max_size=6))
def test_rounded_parts_add_up_to_the_rounded_total(parts: list[float]) -> None:
    total, rounded = split_round(sum(parts), parts)
    assert round(sum(rounded), 1) == total
    assert all(abs(r - p) < 0.1 + 1e-9 for r, p in zip(rounded, parts, strict=True))
