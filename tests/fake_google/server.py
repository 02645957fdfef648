"""The loopback HTTP server, its routes, request log and fault injection; :class:`FakeGoogle`
is the handle a test holds."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from fake_google import batch_update, drive_api, sheets_api, values_api
from fake_google.call import Call
from fake_google.errors import FakeApiError
from fake_google.faults import TOKEN_ENDPOINT, Fault, FaultPlan
from fake_google.model import DEFAULT_CALLER, Store
from fake_google.quota import SheetsQuota

Handler = Callable[[Call], dict[str, Any] | None]
_ID = r"([^/:]+)"
_ROUTES: list[tuple[str, re.Pattern[str], str, Handler]] = [
    (method, re.compile(f"^{pattern}$"), name, handler) for method, pattern, name, handler in [
        ("POST", "/v4/spreadsheets", "spreadsheets.create", sheets_api.spreadsheets_create),
        ("GET", f"/v4/spreadsheets/{_ID}", "spreadsheets.get", sheets_api.spreadsheets_get),
        ("POST", f"/v4/spreadsheets/{_ID}:batchUpdate", "spreadsheets.batchUpdate",
         batch_update.spreadsheets_batch_update),
        ("GET", f"/v4/spreadsheets/{_ID}/values:batchGet", "spreadsheets.values.batchGet",
         values_api.values_batch_get),
        ("POST", f"/v4/spreadsheets/{_ID}/values:batchUpdate",
         "spreadsheets.values.batchUpdate", values_api.values_batch_update),
        ("POST", f"/v4/spreadsheets/{_ID}/values:batchClear", "spreadsheets.values.batchClear",
         values_api.values_batch_clear),
        ("POST", f"/v4/spreadsheets/{_ID}/values/([^/]+?):clear", "spreadsheets.values.clear",
         values_api.values_clear),
        ("GET", f"/v4/spreadsheets/{_ID}/values/([^/]+)", "spreadsheets.values.get",
         values_api.values_get),
        ("PUT", f"/v4/spreadsheets/{_ID}/values/([^/]+)", "spreadsheets.values.update",
         values_api.values_update),
        ("GET", "/drive/v3/about", "drive.about.get", drive_api.about_get),
        ("POST", "/drive/v3/files", "drive.files.create", drive_api.files_create),
        ("GET", "/drive/v3/files", "drive.files.list", drive_api.files_list),
        ("GET", "/drive/v3/files/([^/]+)", "drive.files.get", drive_api.files_get),
        ("PATCH", "/drive/v3/files/([^/]+)", "drive.files.update", drive_api.files_update),
        ("DELETE", "/drive/v3/files/([^/]+)", "drive.files.delete", drive_api.files_delete),
        ("POST", "/drive/v3/files/([^/]+)/copy", "drive.files.copy", drive_api.files_copy),
        ("GET", "/drive/v3/files/([^/]+)/comments", "drive.comments.list",
         drive_api.comments_list),
        ("POST", "/drive/v3/files/([^/]+)/permissions", "drive.permissions.create",
         drive_api.permissions_create),
        ("GET", "/drive/v3/files/([^/]+)/permissions", "drive.permissions.list",
         drive_api.permissions_list),
        ("DELETE", "/drive/v3/files/([^/]+)/permissions/([^/]+)", "drive.permissions.delete",
         drive_api.permissions_delete),
        ("POST", "/token", TOKEN_ENDPOINT, drive_api.token),
    ]
]


@dataclass
class RecordedRequest:
    position: int | None  # 1-based among API requests; None for token requests
    method: str
    path: str  # percent-decoded
    query: dict[str, list[str]]
    body: Any  # parsed JSON (or form fields), None when empty
    endpoint: str | None  # route name, None when no route matched
    status: int = 0  # the status answered (0: the connection was dropped)
    at: float = 0.0  # when it arrived, by FakeGoogleServer.clock


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeGoogleServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as requests' sessions expect
    timeout = 10  # an idle keep-alive connection ends, so its thread does too
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall
    server: _Server

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log is kept in FakeGoogle.requests instead

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        name, handler, args = None, None, ()
        for route_method, pattern, route_name, route_handler in _ROUTES:
            match = pattern.match(split.path)
            if route_method == method and match:
                name, handler = route_name, route_handler
                args = tuple(unquote(g) for g in match.groups())
                break
        drive = name is not None and name.startswith("drive.")
        try:
            body = self._body(raw)
        except FakeApiError as error:
            body, parse_error = None, error
        else:
            parse_error = None
        record = fake.record(method, unquote(split.path), query, body, name)
        fault = fake.faults.take(record.position, method, name)
        if fault is not None and fault.disconnect and not fault.after_apply:
            self.close_connection = True
            return
        if fault is not None and not fault.after_apply:
            return self._answer_fault(record, fault, drive)
        fake.run_meanwhile(name)
        try:
            if parse_error is not None:
                raise parse_error
            if handler is None:
                raise FakeApiError(404, f"fake: no route for {method} {split.path}")
            if len(raw) > fake.max_body_bytes:
                raise FakeApiError(400, f"Request payload size exceeds the limit: "
                                   f"{fake.max_body_bytes} bytes.")
            email = fake.store.caller_email
            if name != TOKEN_ENDPOINT:
                email = self._caller(fake.store)
            if name is not None and name.startswith("spreadsheets."):
                fake.quota.spend(email, "Read" if method == "GET" else "Write")
            with fake.store.lock:
                result = handler(Call(fake.store, email, query, body, args))
        except FakeApiError as error:
            return self._send(record, error.code, error.body(drive))
        if fault is not None:  # after_apply: served, then the answer is lost
            if fault.disconnect:
                self.close_connection = True
                return
            return self._answer_fault(record, fault, drive)
        self._send(record, 204 if result is None else 200, result)

    def _body(self, raw: bytes) -> Any:
        if not raw:
            return None
        if "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            return dict(parse_qsl(raw.decode()))
        try:
            return json.loads(raw)
        except ValueError:
            raise FakeApiError(400, "Invalid JSON payload received.") from None

    def _caller(self, store: Store) -> str:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            raise FakeApiError(401)
        return store.identity(header[7:].strip())

    def _answer_fault(self, record: RecordedRequest, fault: Fault, drive: bool) -> None:
        error = FakeApiError(fault.status, fault.message, reason=fault.reason, drive=drive)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        self._send(record, fault.status, error.body(drive), headers)

    def _send(self, record: RecordedRequest, status: int, body: Any,
              headers: dict[str, str] | None = None) -> None:
        record.status = status
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeGoogleServer:
    """The running server: state, request log and faults. See FakeGoogle for the helpers."""

    def __init__(self, *, caller_email: str | None = None, seed: int = 0,
                 max_body_bytes: int = 10 * 1024 * 1024) -> None:
        self.store = Store(caller_email or DEFAULT_CALLER, seed)
        self.faults = FaultPlan()
        # Sheets' per-user quotas: off unless a test sets quota.per_minute (Google: 60)
        self.quota = SheetsQuota(None)
        self.requests: list[RecordedRequest] = []
        self.max_body_bytes = max_body_bytes
        # what a person does in the sheet just before a request is served: (endpoint tail,
        # action, times left)
        self._meanwhile: list[list[Any]] = []
        self._log_lock = threading.Lock()
        self._api_requests = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeGoogleServer:
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeGoogleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API root to put in NETPLAN_GOOGLE_API_URL."""
        assert self._server is not None, "the fake is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def record(self, method: str, path: str, query: dict[str, list[str]], body: Any,
               endpoint: str | None) -> RecordedRequest:
        with self._log_lock:
            position = None
            if endpoint != TOKEN_ENDPOINT:
                self._api_requests += 1
                position = self._api_requests
            record = RecordedRequest(position, method, path, query, body, endpoint,
                                     at=self.quota.clock())
            self.requests.append(record)
            return record

    def meanwhile(self, endpoint: str, action: Callable[[], None], times: int = 1) -> None:
        """Run ``action`` (a person editing the sheet) just before the next ``times``
        requests to ``endpoint`` (a route name or its tail) are served."""
        with self._log_lock:
            self._meanwhile.append([endpoint, action, times])

    def run_meanwhile(self, endpoint: str | None) -> None:
        with self._log_lock:
            due = [entry for entry in self._meanwhile if entry[2] > 0 and endpoint and (
                endpoint == entry[0] or endpoint.endswith("." + entry[0]))]
            for entry in due:
                entry[2] -= 1
        for entry in due:
            entry[1]()

    def reset_requests(self) -> None:
        """Forget the request log; positions count from 1 again."""
        with self._log_lock:
            self.requests.clear()
            self._api_requests = 0
