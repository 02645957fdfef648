"""Scripted faults: which requests the fake answers with an error instead of serving them."""

from __future__ import annotations

import threading
from dataclasses import dataclass

TOKEN_ENDPOINT = "oauth2.token"


@dataclass
class Fault:
    """Answer ``status`` to matching requests, ``times`` times (None: every time).

    A request matches when its position (1-based, counting API requests, not token requests)
    is at least ``at``, and its method and endpoint are the ones given. ``endpoint`` is a
    route name such as ``spreadsheets.values.batchUpdate``, or its tail (``values.batchUpdate``).
    ``after_apply`` serves the request first, then answers the error (the answer was lost);
    ``disconnect`` closes the connection without answering.
    """

    status: int = 500
    endpoint: str | None = None
    method: str | None = None
    at: int | None = None
    times: int | None = 1
    retry_after: str | None = None
    message: str | None = None
    reason: str | None = None  # Drive's errors[0].reason, e.g. "userRateLimitExceeded"
    after_apply: bool = False
    disconnect: bool = False
    hits: int = 0

    def matches(self, position: int | None, method: str, endpoint: str | None) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if endpoint == TOKEN_ENDPOINT and self.endpoint != TOKEN_ENDPOINT:
            return False  # token requests fail only when a fault names them
        if self.at is not None and (position is None or position < self.at):
            return False
        if self.method is not None and self.method.upper() != method:
            return False
        return self.endpoint is None or (endpoint is not None and (
            endpoint == self.endpoint or endpoint.endswith("." + self.endpoint)))


class FaultPlan:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, position: int | None, method: str, endpoint: str | None) -> Fault | None:
        """The first fault that matches, counted as used once."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(position, method, endpoint):
                    fault.hits += 1
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
