"""The HTTP layer under gspread: API root override, bounded retries, a request counter, errors.

Environment
-----------
``NETPLAN_GOOGLE_API_URL``
    When set (for example ``http://127.0.0.1:8765``), every Google request goes to that root
    instead of Google, like the ``*_EMULATOR_HOST`` variables of Google's own client
    libraries: ``https://sheets.googleapis.com/<path>`` (Sheets v4),
    ``https://www.googleapis.com/<path>`` (Drive v3) and ``https://oauth2.googleapis.com/<path>``
    (the OAuth token endpoint, so a service-account key works against an emulator) all become
    ``<root>/<path>``. While it is set, a request to any other host is refused with
    :class:`~netplan_sheets.errors.GoogleHostRefused`, so a test or an emulator run never
    reaches the real API by accident. An empty value means unset.

Retries
-------
:class:`NetplanHTTPClient` retries an answer of 429 or 5xx (and Drive's 403
``rateLimitExceeded`` / ``userRateLimitExceeded``, which is Drive's way of saying 429) with
capped, jittered exponential backoff, honouring ``Retry-After`` up to a cap, and at most
``RetryPolicy.max_attempts`` attempts in all. Nothing else is retried: 400, 401, 403 and 404
will not change by asking again, and connection failures are reported at once. Every failure
becomes one :class:`~netplan_sheets.errors.GoogleError` with a one-line message that never
holds a token, a key or a URL with its query.
"""

from __future__ import annotations

import math
import os
import random
import re
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import google.auth.exceptions
import gspread
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession, Request
from gspread.http_client import FileType, HTTPClient, ParamsType
from gspread.utils import convert_credentials

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

API_URL_ENV = "NETPLAN_GOOGLE_API_URL"
GOOGLE_HOSTS = frozenset({"sheets.googleapis.com", "www.googleapis.com", "oauth2.googleapis.com"})

Timeout = float | tuple[float, float]
Throttle = Callable[[str, str], None]  # (method, URL): returns when the request may go
# gspread sends with no timeout at all; a hung connection must not hang a sync.
DEFAULT_TIMEOUT: Timeout = (10.0, 120.0)

_RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_TARGET = re.compile(r"/(?:spreadsheets|files)/([^/:?]+)")


class ApiRoot:
    """Where Google requests go while ``NETPLAN_GOOGLE_API_URL`` is set."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
            raise BadInput(
                f"{API_URL_ENV} must be an http(s) URL like http://127.0.0.1:8765, not {url!r}")
        self._scheme = parts.scheme
        self._netloc = parts.netloc.lower()
        self._path = parts.path.rstrip("/")
        self.url = urlunsplit((self._scheme, self._netloc, self._path, "", ""))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ApiRoot | None:
        value = (os.environ if environ is None else environ).get(API_URL_ENV, "").strip()
        return cls(value) if value else None

    def rewrite(self, url: str) -> str:
        """``url`` moved under this root; raises GoogleHostRefused for a non-Google host."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) == (self._scheme, self._netloc) and (
                parts.path == self._path or parts.path.startswith(self._path + "/")):
            return url  # already rewritten (a retry, or google-auth's refresh-and-resend)
        if parts.scheme == "https" and parts.hostname in GOOGLE_HOSTS and parts.port in (None, 443):
            return urlunsplit((self._scheme, self._netloc, self._path + parts.path,
                               parts.query, ""))
        raise GoogleHostRefused(
            f"refused a request to {parts.hostname or 'an unknown host'}: {API_URL_ENV} is set "
            f"to {self.url}, so only that root may be used")

    def __repr__(self) -> str:
        return f"ApiRoot({self.url!r})"


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, and how long to wait between them; ``sleep`` and ``rand`` are
    injectable so tests neither wait nor depend on chance."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 32.0
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 is the first retry).

        Equal jitter: half the capped exponential step is fixed and half is random, so the
        waits grow with each retry, yet clients that failed together do not retry together.
        A ``Retry-After`` from the server is waited for, up to ``max_retry_after``.
        """
        step = min(self.max_delay, self.base_delay * 2.0 ** min(retry - 1, 60))
        wait = step / 2 + self.rand() * step / 2
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


class _RootedSession(requests.Session):
    """A plain session (google-auth's token refreshes) that obeys the API root."""

    def __init__(self, api_root: ApiRoot) -> None:
        super().__init__()
        self.api_root = api_root

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if request.url:
            request.url = self.api_root.rewrite(request.url)
        return super().send(request, **kwargs)


class GoogleSession(AuthorizedSession):
    """google-auth's AuthorizedSession whose every request, token refreshes and redirects
    included, obeys the API root when one is set."""

    def __init__(self, credentials: Credentials, api_root: ApiRoot | None) -> None:
        self._token_session = _RootedSession(api_root) if api_root else None
        auth_request = Request(self._token_session) if self._token_session else None
        # AuthorizedSession has no annotations
        super().__init__(credentials, auth_request=auth_request)  # type: ignore[no-untyped-call]
        self.api_root = api_root

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if self.api_root is not None and request.url:
            request.url = self.api_root.rewrite(request.url)
        response: requests.Response = super().send(request, **kwargs)
        return response

    def close(self) -> None:
        if self._token_session is not None:
            self._token_session.close()
        super().close()  # type: ignore[no-untyped-call]


class NetplanHTTPClient(HTTPClient):
    """gspread's HTTPClient with our API root, retries, request counter and errors.

    ``request_count`` counts the HTTP requests sent to the API (each retry is one more);
    ``retry_count`` how many of them were retries. Failures raise GoogleError subclasses,
    never gspread's APIError. ``throttle``, when given, is called with the method and URL
    before every request is sent (a :class:`~netplan_sheets.backends.google_quota.SheetsQuota`
    waits there to stay within Google's per-minute quotas).
    """

    def __init__(self, auth: Credentials, session: requests.Session | None = None, *,
                 retry: RetryPolicy | None = None, api_root: ApiRoot | None = None,
                 timeout: Timeout = DEFAULT_TIMEOUT, throttle: Throttle | None = None) -> None:
        self.api_root = api_root if api_root is not None else ApiRoot.from_env()
        credentials = convert_credentials(auth)
        super().__init__(credentials, session or GoogleSession(credentials, self.api_root))
        self.auth = credentials
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.throttle = throttle
        self.request_count = 0
        self.retry_count = 0
        # The account a 403 must name: only a service account has a fixed, known email.
        self.account_email: str | None = getattr(credentials, "service_account_email", None)

    def request(self, method: str, endpoint: str, params: ParamsType | None = None,
                data: bytes | None = None, json: Mapping[str, Any] | None = None,
                files: FileType = None,
                headers: MutableMapping[str, str] | None = None) -> requests.Response:
        url = self.api_root.rewrite(endpoint) if self.api_root is not None else endpoint
        policy = self.retry
        for attempt in range(1, policy.max_attempts + 1):
            if self.throttle is not None:
                self.throttle(method, endpoint)
            self.request_count += 1
            try:
                response = self.session.request(
                    method=method, url=url, json=json, params=params, data=data, files=files,
                    headers=headers, timeout=self.timeout)
            except (requests.RequestException, google.auth.exceptions.GoogleAuthError) as exc:
                raise google_error(exc, account_email=self.account_email) from None
            if response.ok:
                return response
            if attempt == policy.max_attempts or not is_retryable(response):
                raise error_from_response(response, account_email=self.account_email,
                                          attempts=attempt)
            wait = policy.delay(attempt, retry_after_seconds(response))
            response.close()
            self.retry_count += 1
            policy.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")


class NetplanClient(gspread.Client):
    """gspread's Client over :class:`NetplanHTTPClient`."""

    http_client: NetplanHTTPClient

    def __init__(self, auth: Credentials, *, retry: RetryPolicy | None = None,
                 api_root: ApiRoot | None = None, timeout: Timeout = DEFAULT_TIMEOUT,
                 throttle: Throttle | None = None) -> None:
        # gspread's Client.__init__ only builds its HTTP client from a class, with no way to
        # pass options to it; build ours here instead.
        self.http_client = NetplanHTTPClient(auth, retry=retry, api_root=api_root,
                                             timeout=timeout, throttle=throttle)

    @property
    def request_count(self) -> int:
        return self.http_client.request_count


def retry_after_seconds(response: requests.Response) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or an HTTP date), if usable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def is_retryable(response: requests.Response) -> bool:
    """429, 5xx, or Drive's rate-limit 403: worth asking again after a pause."""
    status = response.status_code
    if status == 429 or 500 <= status <= 599:
        return True
    return status == 403 and _reason(_error_body(response)) in _RATE_LIMIT_REASONS


def error_from_response(response: requests.Response, *, account_email: str | None = None,
                        attempts: int = 1) -> GoogleError:
    """The GoogleError for a failed answer, with a one-line message."""
    status = response.status_code
    error = _error_body(response)
    detail = _one_line(str(error.get("message") or response.reason or "no message"))
    match = _TARGET.search(urlsplit(response.url or "").path)
    target = f"spreadsheet {match.group(1)}" if match else "the Google API"
    after = f" after {attempts} attempts" if attempts > 1 else ""
    if status == 404:
        return GoogleNotFound(f"{target} was not found (404: {detail}); check the URL or key",
                              status=status)
    if status == 429 or (status == 403 and _reason(error) in _RATE_LIMIT_REASONS):
        return GoogleQuotaExhausted(
            f"Google API quota exhausted: still rate-limited ({status}){after}; "
            "wait a minute and run the command again", status=status)
    if status == 403:
        who = (f"share it with {account_email} (the service account) as an Editor"
               if account_email else "share it, as an Editor, with the account you signed in with")
        return GooglePermissionDenied(f"no access to {target} (403: {detail}); {who}",
                                      status=status, account_email=account_email)
    if status == 401:
        return GoogleApiError(
            f"Google rejected the credentials (401: {detail}); check the key file or sign in "
            "again", status=status)
    code = f" {error['status']}" if isinstance(error.get("status"), str) else ""
    return GoogleApiError(f"Google API request failed{after} ({status}{code}: {detail})",
                          status=status)


def google_error(exc: BaseException, *, account_email: str | None = None) -> GoogleError:
    """Our GoogleError for an exception raised by gspread, requests or google-auth."""
    if isinstance(exc, GoogleError):
        return exc
    if isinstance(exc, gspread.exceptions.APIError):
        return error_from_response(exc.response, account_email=account_email)
    if isinstance(exc, PermissionError) and isinstance(exc.__cause__, gspread.exceptions.APIError):
        # gspread's open_by_key turns a 403 into a bare PermissionError
        return error_from_response(exc.__cause__.response, account_email=account_email)
    if isinstance(exc, gspread.exceptions.SpreadsheetNotFound):
        return GoogleNotFound("spreadsheet not found; check the URL, key or title, and that it "
                              "is shared with the account in use", status=404)
    if isinstance(exc, requests.Timeout):
        return GoogleUnreachable("Google did not answer in time (timeout); try again later")
    if isinstance(exc, requests.RequestException | google.auth.exceptions.TransportError):
        return GoogleUnreachable(
            f"could not reach Google ({type(exc).__name__}); check the network connection")
    if isinstance(exc, google.auth.exceptions.RefreshError):
        first = exc.args[0] if exc.args else type(exc).__name__
        return GoogleApiError(f"could not get an access token: {_one_line(str(first))}")
    return GoogleError(f"unexpected error talking to Google ({type(exc).__name__})")


def _error_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _reason(error: Mapping[str, Any]) -> str | None:
    """Drive's ``errors[0].reason`` (Sheets has no such list)."""
    errors = error.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = errors[0].get("reason")
        return reason if isinstance(reason, str) else None
    return None


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
