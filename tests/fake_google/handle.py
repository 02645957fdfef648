"""FakeGoogle: the running fake plus what a test needs around it — seeding state, reading
the stored grid, scripting faults, counting requests and getting a real gspread client."""

from __future__ import annotations

import copy
from typing import Any

import google.oauth2.credentials
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fake_google.cellvalues import render
from fake_google.faults import Fault
from fake_google.model import SPREADSHEET_MIME, STRANGER, Book, Cell, Sheet, grid_sheet
from fake_google.server import FakeGoogleServer
from fake_google.values_api import apply_write, check_grid, plan_write, read, resolve
from netplan_sheets.backends.google_http import ApiRoot, NetplanClient, RetryPolicy, Throttle

FAKE_TOKEN = "fake-static-token"


def fake_credentials(token: str = FAKE_TOKEN) -> google.oauth2.credentials.Credentials:
    """Credentials with a fixed bearer token and nothing to refresh."""
    return google.oauth2.credentials.Credentials(token=token)


def no_wait(_: float) -> None:
    """A RetryPolicy sleep that does not sleep."""


def service_account_info(email: str = "netplan-sa@netplan-fake.iam.gserviceaccount.com"
                         ) -> dict[str, str]:
    """A service-account key file's content with a fresh throwaway RSA key. Its token
    requests go to the fake's /token (rewritten by NETPLAN_GOOGLE_API_URL), which answers
    with a token bound to ``email``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "netplan-fake",
            "private_key_id": "0" * 40, "private_key": pem, "client_email": email,
            "client_id": "1" * 21, "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token"}


class FakeGoogle(FakeGoogleServer):
    """The fake Sheets v4 / Drive v3 API on 127.0.0.1, with test helpers."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: list[NetplanClient] = []

    def stop(self) -> None:
        for client in self._clients:
            client.http_client.session.close()
        self._clients.clear()
        super().stop()

    def client(self, retry: RetryPolicy | None = None, *, token: str = FAKE_TOKEN,
               throttle: Throttle | None = None) -> NetplanClient:
        """A real gspread client over google_http, pointed at this fake (retries don't wait)."""
        client = NetplanClient(fake_credentials(token), api_root=ApiRoot(self.url),
                               retry=retry or RetryPolicy(sleep=no_wait), throttle=throttle)
        self._clients.append(client)
        return client

    # faults and the request log

    def fail(self, status: int = 500, **match: Any) -> Fault:
        """Answer ``status`` to the matching requests; see Fault for ``at``, ``endpoint``,
        ``method``, ``times``, ``retry_after``, ``message``, ``reason``, ``after_apply``."""
        return self.faults.add(Fault(status, **match))

    def disconnect(self, **match: Any) -> Fault:
        """Close the connection without an answer for the matching requests."""
        return self.faults.add(Fault(0, disconnect=True, **match))

    def count(self, endpoint: str | None = None) -> int:
        """API requests received (token requests aside), of one endpoint when given."""
        return sum(1 for r in self.requests if r.position is not None and (
            endpoint is None or r.endpoint == endpoint or
            (r.endpoint or "").endswith("." + endpoint)))

    # state

    def create_spreadsheet(self, title: str = "Networking plan", *,
                           sheets: tuple[str, ...] = ("Sheet1",), rows: int = 1000,
                           cols: int = 26, owner: str | None = None) -> str:
        with self.store.lock:
            file = self.store.create_file(title, SPREADSHEET_MIME, owner or
                                          self.store.caller_email)
            file.book = Book([grid_sheet(0 if i == 0 else self.store.new_int_id(), name, rows,
                                         cols) for i, name in enumerate(sheets)])
            return file.id

    def make_private(self, spreadsheet_id: str, owner: str = STRANGER) -> None:
        """Owned by someone else and shared with no one: the caller gets 403 (Drive: 404)."""
        with self.store.lock:
            file = self.store.files[spreadsheet_id]
            file.restricted = True
            file.owner = owner
            file.permissions = [p for p in file.permissions if p["role"] != "owner"]
            file.permissions.insert(0, self.store.permission_record("user", "owner", owner))

    def share(self, spreadsheet_id: str, email: str, role: str = "writer") -> None:
        with self.store.lock:
            self.store.add_permission(self.store.files[spreadsheet_id], "user", role, email)

    def permissions(self, spreadsheet_id: str) -> list[dict[str, Any]]:
        with self.store.lock:
            return copy.deepcopy(self.store.files[spreadsheet_id].permissions)

    def title(self, spreadsheet_id: str) -> str:
        return self.store.files[spreadsheet_id].name

    def book(self, spreadsheet_id: str) -> Book:
        """The live state (hold no reference across requests: batchUpdate replaces it)."""
        book = self.store.files[spreadsheet_id].book
        assert book is not None
        return book

    def sheet(self, spreadsheet_id: str, title: str) -> Sheet:
        sheet = self.book(spreadsheet_id).by_title(title)
        assert sheet is not None, f"no sheet {title!r}"
        return sheet

    def titles(self, spreadsheet_id: str) -> list[str]:
        return [s.title for s in self.book(spreadsheet_id).sheets]

    def cell(self, spreadsheet_id: str, a1: str) -> Cell | None:
        """The stored cell at ``'Sheet'!B3`` (None when never touched)."""
        with self.store.lock:
            sheet, bounds, _ = resolve(self.book(spreadsheet_id), a1)
            return sheet.get(bounds.start_row, bounds.start_col)

    def values(self, spreadsheet_id: str, a1: str, render_option: str = "UNFORMATTED_VALUE",
               dates: str = "SERIAL_NUMBER") -> list[list[Any]]:
        """The grid as values:get would answer it (trimmed), read without an HTTP request."""
        with self.store.lock:
            sheet, bounds, _ = resolve(self.book(spreadsheet_id), a1)
            return read(sheet, check_grid(sheet, bounds), render_option, dates, "ROWS")

    def stored(self, spreadsheet_id: str, a1: str) -> Any:
        """One cell's entered value: a formula's text, a string, a float, a bool or None."""
        cell = self.cell(spreadsheet_id, a1)
        return None if cell is None else cell.value

    def set_values(self, spreadsheet_id: str, a1: str, rows: list[list[Any]], *,
                   user_entered: bool = False) -> None:
        """Seed cells as a values.update with RAW (or USER_ENTERED) would."""
        with self.store.lock:
            apply_write(plan_write(self.book(spreadsheet_id), a1, rows, "ROWS", user_entered,
                                   "values"))

    def rendered(self, spreadsheet_id: str, a1: str, render_option: str = "FORMATTED_VALUE"
                 ) -> Any:
        with self.store.lock:
            sheet, bounds, _ = resolve(self.book(spreadsheet_id), a1)
            return render(sheet.get(bounds.start_row, bounds.start_col), sheet, render_option,
                          "SERIAL_NUMBER")
