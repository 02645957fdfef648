"""netplan cohort init as a library call: one pre-filled workbook per roster participant.

Making a workbook goes through :class:`WorkbookMaker`, so the flow (write-ahead manifest,
resume, never overwrite) is the same for local files and Google Sheets: a maker reserves a
location to record before making anything, makes the workbook there, and says where it
ended up (a file name, or a Google Sheet's URL).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from netplan_sheets.cell_text import cell_text_problem
from netplan_sheets.cohort.manifest import (
    BACKEND_NAMES,
    LOCAL,
    MANIFEST_NAME,
    Entry,
    EntryState,
    Manifest,
    cohort_lock,
    load_manifest,
    outside,
)
from netplan_sheets.cohort.naming import unique_file_name
from netplan_sheets.cohort.prefill import Prefill, fill_xlsx, prefill_for
from netplan_sheets.cohort.program import Program, load_program
from netplan_sheets.cohort.roster import Participant, read_roster
from netplan_sheets.errors import BadInput, NetplanError, WriteFailed
from netplan_sheets.file_safety import atomic_write, remove_stale_temps, why
from netplan_sheets.template import build_template


class WorkbookMaker(Protocol):
    """Where participants' workbooks are made: a local folder, or Google Drive."""

    backend: str  # recorded per participant in the manifest

    def reserve(self, participant: Participant, taken: Collection[str]) -> str:
        """The location to record before the workbook exists; not one of ``taken``."""
        ...

    def finished(self, location: str) -> str | None:
        """For a participant an interrupted run left pending: where the workbook that run
        finished for ``location`` is, or None when there is none (anything half-made there
        is cleared away, so that :meth:`create` starts afresh)."""
        ...

    def create(self, location: str, participant: Participant, prefill: Prefill) -> str:
        """Make the workbook at ``location``; where it ended up (a URL for Google)."""
        ...


MakerFactory = Callable[[Program, Path], WorkbookMaker]  # (program, cohort folder) -> maker


class LocalWorkbooks:
    """Workbooks as .xlsx files in the cohort folder, named after their participant."""

    backend = LOCAL

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def reserve(self, participant: Participant, taken: Collection[str]) -> str:
        on_disk = [p.name for p in self.folder.iterdir()]
        return unique_file_name(participant.name, [*taken, *on_disk])

    def finished(self, location: str) -> str | None:
        # Saves are atomic: a file that exists is whole
        return location if (self.folder / location).is_file() else None

    def create(self, location: str, participant: Participant, prefill: Prefill) -> str:
        path = self.folder / location
        remove_stale_temps(path)  # left by a run killed while saving this workbook
        book = build_template(path.name)
        fill_xlsx(book, prefill)
        try:
            atomic_write(path, book.save)
        except OSError as error:
            raise NetplanError(f"{path}: cannot be written ({error.strerror or error})"
                               ) from None
        return location


@dataclass(frozen=True)
class InitResult:
    manifest: str
    program: str
    created: tuple[Entry, ...]  # workbooks made by this run (pending ones finished included)
    regrouped: tuple[Entry, ...]  # participants already there whose Group changed
    dropped: tuple[Entry, ...]  # pending entries nothing may be made for (see below)
    already_there: int  # roster rows whose participant was in the manifest
    participants: int  # in the manifest now

    def to_dict(self) -> dict[str, Any]:
        def row(entry: Entry) -> dict[str, Any]:
            return {"name": entry.name, "email": entry.email, "group": entry.group,
                    "workbook": entry.workbook}

        return {
            "manifest": self.manifest,
            "program": self.program,
            "participants": self.participants,
            "created": [row(e) for e in self.created],
            "regrouped": [row(e) for e in self.regrouped],
            "dropped": [row(e) for e in self.dropped],
            "already_there": self.already_there,
        }


def init_cohort(
    roster: Path,
    program_file: Path,
    folder: Path,
    maker: MakerFactory | None = None,
    progress: Callable[[Entry], None] | None = None,
) -> InitResult:
    """Give every roster participant not yet in ``folder``'s manifest a pre-filled workbook.

    The roster and program are checked in full before anything is written. Existing
    participants (matched by email, ignoring case) keep their workbook untouched; a changed
    Group is updated in the manifest only. ``maker`` says where workbooks are made (default:
    .xlsx files in ``folder``); a cohort keeps all its workbooks in one place.
    """
    program = load_program(program_file)
    people = read_roster(roster)
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder}: is a file; --out takes a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteFailed(f"{folder}: the cohort's folder cannot be made ({why(error)})"
                          ) from None
    made = (maker or _local)(program, folder)
    path = folder / MANIFEST_NAME
    with cohort_lock(path):
        manifest = _open(path, program)
        _same_backend(manifest, made)
        created: list[Entry] = []
        dropped: list[Entry] = []
        for entry in list(manifest.participants):
            if entry.state is not EntryState.PENDING:
                continue
            if made.backend == LOCAL and outside(folder, entry.workbook) is not None:
                # A manifest edited to point outside the folder: nothing is made or read
                # there; the roster row, if still there, is a new participant below.
                manifest.participants.remove(entry)
                manifest.save()
                dropped.append(entry)
                continue
            if _unwritable(entry) and made.finished(entry.workbook) is None:
                # Left by a version that recorded a roster row no cell can hold (a BEL in
                # a name) and then stopped making its workbook: nothing was made for it, so
                # it goes; the roster row, fixed, is a new participant below.
                manifest.participants.remove(entry)
                manifest.save()
                dropped.append(entry)
                continue
            _finish(manifest, entry, made, program, _roster_row(entry), progress,
                    resumed=True)
            created.append(entry)
        regrouped: list[Entry] = []
        already = 0
        for person in people:
            known = manifest.find(person.key)
            if known is not None:
                already += 1
                if known.group != person.group:
                    known.group = person.group
                    manifest.save()
                    regrouped.append(known)
                continue
            taken = [e.workbook for e in manifest.participants]
            entry = Entry(person.name, person.email, person.group, made.backend,
                          made.reserve(person, taken), EntryState.PENDING)
            manifest.participants.append(entry)
            manifest.save()  # written ahead: a killed run resumes this participant
            _finish(manifest, entry, made, program, person, progress, resumed=False)
            created.append(entry)
    return InitResult(str(path), program.name, tuple(created), tuple(regrouped),
                      tuple(dropped), already, len(manifest.participants))


def _open(path: Path, program: Program) -> Manifest:
    if not path.exists():
        manifest = Manifest(path, program.summary())
        manifest.save()
        return manifest
    manifest = load_manifest(path)
    if manifest.program_name != program.name:
        raise BadInput(f"{path}: belongs to the program {manifest.program_name!r}, not "
                       f"{program.name!r}; use another --out folder for a new program")
    return manifest


def _unwritable(entry: Entry) -> bool:
    return any(cell_text_problem(text) for text in (entry.name, entry.email, entry.group or ""))


def _roster_row(entry: Entry) -> Participant:
    return Participant(entry.name, entry.email, entry.group, 0)


def _local(program: Program, folder: Path) -> WorkbookMaker:
    return LocalWorkbooks(folder)


def _same_backend(manifest: Manifest, maker: WorkbookMaker) -> None:
    other = next((e for e in manifest.participants if e.backend != maker.backend), None)
    if other is not None:
        where = BACKEND_NAMES.get(other.backend, repr(other.backend))
        raise BadInput(f"{manifest.path}: this cohort's workbooks are {where}, not "
                       f"{BACKEND_NAMES.get(maker.backend, maker.backend)}; run cohort init "
                       "as it was first run, or use another --out folder for a new cohort")


def _finish(manifest: Manifest, entry: Entry, maker: WorkbookMaker, program: Program,
            person: Participant, progress: Callable[[Entry], None] | None,
            resumed: bool) -> None:
    # A resumed participant's workbook may have been finished by the killed run: it is
    # kept rather than made again. A location reserved by this run holds nothing yet.
    found = maker.finished(entry.workbook) if resumed else None
    if found is None:
        found = maker.create(entry.workbook, person, prefill_for(program, person))
    entry.workbook = found
    entry.state = EntryState.CREATED
    manifest.save()
    if progress is not None:
        progress(entry)
