"""The Makefile finds a Python >= 3.12 by itself, and says clearly when there is none."""

from __future__ import annotations

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "find-python"


def test_it_finds_an_interpreter_of_at_least_3_12() -> None:
    found = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, check=True)
    version = subprocess.run(
        [found.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "True"


def test_without_one_it_fails_with_one_line_naming_the_version(tmp_path: Path) -> None:
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # an interpreter that is too old
    old.chmod(0o755)
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "FIND_PYTHON_DIRS": str(tmp_path)}
    result = subprocess.run(
        ["/bin/sh", str(SCRIPT)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "needs Python >= 3.12" in result.stderr
