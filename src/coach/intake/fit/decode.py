"""Decode FIT bytes into messages plus columnar record streams (docs/connectors.md (FIT)).

Fallback chain:

1. fitfast (Rust): ``parse`` for the summary messages and ``records`` for the sample streams as
   NumPy columns; handles chained files and compressed timestamps. It raises on any defect,
   with no partial data. It also refuses a legal header CRC of 0x0000 (it then checks the file
   CRC over the data alone): such a file whose CRC is right over header and data is handed to
   it again with the CRC it expects, so it is read at fitfast's speed.
2. garmin-fit-sdk, the official reference: returns what it decoded before a defect (bad CRC,
   truncation, bad chained header) together with the error.

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

logger = logging.getLogger(__name__)

Messages = dict[str, list[dict[Any, Any]]]
Columns = dict[str, npt.NDArray[np.float64]]

FIT_HEADER_MIN = 12
DAMAGED = "damaged: neither decoder can read these bytes"
DATETIME_FIELDS = ("timestamp", "start_time", "time_created", "local_timestamp")
"""Fields that fitfast returns as Unix seconds and coach wants as aware datetimes."""
TIMED_KINDS = ("file_id", "activity", "session", "lap", "length", "set", "sport", "event")
"""The messages whose times coach reads (coach.intake.fit.extract); the others (HRV, device
info: tens of thousands in a long file) keep fitfast's Unix seconds."""


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
    """A reason when the first file's header promises more bytes than there are
    (docs/connectors.md, FIT)."""
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
    for kind in TIMED_KINDS:
        for message in parsed.get(kind, ()):
            _to_datetimes(message)
    return Decoded(messages=parsed, records=columns, decoder="fitfast")


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


CRC_TABLE = _crc_table()
"""FIT's CRC-16 (the ARC variant: polynomial 0x8005 reflected, initial value 0), table-driven:
a byte per step instead of the reference SDK's two nibbles."""


def fit_crc(data: bytes | bytearray | memoryview) -> int:
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ CRC_TABLE[(crc ^ byte) & 0xFF]
    return crc


def _header_crc_left_out(data: bytes) -> bool:
    return len(data) >= 16 and data[0] == 14 and data[12:14] == b"\x00\x00"


def _without_header_crc(data: bytes) -> bytes | None:
    """A file whose 14-byte header leaves its CRC at 0x0000 (legal: "not computed") has its
    file CRC over header and data, as the protocol says; fitfast then checks it over the data
    alone and refuses the file. When the file CRC is right, the same bytes with the CRC fitfast
    expects — else None (the file is damaged: the reference SDK reads what it can)."""
    (size,) = struct.unpack_from("<I", data, 4)
    end = 14 + size
    if end + 2 != len(data):  # chained files: leave them to the reference SDK
        return None
    view = memoryview(data)
    if fit_crc(view[:end]) != int.from_bytes(data[end:], "little"):
        return None
    return data[:end] + fit_crc(view[14:end]).to_bytes(2, "little")


RECORD_MESSAGE = 20
"""FIT's global message number of ``record`` (the per-second samples)."""


def _summaries(data: bytes) -> Messages:
    """Every message but the samples, as dictionaries. The samples come as columns from
    ``fitfast.records``; ``fitfast.parse`` would build a dictionary for each of them too (most
    of a long activity's decode time and memory), so it reads the same bytes without them
    (:func:`without_records`), or the whole file when they cannot be cut out."""
    summary = without_records(data)
    if summary is not None:
        try:
            return fitfast.parse(summary, enum_names=True, datetimes=False)
        except fitfast.FitDecodeError:
            logger.debug("the file without its records did not decode; decoding it whole")
    return fitfast.parse(data, enum_names=True, datetimes=False)


def without_records(data: bytes) -> bytes | None:
    """The FIT file (every chained part) with its ``record`` data messages left out and its
    sizes and CRCs made right; definitions and every other message are kept byte for byte.
    None when that cannot be done safely: a damaged structure, or a message other than a
    record using a compressed timestamp (its time counts from the records left out)."""
    try:
        return _without_records(data)
    except (IndexError, struct.error):
        return None


def _without_records(data: bytes) -> bytes | None:
    out = bytearray()
    at = 0
    while at < len(data):
        header_size = data[at]
        if header_size not in (12, 14) or data[at + 8 : at + 12] != b".FIT":
            return None
        (size,) = struct.unpack_from("<I", data, at + 4)
        start, end = at + header_size, at + header_size + size
        if end + 2 > len(data):
            return None
        body = _messages_without_records(data, start, end)
        if body is None:
            return None
        header = bytearray(data[at:start])
        struct.pack_into("<I", header, 4, len(body))
        if header_size == 14:
            header[12:14] = fit_crc(header[:12]).to_bytes(2, "little")
        part = bytes(header) + body
        out += part + fit_crc(part).to_bytes(2, "little")
        at = end + 2
    return bytes(out) or None


def _messages_without_records(data: bytes, start: int, end: int) -> bytes | None:
    body = bytearray()
    sizes: dict[int, int] = {}  # local message type -> data message size
    kinds: dict[int, int] = {}  # local message type -> global message number
    at = start
    while at < end:
        head = data[at]
        if head & 0x80:  # compressed timestamp header: a data message of local type 0-3
            local = (head >> 5) & 0x3
            if local not in sizes or kinds[local] != RECORD_MESSAGE:
                return None
            at += 1 + sizes[local]
            continue
        local = head & 0x0F
        if head & 0x40:  # a definition: keep it, learn its size
            big_endian = data[at + 2] == 1
            (number,) = struct.unpack_from(">H" if big_endian else "<H", data, at + 3)
            fields = data[at + 5]
            after = at + 6 + 3 * fields
            size = sum(data[at + 6 + 3 * k + 1] for k in range(fields))
            if head & 0x20:  # developer fields follow
                developer = data[after]
                size += sum(data[after + 1 + 3 * k + 1] for k in range(developer))
                after += 1 + 3 * developer
            sizes[local], kinds[local] = size, number
            body += data[at:after]
            at = after
            continue
        if local not in sizes:
            return None
        after = at + 1 + sizes[local]
        if kinds[local] != RECORD_MESSAGE:
            body += data[at:after]
        at = after
    return bytes(body) if at == end else None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep what native code prints on fd 2 (a Rust panic's report) off the terminal.

    fd 2 belongs to the whole process: threads decoding at once (uploads to the server) share
    one redirection, made by the first and undone by the last (:class:`_QuietStderr`). Ctrl-C is
    held back meanwhile (on the main thread) and acted on once fd 2 is back: an interrupt
    landing between the swap and its undoing would leave every later message of the process —
    "interrupted", errors — written to /dev/null."""
    held = _hold_interrupts()
    try:
        entered = _QUIET.enter()
        try:
            yield
        finally:
            if entered:
                _QUIET.leave()
    finally:
        _release(held)


class _QuietStderr:
    """fd 2 sent to /dev/null while at least one decoder runs, restored when the last ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: int | None = None

    def enter(self) -> bool:
        with self._lock:
            if self._depth == 0:
                try:
                    saved = os.dup(2)
                except OSError:  # no stderr to protect
                    return False
                with open(os.devnull, "wb") as sink:
                    os.dup2(sink.fileno(), 2)
                self._saved = saved
            self._depth += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._saved is not None:
                os.dup2(self._saved, 2)
                os.close(self._saved)
                self._saved = None


_QUIET = _QuietStderr()


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
    if _header_crc_left_out(data):
        data = _without_header_crc(data) or data  # else: a file CRC over the data alone?
    try:
        with _quiet_stderr():
            columns = fitfast.records(data, degrees=True)
            parsed = _summaries(data)
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
    from garmin_fit_sdk import Decoder, Stream  # only for the files fitfast refuses

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
