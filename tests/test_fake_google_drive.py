"""The fake's Drive appProperties, trash and search, and its Sheets per-user quota: what
cohort init --google and cohort sync rely on, as Google's documentation describes them."""

from __future__ import annotations

from typing import Any

import pytest
from cohort_google_data import SimClock
from fake_google import FakeGoogle, no_wait
from gspread.urls import DRIVE_FILES_API_V3_URL as FILES

from netplan_sheets.backends.google_http import RetryPolicy
from netplan_sheets.errors import GoogleApiError, GoogleQuotaExhausted

SHEET = "application/vnd.google-apps.spreadsheet"


def drive(fake: FakeGoogle, method: str, url: str = FILES, **kwargs: Any) -> Any:
    response = fake.client().http_client.request(method, url, **kwargs)
    return response.json()


def search(fake: FakeGoogle, query: str) -> list[str]:
    answer = drive(fake, "get", params={"q": query, "fields": "files(id,appProperties)"})
    return sorted(f["id"] for f in answer["files"])


def test_app_properties_are_kept_merged_and_searched(fake_google: FakeGoogle) -> None:
    made = drive(fake_google, "post", json={"name": "A", "mimeType": SHEET,
                                            "appProperties": {"token": "t1", "state": "new"}})
    assert set(made) == {"kind", "id", "name", "mimeType"}  # as recorded from Google
    other = drive(fake_google, "post", json={"name": "B", "mimeType": SHEET})["id"]
    assert search(fake_google, "appProperties has { key='token' and value='t1' }") == [
        made["id"]]
    assert search(fake_google, "appProperties has {key='token' and value='t2'} and "
                  "trashed = false") == []
    drive(fake_google, "patch", f"{FILES}/{made['id']}",
          json={"appProperties": {"state": "ready", "extra": "x"}})
    drive(fake_google, "patch", f"{FILES}/{made['id']}", json={"appProperties": {"extra": None}})
    got = drive(fake_google, "get", f"{FILES}/{made['id']}", params={"fields": "appProperties"})
    assert got == {"appProperties": {"token": "t1", "state": "ready"}}
    assert drive(fake_google, "get", f"{FILES}/{other}", params={"fields": "appProperties"}) == {}


def test_trashed_files_are_found_only_when_asked(fake_google: FakeGoogle) -> None:
    key = drive(fake_google, "post", json={"name": "A", "mimeType": SHEET})["id"]
    drive(fake_google, "patch", f"{FILES}/{key}", json={"trashed": True})
    assert search(fake_google, "trashed = false") == []
    assert search(fake_google, "trashed = true") == [key]
    assert search(fake_google, "name = 'A'") == [key], "files.list includes the trash"


@pytest.mark.parametrize(("body", "query"), [
    ({"trashed": "yes"}, None),
    ({"appProperties": {"k": "v" * 124}}, None),
    (None, "appProperties has { key='k' }"),
    (None, "name = 'unclosed"),
])
def test_bad_updates_and_queries_are_400(fake_google: FakeGoogle, body: Any,
                                         query: str | None) -> None:
    key = fake_google.create_spreadsheet()
    with pytest.raises(GoogleApiError, match="400"):
        if body is not None:
            drive(fake_google, "patch", f"{FILES}/{key}", json=body)
        else:
            drive(fake_google, "get", params={"q": query})


def test_sheets_quota_refuses_the_61st_request_of_a_minute(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    clock = SimClock()
    fake_google.quota.per_minute, fake_google.quota.clock = 60, clock.now
    http = fake_google.client(RetryPolicy(max_attempts=1, sleep=no_wait)).http_client
    for _ in range(60):
        http.fetch_sheet_metadata(key)
    drive(fake_google, "get")  # Drive is not counted
    http.values_batch_update(key, {"valueInputOption": "RAW", "data": []})  # nor writes
    with pytest.raises(GoogleQuotaExhausted):
        http.fetch_sheet_metadata(key)
    assert fake_google.requests[-1].status == 429
    clock.sleep(60.001)  # a minute after the first read
    http.fetch_sheet_metadata(key)
