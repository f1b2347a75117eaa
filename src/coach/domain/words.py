"""Small writers every sentence shares: dates, hours, counts, rates in the athlete's units."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from coach.domain.units import KG_PER_LB, M_PER_IN, M_PER_MI, M_PER_YD, Dimension, UnitSystem


def day(on: date) -> str:
    """``Mon 30 Nov``."""
    return f"{on:%a} {on.day} {on:%b}"


def weekday(on: date) -> str:
    """``Monday``."""
    return f"{on:%A}"


def hours(value: float) -> str:
    """``4.2 h`` (one decimal: a tenth of an hour is six minutes)."""
    return f"{value:.1f} h"


def minutes(value: float) -> str:
    return f"{value:.0f} min"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 session``, ``3 sessions``."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def percent(value: float) -> str:
    return f"{value:.0f} %"


def _signed(value: float, digits: int) -> str:
    text = f"{value:+.{digits}f}"
    return text.lstrip("+") if float(text) == 0 else text


def rate(value: float, dimension: Dimension, system: UnitSystem, per: str = "week") -> str:
    """A change per week (or ``per`` month) in the athlete's units: ``-0.10 %/week``,
    ``+1.0 lb/week``, ``-0.3 s/week``."""
    imperial = system is UnitSystem.IMPERIAL
    match dimension:
        case Dimension.PERCENT:
            return f"{_signed(value, 2)} %/{per}"
        case Dimension.MASS:
            if imperial:
                return f"{_signed(value / KG_PER_LB, 1)} lb/{per}"
            return f"{_signed(value, 2)} kg/{per}"
        case Dimension.LENGTH:
            if imperial:
                return f"{_signed(value / M_PER_IN, 2)} in/{per}"
            return f"{_signed(value * 100, 1)} cm/{per}"
        case Dimension.DURATION:
            return f"{_signed(value, 2 if abs(value) < 1 else 1)} s/{per}"
        case Dimension.SWIM_PACE:
            if imperial:
                return f"{_signed(value * M_PER_YD, 2)} s/100yd a {per}"
            return f"{_signed(value, 2)} s/100m a {per}"
        case Dimension.RUN_PACE:
            if imperial:
                return f"{_signed(value * M_PER_MI / 1000, 1)} s/mi a {per}"
            return f"{_signed(value, 1)} s/km a {per}"
        case Dimension.RATIO:
            return f"{_signed(value, 3)} x body weight/{per}"
        case Dimension.VO2:
            return f"{_signed(value, 2)} ml/kg/min a {per}"
        case Dimension.POWER:
            return f"{_signed(value, 1)} W/{per}"
        case Dimension.HEART_RATE:
            return f"{_signed(value, 1)} bpm/{per}"
        case Dimension.WEEKLY_HOURS:
            return f"{_signed(value, 1)} h/week a {per}"
        case _:
            return f"{_signed(value, 2)}/{per}"


def split_round(total: float, parts: Sequence[float], digits: int = 1) -> tuple[float, list[float]]:
    """``total`` and ``parts`` rounded to ``digits`` so that the rounded parts add up to the
    rounded total (largest remainder; ``parts`` must add up to ``total``)."""
    scale = 10**digits
    whole = round(total * scale)
    floors = [math.floor(p * scale + 1e-9) for p in parts]
    rest = whole - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: -(parts[i] * scale - floors[i]))
    for i in order[: max(rest, 0)]:
        floors[i] += 1
    return whole / scale, [f / scale for f in floors]
