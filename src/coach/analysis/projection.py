"""Fitness, fatigue and form ahead of today if the plan is done as planned (docs/methods.md §14).

A planned session's expected load is its planned hours times the athlete's own load per hour
in that sport over the last ``RATE_LOOKBACK_DAYS`` days (sessions whose load is known). A sport
the athlete has not trained lately has no rate: its sessions are left out of the projection and
counted (``without_rate``), never guessed. The chart then runs on from tonight's fitness and
fatigue with those loads (coach.analysis.pmc.pmc, the same model as the past).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.analysis.facts import ActivityFact, PlannedFact
from coach.analysis.pmc import PmcDay, pmc

RATE_LOOKBACK_DAYS = 42
"""How far back the athlete's load per hour in a sport is taken (one fitness time constant)."""
PROJECTION_DAYS = 28
"""How far ahead the plan is projected."""


@dataclass(frozen=True, slots=True)
class Projection:
    days: list[PmcDay]  # tomorrow to the last projected day
    by_sport: dict[date, dict[str, float]]
    without_rate: int  # planned sessions of a sport with no recent load to go by


def load_per_hour(history: Sequence[ActivityFact], today: date) -> dict[str, float]:
    """Each sport's load per hour over the last ``RATE_LOOKBACK_DAYS`` days (to today)."""
    first = today - timedelta(days=RATE_LOOKBACK_DAYS - 1)
    load: dict[str, float] = defaultdict(float)
    hours: dict[str, float] = defaultdict(float)
    for fact in history:
        if first <= fact.day <= today and fact.load is not None and fact.duration_s > 0:
            load[fact.sport] += fact.load
            hours[fact.sport] += fact.duration_s / 3600
    return {sport: load[sport] / hours[sport] for sport in load if hours[sport] > 0}


def project(
    last: PmcDay | None,
    planned: Sequence[PlannedFact],
    rates: dict[str, float],
    today: date,
    days: int = PROJECTION_DAYS,
) -> Projection:
    """The chart from tomorrow for ``days`` days, the planned sessions done as planned."""
    end = today + timedelta(days=days)
    loads: dict[date, float] = defaultdict(float)
    by_sport: dict[date, dict[str, float]] = defaultdict(dict)
    without_rate = 0
    for session in planned:
        if not today < session.day <= end or session.status != "planned":
            continue
        rate = rates.get(session.sport)
        if rate is None:
            without_rate += 1
            continue
        expected = rate * session.duration_s / 3600
        loads[session.day] += expected
        day_sports = by_sport[session.day]
        day_sports[session.sport] = day_sports.get(session.sport, 0.0) + expected
    chart = pmc(
        loads,
        today + timedelta(days=1),
        end,
        ctl0=last.ctl if last else 0.0,
        atl0=last.atl if last else 0.0,
    )
    return Projection(chart, dict(by_sport), without_rate)
