"""Sheets' per-user quotas: read and write requests per minute, each counted per caller.

Google refills them every minute and answers 429 RESOURCE_EXHAUSTED past them (60 reads and
60 writes a minute per user per project). The fake counts a sliding minute on ``clock``,
which a test may replace with a simulated one; requests it refuses are not counted.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from fake_google.errors import FakeApiError

WINDOW = 60.0


class SheetsQuota:
    def __init__(self, per_minute: int | None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute  # None: no quota
        self.clock = clock
        self._spent: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def spend(self, email: str, kind: str) -> None:
        """Count one ``kind`` ("Read" or "Write") request of ``email``, or raise Google's 429."""
        if self.per_minute is None:
            return
        with self._lock:
            now = self.clock()
            spent = self._spent.setdefault((email, kind), deque())
            while spent and spent[0] <= now - WINDOW:
                spent.popleft()
            if len(spent) >= self.per_minute:
                raise FakeApiError(
                    429, f"Quota exceeded for quota metric '{kind} requests' and limit "
                    f"'{kind} requests per minute per user' of service "
                    "'sheets.googleapis.com' for consumer 'project_number:000000000000'.")
            spent.append(now)
