"""A small terminal chart of a dated series: readings as dots on a grid, newest on the right."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

HEIGHT = 8
WIDTH = 56


def chart(
    series: Sequence[tuple[date, float]],
    label: Callable[[float], str],
    *,
    target: float | None = None,
    height: int = HEIGHT,
    width: int = WIDTH,
) -> list[str]:
    """Lines of text: a y axis labelled with ``label`` at top and bottom, ``•`` per reading,
    ``-`` along the target when it is within the drawn range."""
    if not series:
        return []
    values = [v for _, v in series] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    grid = [[" "] * width for _ in range(height)]

    def row_of(value: float) -> int:
        return height - 1 - round((value - low) / (high - low) * (height - 1))

    if target is not None:
        for column in range(width):
            grid[row_of(target)][column] = "-"
    for day, value in series:
        column = round((day - first).days / span * (width - 1))
        grid[row_of(value)][column] = "•"
    top, bottom = label(high), label(low)
    margin = max(len(top), len(bottom))
    lines = []
    for index, cells in enumerate(grid):
        axis = top if index == 0 else bottom if index == height - 1 else ""
        lines.append(f"{axis:>{margin}} │{''.join(cells)}")
    lines.append(f"{'':>{margin}} └{'─' * width}")
    lines.append(f"{'':>{margin}}  {first.isoformat():<{width - 10}}{last.isoformat()}")
    return lines
