"""Decode FIT bytes into messages plus columnar record streams (docs/fit.md §4).

Fallback chain:

1. fitfast (Rust): ``parse`` for the summary messages and ``records`` for the sample streams as
   NumPy columns; handles chained files and compressed timestamps. It raises on any defect,
   including a legal header CRC of 0x0000, with no partial data.
2. garmin-fit-sdk, the official reference: reads those CRC-0 files cleanly, and returns what it
   decoded before a defect (bad CRC, truncation, bad chained header) together with the error.

Both give the same shape: profile field names, enum names as strings, timestamps of summary
messages as aware UTC datetimes, unknown messages as ``unknown_<num>``, and record fields as
float64 columns (``timestamp`` in Unix seconds, NaN where a sample lacks a field).

Hostile or damaged bytes never escape as an exception: the Rust decoder can *panic* on some
(a definition with a zero-size field divides by zero), which Python sees as a ``BaseException``
and the Rust runtime reports on stderr — both are caught and silenced, and the reference SDK
reads what it can; when the SDK itself fails, the file is "damaged" with the reason, and what
was decoded so far (nothing) is returned with it.
"""

from __future__ import annotations

import logging
import os
import signal
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import fitfast
import numpy as np
import numpy.typing as npt
from garmin_fit_sdk import Decoder, Stream

logger = logging.getLogger(__name__)

Messages = dict[str, list[dict[Any, Any]]]
Columns = dict[str, npt.NDArray[np.float64]]

FIT_HEADER_MIN = 12
DAMAGED = "damaged: neither decoder can read these bytes"
DATETIME_FIELDS = ("timestamp", "start_time", "time_created", "local_timestamp")
"""Fields that fitfast returns as Unix seconds and coach wants as aware datetimes."""


@dataclass(frozen=True, slots=True)
class Decoded:
    messages: Messages  # every kind except "record"
    records: Columns
    decoder: str  # "fitfast" or "garmin-fit-sdk"
    errors: list[str] = field(default_factory=list)  # non-empty: the data is partial

    @property
    def message_count(self) -> int:
        timestamps = self.records.get("timestamp")
        records = 0 if timestamps is None else int(timestamps.size)
        return records + sum(len(items) for items in self.messages.values())


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
    fast = _decode_fast(data)
    if fast is None:
        return _decode_with_sdk(data)
    parsed, columns = fast
    parsed.pop("record", None)
    for items in parsed.values():
        for message in items:
            _to_datetimes(message)
    return Decoded(messages=parsed, records=columns, decoder="fitfast")


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep what native code prints on fd 2 (a Rust panic's report) off the terminal.

    Ctrl-C is held back meanwhile (on the main thread) and acted on once fd 2 is back: an
    interrupt landing between the swap and its undoing would leave every later message of
    the process — "interrupted", errors — written to /dev/null."""
    held = _hold_interrupts()
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to protect
        _release(held)
        yield
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)
        _release(held)


HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold_interrupts() -> set[int | signal.Signals] | None:
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)


def _release(held: set[int | signal.Signals] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _decode_fast(data: bytes) -> tuple[Messages, Columns] | None:
    """fitfast's messages and record columns; None when it refuses the bytes (a defect) or gives
    up on them (a panic in the Rust decoder): the reference SDK then reads what it can."""
    try:
        with _quiet_stderr():
            parsed = fitfast.parse(data, enum_names=True, datetimes=False)
            columns = fitfast.records(data, degrees=True)
    except fitfast.FitDecodeError:
        return None
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise  # Ctrl-C, an exit: not the decoder's business
        logger.debug("fitfast gave up on the bytes; decoding with garmin-fit-sdk", exc_info=True)
        return None
    return parsed, columns


def _to_datetimes(message: dict[Any, Any]) -> None:
    for key in DATETIME_FIELDS:
        value = message.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            message[key] = datetime.fromtimestamp(value, UTC)


def _decode_with_sdk(data: bytes) -> Decoded:
    try:
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        raw, errors = decoder.read(
            expand_components=True,
            expand_sub_fields=True,
            merge_heart_rates=False,
            convert_datetimes_to_dates=True,
            convert_types_to_strings=True,
        )
    except Exception:  # the reference decoder's own bug on damaged bytes
        logger.debug("garmin-fit-sdk failed on the bytes", exc_info=True)
        return Decoded(messages={}, records={}, decoder="none", errors=[DAMAGED])
    messages: Messages = {}
    for key, items in raw.items():
        kind = key.removesuffix("_mesgs") if key.endswith("_mesgs") else f"unknown_{key}"
        messages[kind] = cast(list[dict[Any, Any]], items)
    records = _columns(messages.pop("record", []))
    problems = [str(error).removeprefix("FIT Runtime Error ").strip() for error in errors]
    if (reason := truncation(data)) and not any("bytes" in p for p in problems):
        problems.append(reason)
    return Decoded(messages=messages, records=records, decoder="garmin-fit-sdk", errors=problems)


def _columns(records: list[dict[Any, Any]]) -> Columns:
    """Record dicts as float64 columns; records without a timestamp cannot be placed in time."""
    timed = [r for r in records if isinstance(r.get("timestamp"), datetime)]
    if not timed:
        return {}
    names = {
        key
        for r in timed
        for key, value in r.items()
        if isinstance(key, str) and isinstance(value, int | float) and not isinstance(value, bool)
    }
    columns: Columns = {
        name: np.array([_float(r.get(name)) for r in timed], dtype=float) for name in names
    }
    columns["timestamp"] = np.array([r["timestamp"].timestamp() for r in timed], dtype=float)
    return columns


def _float(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float("nan")
