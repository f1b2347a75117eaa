"""A process's cache of its heaviest read answers (status, load series, goal progress).

An answer is kept under a key holding the athlete's data revision (:mod:`coach.db.revisions`)
and the athlete's local date, so it is never served after the athlete's data changed or the
day turned, whichever process made the change: the revision is read in the same transaction,
before the data. The least recently used answer goes first when the cache is full.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class ReadCache:
    """At most ``entries`` answers, shared by the threads of one process."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make[T](self, key: Hashable, make: Callable[[], T]) -> T:
        """The answer kept under ``key``, or ``make()``'s, kept. Two threads missing at once
        both make it (the answers are equal); neither waits for the other."""
        if self.entries == 0:
            return make()
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                return self._answers[key]  # type: ignore[return-value]
            self.misses += 1
        answer = make()
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
        return answer

    def __len__(self) -> int:
        return len(self._answers)
