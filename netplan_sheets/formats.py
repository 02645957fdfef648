"""Format checks for the schemas' ``format`` keywords, stricter than jsonschema's defaults."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from jsonschema import FormatChecker

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return date.fromisoformat(value).isoformat() == value


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def is_web_address(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("date", raises=ValueError)(is_date)
FORMAT_CHECKER.checks("email")(is_email)
FORMAT_CHECKER.checks("uri")(is_web_address)
