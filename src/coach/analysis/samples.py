"""Sample streams as analysis takes them: lists with None, or float arrays with NaN for gaps."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Samples = Sequence[float | None] | npt.NDArray[np.float64]


def as_samples(values: Samples) -> npt.NDArray[np.float64]:
    """Samples as a float array with NaN where a sample is missing (None) - never zero."""
    if isinstance(values, np.ndarray):
        return values.astype(float, copy=False)
    return np.array([math.nan if v is None else v for v in values], dtype=float)
