"""The fitness chart's points: every day for up to a year; beyond, one point a week — that
day's fitness, fatigue and form as they were, and the load of the seven days it ends (a
ten-year chart of 3 660 daily points says no more, and its page would weigh half a megabyte)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coach.services.schemas import LoadDay

DAILY_UP_TO_DAYS = 400
"""The longest range drawn day by day; longer ones are drawn week by week."""


@dataclass(frozen=True, slots=True)
class Point:
    day: date
    load: float  # the day's load, or the week's ending that day
    ctl: float
    atl: float
    form: float
    by_sport: dict[str, float] = field(default_factory=dict)


def chart_points(days: list[LoadDay]) -> tuple[list[Point], int]:
    """The points to draw and how many days each stands for (1 or 7); the last day is always
    a point, so today's numbers are the chart's last ones."""
    step = 1 if len(days) <= DAILY_UP_TO_DAYS else 7
    points = []
    for end in range(len(days) - 1, -1, -step):
        window = days[max(0, end - step + 1) : end + 1]
        by_sport: dict[str, float] = {}
        for day in window:
            for sport, load in day.by_sport.items():
                by_sport[sport] = round(by_sport.get(sport, 0.0) + load, 1)
        last = days[end]
        points.append(
            Point(
                day=last.date,
                load=round(sum(d.load for d in window), 1),
                ctl=last.ctl,
                atl=last.atl,
                form=last.form,
                by_sport=by_sport,
            )
        )
    points.reverse()
    return points, step


def fitness_chart(
    points: list[Point], ahead: list[LoadDay], sports: list[str], form_low: float
) -> dict[str, Any]:
    """The fitness chart's data: ``[day, value]`` pairs (a time axis: weekly points and the
    daily plan ahead side by side), the plan's lines starting from today's values."""

    def pairs(values: list[tuple[date, float]]) -> list[list[Any]]:
        return [[day.isoformat(), value] for day, value in values]

    now = points[-1:] if ahead else []
    return {
        "form_low": form_low,
        "today": points[-1].day.isoformat() if points else None,
        "ctl": pairs([(p.day, p.ctl) for p in points]),
        "atl": pairs([(p.day, p.atl) for p in points]),
        "form": pairs([(p.day, p.form) for p in points]),
        "planned_ctl": pairs([(p.day, p.ctl) for p in now] + [(d.date, d.ctl) for d in ahead]),
        "planned_atl": pairs([(p.day, p.atl) for p in now] + [(d.date, d.atl) for d in ahead]),
        "planned_form": pairs([(p.day, p.form) for p in now] + [(d.date, d.form) for d in ahead]),
        "sports": sports,
        "by_sport": {
            sport: pairs([(p.day, p.by_sport.get(sport, 0.0)) for p in points]) for sport in sports
        },
        "planned_by_sport": {
            sport: pairs([(d.date, d.by_sport.get(sport, 0.0)) for d in ahead]) for sport in sports
        },
    }
