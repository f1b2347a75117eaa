"""Templates and the words and numbers on the pages: dates as people write them, durations in
hours and minutes, every measured value in the athlete's units (the same writers as the CLI)."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from coach.analysis.compare import GREEN_RANGE, YELLOW_RANGE
from coach.domain.goals import GOAL_KINDS, Direction, GoalKind, goal_dimension
from coach.domain.metrics import MetricType
from coach.domain.units import (
    KG_PER_LB,
    M_PER_IN,
    M_PER_MI,
    M_PER_YD,
    Dimension,
    PoolUnit,
    UnitSystem,
    editable_quantity,
    format_distance_m,
    format_duration_s,
    format_quantity,
)
from coach.insights.goals import extra_lines
from coach.insights.physiology import PHYSIOLOGY_DISPLAY, physiology_value

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _pct(share: float) -> str:
    return f"{share * 100:.0f} %"


BANDS = {
    "green": f"done: {_pct(GREEN_RANGE[0])}-{_pct(GREEN_RANGE[1])} of the planned time",
    "yellow": (
        f"done: {_pct(YELLOW_RANGE[0])}-{_pct(GREEN_RANGE[0])} or "
        f"{_pct(GREEN_RANGE[1])}-{_pct(YELLOW_RANGE[1])} of the planned time"
    ),
    "red": (
        f"missed, or under {_pct(YELLOW_RANGE[0])} / over {_pct(YELLOW_RANGE[1])} "
        "of the planned time"
    ),
    "pending": "still to come",
}
"""What each compliance colour means, in words from the rules' own limits (the colour is never
the only sign)."""


def day(value: date | datetime | None) -> str:
    """``Mon 30 Nov`` (with the year when it is not this one's)."""
    if value is None:
        return "—"
    return f"{value:%a} {value.day} {value:%b}"


def long_day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def duration(seconds: float | None) -> str:
    """``1 h 05 min``, ``45 min``, ``40 s``."""
    if seconds is None:
        return "—"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    hours, minutes = divmod(round(total / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def swim_time(seconds: float) -> str:
    """A swim time as the CLI writes it: ``1:23.5``."""
    return format_duration_s(seconds, tenths=True)


def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} h"


def distance(metres: float | None, system: str) -> str:
    return "—" if metres is None else format_distance_m(metres, UnitSystem(system))


EXPORT_WORDS = {"create": "new", "update": "updated", "remove": "removed", "unchanged": "unchanged"}


def export_summary(entries: list[Any]) -> str:
    """What one target did with the plan: ``2 updated, 21 unchanged`` (failures said apart)."""
    failed = [e for e in entries if e.error]
    counts: dict[str, int] = {}
    for entry in entries:
        if not entry.error:
            word = EXPORT_WORDS.get(entry.action, entry.action)
            counts[word] = counts.get(word, 0) + 1
    parts = [f"{n} {word}" for word, n in counts.items()]
    if failed:
        parts.append(f"{len(failed)} failed: {failed[0].error}")
    return ", ".join(parts) or "nothing to send"


def weight(kg: float | None, system: str) -> str:
    if kg is None:
        return "—"
    return format_quantity(kg, Dimension.MASS, UnitSystem(system))


PHYSIOLOGY_NAMES = {name: label for name, (label, _) in PHYSIOLOGY_DISPLAY.items()}


def physiology(name: str, value: float | None, system: str) -> str:
    return physiology_value(name, value, UnitSystem(system))


def physiology_editable(name: str, value: float | None, system: str) -> str:
    """A measured value as its form shows it to edit (read back by ``parse_quantity``)."""
    if value is None:
        return ""
    return editable_quantity(value, PHYSIOLOGY_DISPLAY[name][1], UnitSystem(system))


def goal_value(value: float | None, kind: str, metric: str, system: str) -> str:
    """A goal's reading or target as the CLI writes it (``16.8 %``, ``1:23.5``, ``24.0 in``)."""
    if value is None:
        return "—"
    dimension = goal_dimension(GoalKind(kind), MetricType(metric))
    return format_quantity(value, dimension, UnitSystem(system))


def chart_unit(kind: str, metric: str, system: str) -> tuple[float, str]:
    """How a goal's chart shows its numbers: (divide the stored value by, unit label), in the
    athlete's units (pounds and inches for imperial, centimetres for metric lengths)."""
    dimension = goal_dimension(GoalKind(kind), MetricType(metric))
    imperial = system == UnitSystem.IMPERIAL.value
    if dimension is Dimension.MASS and imperial:
        return KG_PER_LB, "lb"
    if dimension is Dimension.LENGTH:
        return (M_PER_IN, "in") if imperial else (0.01, "cm")
    if dimension is Dimension.SWIM_PACE and imperial:
        return 1 / M_PER_YD, "s/100yd"
    if dimension is Dimension.RUN_PACE and imperial:
        return 1000 / M_PER_MI, "s/mi"
    return 1.0, dimension.canonical_unit


def goal_chart(goal: Any, system: str) -> dict[str, Any]:
    """The data of a goal's chart: readings, target (or band), trend to the projection."""
    per, unit = chart_unit(goal.kind, goal.metric, system)

    def shown(value: float | None) -> float | None:
        return None if value is None else round(value / per, 2)

    projection = None
    if goal.projected_date and goal.current_date and goal.trend is not None:
        projection = [
            [goal.current_date.isoformat(), shown(goal.trend)],
            [goal.projected_date.isoformat(), shown(goal.target)],
        ]
    return {
        "unit": unit,
        "readings": [[p.date.isoformat(), shown(p.value)] for p in goal.series],
        "target": shown(goal.target),
        "target_max": shown(goal.target_max),
        "projection": projection,
    }


def goal_extras(goal: Any, athlete: Any) -> list[str]:
    """A goal card's extra evidence in sentences, in the athlete's units."""
    return extra_lines(
        goal_dimension(GoalKind(goal.kind), MetricType(goal.metric)),
        goal.extras,
        UnitSystem(athlete.unit_system),
        PoolUnit(athlete.pool_unit),
    )


GOAL_TARGET_EXAMPLES: dict[GoalKind, tuple[str, str]] = {
    GoalKind.BODY_FAT: ("14 %", "14 %"),
    GoalKind.BODY_WEIGHT: ("78 kg", "170 lb"),
    GoalKind.VO2_MAX: ("50", "50"),
    GoalKind.BOX_JUMP: ("60 cm", "24 in"),
    GoalKind.BROAD_JUMP: ("2.2 m", "87 in"),
    GoalKind.SQUAT_RELATIVE: ("1.5", "1.5"),
    GoalKind.RDL_RELATIVE: ("1.5", "1.5"),
    GoalKind.SIT_AND_REACH: ("10 cm", "4 in"),
    GoalKind.SINGLE_LEG_BALANCE: ("45s", "45s"),
    GoalKind.SWIM_100YD_FREE: ("1:10", "1:10"),
    GoalKind.CSS: ("1:40/100m", "1:30/100yd"),
    GoalKind.RUN_5K: ("25:00", "25:00"),
    GoalKind.FTP: ("250 W", "250 W"),
    GoalKind.RESTING_HR: ("55 bpm", "55 bpm"),
    GoalKind.WEEKLY_HOURS: ("3", "3"),
}
"""A target as a person types it for each goal kind, metric and imperial: shown beside the
kind in the add-a-goal form (tests/web/test_goal_form.py makes a goal of each one)."""

RANGE_UPPER_EXAMPLES: dict[GoalKind, tuple[str, str]] = {GoalKind.WEEKLY_HOURS: ("5", "5")}
"""The upper bound typed beside the example of a goal kind that is a range."""


def goal_choices(system: str) -> list[tuple[str, str]]:
    """The goal kinds the add-a-goal form offers: (kind, "title — e.g. target")."""
    imperial = system == UnitSystem.IMPERIAL.value
    choices = []
    for kind, spec in GOAL_KINDS.items():
        if kind is GoalKind.CUSTOM:
            choices.append((kind.value, "Something else — choose what measures it"))
            continue
        example = GOAL_TARGET_EXAMPLES[kind][imperial]
        if spec.direction is Direction.RANGE:
            upper = RANGE_UPPER_EXAMPLES[kind][imperial]
            choices.append((kind.value, f"{spec.title} — a range, e.g. {example} to {upper}"))
        else:
            choices.append((kind.value, f"{spec.title} — e.g. {example}"))
    return choices


def goal_editable(value: float | None, goal: Any, system: str) -> str:
    """A goal's target as its form shows it to edit, in the athlete's units."""
    if value is None:
        return ""
    return editable_quantity(value, goal.goal().dimension, UnitSystem(system))


def as_json(value: Any) -> Markup:
    """Data for a chart, safe inside ``<script type="application/json">``."""
    text = json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)  # escaped above: data, never executed


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        day=day,
        long_day=long_day,
        duration=duration,
        hours=hours,
        swim_time=swim_time,
        distance=distance,
        weight=weight,
        export_summary=export_summary,
        json=as_json,
    )
    env.globals.update(
        goal_value=goal_value,
        goal_chart=goal_chart,
        goal_editable=goal_editable,
        goal_extras=goal_extras,
        physiology=physiology,
        physiology_editable=physiology_editable,
        PHYSIOLOGY_NAMES=PHYSIOLOGY_NAMES,
        BANDS=BANDS,
    )
    return env
