"""Participants' plans as Google Sheets: made by ``cohort init --google``, synced by
``cohort sync``.

Making one sheet (after asking Drive, once a run, who the account is, unless its key
says): a Drive ``files.create`` that tags the new file with the token reserved
in the manifest (a private ``appProperties`` pair, which only this app sees), one metadata
read, the template and the participant's pre-filled values in one ``batchUpdate`` and one
RAW values write, a writer permission for the participant and for each coordinator (never
"anyone with the link"; Google sends no email), and last a ``files.update`` marking the
file ready.

Resuming: a participant left pending by an interrupted run is looked up in Drive by its
token. A sheet marked ready is kept; a half-made one (the run stopped before marking it)
is moved to the trash and made again. So however a run stops, even between Google making
the file and its answer arriving, the next run leaves each participant exactly one sheet.
A create that was retried is followed by the same lookup, as the failed attempt may have
made a file too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from gspread.http_client import ParamsType
from gspread.urls import DRIVE_FILES_API_V3_URL

from netplan_sheets.backends.google_auth import find_credentials
from netplan_sheets.backends.google_http import NetplanClient
from netplan_sheets.backends.google_quota import quota_from_env
from netplan_sheets.backends.google_sheets import GoogleBackend
from netplan_sheets.backends.google_template import write_template
from netplan_sheets.cohort.distribute import MakerFactory, WorkbookMaker
from netplan_sheets.cohort.figures import figures_from
from netplan_sheets.cohort.manifest import GOOGLE
from netplan_sheets.cohort.prefill import Prefill, fill_sheets
from netplan_sheets.cohort.program import Program
from netplan_sheets.cohort.roster import Participant
from netplan_sheets.cohort.status import Outcome, SyncStatus, failure_message
from netplan_sheets.errors import BadInput
from netplan_sheets.sheet_urls import spreadsheet_key, spreadsheet_url
from netplan_sheets.sync import sync_plan
from netplan_sheets.template.contents import template_sheets

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
TOKEN_KEY = "netplanCohortToken"
STATE_KEY = "netplanCohortState"
MAKING, READY = "making", "ready"
PENDING_PREFIX = "google-pending:"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
DRIVE_ABOUT_URL = "https://www.googleapis.com/drive/v3/about"


def _drive_params(**extra: str) -> ParamsType:
    # supportsAllDrives: the --folder may be in a shared drive
    params: ParamsType = {"supportsAllDrives": "true"}
    params.update(extra)
    return params


def cohort_client(credentials: str | None = None) -> NetplanClient:
    """A client for a cohort run: the credentials found as for every command, and Google's
    per-user Sheets quotas kept by waiting (:class:`SheetsQuota`)."""
    quota = quota_from_env()
    found = find_credentials(credentials)
    return NetplanClient(found.credentials, throttle=quota)


def google_maker(client: NetplanClient, folder_id: str | None = None) -> MakerFactory:
    """What ``init_cohort(maker=...)`` takes to make the cohort's plans as Google Sheets
    (in the Drive folder ``folder_id``, else in the account's own Drive)."""
    def make(program: Program, _folder: Path) -> WorkbookMaker:
        return GoogleWorkbooks(client, program, folder_id)

    return make


def sheet_title(program: Program, participant: Participant) -> str:
    return f"{program.name} – {participant.name}"


class GoogleWorkbooks:
    """The :class:`~netplan_sheets.cohort.distribute.WorkbookMaker` for Google Sheets."""

    backend = GOOGLE

    def __init__(self, client: NetplanClient, program: Program,
                 folder_id: str | None = None) -> None:
        self.client = client
        self.http = client.http_client
        self.program = program
        self.folder_id = folder_id
        self._account: str | None = None

    def reserve(self, participant: Participant, taken: Collection[str]) -> str:
        # A fresh random token: nothing in Drive carries it yet
        return f"{PENDING_PREFIX}{uuid.uuid4().hex}"

    def finished(self, location: str) -> str | None:
        ready: str | None = None
        for file in self._tagged(_token(location)):
            if ready is None and file.get("appProperties", {}).get(STATE_KEY) == READY:
                ready = str(file["id"])
            else:  # half-made, or (never expected) a second copy: out of the way
                self._update(str(file["id"]), {"trashed": True})
        return spreadsheet_url(ready) if ready else None

    def create(self, location: str, participant: Participant, prefill: Prefill) -> str:
        token = _token(location)
        shares = share_with(participant, self.program, self._owner())
        title = sheet_title(self.program, participant)
        body: dict[str, Any] = {"name": title, "mimeType": SPREADSHEET_MIME,
                                "appProperties": {TOKEN_KEY: token, STATE_KEY: MAKING}}
        if self.folder_id:
            body["parents"] = [self.folder_id]
        retries = self.http.retry_count
        made = self.http.request("post", DRIVE_FILES_API_V3_URL, params=_drive_params(),
                                 json=body).json()
        key = str(made["id"])
        if self.http.retry_count != retries:
            # A 5xx can come after Google made the file, and the retry then made another:
            # the extra copies carry the same token
            for file in self._tagged(token):
                if file["id"] != key:
                    self._update(str(file["id"]), {"trashed": True})
        meta = self.http.fetch_sheet_metadata(key, params={"fields": "sheets.properties.sheetId"})
        write_template(self.client, key, int(meta["sheets"][0]["properties"]["sheetId"]),
                       fill_sheets(template_sheets(title), prefill))
        for email in shares:
            self.http.insert_permission(key, email, perm_type="user", role="writer",
                                        notify=False)
        self._update(key, {"appProperties": {STATE_KEY: READY}})
        return spreadsheet_url(key)

    def _owner(self) -> str:
        """The account the sheets belong to: a service account's email is in its key; a
        signed-in user's is asked of Drive, once."""
        if self._account is None:
            self._account = self.http.account_email
        if self._account is None:
            about = self.http.request("get", DRIVE_ABOUT_URL,
                                      params={"fields": "user(emailAddress)"}).json()
            self._account = str(about["user"]["emailAddress"])
        return self._account

    def _tagged(self, token: str) -> list[dict[str, Any]]:
        query = (f"appProperties has {{ key='{TOKEN_KEY}' and value='{token}' }} "
                 "and trashed = false")
        params = _drive_params(includeItemsFromAllDrives="true", q=query, pageSize="100",
                               fields="files(id,appProperties)")
        answer = self.http.request("get", DRIVE_FILES_API_V3_URL, params=params).json()
        return list(answer.get("files", []))

    def _update(self, key: str, body: dict[str, Any]) -> None:
        self.http.request("patch", f"{DRIVE_FILES_API_V3_URL}/{key}", params=_drive_params(),
                          json=body)


def share_with(participant: Participant, program: Program, owner: str) -> list[str]:
    """The participant, then the coordinators: each once (ignoring case), the sheet's
    owner left out (it has the file already)."""
    seen = {owner.casefold()}
    emails = []
    for email in (participant.email, *program.coordinators):
        if email.casefold() not in seen:
            seen.add(email.casefold())
            emails.append(email)
    return emails


def _token(location: str) -> str:
    token = location.removeprefix(PENDING_PREFIX)
    if not location.startswith(PENDING_PREFIX) or not _TOKEN.match(token):
        raise BadInput(f"the manifest is damaged: {location[:80]!r} is not a reserved Google "
                       "Sheet (expected google-pending: and 32 hex digits)")
    return token


def sync_google_participant(client: NetplanClient, key: str, url: str,
                            as_of: date | None) -> Outcome:
    """Sync one participant's Google Sheet; never raises (a failure is the outcome, in
    fixed words: nothing Google or the sheet said is kept)."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    sheet = spreadsheet_key(url)
    if sheet is None:
        return Outcome(key, SyncStatus.FAILED, "the manifest does not hold a Google Sheets "
                       "link for this participant", now, None)
    try:
        result = sync_plan(GoogleBackend(client, sheet), as_of)
    except Exception as error:  # any failure is this participant's outcome, not the cohort's
        return Outcome(key, SyncStatus.FAILED, failure_message(error), now, None)
    status = SyncStatus.SYNCED if result.valid else SyncStatus.PROBLEMS
    return Outcome(key, status, None, now, figures_from(result))
