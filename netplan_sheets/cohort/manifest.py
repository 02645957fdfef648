"""The cohort manifest (``DIR/manifest.json``): the program, and each participant's workbook.

It is rewritten atomically after every change, and a participant is recorded as
``pending`` (with the workbook's planned location) before the workbook is made and as
``created`` after: a run killed at any point leaves a manifest that the next run finishes
without making anyone's workbook twice. Workbook paths are relative to the manifest, so
the folder can be moved or shared as a whole.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from netplan_sheets.cohort.roster import participant_key
from netplan_sheets.document_files import parse_json
from netplan_sheets.errors import BadInput, CohortBusy, WorkbookLocked
from netplan_sheets.file_safety import atomic_write, remove_stale_temps, sync_lock
from netplan_sheets.input_files import read_input

MANIFEST_NAME = "manifest.json"
FORMAT = "netplan-cohort-manifest"
VERSION = 1
LOCAL = "xlsx"  # the backend of a local workbook
GOOGLE = "google"  # of a Google Sheet
BACKEND_NAMES = {LOCAL: ".xlsx files", GOOGLE: "Google Sheets"}
MAX_MANIFEST_BYTES = 16 * 2**20  # some 80,000 participants


class EntryState(StrEnum):
    PENDING = "pending"  # recorded; its workbook may not exist yet
    CREATED = "created"


@dataclass
class Entry:
    name: str
    email: str
    group: str | None
    backend: str
    # local: a path relative to the manifest; Google: the sheet's URL (while pending, the
    # reserved token its making is found by)
    workbook: str
    state: EntryState

    @property
    def key(self) -> str:
        return participant_key(self.email)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "group": self.group,
                "backend": self.backend, "workbook": self.workbook, "state": str(self.state)}


@dataclass
class Manifest:
    path: Path
    program: dict[str, Any]  # Program.summary(): name, start, end, coordinators
    participants: list[Entry] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def program_name(self) -> str:
        return str(self.program.get("name", ""))

    def find(self, key: str) -> Entry | None:
        return next((e for e in self.participants if e.key == key), None)

    def local_path(self, entry: Entry) -> Path:
        return self.folder / entry.workbook

    def outside_folder(self, entry: Entry) -> str | None:
        """Why a local entry's workbook is not a file of the cohort's folder (the manifest
        names a path outside it, or the file is a link to one outside), or None. Such a
        workbook is neither written nor read: a manifest or a link must not make netplan
        touch a file the coordinator did not hand out."""
        return outside(self.folder, entry.workbook)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "program": self.program,
                "participants": [e.to_dict() for e in self.participants]}

    def save(self) -> None:
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.path, partial(_write_text, text=text))


def outside(folder: Path, location: str) -> str | None:
    relative = Path(location)
    if not location or relative.is_absolute() or relative.drive or ".." in relative.parts:
        return (f"its workbook {location!r} is not a file of the cohort's folder "
                f"{folder}; fix manifest.json")
    real = Path(os.path.realpath(folder / relative))
    home = Path(os.path.realpath(folder))
    if real != home and home not in real.parents:
        return (f"its workbook {location} is a link to {real}, outside the cohort's folder; "
                "it was left alone")
    return None


def manifest_path(target: Path) -> Path:
    """The manifest a command was given: the file itself, or the cohort folder."""
    return target / MANIFEST_NAME if target.is_dir() else target


@contextlib.contextmanager
def cohort_lock(path: Path) -> Iterator[None]:
    """Hold the cohort's lock (beside its manifest), or refuse at once; tidy up after a
    killed run's temporary manifest files while holding it."""
    try:
        with sync_lock(path):
            remove_stale_temps(path)
            yield
    except WorkbookLocked:
        raise CohortBusy(f"{path.parent}: another netplan cohort command is working on this "
                         "cohort; wait for it to finish and run again") from None


def load_manifest(path: Path) -> Manifest:
    """The manifest at ``path`` (a file, or a cohort folder holding manifest.json)."""
    path = manifest_path(path)
    if not path.exists() and not path.is_symlink():
        raise BadInput(f"{path}: no such manifest; netplan cohort init writes one")
    try:
        text = read_input(path, "cohort manifest", MAX_MANIFEST_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: is not UTF-8 text") from None
    data = parse_json(path, text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path}: is not a cohort manifest (netplan cohort init writes one)")
    if data.get("version") != VERSION:
        raise BadInput(f"{path}: is a cohort manifest of version {data.get('version')!r}; "
                       f"this netplan reads version {VERSION}")
    program = data.get("program")
    people = data.get("participants")
    if not isinstance(program, dict) or not isinstance(people, list):
        raise BadInput(f"{path}: is damaged (program or participants missing)")
    manifest = Manifest(path, program)
    for index, item in enumerate(people):
        manifest.participants.append(_entry(path, index, item))
    return manifest


def _entry(path: Path, index: int, item: Any) -> Entry:
    def text(name: str, required: bool = True) -> str | None:
        value = item.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise BadInput(f"{path}: /participants/{index}/{name}: expected text")
        return value

    if not isinstance(item, dict):
        raise BadInput(f"{path}: /participants/{index}: expected an object")
    try:
        state = EntryState(str(item.get("state")))
    except ValueError:
        raise BadInput(f"{path}: /participants/{index}/state: expected one of: "
                       f"{', '.join(EntryState)}") from None
    return Entry(
        name=text("name") or "",
        email=text("email") or "",
        group=text("group", required=False),
        backend=text("backend") or "",
        workbook=text("workbook") or "",
        state=state,
    )


def _write_text(temp: Path, text: str) -> None:
    temp.write_text(text, encoding="utf-8")
