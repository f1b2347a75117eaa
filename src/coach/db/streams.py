"""Compact sample streams: one activity_streams row per stream, never one row per sample.

Codec ``f32-zlib``: little-endian float32 values, missing samples as NaN (never 0), compressed
with zlib. Float32 keeps about 7 significant digits: plenty for heart rate, power, speed,
cadence, altitude and cumulative distance (a 42 km distance keeps centimetres); timestamps are
stored as seconds from the activity start, not as epoch seconds, for the same reason.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Sequence
from sys import byteorder

from coach.domain.errors import ParseError

CODEC = "f32-zlib"
ZLIB_LEVEL = 6
"""zlib's default: near its best ratio on sensor data at a fraction of level 9's time."""


def encode_stream(values: Sequence[float | None]) -> tuple[str, int, bytes]:
    """(codec, sample count, payload) for a sequence of samples; None becomes NaN."""
    samples = array("f", (math.nan if value is None else value for value in values))
    if byteorder != "little":
        samples.byteswap()
    return CODEC, len(samples), zlib.compress(samples.tobytes(), ZLIB_LEVEL)


def decode_stream(codec: str, sample_count: int, payload: bytes) -> list[float | None]:
    """The samples back, with NaN read as None (missing, not zero)."""
    if codec != CODEC:
        raise ParseError(f"unknown stream codec {codec!r}: this coach reads {CODEC}")
    samples = array("f")
    samples.frombytes(zlib.decompress(payload))
    if byteorder != "little":
        samples.byteswap()
    if len(samples) != sample_count:
        raise ParseError(f"stream holds {len(samples)} samples, its row says {sample_count}")
    return [None if math.isnan(value) else value for value in samples]
