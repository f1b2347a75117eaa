"""Trends of measured values: exponential smoothing, regression slopes, period averages and
lagged correlations. Missing days are gaps, never zeros."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

Series = Sequence[tuple[date, float]]

TREND_ALPHA = 0.1
"""Hacker's Diet trend (fourmilab.ch/hackdiet; docs/methods.md §8): T_n = T_{n-1} + 0.1 (W_n -
T_{n-1}) for daily readings, lagging like a ~20-day moving average. Readings are not daily: a
reading n days after the previous one moves the trend as n daily readings of that value would, with
alpha_n = 1 - (1 - alpha)^n. Missing days carry the trend forward; no day is ever read as 0."""
SLOPE_DAYS = 28
"""docs/methods.md §8: the rate is the slope of a 28-day linear regression of the trend."""
MIN_CORRELATION_N = 8
"""No correlation is reported from fewer than 8 paired weeks (with n = 8, |r| must exceed ~0.7
to be significant at 5 %: fewer points say nothing)."""
DAYS_PER_MONTH = 30.44
BEST_EFFORT_DAYS = 28
"""Session-derived bests (the fastest 100 of a swim, the best estimated 1RM of a lift) show what
the athlete can do only on the days they try: each such reading is read as the best of the last
28 days, so an easy technique swim or a light lifting day is not taken for lost fitness (the
best-effort-per-period idea behind power-duration curves). Four weeks hold at least one all-out
effort of each kind in a normal plan (a 100 time trial comes every three weeks or so); with two
weeks, the best fell back to an easy swim each time a time trial left the window, and the trend
read that as lost speed."""


def smoothed(series: Series, alpha: float = TREND_ALPHA) -> list[tuple[date, float]]:
    """The exponentially smoothed trend, one value per reading (the first reading starts it)."""
    out: list[tuple[date, float]] = []
    trend: float | None = None
    previous: date | None = None
    for day, value in series:
        if trend is None or previous is None:
            trend = value
        else:
            gap = max((day - previous).days, 1)
            trend += (1 - (1 - alpha) ** gap) * (value - trend)
        previous = day
        out.append((day, trend))
    return out


def slope_per_day(series: Series) -> float | None:
    """Least-squares slope (units per day); None with fewer than 2 distinct days."""
    if len(series) < 2:
        return None
    origin = series[0][0]
    xs = [(day - origin).days for day, _ in series]
    if len(set(xs)) < 2:
        return None
    ys = [value for _, value in series]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx


def rolling_best(series: Series, days: int, *, lower_is_better: bool) -> list[tuple[date, float]]:
    """Each reading replaced by the best reading of the ``days`` days ending on its date."""
    sign = 1.0 if lower_is_better else -1.0
    window: deque[tuple[date, float]] = deque()  # candidates, best first (a monotonic queue)
    out = []
    for day, value in sorted(series):
        while window and sign * window[-1][1] >= sign * value:
            window.pop()
        window.append((day, value))
        while window[0][0] <= day - timedelta(days=days):
            window.popleft()
        out.append((day, window[0][1]))
    return out


def recent(series: Series, days: int, until: date) -> list[tuple[date, float]]:
    start = until - timedelta(days=days)
    return [(day, value) for day, value in series if start < day <= until]


def period_means(series: Series, key: str) -> dict[str, float]:
    """Means per ISO week ("2026-W47") or calendar month ("2026-11"); periods without a reading
    are absent, not 0."""
    groups: defaultdict[str, list[float]] = defaultdict(list)
    for day, value in series:
        if key == "week":
            year, week, _ = day.isocalendar()
            label = f"{year}-W{week:02d}"
        else:
            label = f"{day.year}-{day.month:02d}"
        groups[label].append(value)
    return {label: sum(values) / len(values) for label, values in sorted(groups.items())}


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def lagged_correlation(
    cause: Mapping[date, float], effect: Mapping[date, float], lag_weeks: int
) -> tuple[float, int] | None:
    """Pearson r between weekly ``cause`` and ``effect`` ``lag_weeks`` later (keys: Mondays),
    with the number of paired weeks; None below MIN_CORRELATION_N pairs or without variation."""
    pairs = [
        (value, effect[week + timedelta(weeks=lag_weeks)])
        for week, value in cause.items()
        if week + timedelta(weeks=lag_weeks) in effect
    ]
    if len(pairs) < MIN_CORRELATION_N:
        return None
    r = pearson([p[0] for p in pairs], [p[1] for p in pairs])
    return None if r is None else (r, len(pairs))
