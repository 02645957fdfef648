"""Each participant's latest sync outcome, kept beside the manifest (cohort-status.json).

``cohort report`` reads it instead of syncing again. An outcome holds a status, a fixed
sentence when the sync failed, and the participant's :class:`Figures`; never the
library's own error message, which can quote a path or a sheet name the participant typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from netplan_sheets.cohort.figures import Figures
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.document_files import parse_json
from netplan_sheets.errors import (
    BadInput,
    GoogleError,
    GoogleNotFound,
    GooglePermissionDenied,
    GoogleQuotaExhausted,
    GoogleUnreachable,
    NetplanError,
    UnsafeToOverwrite,
    WorkbookLocked,
    WorkbookTooLarge,
    WorkbookUnreadable,
)
from netplan_sheets.file_safety import atomic_write
from netplan_sheets.input_files import read_input

STATUS_NAME = "cohort-status.json"
FORMAT = "netplan-cohort-status"
VERSION = 1
MAX_STATUS_BYTES = 64 * 2**20  # some 100,000 participants' figures


class SyncStatus(StrEnum):
    SYNCED = "synced"  # valid, results written
    PROBLEMS = "problems"  # synced; some rows had validation problems
    FAILED = "failed"  # not synced: unreadable, locked, refused, missing
    NOT_SYNCED = "not synced"  # no cohort sync has reached it yet


@dataclass(frozen=True)
class Outcome:
    key: str  # the participant's email, casefolded
    status: SyncStatus
    error: str | None
    synced_at: str  # ISO time of the attempt (UTC)
    figures: Figures | None

    @property
    def ok(self) -> bool:
        return self.status is SyncStatus.SYNCED

    def to_dict(self) -> dict[str, Any]:
        return {"status": str(self.status), "error": self.error, "synced_at": self.synced_at,
                "figures": self.figures.to_dict() if self.figures else None}

    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any]) -> Outcome:
        figures = data.get("figures")
        return cls(key, SyncStatus(data["status"]), data.get("error"), data["synced_at"],
                   Figures.from_dict(figures) if figures else None)


def failure_message(error: BaseException) -> str:
    """What went wrong, in words that name no file and quote nothing from the workbook."""
    if isinstance(error, WorkbookTooLarge):
        return "the workbook is too large to open safely"
    if isinstance(error, WorkbookUnreadable):
        return ("the workbook could not be read (not an .xlsx workbook, corrupt or "
                "password-protected)")
    if isinstance(error, WorkbookLocked):
        return "another sync was writing the workbook; run cohort sync again later"
    if isinstance(error, UnsafeToOverwrite):
        return ("the workbook holds content netplan cannot keep when rewriting it (images, "
                "charts, macros, ...); it was left unchanged")
    if isinstance(error, GoogleError):
        return _google_failure(error)
    if isinstance(error, NetplanError):
        return f"the workbook could not be synced ({type(error).__name__})"
    return f"an unexpected error stopped the sync ({type(error).__name__})"


def _google_failure(error: GoogleError) -> str:
    # Google's own message can quote the sheet's title: only the kind and status are kept
    if isinstance(error, GooglePermissionDenied):
        return ("netplan's Google account has no access to the Google Sheet (403); its owner "
                "must share it with that account as an Editor")
    if isinstance(error, GoogleNotFound):
        return "the Google Sheet was not found (404): deleted, or the manifest's link is wrong"
    if isinstance(error, GoogleQuotaExhausted):
        return ("Google's request quota was still exhausted after several retries; run "
                "cohort sync again later")
    if isinstance(error, GoogleUnreachable):
        return "Google could not be reached; check the network and run cohort sync again"
    if error.status is not None:
        return f"Google refused or failed the sync (HTTP {error.status})"
    return f"the Google Sheet could not be synced ({type(error).__name__})"


def status_path(manifest: Manifest) -> Path:
    return manifest.folder / STATUS_NAME


def load_status(manifest: Manifest) -> dict[str, Outcome]:
    """The outcomes kept for the manifest's cohort, by participant key ({} if none yet)."""
    path = status_path(manifest)
    if not path.exists():
        return {}
    try:
        data = parse_json(path, read_input(path, "cohort status file", MAX_STATUS_BYTES)
                          .decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"{path}: is not UTF-8 text; delete it and run netplan cohort sync "
                       "again") from None
    except BadInput as error:
        raise BadInput(f"{error}; delete it and run netplan cohort sync again") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT \
            or data.get("version") != VERSION:
        raise BadInput(f"{path}: is not a cohort status file of version {VERSION}; delete it "
                       "and run netplan cohort sync again")
    try:
        return {key: Outcome.from_dict(key, item)
                for key, item in data["participants"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BadInput(f"{path}: is damaged; delete it and run netplan cohort sync again"
                       ) from None


def save_status(manifest: Manifest, outcomes: dict[str, Outcome]) -> None:
    data = {"format": FORMAT, "version": VERSION, "program": manifest.program_name,
            "participants": {key: o.to_dict() for key, o in sorted(outcomes.items())}}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    atomic_write(status_path(manifest), partial(_write_text, text=text))


def _write_text(temp: Path, text: str) -> None:
    temp.write_text(text, encoding="utf-8")
