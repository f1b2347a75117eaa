"""Politeness between requests to one service: at most one request per interval."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Pacer:
    """At most one request per ``interval_s`` from coach's side (0 = no pause)."""

    interval_s: float
    sleep: Callable[[float], None] = time.sleep
    _last: float | None = None

    def wait(self) -> None:
        now = time.monotonic()
        if self._last is not None and self.interval_s > 0:
            remaining = self.interval_s - (now - self._last)
            if remaining > 0:
                self.sleep(remaining)
        self._last = time.monotonic()
