"""Finding Google credentials, and naming a spreadsheet by URL or key.

Credentials are looked for, in order: ``--credentials FILE``; the file named by
``NETPLAN_GOOGLE_CREDENTIALS``; gspread's default service-account key
(``~/.config/gspread/service_account.json``); and the token ``netplan auth login`` saved
(gspread's ``~/.config/gspread/authorized_user.json``). A service-account key grants what
the sheet is shared with: the 403 message names the account's email to share it with.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.auth.credentials import Credentials

from netplan_sheets.errors import BadInput

CREDENTIALS_ENV = "NETPLAN_GOOGLE_CREDENTIALS"
SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)


def gspread_folder() -> Path:
    return Path(os.environ.get("GSPREAD_CONFIG_DIR", Path.home() / ".config" / "gspread"))


def default_service_account() -> Path:
    return gspread_folder() / "service_account.json"


def authorized_user_file() -> Path:
    return gspread_folder() / "authorized_user.json"


@dataclass(frozen=True)
class GoogleCredentials:
    credentials: Credentials
    account_email: str | None  # a service account's email, to say whom to share with
    origin: str  # where they came from, for messages


def _read_key(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise BadInput(f"{path}: cannot read the credentials file ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadInput(f"{path}: is not a Google credentials file (not JSON)") from None
    if not isinstance(data, dict):
        raise BadInput(f"{path}: is not a Google credentials file")
    return data


def _service_account(path: Path) -> GoogleCredentials:
    from google.oauth2.service_account import Credentials as ServiceAccountCredentials

    info = _read_key(path)
    if info.get("type") != "service_account":
        raise BadInput(f"{path}: is not a service-account key (its type is "
                       f"{str(info.get('type') or 'missing')[:40]!r})")
    try:
        credentials = ServiceAccountCredentials.from_service_account_info(  # type: ignore[no-untyped-call]
            info, scopes=SCOPES)
    except (ValueError, KeyError) as error:
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise BadInput(f"{path}: is not a valid service-account key ({reason})") from None
    return GoogleCredentials(credentials, info.get("client_email"), str(path))


def _authorized_user(path: Path) -> GoogleCredentials:
    from google.oauth2.credentials import Credentials as UserCredentials

    info = _read_key(path)
    try:
        credentials = UserCredentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
            info, scopes=list(SCOPES))
    except (ValueError, KeyError):
        raise BadInput(f"{path}: the saved Google sign-in is not valid; run "
                       "'netplan auth login' again") from None
    return GoogleCredentials(credentials, None, str(path))


def find_credentials(explicit: str | Path | None = None) -> GoogleCredentials:
    """The first credentials found, in the documented order, or one clear error."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise BadInput(f"{path}: no such credentials file (given with --credentials)")
        return _service_account_or_user(path)
    from_env = os.environ.get(CREDENTIALS_ENV, "").strip()
    if from_env:
        path = Path(from_env).expanduser()
        if not path.is_file():
            raise BadInput(f"{path}: no such credentials file (named by {CREDENTIALS_ENV})")
        return _service_account_or_user(path)
    if default_service_account().is_file():
        return _service_account(default_service_account())
    if authorized_user_file().is_file():
        return _authorized_user(authorized_user_file())
    raise BadInput(
        "no Google credentials found: looked for --credentials FILE, "
        f"${CREDENTIALS_ENV}, {default_service_account()} and {authorized_user_file()}; "
        "see 'Google Sheets' in the README to create a service-account key, or run "
        "'netplan auth login'"
    )


def _service_account_or_user(path: Path) -> GoogleCredentials:
    if _read_key(path).get("type") == "authorized_user":
        return _authorized_user(path)
    return _service_account(path)


def client_secret_file() -> Path:
    return gspread_folder() / "credentials.json"


def oauth_login(client_secret: str | Path | None = None) -> Path:
    """Sign in with a browser (gspread's OAuth desktop flow); the token is cached where
    :func:`find_credentials` looks for it. Returns the token file's path."""
    import gspread

    secret = Path(client_secret).expanduser() if client_secret else client_secret_file()
    if not secret.is_file():
        raise BadInput(
            f"{secret}: no OAuth client file; create an OAuth client ID of type 'Desktop app' "
            "in the Google Cloud console, download its JSON and pass it with --client-secret"
        )
    info = _read_key(secret)
    if "installed" not in info:
        raise BadInput(f"{secret}: is not an OAuth client file for a desktop app "
                       "(it has no 'installed' section)")
    token = authorized_user_file()
    token.parent.mkdir(parents=True, exist_ok=True)
    gspread.oauth(scopes=list(SCOPES), credentials_filename=str(secret),
                  authorized_user_filename=str(token))
    return token
