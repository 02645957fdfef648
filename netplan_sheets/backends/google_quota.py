"""Staying under the Sheets API's per-user quotas instead of running into 429s.

Google allows each user (a service account is one user) 60 read and 60 write requests a
minute per project, counted separately, and answers 429 past them. One sync reads three
times and writes at most twice, so a cohort of syncs (or of new sheets) run back to back would
pass the write quota within seconds and then crawl through retries. :class:`SheetsQuota`
holds one token bucket per kind and makes a request wait for its token instead.

A bucket of capacity ``burst`` refilled at ``(per_minute - burst)`` tokens a minute lets
through at most ``per_minute`` requests in any 60-second window (the burst plus a
minute's refill), whatever the window; the defaults make that 60. Drive requests (creating,
sharing, searching files) are not counted: Drive's quota is separate and far larger.

Environment
-----------
``NETPLAN_GOOGLE_REQUESTS_PER_MINUTE``
    The per-user quota to keep to, for reads and for writes alike, when Google has raised
    the project's (default 60). :func:`quota_from_env` reads it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from urllib.parse import urlsplit

from netplan_sheets.errors import BadInput

SHEETS_HOST = "sheets.googleapis.com"
PER_MINUTE = 60  # Google's per-user limit, for reads and for writes alike
BURST = 5


QUOTA_ENV = "NETPLAN_GOOGLE_REQUESTS_PER_MINUTE"


class RequestKind(StrEnum):
    READ = "read"
    WRITE = "write"


def sheets_request_kind(method: str, url: str) -> RequestKind | None:
    """Which Sheets quota a request counts against; None for any other API (Drive)."""
    if urlsplit(url).hostname != SHEETS_HOST:
        return None
    # Sheets reads are GETs (get, values:batchGet); everything else changes a spreadsheet
    return RequestKind.READ if method.upper() == "GET" else RequestKind.WRITE


class TokenBucket:
    """``take()`` one token, sleeping until one is there. ``clock`` and ``sleep`` are
    injectable, so tests run minutes of simulated time in no time."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float],
                 sleep: Callable[[float], None]) -> None:
        if burst < 1 or per_minute <= burst:
            raise ValueError("a token bucket needs burst >= 1 and per_minute above burst")
        self.rate = (per_minute - burst) / 60.0  # tokens a second
        self.capacity = float(burst)
        self.clock = clock
        self.sleep = sleep
        self.tokens = float(burst)
        self.stamp: float | None = None
        self.waited = 0.0  # seconds slept in all

    def _refill(self) -> None:
        now = self.clock()
        if self.stamp is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self) -> None:
        self._refill()
        # A tolerance, so float rounding after an exact sleep does not cost another wait
        while self.tokens < 1.0 - 1e-9:
            wait = (1.0 - self.tokens) / self.rate
            self.sleep(wait)
            self.waited += wait
            self._refill()
        self.tokens -= 1.0


class SheetsQuota:
    """The throttle a :class:`~netplan_sheets.backends.google_http.NetplanHTTPClient` calls
    before each request it sends (retries included: each counts against the quota)."""

    def __init__(self, per_minute: int = PER_MINUTE, burst: int = BURST,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.buckets = {kind: TokenBucket(per_minute, burst, clock, sleep)
                        for kind in RequestKind}
        self._lock = threading.Lock()  # one bucket state, whichever thread sends

    @property
    def waited(self) -> float:
        """Seconds spent waiting for the quota so far."""
        return sum(bucket.waited for bucket in self.buckets.values())

    def __call__(self, method: str, url: str) -> None:
        kind = sheets_request_kind(method, url)
        if kind is not None:
            with self._lock:
                self.buckets[kind].take()


def quota_from_env(environ: Mapping[str, str] | None = None) -> SheetsQuota:
    """The quota of ``NETPLAN_GOOGLE_REQUESTS_PER_MINUTE`` (default 60 a minute), with a
    burst of a twelfth of it (5 of 60)."""
    text = (os.environ if environ is None else environ).get(QUOTA_ENV, "").strip()
    if not text:
        return SheetsQuota()
    try:
        per_minute = int(text)
    except ValueError:
        per_minute = 0
    if per_minute < 2:
        raise BadInput(f"{QUOTA_ENV} must be a whole number of requests a minute, 2 or more, "
                       f"not {text[:40]!r}")
    return SheetsQuota(per_minute, max(1, per_minute // 12))
