"""A loopback fake of the Google Sheets v4 / Drive v3 subset netplan uses, for tests.

A real ThreadingHTTPServer on 127.0.0.1 (an ephemeral port) with real state; real gspread
talks to it over real HTTP once ``NETPLAN_GOOGLE_API_URL`` points at ``FakeGoogle.url``
(the ``fake_google`` fixture in conftest.py does that). Module map: ``server`` (HTTP, routes,
request log, faults), ``handle`` (FakeGoogle, the test-facing helpers), ``model`` (state),
``values_api`` / ``sheets_api`` / ``batch_update`` / ``batch_cells`` / ``drive_api``
(endpoints), ``drive_query`` (files.list search), ``quota`` (Sheets' per-user quotas, off
unless a test sets them), ``a1`` and ``cellvalues`` (ranges and values as Google reads and
renders them).
"""

from fake_google.faults import Fault
from fake_google.handle import (
    FAKE_TOKEN,
    FakeGoogle,
    fake_credentials,
    no_wait,
    service_account_info,
)
from fake_google.model import DEFAULT_CALLER, STRANGER, Cell, Sheet
from fake_google.server import RecordedRequest

__all__ = [
    "DEFAULT_CALLER",
    "FAKE_TOKEN",
    "STRANGER",
    "Cell",
    "FakeGoogle",
    "Fault",
    "RecordedRequest",
    "Sheet",
    "fake_credentials",
    "no_wait",
    "service_account_info",
]
