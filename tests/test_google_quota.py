"""The Sheets quota throttle: token buckets on a simulated clock, and the HTTP client
waiting on it before every request it sends, retries included."""

from __future__ import annotations

import pytest
from cohort_google_data import SimClock, most_in_a_minute
from fake_google import FakeGoogle

from netplan_sheets.backends.google_quota import (
    QUOTA_ENV,
    RequestKind,
    SheetsQuota,
    TokenBucket,
    quota_from_env,
    sheets_request_kind,
)
from netplan_sheets.errors import BadInput

SHEETS = "https://sheets.googleapis.com/v4/spreadsheets/KEY"
DRIVE = "https://www.googleapis.com/drive/v3/files"


def sent_times(quota: SheetsQuota, clock: SimClock, method: str, url: str,
               count: int) -> list[float]:
    times = []
    for _ in range(count):
        quota(method, url)
        times.append(clock.now())
    return times


@pytest.mark.parametrize(("per_minute", "burst"), [(60, 5), (60, 1), (300, 25)])
def test_no_minute_holds_more_than_the_quota(per_minute: int, burst: int) -> None:
    clock = SimClock()
    quota = SheetsQuota(per_minute, burst, clock=clock.now, sleep=clock.sleep)
    times = sent_times(quota, clock, "POST", f"{SHEETS}:batchUpdate", 500)
    # As many as allowed (give or take the rounding at the minute's edge), never more
    assert per_minute - 1 <= most_in_a_minute(times) <= per_minute
    # The pace it settles at: a minute's refill a minute, after the first burst
    assert times[-1] == pytest.approx((500 - burst) * 60 / (per_minute - burst))


def test_reads_and_writes_have_a_quota_each_and_drive_none() -> None:
    clock = SimClock()
    quota = SheetsQuota(clock=clock.now, sleep=clock.sleep)
    for _ in range(5):
        quota("GET", f"{SHEETS}/values:batchGet")
        quota("POST", f"{SHEETS}/values:batchUpdate")
    for _ in range(100):
        quota("POST", DRIVE)
    assert clock.now() == 0, "a burst of each kind, and Drive requests, pass at once"
    quota("PUT", f"{SHEETS}/values/A1")
    assert clock.now() == pytest.approx(60 / 55)
    assert quota.waited == pytest.approx(60 / 55)


def test_request_kinds() -> None:
    assert sheets_request_kind("get", SHEETS) is RequestKind.READ
    assert sheets_request_kind("post", f"{SHEETS}:batchUpdate") is RequestKind.WRITE
    assert sheets_request_kind("get", DRIVE) is None


def test_a_bucket_refills_to_its_capacity_only() -> None:
    clock = SimClock()
    bucket = TokenBucket(60, 5, clock.now, clock.sleep)
    bucket.take()
    clock.sleep(3600)  # an hour idle: still only a burst of 5 at once
    for _ in range(5):
        bucket.take()
    assert clock.now() == 3600
    bucket.take()
    assert clock.now() > 3600
    with pytest.raises(ValueError):
        TokenBucket(5, 5, clock.now, clock.sleep)


def test_every_attempt_waits_for_the_quota(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    clock = SimClock()
    quota = SheetsQuota(60, 1, clock=clock.now, sleep=clock.sleep)
    client = fake_google.client(throttle=quota)
    fake_google.fail(429, endpoint="values.batchUpdate")
    client.http_client.values_batch_update(key, {"valueInputOption": "RAW", "data": [
        {"range": "Sheet1!A1", "values": [["x"]]}]})
    assert fake_google.count("values.batchUpdate") == 2
    # The retry took a second token: it waited for the refill (and not for the read)
    assert clock.now() == pytest.approx(60 / 59)
    client.http_client.fetch_sheet_metadata(key)
    assert clock.now() == pytest.approx(60 / 59)


def test_quota_from_the_environment() -> None:
    assert quota_from_env({}).buckets[RequestKind.WRITE].rate == pytest.approx(55 / 60)
    raised = quota_from_env({QUOTA_ENV: "600"}).buckets[RequestKind.READ]
    assert (raised.capacity, raised.rate) == (50, pytest.approx(550 / 60))
    for bad in ("1", "sixty", "-5"):
        with pytest.raises(BadInput, match=QUOTA_ENV):
            quota_from_env({QUOTA_ENV: bad})
