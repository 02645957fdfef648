"""google_http: the API root override, bounded backoff, the request counter and our errors,
exercised through real gspread and real HTTP against the fake."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import gspread
import pytest
import requests
from fake_google import FAKE_TOKEN, FakeGoogle, fake_credentials, service_account_info
from google.oauth2 import service_account

from netplan_sheets.backends.google_http import (
    API_URL_ENV,
    DEFAULT_TIMEOUT,
    ApiRoot,
    GoogleSession,
    NetplanClient,
    RetryPolicy,
    google_error,
    retry_after_seconds,
)
from netplan_sheets.errors import (
    BadInput,
    GoogleApiError,
    GoogleError,
    GoogleHostRefused,
    GoogleNotFound,
    GooglePermissionDenied,
    GoogleQuotaExhausted,
    GoogleUnreachable,
)

SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]


def recording_policy(sleeps: list[float], **options: float) -> RetryPolicy:
    """Retries that record their waits instead of waiting, with the jitter fixed at half."""
    return RetryPolicy(sleep=sleeps.append, rand=lambda: 0.5, **options)  # type: ignore[arg-type]


# The API root


def test_root_rewrites_sheets_drive_and_token_hosts() -> None:
    root = ApiRoot("http://127.0.0.1:8765/")
    assert root.rewrite("https://sheets.googleapis.com/v4/spreadsheets/k?includeGridData=false") \
        == "http://127.0.0.1:8765/v4/spreadsheets/k?includeGridData=false"
    assert root.rewrite("https://www.googleapis.com/drive/v3/files?supportsAllDrives=True") \
        == "http://127.0.0.1:8765/drive/v3/files?supportsAllDrives=True"
    assert root.rewrite("https://oauth2.googleapis.com/token") == "http://127.0.0.1:8765/token"
    prefixed = ApiRoot("http://localhost:9/google")
    assert prefixed.rewrite("https://sheets.googleapis.com/v4/spreadsheets/k") == \
        "http://localhost:9/google/v4/spreadsheets/k"
    rooted = "http://127.0.0.1:8765/v4/spreadsheets/k"
    assert root.rewrite(rooted) == rooted  # idempotent: retries pass through again


@pytest.mark.parametrize("url", ["https://example.com/v4/spreadsheets/k",
                                 "http://sheets.googleapis.com/v4/spreadsheets/k",
                                 "https://accounts.google.com/o/oauth2/token",
                                 "https://sheets.googleapis.com.evil.example/v4",
                                 "http://127.0.0.1:9999/v4/spreadsheets/k"])
def test_root_refuses_every_other_host(url: str) -> None:
    with pytest.raises(GoogleHostRefused, match=API_URL_ENV):
        ApiRoot("http://127.0.0.1:8765").rewrite(url)


def test_root_from_env() -> None:
    assert ApiRoot.from_env({}) is None
    assert ApiRoot.from_env({API_URL_ENV: "  "}) is None
    assert ApiRoot.from_env({API_URL_ENV: "http://127.0.0.1:1"}) is not None
    with pytest.raises(BadInput, match=API_URL_ENV):
        ApiRoot.from_env({API_URL_ENV: "127.0.0.1:8765"})


def test_client_follows_the_env_variable_for_sheets_and_drive(fake_google: FakeGoogle) -> None:
    client = NetplanClient(fake_credentials())  # no api_root: NETPLAN_GOOGLE_API_URL decides
    try:
        sheet = client.create("Plan")
        client.open_by_key(sheet.id)
    finally:
        client.http_client.session.close()
    paths = [(r.method, r.path.split("?")[0]) for r in fake_google.requests]
    assert ("POST", "/drive/v3/files") in paths
    assert ("GET", f"/v4/spreadsheets/{sheet.id}") in paths
    assert client.http_client.timeout == DEFAULT_TIMEOUT


def test_other_hosts_are_refused_while_the_root_is_set(fake_google: FakeGoogle) -> None:
    http = fake_google.client().http_client
    with pytest.raises(GoogleHostRefused):
        http.request("get", "https://example.com/steal")
    assert http.request_count == 0 and fake_google.requests == []


def test_service_account_tokens_come_from_the_root_and_403_names_the_account(
        fake_google: FakeGoogle) -> None:
    info = service_account_info("planner@netplan-fake.iam.gserviceaccount.com")
    credentials = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    client = NetplanClient(credentials)
    key = fake_google.create_spreadsheet()
    fake_google.make_private(key)
    try:
        with pytest.raises(GooglePermissionDenied) as denied:
            client.open_by_key(key)
        fake_google.share(key, "planner@netplan-fake.iam.gserviceaccount.com")
        assert client.open_by_key(key).title == "Networking plan"
    finally:
        client.http_client.session.close()
    assert denied.value.account_email == "planner@netplan-fake.iam.gserviceaccount.com"
    assert "share it with planner@netplan-fake.iam.gserviceaccount.com" in str(denied.value)
    assert fake_google.requests[0].endpoint == "oauth2.token"


def test_a_token_endpoint_off_the_root_is_refused(fake_google: FakeGoogle) -> None:
    info = service_account_info() | {"token_uri": "https://accounts.google.com/o/oauth2/token"}
    client = NetplanClient(service_account.Credentials.from_service_account_info(
        info, scopes=SCOPES))
    with pytest.raises(GoogleHostRefused, match=r"accounts\.google\.com"):
        client.open_by_key("k")
    assert fake_google.requests == []


# Retries


def test_delays_grow_and_are_capped() -> None:
    high = RetryPolicy(rand=lambda: 1.0, base_delay=1, max_delay=10)
    low = RetryPolicy(rand=lambda: 0.0, base_delay=1, max_delay=10)
    waits = [high.delay(n) for n in range(1, 9)]
    assert waits == sorted(waits) and waits[:4] == [1, 2, 4, 8] and max(waits) == 10
    assert [low.delay(n) for n in range(1, 5)] == [0.5, 1, 2, 4]  # never below half a step
    assert high.delay(1, retry_after=7) == 7
    assert high.delay(1, retry_after=10_000) == high.max_retry_after


def test_429_then_success(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(429, times=2)
    sleeps: list[float] = []
    client = fake_google.client(recording_policy(sleeps))
    assert client.open_by_key(key).id == key
    assert sleeps == [0.75, 1.5]
    assert client.http_client.request_count == 3 == fake_google.count()
    assert client.http_client.retry_count == 2


def test_500_at_request_n_is_retried(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(500, at=2)
    sleeps: list[float] = []
    sheet = fake_google.client(recording_policy(sleeps)).open_by_key(key)
    sheet.values_batch_get(["Sheet1!A1:B2"])
    assert [r.status for r in fake_google.requests] == [200, 500, 200]
    assert len(sleeps) == 1


def test_5xx_sleeps_are_capped_and_then_it_gives_up(fake_google: FakeGoogle) -> None:
    fake_google.fail(503, times=None)
    sleeps: list[float] = []
    client = fake_google.client(recording_policy(sleeps, max_attempts=7, max_delay=4))
    with pytest.raises(GoogleApiError) as failed:
        client.open_by_key("any")
    assert failed.value.status == 503
    assert str(failed.value).startswith("Google API request failed after 7 attempts (503 ")
    assert sleeps == sorted(sleeps) and max(sleeps) <= 4 and len(sleeps) == 6
    assert fake_google.count() == 7


def test_gives_up_after_max_attempts_with_quota_error(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(429, times=None)
    sleeps: list[float] = []
    client = fake_google.client(recording_policy(sleeps))
    with pytest.raises(GoogleQuotaExhausted) as exhausted:
        client.open_by_key(key)
    assert client.http_client.request_count == 5 == fake_google.count()
    assert len(sleeps) == 4
    message = str(exhausted.value)
    assert "\n" not in message and "after 5 attempts" in message and FAKE_TOKEN not in message


@pytest.mark.parametrize(("status", "error"), [(400, GoogleApiError),
                                               (403, GooglePermissionDenied),
                                               (404, GoogleNotFound)])
def test_client_errors_are_not_retried(fake_google: FakeGoogle, status: int,
                                       error: type[GoogleError]) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(status)
    sleeps: list[float] = []
    with pytest.raises(error) as raised:
        fake_google.client(recording_policy(sleeps)).open_by_key(key)
    assert sleeps == [] and fake_google.count() == 1
    assert raised.value.status == status and f"({status}" in str(raised.value)


def test_401_with_a_token_that_cannot_be_refreshed(fake_google: FakeGoogle) -> None:
    fake_google.fail(401)
    sleeps: list[float] = []
    with pytest.raises(GoogleApiError, match="could not get an access token"):
        fake_google.client(recording_policy(sleeps)).open_by_key("k")
    assert sleeps == [] and fake_google.count() == 1


def test_400_on_batch_update_is_not_retried(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(400, endpoint="spreadsheets.batchUpdate", times=None)
    sleeps: list[float] = []
    sheet = fake_google.client(recording_policy(sleeps)).open_by_key(key)
    with pytest.raises(GoogleApiError, match=r"\(400 INVALID_ARGUMENT: Invalid request"):
        sheet.add_worksheet("Extra", 10, 10)
    assert sleeps == [] and fake_google.count("spreadsheets.batchUpdate") == 1


def test_retry_after_is_honoured_and_capped(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(429, retry_after="7")
    fake_google.fail(503, retry_after="3600")
    sleeps: list[float] = []
    fake_google.client(recording_policy(sleeps, max_retry_after=30)).open_by_key(key)
    assert sleeps == [7, 30]


def test_retry_after_accepts_an_http_date(fake_google: FakeGoogle) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    fake_google.fail(429, retry_after=when)
    answer = requests.get(f"{fake_google.url}/v4/spreadsheets/x", timeout=5,
                          headers={"Authorization": "Bearer t"})
    seconds = retry_after_seconds(answer)
    assert seconds is not None and 15 < seconds <= 20


def test_drive_rate_limit_403_is_retried(fake_google: FakeGoogle) -> None:
    fake_google.fail(403, endpoint="drive.files.create", reason="userRateLimitExceeded")
    sleeps: list[float] = []
    assert fake_google.client(recording_policy(sleeps)).create("Plan").title == "Plan"
    assert len(sleeps) == 1


def test_a_dropped_connection_is_reported_not_retried(fake_google: FakeGoogle) -> None:
    fake_google.disconnect()
    sleeps: list[float] = []
    with pytest.raises(GoogleUnreachable):
        fake_google.client(recording_policy(sleeps)).open_by_key("k")
    assert sleeps == [] and fake_google.count() == 1


def test_nothing_listening_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = NetplanClient(fake_credentials(), api_root=ApiRoot(f"http://127.0.0.1:{port}"))
    with pytest.raises(GoogleUnreachable, match="could not reach Google"):
        client.open_by_key("k")


# The request counter


def test_request_counter_counts_every_request(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    client = fake_google.client()
    sheet = client.open_by_key(key)
    before = client.request_count
    sheet.values_batch_get(["Sheet1!A:B"])
    sheet.values_batch_update({"valueInputOption": "RAW", "data": [
        {"range": "Sheet1!A1", "values": [["x"]]}]})
    assert client.request_count - before == 2
    assert client.request_count == fake_google.count()


# Mapping gspread's own exceptions


def test_google_error_maps_gspread_exceptions(fake_google: FakeGoogle) -> None:
    credentials = fake_credentials()
    plain = gspread.Client(credentials,  # gspread's own HTTPClient, which raises APIError
                           session=GoogleSession(credentials, ApiRoot(fake_google.url)))
    key = fake_google.create_spreadsheet()
    fake_google.make_private(key)
    caught: list[BaseException] = []
    for attempt in (lambda: plain.open_by_key("missing"), lambda: plain.open_by_key(key),
                    lambda: plain.open("No such title"),
                    lambda: plain.http_client.request("get", fake_google.url + "/v4/nowhere")):
        with pytest.raises(Exception) as raised:
            attempt()
        caught.append(raised.value)
    plain.http_client.session.close()
    mapped = [google_error(exc, account_email="sa@x.iam.gserviceaccount.com") for exc in caught]
    assert [type(m) for m in mapped] == [GoogleNotFound, GooglePermissionDenied,
                                         GoogleNotFound, GoogleNotFound]
    assert "share it with sa@x.iam.gserviceaccount.com" in str(mapped[1])
    assert all("\n" not in str(m) and FAKE_TOKEN not in str(m) for m in mapped)
    assert isinstance(google_error(requests.ConnectTimeout()), GoogleUnreachable)
    assert google_error(mapped[0]) is mapped[0]
