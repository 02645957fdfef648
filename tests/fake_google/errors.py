"""Errors the fake answers, in the JSON shapes Google sends for Sheets and for Drive."""

from __future__ import annotations

from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGES = {
    400: "Invalid request.",
    401: "Request is missing required authentication credential. Expected OAuth 2 access "
         "token, login cookie or other valid authentication credential.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per "
         "minute per user' of service 'sheets.googleapis.com' for consumer "
         "'project_number:000000000000'.",
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "Deadline exceeded.",
}

DRIVE_REASONS = {
    400: "badRequest",
    401: "authError",
    403: "forbidden",
    404: "notFound",
    429: "rateLimitExceeded",
    500: "internalError",
    503: "backendError",
}


class FakeApiError(Exception):
    """An error answer: raised anywhere in a handler, written by the server."""

    def __init__(self, code: int, message: str | None = None, *, reason: str | None = None,
                 drive: bool = False, field: str | None = None) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "Error")
        self.reason = reason
        self.drive = drive  # raised by Drive code: answered in Drive's shape wherever raised
        self.field = field  # a request field at fault: Google then adds a BadRequest detail
        super().__init__(f"{code}: {self.message}")

    def body(self, drive: bool) -> dict[str, Any]:
        """Sheets answers ``code/message/status``; Drive answers ``code/message/errors``."""
        if drive or self.drive:
            return {"error": {
                "code": self.code,
                "message": self.message,
                "errors": [{
                    "message": self.message,
                    "domain": "usageLimits" if self.code == 429 or self.reason in (
                        "rateLimitExceeded", "userRateLimitExceeded") else "global",
                    "reason": self.reason or DRIVE_REASONS.get(self.code, "unknown"),
                }],
            }}
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": STATUS_NAMES.get(self.code, "UNKNOWN"),
        }
        if self.field is not None:
            error["details"] = [{
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": self.field, "description": self.message}],
            }]
        return {"error": error}


def bad_request(message: str, field: str | None = None) -> FakeApiError:
    return FakeApiError(400, message, field=field)


def not_found(message: str | None = None) -> FakeApiError:
    return FakeApiError(404, message)


def forbidden(message: str | None = None) -> FakeApiError:
    return FakeApiError(403, message)
