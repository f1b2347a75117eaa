"""Damaged FIT bytes never escape as an exception (issue 13, defect 1).

Single-byte mutations of real files from ``../shared/data/fit``: some keep the file's CRC (the
decoders must notice the damage), some have the CRC recomputed after the change (the damage
reaches the message parser). Seeded, so a failure is reproducible; bounded in time, so the suite
stays fast on a slow machine. A mutation that once made the Rust decoder panic is kept as a
fixed case.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from garmin_fit_sdk.crc_calculator import CrcCalculator

from coach.domain.errors import CoachError
from coach.intake.fit import decode as decode_module
from coach.intake.fit.decode import decode
from coach.intake.fit.extract import extract
from tests.fitfiles import run_with_power
from tests.processes import coach_process

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "fit"
SMALL_BYTES = 12_000
SEED = 20261130
MUTATIONS = 3000
BUDGET_S = 25.0
MINIMUM = 1000
BATCH = 120
PANICKING = ("fitparse__garmin-fenix-5-bike.fit", 727, 18)
"""A real file and the byte that made fitfast panic ("remainder with a divisor of zero")."""


def _small_real_files() -> list[Path]:
    if not DATA.is_dir():
        pytest.skip(f"real FIT files are not at {DATA} (the shared data folder is absent)")
    files = sorted(p for p in DATA.glob("*.fit") if p.stat().st_size < SMALL_BYTES)
    if not files:
        pytest.skip(f"no small FIT files in {DATA}")
    return files


def _with_crc(data: bytearray) -> bytes:
    crc = CrcCalculator.calculate_crc(data, 0, len(data) - 2)
    data[-2:] = crc.to_bytes(2, "little")
    return bytes(data)


def _mutations(files: list[Path], count: int) -> list[tuple[str, bytes]]:
    rng = random.Random(SEED)
    originals = {path.name: path.read_bytes() for path in files}
    names = sorted(originals)
    out: list[tuple[str, bytes]] = []
    for n in range(count):
        name = rng.choice(names)
        data = bytearray(originals[name])
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256)
        out.append((f"{n:04d}-{at}-{name}", _with_crc(data) if n % 2 else bytes(data)))
    return out


def _panicking(files: list[Path]) -> bytes:
    name, at, value = PANICKING
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} is not in {DATA}")
    data = bytearray(path.read_bytes())
    data[at] = value
    return bytes(data)


def test_thousands_of_mutated_real_files_decode_or_are_refused_with_a_reason() -> None:
    files = _small_real_files()
    escaped: list[str] = []
    tried = 0
    started = time.monotonic()
    for name, data in _mutations(files, MUTATIONS):
        if tried >= MINIMUM and time.monotonic() - started > BUDGET_S:
            break
        tried += 1
        try:
            extract(decode(data), name, None, ZoneInfo("America/Denver"))
        except CoachError as exc:
            if not str(exc):
                escaped.append(f"{name}: {type(exc).__name__} without a reason")
        except Exception as exc:  # the point: nothing else escapes
            escaped.append(f"{name}: {type(exc).__name__}: {exc}")
    assert tried >= MINIMUM
    assert escaped == []


def test_a_panic_in_the_rust_decoder_falls_back_to_the_reference_sdk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class PanicException(BaseException):  # pyo3's is a BaseException too
        pass

    def panic(*args: object, **kwargs: object) -> object:
        raise PanicException("attempt to calculate the remainder with a divisor of zero")

    monkeypatch.setattr(decode_module.fitfast, "parse", panic)
    decoded = decode(run_with_power())
    assert decoded.decoder == "garmin-fit-sdk"
    assert decoded.records["power"].size > 0


def test_a_batch_of_mutated_files_gives_every_file_a_verdict_and_no_traceback(
    tmp_path: Path,
) -> None:
    files = _small_real_files()
    folder = tmp_path / "mutated"
    folder.mkdir()
    (folder / "0000-panics.fit").write_bytes(_panicking(files))
    for name, data in _mutations(files, BATCH - 2):
        (folder / name).write_bytes(data)
    (folder / "9999-intact.fit").write_bytes((DATA / "fitparse__Activity.fit").read_bytes())
    home = tmp_path / "home"
    assert coach_process(home, "init", "--no-input", "--name", "Fuzz").returncode == 0

    run = coach_process(home, "import", "fit", str(folder), "--json")

    assert run.returncode in (0, 65), run.stderr
    assert "Traceback" not in run.stderr
    assert "panicked" not in run.stderr  # the Rust runtime's report stays off the terminal
    report = json.loads(run.stdout)
    verdicts = {Path(item["file"]).name: item for item in report["files"]}
    assert len(verdicts) == BATCH
    assert sum(report["summary"].values()) == BATCH
    for item in report["files"]:
        assert item["outcome"] in {"imported", "partial", "already present", "rejected"}
        if item["outcome"] in {"partial", "rejected"}:
            assert item["message"], item["file"]
            assert "internal" not in item["message"], item
    assert verdicts["9999-intact.fit"]["outcome"] in {"imported", "already present"}
    assert verdicts["0000-panics.fit"]["outcome"] != "imported"
