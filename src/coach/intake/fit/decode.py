"""Decode FIT bytes into ``{message kind: [dict, ...]}`` with a fallback chain (docs/fit.md §4).

1. fitfast (Rust, ~200k messages/s here): whole files, chained files, compressed timestamps.
   It raises on any defect, including a legal header CRC of 0x0000, with no partial data.
2. garmin-fit-sdk, the official reference: reads those CRC-0 files cleanly, and returns what it
   decoded before a defect (bad CRC, truncation, bad chained header) together with the error.

Both are asked for the same shape: profile field names, enum names as strings, timestamps as
aware UTC datetimes, unknown messages as ``unknown_<num>``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, cast

import fitfast
from garmin_fit_sdk import Decoder, Stream

Messages = dict[str, list[dict[Any, Any]]]

FIT_HEADER_MIN = 12


@dataclass(frozen=True, slots=True)
class Decoded:
    messages: Messages
    decoder: str  # "fitfast" or "garmin-fit-sdk"
    errors: list[str] = field(default_factory=list)  # non-empty: the data is partial


def looks_like_fit(data: bytes) -> bool:
    return len(data) >= FIT_HEADER_MIN and data[8:12] == b".FIT"


def truncation(data: bytes) -> str | None:
    """A reason when the first file's header promises more bytes than there are (docs/fit.md)."""
    header_size = data[0]
    (data_size,) = struct.unpack_from("<I", data, 4)
    expected = header_size + data_size + 2
    if expected > len(data):
        return f"truncated: the header announces {expected} bytes, the file has {len(data)}"
    return None


def decode(data: bytes) -> Decoded:
    try:
        parsed = fitfast.parse(data, enum_names=True, datetimes=True)
        return Decoded(messages=parsed, decoder="fitfast")
    except fitfast.FitDecodeError:
        pass
    return _decode_with_sdk(data)


def _decode_with_sdk(data: bytes) -> Decoded:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    raw, errors = decoder.read(
        expand_components=True,
        expand_sub_fields=True,
        merge_heart_rates=False,
        convert_datetimes_to_dates=True,
        convert_types_to_strings=True,
    )
    messages: Messages = {}
    for key, items in raw.items():
        kind = key.removesuffix("_mesgs") if key.endswith("_mesgs") else f"unknown_{key}"
        messages[kind] = cast(list[dict[Any, Any]], items)
    problems = [str(error).removeprefix("FIT Runtime Error ").strip() for error in errors]
    if (reason := truncation(data)) and not any("bytes" in p for p in problems):
        problems.append(reason)
    return Decoded(messages=messages, decoder="garmin-fit-sdk", errors=problems)
