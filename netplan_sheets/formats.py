"""Format checks for the schemas' ``format`` keywords, stricter than jsonschema's defaults,
and :data:`PlanValidator`: Draft 2020-12 plus the ``formatMinimum`` / ``formatMaximum``
keywords (as ajv and the JSON Schema format proposals spell them) that bound dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

# An address as people have them: letters (any script), digits and the few marks mail
# systems allow before the @ (never quotes, brackets, commas or spaces), not starting with
# a character a spreadsheet takes for a formula (= + - @); a domain of dot-separated
# labels and a top-level name. RFC 5322 allows more ("quoted strings"); nobody's work
# address uses them, and =HYPERLINK("x")@x.com must not pass.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
_EMAIL = re.compile(
    rf"^(?![=+\-@]){_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[\w-]+)$")


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


def _date_bound(later: bool) -> Any:
    def check(validator: Any, bound: str, instance: Any, schema: dict[str, Any]
              ) -> Iterator[ValidationError]:
        # Only a real ISO date is compared (text that is none fails "format" already);
        # ISO dates of four-digit years sort as text in date order.
        if not isinstance(instance, str) or not _is_iso_date(instance):
            return
        if (instance > bound) if later else (instance < bound):
            word = "after" if later else "before"
            yield ValidationError(f"{instance} is {word} {bound}")
    return check


def _is_iso_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


# The validator of every schema in schemas/: the bounds on dates are checked like minimum
# and maximum are on numbers.
PlanValidator = validators.extend(
    Draft202012Validator,
    {"formatMinimum": _date_bound(later=False), "formatMaximum": _date_bound(later=True)},
)
