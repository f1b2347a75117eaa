"""Compact sample streams: one activity_streams row per stream, never one row per sample.

Codec ``f32-zlib``: little-endian float32 values, missing samples as NaN (never 0), compressed
with zlib. Float32 keeps about 7 significant digits: plenty for heart rate, power, speed,
cadence, altitude and cumulative distance (a 42 km distance keeps centimetres); timestamps are
stored as seconds from the activity start, not as epoch seconds, for the same reason.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from coach.domain.errors import ParseError

CODEC = "f32-zlib"
ZLIB_LEVEL = 1
"""zlib's fastest level: on sensor streams it is about twice as fast as the default (6) and the
streams stay a small part of the database either way (bench/bench_import_fit.py)."""


def encode_stream(
    values: Sequence[float | None] | npt.NDArray[np.float64],
) -> tuple[str, int, bytes]:
    """(codec, sample count, payload) for samples; None (or NaN) is a missing sample."""
    samples = np.asarray(
        [math.nan if v is None else v for v in values] if isinstance(values, list) else values,
        dtype="<f4",
    )
    return CODEC, int(samples.size), zlib.compress(samples.tobytes(), ZLIB_LEVEL)


def decode_stream(codec: str, sample_count: int, payload: bytes) -> list[float | None]:
    """The samples back, with NaN read as None (missing, not zero)."""
    if codec != CODEC:
        raise ParseError(f"unknown stream codec {codec!r}: this coach reads {CODEC}")
    samples = np.frombuffer(zlib.decompress(payload), dtype="<f4")
    if samples.size != sample_count:
        raise ParseError(f"stream holds {samples.size} samples, its row says {sample_count}")
    return [None if math.isnan(value) else float(value) for value in samples.tolist()]
