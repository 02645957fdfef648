"""Drive v3 search queries (files.list ``q``), the subset netplan and gspread send.

Clauses joined by ``and``: ``name``/``mimeType`` with ``=``, ``!=`` or ``contains``;
``trashed = true|false``; ``'ID' in parents``; and
``appProperties has { key='K' and value='V' }``. Anything else is Drive's 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fake_google.errors import FakeApiError
from fake_google.model import DriveFile

_TEXT = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_CLAUSE = re.compile(
    rf"""^\s*(?:(?P<field>mimeType|name|trashed)\s*(?P<op>=|!=|contains)\s*(?P<value>{_TEXT}|true|false)"""
    rf"""|parents\s+in\s+(?P<parent1>{_TEXT})"""
    rf"""|(?P<parent2>{_TEXT})\s+in\s+parents"""
    rf"""|appProperties\s+has\s*\{{\s*key\s*=\s*(?P<key>{_TEXT})\s+and\s+value\s*=\s*"""
    rf"""(?P<property>{_TEXT})\s*\}})\s*$""")
_AND = re.compile(r"\s+and\s+", re.I)


@dataclass(frozen=True)
class Clause:
    field: str  # mimeType, name, trashed, parents or appProperties
    op: str
    value: str
    key: str = ""  # appProperties: the property's key


def _invalid() -> FakeApiError:
    return FakeApiError(400, "Invalid Value", reason="invalid", drive=True)


def _unquote(raw: str) -> str:
    if raw[:1] not in ("'", '"'):
        return raw
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def _split(query: str) -> list[str]:
    """The clauses: split at ``and`` outside quotes and braces (``has { ... and ... }``)."""
    parts: list[str] = []
    depth, quote, start, i = 0, "", 0, 0
    while i < len(query):
        ch = query[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "{}":
            depth += 1 if ch == "{" else -1
        elif depth == 0 and (found := _AND.match(query, i)) is not None:
            parts.append(query[start:i])
            i = start = found.end()
            continue
        i += 1
    if quote or depth:
        raise _invalid()
    parts.append(query[start:])
    return parts


def parse_query(query: str) -> list[Clause]:
    clauses = []
    for text in _split(query.strip()) if query.strip() else []:
        m = _CLAUSE.match(text)
        if m is None:
            raise _invalid()
        if m.group("field"):
            field, op, value = m.group("field"), m.group("op"), _unquote(m.group("value"))
            if (field == "trashed") != (value in ("true", "false")) or \
                    (field == "trashed" and op == "contains"):
                raise _invalid()
            clauses.append(Clause(field, op, value))
        elif m.group("key"):
            clauses.append(Clause("appProperties", "has", _unquote(m.group("property")),
                                  _unquote(m.group("key"))))
        else:
            parent = _unquote(m.group("parent1") or m.group("parent2"))
            clauses.append(Clause("parents", "in", parent))
    return clauses


def matches(file: DriveFile, clauses: list[Clause]) -> bool:
    for clause in clauses:
        if clause.field == "parents":
            ok = clause.value in file.parents
        elif clause.field == "appProperties":
            ok = file.app_properties.get(clause.key) == clause.value
        elif clause.field == "trashed":
            ok = file.trashed == (clause.value == "true")
            ok = not ok if clause.op == "!=" else ok
        else:
            actual = file.mime_type if clause.field == "mimeType" else file.name
            value = clause.value
            ok = value.lower() in actual.lower() if clause.op == "contains" else actual == value
            ok = not ok if clause.op == "!=" else ok
        if not ok:
            return False
    return True
