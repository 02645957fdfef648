"""Drive v3 files and permissions (the subset gspread uses), and the OAuth token endpoint."""

from __future__ import annotations

import base64
import binascii
import copy
import json
from typing import Any

from fake_google.call import Call
from fake_google.drive_query import matches, parse_query
from fake_google.errors import FakeApiError
from fake_google.fieldmask import parse_fields
from fake_google.model import FOLDER_MIME, ROLE_RANK, SPREADSHEET_MIME, DriveFile

OAUTH_USER = "fake-oauth-user@example.com"


def _drive_error(code: int, message: str, reason: str | None = None) -> FakeApiError:
    return FakeApiError(code, message, reason=reason, drive=True)


def project(obj: dict[str, Any], fields: str | None, default: str) -> dict[str, Any]:
    """Only the fields asked for (Drive answers few fields unless asked)."""
    paths = parse_fields(fields or default, "fields")
    return _project(obj, paths)


def _project(obj: dict[str, Any], paths: list[list[str]]) -> dict[str, Any]:
    if any(p == ["*"] for p in paths):
        return copy.deepcopy(obj)
    groups: dict[str, list[list[str]]] = {}
    for path in paths:
        groups.setdefault(path[0], []).append(path[1:])
    out: dict[str, Any] = {}
    for key, rests in groups.items():
        if key not in obj:
            continue
        value = obj[key]
        if any(not rest for rest in rests):
            out[key] = copy.deepcopy(value)
        elif isinstance(value, list):
            out[key] = [_project(item, rests) for item in value]
        elif isinstance(value, dict):
            out[key] = _project(value, rests)
    return out


def file_resource(file: DriveFile) -> dict[str, Any]:
    resource = {"kind": "drive#file", "id": file.id, "name": file.name,
                "mimeType": file.mime_type, "parents": list(file.parents),
                "createdTime": file.created, "modifiedTime": file.modified,
                "trashed": file.trashed,
                "owners": [{"kind": "drive#user", "emailAddress": file.owner}],
                "webViewLink": f"https://docs.google.com/spreadsheets/d/{file.id}/edit"}
    if file.app_properties:  # Drive leaves an empty map out
        resource["appProperties"] = dict(file.app_properties)
    return resource


def _app_properties(body: dict[str, Any], old: dict[str, str]) -> dict[str, str]:
    """``old`` with the body's appProperties merged in (a null value deletes its key), as
    files.create and files.update do; Drive refuses a key and value over 124 bytes."""
    given = body.get("appProperties")
    if given is None:
        return old
    if not isinstance(given, dict):
        raise _drive_error(400, "Invalid value for appProperties.", "invalid")
    merged = dict(old)
    for key, value in given.items():
        if value is None:
            merged.pop(key, None)
            continue
        if not isinstance(value, str | int | float | bool):
            raise _drive_error(400, f"Invalid value for appProperties[{key}].", "invalid")
        value = str(value).lower() if isinstance(value, bool) else str(value)
        if len(key.encode()) + len(value.encode()) > 124:
            raise _drive_error(400, "The limit for this property's size has been exceeded.",
                               "invalidProperty")
        merged[key] = value
    return merged


_BRIEF = "kind,id,name,mimeType"


def files_create(call: Call) -> dict[str, Any]:
    body = call.json()
    mime = body.get("mimeType") or "application/octet-stream"
    if mime not in (SPREADSHEET_MIME, FOLDER_MIME):
        raise _drive_error(400, f"The fake Drive only creates spreadsheets and folders, not "
                           f"{mime}.", "badRequest")
    parents = [str(p) for p in body.get("parents") or []]
    for parent in parents:
        folder = call.store.open(parent, call.email, write=True, drive=True)
        if folder.mime_type != FOLDER_MIME:
            raise _drive_error(400, f"The parent {parent} is not a folder.", "badRequest")
    properties = _app_properties(body, {})
    file = call.store.create_file(str(body.get("name") or "Untitled"), mime, call.email, parents)
    file.app_properties = properties
    return project(file_resource(file), call.param("fields"), _BRIEF)


def files_update(call: Call) -> dict[str, Any]:
    """PATCH: the name, appProperties (merged) and trashed; other fields are not faked."""
    file = call.store.open(call.args[0], call.email, write=True, drive=True)
    body = call.json()
    unknown = set(body) - {"name", "appProperties", "trashed"}
    if unknown:
        raise _drive_error(400, f"The fake Drive cannot update {sorted(unknown)}.", "badRequest")
    properties = _app_properties(body, file.app_properties)
    if "trashed" in body:
        if not isinstance(body["trashed"], bool):
            raise _drive_error(400, "Invalid value for trashed.", "invalid")
        if body["trashed"] != file.trashed and call.store.role(file, call.email) != "owner":
            raise _drive_error(403, "The user does not have sufficient permissions for this "
                               "file.", "insufficientFilePermissions")
        file.trashed = body["trashed"]
    if "name" in body:
        file.name = str(body["name"])
    file.app_properties = properties
    file.touch()
    return project(file_resource(file), call.param("fields"), _BRIEF)


def files_get(call: Call) -> dict[str, Any]:
    file = call.store.open(call.args[0], call.email, drive=True)
    return project(file_resource(file), call.param("fields"), _BRIEF)


def files_delete(call: Call) -> None:
    file = call.store.open(call.args[0], call.email, write=True, drive=True)
    if call.store.role(file, call.email) != "owner":
        raise _drive_error(403, "The user does not have sufficient permissions for this file.",
                           "insufficientFilePermissions")
    del call.store.files[file.id]


def files_copy(call: Call) -> dict[str, Any]:
    source = call.store.open(call.args[0], call.email, drive=True)
    body = call.json()
    copied = call.store.create_file(str(body.get("name") or f"Copy of {source.name}"),
                                    source.mime_type, call.email,
                                    [str(p) for p in body.get("parents") or []])
    copied.book = copy.deepcopy(source.book)
    return project(file_resource(copied), call.param("fields"), _BRIEF)


def files_list(call: Call) -> dict[str, Any]:
    wanted = parse_query(call.param("q") or "")
    found = [file_resource(f) for f in call.store.files.values()
             if call.store.role(f, call.email) is not None and matches(f, wanted)]
    size = max(1, min(int(call.param("pageSize") or 100), 1000))
    start = int(call.param("pageToken") or 0)
    page: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False,
                            "files": found[start: start + size]}
    if start + size < len(found):
        page["nextPageToken"] = str(start + size)
    return project(page, call.param("fields"), "kind,incompleteSearch,nextPageToken,"
                   "files(kind,id,name,mimeType)")


def about_get(call: Call) -> dict[str, Any]:
    """Who is calling; Drive insists on ``fields`` here."""
    if not call.param("fields"):
        raise _drive_error(400, "The 'fields' parameter is required for this method.",
                           "required")
    user = {"kind": "drive#user", "displayName": call.email.split("@")[0],
            "emailAddress": call.email, "me": True}
    return project({"kind": "drive#about", "user": user}, call.param("fields"), "")


def comments_list(call: Call) -> dict[str, Any]:
    call.store.open(call.args[0], call.email, drive=True)
    return {"comments": []}


def permissions_create(call: Call) -> dict[str, Any]:
    file = call.store.open(call.args[0], call.email, write=True, drive=True)
    body = call.json()
    kind, role = body.get("type"), body.get("role")
    if kind not in ("user", "group", "domain", "anyone"):
        raise _drive_error(400, "The permission type field is required.", "required")
    if role not in ROLE_RANK:
        raise _drive_error(400, "The permission role field is required.", "required")
    email, domain = body.get("emailAddress"), body.get("domain")
    if kind in ("user", "group") and (not isinstance(email, str) or "@" not in email):
        raise _drive_error(400, "The permission emailAddress field is required.", "required")
    if kind == "domain" and not domain:
        raise _drive_error(400, "The permission domain field is required.", "required")
    if role == "owner" and not call.flag("transferOwnership"):
        raise _drive_error(403, "The transferOwnership parameter must be enabled when the "
                           "permission role is 'owner'.", "forbidden")
    permission = call.store.add_permission(file, str(kind), str(role),
                                           email if kind in ("user", "group") else None,
                                           str(domain) if kind == "domain" else None)
    return project(permission, call.param("fields"), "kind,id,type,role")


def permissions_list(call: Call) -> dict[str, Any]:
    file = call.store.open(call.args[0], call.email, drive=True)
    listing = {"kind": "drive#permissionList", "permissions": file.permissions}
    return project(listing, call.param("fields"), "kind,nextPageToken,"
                   "permissions(kind,id,type,role)")


def permissions_delete(call: Call) -> None:
    file = call.store.open(call.args[0], call.email, write=True, drive=True)
    for permission in file.permissions:
        if permission["id"] == call.args[1]:
            if permission["role"] == "owner":
                raise _drive_error(403, "The owner of a file cannot be removed.",
                                   "cannotRemoveOwner")
            file.permissions.remove(permission)
            return
    raise _drive_error(404, f"Permission not found: {call.args[1]}.", "notFound")


def token(call: Call) -> dict[str, Any]:
    """The OAuth token endpoint: any well-formed grant gets a token bound to its account.

    A service account's JWT is read (not verified) for its email, so the fake knows who calls.
    """
    form = call.body if isinstance(call.body, dict) else {}
    grant = form.get("grant_type", "")
    if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
        email = _jwt_issuer(str(form.get("assertion", "")))
    elif grant == "refresh_token" and form.get("refresh_token"):
        email = OAUTH_USER
    else:
        raise FakeApiError(400, f"unsupported_grant_type: {grant!r}")
    access = f"fake-token-{call.store.new_int_id()}"
    call.store.tokens[access] = email
    return {"access_token": access, "expires_in": 3599, "token_type": "Bearer"}


def _jwt_issuer(assertion: str) -> str:
    try:
        payload = assertion.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims["iss"])
    except (IndexError, KeyError, ValueError, binascii.Error):
        raise FakeApiError(400, "invalid_grant: Invalid JWT.") from None
