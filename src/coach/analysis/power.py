"""Cycling power metrics.

Normalized Power (Coggan; docs/methods.md §1, TSS and IF): the 4th root of the mean of the 4th
powers of the 30-second rolling average of power, sampled at 1 Hz. Samples are put on a 1 s grid
by linear interpolation between recorded samples (devices record at 1 Hz or in "smart" bursts);
missing samples are left out rather than read as 0 W.
"""

from __future__ import annotations

import numpy as np

from coach.analysis.samples import Samples, as_samples

NP_WINDOW_S = 30
"""The rolling-average window of Normalized Power."""


def normalized_power_w(time_s: Samples, power_w: Samples) -> float | None:
    """Normalized Power in W, or None when under one window of power data."""
    all_times, all_watts = as_samples(time_s), as_samples(power_w)
    keep = ~np.isnan(all_times) & ~np.isnan(all_watts)
    if keep.sum() < 2:
        return None
    times, watts = all_times[keep], all_watts[keep]
    grid = np.arange(times[0], times[-1] + 1.0, 1.0)
    if grid.size < NP_WINDOW_S:
        return None
    per_second = np.interp(grid, times, watts)
    cumulative = np.concatenate(([0.0], np.cumsum(per_second)))
    rolling = (cumulative[NP_WINDOW_S:] - cumulative[:-NP_WINDOW_S]) / NP_WINDOW_S
    return float(np.mean(rolling**4) ** 0.25)
