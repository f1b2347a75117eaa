"""The decoder's fast paths give what the full decode gives: the summary messages parsed
without the samples, a legal header CRC of 0x0000 read at fitfast's speed."""

from __future__ import annotations

import os
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fitfast
import pytest
from garmin_fit_sdk.crc_calculator import CrcCalculator
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.intake.fit.decode import decode, fit_crc, without_records
from tests import fitfiles

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "fit"


def _summaries(data: bytes) -> dict[str, object]:
    parsed = fitfast.parse(data, enum_names=True, datetimes=False)
    parsed.pop("record", None)
    return parsed


@given(st.binary(max_size=4096))
@settings(max_examples=200)
def test_the_fit_crc_is_the_reference_sdks(data: bytes) -> None:
    assert fit_crc(data) == CrcCalculator.calculate_crc(bytearray(data), 0, len(data))


@pytest.mark.parametrize(
    "data",
    [
        fitfiles.run_with_power(1200),
        fitfiles.multisport(),
        fitfiles.pool_swim([22.0] * 40),
        fitfiles.strength([(28, 5, 100.0)] * 4),
        fitfiles.run_with_power(60) + fitfiles.pool_swim([25.0] * 8),  # chained files
    ],
    ids=["run", "multisport", "swim", "strength", "chained"],
)
def test_cutting_out_the_samples_keeps_every_other_message(data: bytes) -> None:
    summary = without_records(data)
    assert summary is not None
    samples = fitfast.message_counts(data).get("record", 0)
    assert (len(summary) < len(data)) == (samples > 0)
    assert _summaries(summary) == _summaries(data)
    assert "record" not in fitfast.parse(summary)


def test_every_valid_real_file_gives_the_same_summary_without_its_samples() -> None:
    files = sorted(DATA.glob("*.fit")) if DATA.is_dir() else []
    if not files:
        pytest.skip(f"real FIT files are not at {DATA}")
    compared = 0
    for path in files:
        data = path.read_bytes()
        try:
            whole = _summaries(data)
        except fitfast.FitDecodeError:
            continue  # damaged or a header CRC of 0: other paths
        summary = without_records(data)
        if summary is None:
            continue
        assert _summaries(summary) == whole, path.name
        compared += 1
    assert compared >= 40


@pytest.mark.parametrize(
    "data",
    [b"", b"\x0e\x10" + b"\x00" * 10, fitfiles.truncated(fitfiles.run_with_power(300), 0.5)],
    ids=["empty", "no-signature", "truncated"],
)
def test_bytes_that_cannot_be_cut_safely_are_left_whole(data: bytes) -> None:
    assert without_records(data) is None


def _with_header_crc_left_out(data: bytes, *, file_crc_right: bool = True) -> bytes:
    body = bytearray(data)
    body[12:14] = b"\x00\x00"
    (size,) = struct.unpack_from("<I", body, 4)
    end = 14 + size
    crc = fit_crc(bytes(body[:end])) ^ (0 if file_crc_right else 0xFFFF)
    body[end : end + 2] = crc.to_bytes(2, "little")
    return bytes(body)


def test_a_header_crc_of_zero_is_read_at_fitfasts_speed_with_the_same_result() -> None:
    data = fitfiles.run_with_power(600)
    legal = _with_header_crc_left_out(data)
    with pytest.raises(fitfast.FitDecodeError):
        fitfast.parse(legal)  # fitfast alone refuses it
    decoded, reference = decode(legal), decode(data)
    assert decoded.decoder == "fitfast" and not decoded.errors
    assert decoded.messages == reference.messages
    assert decoded.records.keys() == reference.records.keys()


def test_a_header_crc_of_zero_with_a_wrong_file_crc_is_read_in_part_by_the_reference() -> None:
    damaged = _with_header_crc_left_out(fitfiles.run_with_power(600), file_crc_right=False)
    decoded = decode(damaged)
    assert decoded.decoder == "garmin-fit-sdk"
    assert decoded.errors


def test_decoding_in_many_threads_gives_stderr_back(capfd: pytest.CaptureFixture[str]) -> None:
    """The server decodes uploads in threads at once: fd 2 is quieted while any decoder runs
    and is the same stream again when the last one ends (not /dev/null for good)."""
    before = os.fstat(2)
    data = fitfiles.run_with_power()
    barrier = threading.Barrier(8)

    def work(_: int) -> int:
        barrier.wait()
        return sum(len(decode(data).messages) for _ in range(5))

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(work, range(8)))
    assert len(set(counts)) == 1 and counts[0] > 0
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
    os.write(2, b"still here\n")
    assert "still here" in capfd.readouterr().err
