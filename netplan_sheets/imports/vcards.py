"""vCard files (.vcf) from Apple Contacts, Google Contacts and Outlook, read with vobject.

The file is cut into cards at their ``BEGIN:VCARD`` lines (which the format never folds), so
each card is parsed on its own: one broken card is a problem at its line and the others
are still imported. Folded lines, ``item1.`` groups, QUOTED-PRINTABLE and PHOTO blocks
are vobject's to handle.
"""

from __future__ import annotations

import re
from typing import Any

import vobject

from netplan_sheets.imports.records import (
    FileKind,
    ImportProblem,
    ImportProblemType,
    ParsedFile,
    Person,
    Progress,
)
from netplan_sheets.imports.text import clean, emails_in, linkedin_url, person_problems

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
# vCard 3.0 escapes these in text values; Google escapes the colon of URLs too.
_ESCAPED = re.compile(r"\\([\\:;,])")


def looks_like_vcard(text: str) -> bool:
    return bool(_BEGIN.match(text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]))


def read_vcards(text: str, name: str, progress: Progress | None = None) -> ParsedFile:
    people: list[Person] = []
    problems: list[ImportProblem] = []
    for count, (line, card) in enumerate(_cards(text)):
        if progress is not None and count % 500 == 0:
            progress(line)
        try:
            component = vobject.readOne(card, allowQP=True)  # Outlook folds with "="
            person = _person(component, line)
        except Exception as error:  # vobject raises many types for a broken card
            reason = clean(str(error)).splitlines()[0][:120] if str(error).strip() else ""
            problems.append(ImportProblem(
                ImportProblemType.BAD_RECORD, name, line,
                "this vCard cannot be read" + (f" ({reason})" if reason else "")))
            continue
        found = person_problems(person, name)
        if found:
            problems.extend(found)
        else:
            people.append(person)
    return ParsedFile(name, FileKind.VCARD, tuple(people), problems=tuple(problems))


def _cards(text: str) -> list[tuple[int, str]]:
    """(line of BEGIN:VCARD, the card's text) for every card, in file order."""
    cards = []
    start: int | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line.lstrip("\ufeff")):
            start, lines = number, []
        if start is not None:
            lines.append(line.lstrip("\ufeff") if not lines else line)
            if _END.match(line):
                cards.append((start, "\r\n".join(lines) + "\r\n"))
                start = None
    if start is not None:  # a card with no END:VCARD: vobject says what is wrong with it
        cards.append((start, "\r\n".join(lines) + "\r\n"))
    return cards


def _values(component: Any, name: str) -> list[Any]:
    return list(component.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = next((v for v in value if clean(str(v))), "")
    return clean(_ESCAPED.sub(r"\1", str(value)))


def _name(component: Any) -> str | None:
    for line in _values(component, "fn"):
        if _text(line.value):
            return _text(line.value)
    for line in _values(component, "n"):
        parts = [getattr(line.value, part, "") for part in ("given", "additional", "family")]
        joined = " ".join(_text(p) for p in parts if _text(p))
        if joined:
            return joined
    return None


def _preferred(line: Any) -> bool:
    types = [str(t).casefold() for t in line.params.get("TYPE", [])]
    return "pref" in types or "PREF" in line.params or "PREF" in getattr(
        line, "singletonparams", [])


def _emails(component: Any) -> tuple[str, ...]:
    lines = sorted(_values(component, "email"), key=lambda line: not _preferred(line))
    found = [e for line in lines for e in emails_in(_text(line.value))]
    return tuple(dict.fromkeys(found))


def _linkedin(component: Any) -> str | None:
    labels = {line.group: _text(line.value).casefold()
              for line in _values(component, "x-ablabel") if line.group}
    candidates = []
    for line in _values(component, "url") + _values(component, "x-socialprofile"):
        kinds = [str(t).casefold() for t in line.params.get("TYPE", [])]
        first = "linkedin" in kinds or "linkedin" in labels.get(line.group, "")
        candidates.append((not first, _text(line.value)))
    return next((url for _, value in sorted(candidates, key=lambda c: c[0])
                 if (url := linkedin_url(value))), None)


def _person(component: Any, line: int) -> Person:
    organization = next((_text(o.value) for o in _values(component, "org") if _text(o.value)),
                        None)
    role = next((_text(t.value) for t in _values(component, "title") if _text(t.value)), None)
    return Person(line, _name(component), _emails(component), _linkedin(component),
                  organization, role)
