"""Pool-swim analysis over length data: fastest continuous 100 (docs/connectors.md (FIT)).

A window of ``n = round(100 / pool length)`` consecutive lengths in file order counts when every
length is active freestyle, no idle length lies inside, and no hidden pause separates two lengths
(the next start is at most ``MAX_TURN_GAP_S`` after the previous end). The fastest window's summed
length time is the fastest continuous 100 in the pool's own unit.

Conversion between 100 m and 100 yd assumes the same average pace over the distance:
t(100 yd) = t(100 m) x 0.9144 and back (a pace conversion, not a race-time prediction: turns
count differently in short-course yards; documented approximation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from coach.domain.activity import SwimLengthData
from coach.domain.units import M_PER_YD, PoolUnit

MAX_TURN_GAP_S = 1.0
"""A gap longer than this between one length's end and the next one's start is a rest."""
POOL_FIT_TOLERANCE = 0.02
"""A pool whose n lengths miss 100 units by more than 2 % (e.g. 33 1/3 m) gets no fastest 100."""
FREESTYLE = "freestyle"


@dataclass(frozen=True, slots=True)
class Fastest100:
    seconds: float  # in the pool's unit: 100 m or 100 yd
    unit: PoolUnit
    first_length: int  # index into the lengths given
    as_100yd_s: float
    as_100m_s: float


def fastest_continuous_100(
    lengths: Sequence[SwimLengthData], pool_length: float, unit: PoolUnit
) -> Fastest100 | None:
    """The fastest continuous 100 of freestyle, or None when no window qualifies."""
    if pool_length <= 0:
        return None
    n = round(100 / pool_length)
    if n < 1 or abs(n * pool_length - 100) > 100 * POOL_FIT_TOLERANCE:
        return None
    best: tuple[float, int] | None = None
    for first in range(len(lengths) - n + 1):
        window = lengths[first : first + n]
        if not all(length.is_active and length.stroke == FREESTYLE for length in window):
            continue
        if any(_paused(a, b) for a, b in pairwise(window)):
            continue
        total = sum(length.duration_s for length in window)
        if best is None or total < best[0]:
            best = (total, first)
    if best is None:
        return None
    seconds, first = best
    if unit is PoolUnit.YARDS:
        as_yd, as_m = seconds, seconds / M_PER_YD
    else:
        as_yd, as_m = seconds * M_PER_YD, seconds
    return Fastest100(seconds, unit, first, round(as_yd, 2), round(as_m, 2))


def _paused(previous: SwimLengthData, following: SwimLengthData) -> bool:
    end = previous.start_time + timedelta(seconds=previous.duration_s)
    return (following.start_time - end).total_seconds() > MAX_TURN_GAP_S
