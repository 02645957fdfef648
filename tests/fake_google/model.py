"""The fake's state: Drive files, spreadsheets, sheets, cells, permissions; who may see what."""

from __future__ import annotations

import copy
import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fake_google.errors import FakeApiError, forbidden, not_found

Scalar = str | float | bool
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
FOLDER_MIME = "application/vnd.google-apps.folder"
DEFAULT_CALLER = "netplan-tests@netplan-fake.iam.gserviceaccount.com"
STRANGER = "someone-else@example.com"
ROLE_RANK = {"reader": 1, "commenter": 2, "writer": 3, "fileOrganizer": 4, "organizer": 5,
             "owner": 6}


def now_iso() -> str:
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class Cell:
    """One cell as Google keeps it: what was entered, plus format, note and validation."""

    value: Scalar | None = None  # as entered; for a formula, its text ("=A1+1")
    formula: bool = False
    effective: Scalar | None = None  # a seeded formula's cached result (else computed on read)
    # fmt and validation are replaced, never changed in place, so clones may share them
    fmt: dict[str, Any] = field(default_factory=dict)  # userEnteredFormat
    note: str | None = None
    validation: dict[str, Any] | None = None

    def unused(self) -> bool:
        return self.value is None and not self.fmt and self.note is None and not self.validation


@dataclass
class Sheet:
    """One tab. ``props`` is SheetProperties as sent (sheetId, title, gridProperties, ...)."""

    props: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    row_meta: dict[int, dict[str, Any]] = field(default_factory=dict)
    col_meta: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def sheet_id(self) -> int:
        return int(self.props["sheetId"])

    @property
    def title(self) -> str:
        return str(self.props["title"])

    @property
    def grid(self) -> dict[str, Any]:
        return self.props.setdefault("gridProperties", {})  # type: ignore[no-any-return]

    @property
    def rows(self) -> int:
        return int(self.grid.get("rowCount", 0))

    @property
    def cols(self) -> int:
        return int(self.grid.get("columnCount", 0))

    @property
    def hidden(self) -> bool:
        return bool(self.props.get("hidden", False))

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def cell(self, row: int, col: int) -> Cell:
        return self.cells.setdefault((row, col), Cell())

    def prune(self, row: int, col: int) -> None:
        cell = self.cells.get((row, col))
        if cell is not None and cell.unused():
            del self.cells[(row, col)]

    def clone(self) -> Sheet:
        """A copy to change freely (deepcopy is too slow for the large-plan benchmarks)."""
        return Sheet(copy.deepcopy(self.props),
                     {k: Cell(c.value, c.formula, c.effective, c.fmt, c.note, c.validation)
                      for k, c in self.cells.items()},
                     copy.deepcopy(self.protected_ranges), copy.deepcopy(self.conditional_formats),
                     copy.deepcopy(self.charts), copy.deepcopy(self.merges),
                     copy.deepcopy(self.row_meta), copy.deepcopy(self.col_meta))

    def shrink_to_grid(self) -> None:
        """Cells, merges and metadata past a reduced rowCount/columnCount are gone."""
        rows, cols = self.rows, self.cols
        self.cells = {k: v for k, v in self.cells.items() if k[0] < rows and k[1] < cols}
        self.row_meta = {k: v for k, v in self.row_meta.items() if k < rows}
        self.col_meta = {k: v for k, v in self.col_meta.items() if k < cols}


@dataclass
class Book:
    """A spreadsheet's content; its title is the Drive file's name."""

    sheets: list[Sheet] = field(default_factory=list)
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"

    def clone(self) -> Book:
        return Book([s.clone() for s in self.sheets], self.locale, self.time_zone)

    def by_id(self, sheet_id: int) -> Sheet | None:
        return next((s for s in self.sheets if s.sheet_id == sheet_id), None)

    def by_title(self, title: str) -> Sheet | None:
        """Titles in A1 ranges match ignoring case, as in Google."""
        folded = title.casefold()
        return next((s for s in self.sheets if s.title.casefold() == folded), None)

    def first_visible(self) -> Sheet:
        return next((s for s in self.sheets if not s.hidden), self.sheets[0])


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    owner: str
    created: str
    modified: str
    parents: list[str] = field(default_factory=list)
    permissions: list[dict[str, Any]] = field(default_factory=list)
    book: Book | None = None
    # Unrestricted files (the default) are open to every caller, to keep tests short;
    # a restricted file is open only to its owner and to whom it is shared with.
    restricted: bool = False
    # Private key-value pairs of the app (Drive keeps them per OAuth client; the fake has
    # one app), and whether the file is in the trash.
    app_properties: dict[str, str] = field(default_factory=dict)
    trashed: bool = False

    def touch(self) -> None:
        self.modified = now_iso()


def grid_sheet(sheet_id: int, title: str, rows: int = 1000, cols: int = 26) -> Sheet:
    return Sheet({"sheetId": sheet_id, "title": title, "sheetType": "GRID",
                  "gridProperties": {"rowCount": rows, "columnCount": cols}})


class Store:
    """Every file, behind one lock that a request holds from start to answer."""

    def __init__(self, caller_email: str = DEFAULT_CALLER, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.files: dict[str, DriveFile] = {}
        self.tokens: dict[str, str] = {}  # access token -> email, from the token endpoint
        self.caller_email = caller_email
        self._rng = random.Random(seed)

    def new_file_id(self) -> str:
        alphabet = string.ascii_letters + string.digits + "-_"
        return "1" + "".join(self._rng.choice(alphabet) for _ in range(43))

    def new_int_id(self) -> int:
        return self._rng.randrange(1, 2**31 - 1)

    def identity(self, token: str) -> str:
        return self.tokens.get(token, self.caller_email)

    def create_file(self, name: str, mime_type: str, owner: str,
                    parents: list[str] | None = None) -> DriveFile:
        stamp = now_iso()
        file = DriveFile(self.new_file_id(), name, mime_type, owner, stamp, stamp,
                         list(parents or []))
        file.permissions.append(self.permission_record("user", "owner", owner))
        if mime_type == SPREADSHEET_MIME:
            file.book = Book([grid_sheet(0, "Sheet1")])
        self.files[file.id] = file
        return file

    def permission_record(self, kind: str, role: str, email: str | None = None,
                    domain: str | None = None) -> dict[str, Any]:
        permission: dict[str, Any] = {"kind": "drive#permission", "id": "", "type": kind,
                                      "role": role, "deleted": False, "pendingOwner": False}
        if kind in ("user", "group"):
            permission["id"] = str(self._rng.randrange(10**19, 10**20))
            permission["emailAddress"] = email
            permission["displayName"] = (email or "").split("@")[0]
        elif kind == "domain":
            permission["id"] = f"{domain}"
            permission["domain"] = domain
        else:
            permission["id"] = "anyoneWithLink"
        return permission

    def add_permission(self, file: DriveFile, kind: str, role: str, email: str | None = None,
                       domain: str | None = None) -> dict[str, Any]:
        for existing in file.permissions:  # Drive updates the role of an existing grantee
            if existing["type"] == kind and existing.get("emailAddress") == email and \
                    existing.get("domain") == domain and existing["role"] != "owner":
                existing["role"] = role
                return existing
        permission = self.permission_record(kind, role, email, domain)
        file.permissions.append(permission)
        return permission

    def role(self, file: DriveFile, email: str) -> str | None:
        if email == file.owner:
            return "owner"
        if not file.restricted:
            return "writer"
        best: str | None = None
        for p in file.permissions:
            grants = (p["type"] in ("user", "group") and p.get("emailAddress") == email) or \
                     (p["type"] == "domain" and email.endswith("@" + str(p.get("domain")))) or \
                     p["type"] == "anyone"
            if grants and ROLE_RANK.get(p["role"], 0) > ROLE_RANK.get(best or "", 0):
                best = p["role"]
        return best

    def open(self, file_id: str, email: str, *, write: bool = False,
             drive: bool = False) -> DriveFile:
        """The file, if ``email`` may see it (and change it, with ``write``).

        Sheets answers 403 for a file the caller cannot see; Drive pretends it does not exist.
        """
        file = self.files.get(file_id)
        role = self.role(file, email) if file is not None else None
        if file is None or (role is None and drive):
            if drive:
                raise FakeApiError(404, f"File not found: {file_id}.", reason="notFound",
                                   drive=True)
            raise not_found()
        if role is None:
            raise forbidden()
        if write and ROLE_RANK[role] < ROLE_RANK["writer"]:
            if drive:
                raise FakeApiError(403, "The user does not have sufficient permissions for "
                                   "this file.", reason="insufficientFilePermissions",
                                   drive=True)
            raise forbidden()
        return file

    def open_book(self, file_id: str, email: str, *, write: bool = False) -> tuple[DriveFile,
                                                                                    Book]:
        file = self.open(file_id, email, write=write)
        if file.book is None:
            raise not_found()
        return file, file.book
