"""Google cohorts in the fake: service-account keys, participants typing into their sheets,
a simulated clock, and reading the fake's request log per sheet and per minute."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from fake_google import FakeGoogle, RecordedRequest, service_account_info
from google_plans import sheet_value

from netplan_sheets.backends.google_sheets import quoted
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.sheet_urls import spreadsheet_key, spreadsheet_url

ACCOUNT = "cohort-runner@program.iam.gserviceaccount.com"
COORDINATORS = ("programs@example.com", "lead@example.com")  # cohort_data.PROGRAM's


class SimClock:
    """Simulated time: sleeping moves it on at once. Given to SheetsQuota and to the fake's
    quota and request log, so both sides agree on when each request was sent."""

    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.time += seconds


def key_file(folder: Path, email: str = ACCOUNT) -> Path:
    path = folder / "service-account.json"
    path.write_text(json.dumps(service_account_info(email)), encoding="utf-8")
    return path


def key_of(url: str) -> str:
    key = spreadsheet_key(url)
    assert key is not None, url
    return key


def keys(manifest: Manifest) -> list[str]:
    return [key_of(entry.workbook) for entry in manifest.participants]


def live_sheets(fake: FakeGoogle) -> list[str]:
    """The spreadsheets in the fake's Drive that are not in the trash."""
    return [f.id for f in fake.store.files.values()
            if f.book is not None and not f.trashed]


def shared_with(fake: FakeGoogle, key: str) -> set[tuple[str, str, str]]:
    return {(p["type"], p.get("emailAddress") or p.get("domain") or "", p["role"])
            for p in fake.permissions(key)}


def fill_sheet(fake: FakeGoogle, key: str, sheets: Mapping[str, Any]) -> None:
    """What a participant does in Google Sheets: type rows ({header: value}) under the
    headers, after the rows already there, and Field | Value pairs ({field: value})."""
    for title, given in sheets.items():
        values = fake.values(key, quoted(title))
        if isinstance(given, Mapping):
            for number, row in enumerate(values[1:], start=2):
                if row and row[0] in given:
                    fake.set_values(key, f"{quoted(title)}!B{number}",
                                    [[sheet_value(given[row[0]])]])
            continue
        headers = values[0]
        rows = [[sheet_value(record.get(header)) for header in headers] for record in given]
        fake.set_values(key, f"{quoted(title)}!A{len(values) + 1}", rows)


def requests_of(fake: FakeGoogle, key: str) -> list[RecordedRequest]:
    """The API requests that named spreadsheet (or Drive file) ``key`` in their path."""
    return [r for r in fake.requests if r.position is not None and f"/{key}" in r.path]


def sheets_requests(fake: FakeGoogle, write: bool) -> list[RecordedRequest]:
    return [r for r in fake.requests if (r.endpoint or "").startswith("spreadsheets.")
            and (r.method != "GET") == write]


def most_in_a_minute(times: Iterable[float]) -> int:
    """The most requests sent within any 60 seconds (a window [t, t + 60])."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] < moment - 60:
            start += 1
        most = max(most, end - start + 1)
    return most


def upload_cohort(fake: FakeGoogle, folder: Path, plans: list[dict[str, Any]]) -> Manifest:
    """A Google cohort without cohort init's template requests (quick): each participant's
    workbook is made locally as cohort init would (template, pre-fill, their own entries),
    and its values are put in a new spreadsheet of the fake; the manifest lists them."""
    from cohort_data import fill_workbook, people, write_program
    from google_plans import upload_plan

    from netplan_sheets.cohort.manifest import GOOGLE, Entry, EntryState
    from netplan_sheets.cohort.prefill import fill_xlsx, prefill_for
    from netplan_sheets.cohort.program import load_program
    from netplan_sheets.cohort.roster import Participant
    from netplan_sheets.template import build_template

    folder.mkdir(parents=True)
    program = load_program(write_program(folder / "program.json"))
    manifest = Manifest(folder / "manifest.json", program.summary())
    made: dict[int, Path] = {}  # equal plans are uploaded from one file
    for number, ((name, email, group), plan) in enumerate(
            zip(people(len(plans)), plans, strict=True)):
        path = made.get(id(plan))
        if path is None:
            path = folder / f"plan-{number}.xlsx"
            book = build_template(name)
            fill_xlsx(book, prefill_for(program, Participant(name, email, group, number + 2)))
            book.save(path)
            fill_workbook(path, plan)
            made[id(plan)] = path
        key = upload_plan(fake, path, f"{program.name} – {name}")
        manifest.participants.append(Entry(name, email, group, GOOGLE,
                                           spreadsheet_url(key), EntryState.CREATED))
    manifest.save()
    return manifest
