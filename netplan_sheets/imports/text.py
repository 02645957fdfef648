"""Cleaning the text of imported records, and the folded keys people are matched on.

A person matches an existing contact by email (case folded), else LinkedIn URL (scheme,
``www.``, trailing slash, query and fragment ignored), else name (case and spacing folded).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from netplan_sheets.formats import is_email
from netplan_sheets.imports.records import ImportProblem, ImportProblemType, Person
from netplan_sheets.input_edits import text_problem

_SPACES = re.compile(r"\s+")
_EMAIL_SEPARATORS = re.compile(r":::|[,;\s]+")


def clean(value: str | None) -> str:
    """Text as a cell should hold it: surrounding spaces (and a stray BOM) removed."""
    return (value or "").strip().strip("\ufeff").strip()


def emails_in(value: str | None) -> tuple[str, ...]:
    """The email addresses in a field ("a@x.org ::: b@y.org" in Google's export), as
    written; text that is not an address (an empty ``mailto:``, a phone) is left out."""
    found = []
    for token in _EMAIL_SEPARATORS.split(clean(value)):
        token = token.strip().strip("<>")
        if token.casefold().startswith("mailto:"):
            token = token[len("mailto:"):]
        if token and is_email(token):
            found.append(token)
    return tuple(dict.fromkeys(found))


def linkedin_url(value: str | None) -> str | None:
    """A LinkedIn profile address, given a scheme when it has none; None for any other
    address."""
    text = clean(value)
    if "linkedin.com/" not in text.casefold():
        return None
    return text if "://" in text else f"https://{text}"


def email_key(email: str) -> str:
    return email.strip().casefold()


def linkedin_key(url: str) -> str:
    """A LinkedIn address with scheme, ``www.``, query, fragment and trailing slash removed."""
    text = url.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = parts.netloc.casefold().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".casefold()


def name_key(name: str) -> str:
    return _SPACES.sub(" ", name).strip().casefold()


_LABELS = {"name": "Name", "organization": "Organization", "role": "Role",
           "linkedin": "LinkedIn"}


def person_problems(person: Person, file: str) -> list[ImportProblem]:
    """Why this person cannot be imported: no name and no email, or text a cell cannot hold."""
    if not person.name and not person.emails:
        return [ImportProblem(ImportProblemType.NO_NAME_OR_EMAIL, file, person.line,
                              "has no name and no email address")]
    found = []
    values = [(label, getattr(person, field)) for field, label in _LABELS.items()]
    values.extend(("Email", email) for email in person.emails)
    for label, value in values:
        why = text_problem(value) if value else None
        if why:
            found.append(ImportProblem(ImportProblemType.BAD_TEXT, file, person.line,
                                       f"{label} {why}"))
    return found
