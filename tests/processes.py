"""Running ``coach`` as a separate process, as a person's shell does, on a home of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def coach_process(
    home: Path, *args: str, timeout_s: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m coach ARGS`` with COACH_HOME set to ``home`` and its SQLite database."""
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
