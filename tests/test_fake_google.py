"""The fake Google API: replayed against real recorded Google traffic, and driven by real
gspread over real HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gspread
import pytest
import requests
from fake_google import DEFAULT_CALLER, FakeGoogle
from gspread.utils import ValidationConditionType

from netplan_sheets.errors import GoogleNotFound, GooglePermissionDenied

RECORDINGS = Path(__file__).parent / "google_api_recordings"  # from gspread's tests, MIT
CASSETTES = sorted(RECORDINGS.glob("*.json"))
# Ids and timestamps differ between Google and the fake; everything else must match.
VOLATILE = {"spreadsheetId", "id", "sheetId", "protectedRangeId", "createdTime",
            "modifiedTime", "spreadsheetUrl", "users"}
_RECORDED_ID = re.compile(r"/(?:spreadsheets|files)/([A-Za-z0-9_-]{25,})")


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    return "number" if isinstance(value, int | float) else type(value).__name__


def assert_same_answer(recorded: Any, actual: Any, where: str = "$") -> None:
    """Same keys, nesting and types; same values except ids and timestamps."""
    assert _kind(recorded) == _kind(actual), f"{where}: {recorded!r} vs {actual!r}"
    if isinstance(recorded, dict):
        assert set(recorded) == set(actual), f"{where}: keys {sorted(recorded)} vs {sorted(actual)}"
        for key in recorded:
            if key in VOLATILE:
                assert _kind(recorded[key]) == _kind(actual[key]), f"{where}.{key}"
                continue
            assert_same_answer(recorded[key], actual[key], f"{where}.{key}")
    elif isinstance(recorded, list):
        assert len(recorded) == len(actual), f"{where}: {recorded!r} vs {actual!r}"
        for i, (a, b) in enumerate(zip(recorded, actual, strict=True)):
            assert_same_answer(a, b, f"{where}[{i}]")
    else:
        assert recorded == actual, f"{where}: {recorded!r} vs {actual!r}"


def _map_sheet_ids(node: Any, mapping: dict[int, int]) -> Any:
    if isinstance(node, dict):
        return {k: mapping.get(v, v) if k == "sheetId" else _map_sheet_ids(v, mapping)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_map_sheet_ids(v, mapping) for v in node]
    return node


def replay(fake: FakeGoogle, cassette: Path) -> None:
    """Send every recorded request to the fake and compare each answer with Google's."""
    ids: dict[str, str] = {}
    sheet_ids: dict[int, int] = {}
    session = requests.Session()
    session.headers["Authorization"] = "Bearer fake"
    try:
        for n, exchange in enumerate(json.loads(cassette.read_text())["interactions"]):
            request, response = exchange["request"], exchange["response"]
            status = response["status"]["code"]
            uri = request["uri"]
            for recorded_id in _RECORDED_ID.findall(uri):
                if recorded_id not in ids and status == 403:  # someone else's spreadsheet
                    ids[recorded_id] = fake.create_spreadsheet("Not yours")
                    fake.make_private(ids[recorded_id])
            for recorded_id, fake_id in ids.items():
                uri = uri.replace(recorded_id, fake_id)
            uri = re.sub(r"^https://(sheets|www)\.googleapis\.com", fake.url, uri)
            body = json.loads(request["body"]) if request["body"] else None
            answer = session.request(request["method"], uri,
                                     json=_map_sheet_ids(body, sheet_ids), timeout=10)
            where = f"{cassette.name} #{n} {request['method']} {urlsplit(request['uri']).path}"
            assert answer.status_code == status, f"{where}: {answer.text[:300]}"
            recorded_text = response["body"]["string"]
            if recorded_text:
                recorded = json.loads(recorded_text)
                assert_same_answer(recorded, answer.json(), where)
                if "kind" in recorded and recorded.get("kind") == "drive#file":
                    ids[recorded["id"]] = answer.json()["id"]
                for mine, theirs in zip(answer.json().get("replies", []),
                                        recorded.get("replies", []), strict=True):
                    if "addSheet" in theirs:
                        sheet_ids[theirs["addSheet"]["properties"]["sheetId"]] = \
                            mine["addSheet"]["properties"]["sheetId"]
    finally:
        session.close()


def test_the_recordings_are_in_the_repository() -> None:
    """Kept under tests/ so that the fake is checked against Google in every clone."""
    assert len(CASSETTES) == 13
    assert "burnash/gspread" in (RECORDINGS / "README.md").read_text("utf-8")


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_fake_answers_like_google(fake_google: FakeGoogle, cassette: Path) -> None:
    replay(fake_google, cassette)


# Real gspread over real HTTP


def test_create_open_by_key_and_worksheets(fake_google: FakeGoogle) -> None:
    gc = fake_google.client()
    created = gc.create("My plan")
    opened = gc.open_by_key(created.id)
    assert opened.title == "My plan" and opened.locale == "en_US"
    assert [w.title for w in opened.worksheets()] == ["Sheet1"]
    assert gc.open("My plan").id == created.id
    assert fake_google.title(created.id) == "My plan"


def test_sheets_api_create_and_get_with_grid_data(fake_google: FakeGoogle) -> None:
    http = fake_google.client().http_client
    made = http.request("post", "https://sheets.googleapis.com/v4/spreadsheets", json={
        "properties": {"title": "Made", "timeZone": "Europe/Paris"},
        "sheets": [{"properties": {"title": "Goals", "gridProperties": {
            "rowCount": 5, "columnCount": 3, "frozenRowCount": 1}}}]}).json()
    assert made["properties"]["timeZone"] == "Europe/Paris"
    assert made["sheets"][0]["properties"]["gridProperties"] == {
        "rowCount": 5, "columnCount": 3, "frozenRowCount": 1}
    fake_google.set_values(made["spreadsheetId"], "Goals!A1", [["Goal ID", 3]])
    meta = http.fetch_sheet_metadata(made["spreadsheetId"], params={
        "includeGridData": "true", "ranges": "Goals!A1:B2"})
    row = meta["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert row[0]["userEnteredValue"] == {"stringValue": "Goal ID"}
    assert row[1]["effectiveValue"] == {"numberValue": 3}


def test_batch_get_trims_rows_and_omits_values_of_empty_ranges(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet(sheets=("Sheet 1", "Empty"))
    fake_google.set_values(key, "'Sheet 1'!A1", [["a", "", "c", ""], ["", "", "", ""],
                                                 ["", "b"], ["", "", "", ""]])
    answer = fake_google.client().open_by_key(key).values_batch_get(
        ["'Sheet 1'!A1:Z", "Empty!A1:Z", "'Sheet 1'!B1:B"],
        params={"valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "SERIAL_NUMBER"})
    first, empty, column = answer["valueRanges"]
    assert first == {"range": "'Sheet 1'!A1:Z1000", "majorDimension": "ROWS",
                     "values": [["a", "", "c"], [], ["", "b"]]}
    assert empty == {"range": "Empty!A1:Z1000", "majorDimension": "ROWS"}
    assert column["values"] == [[], [], ["b"]]


def test_raw_writes_keep_formula_like_text_as_text(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet(sheets=("Contacts",))
    names = ['=HYPERLINK("https://evil.example","x")', "+1 Ann", "-Bob", "@Cy", "=1+1"]
    sheet = fake_google.client().open_by_key(key)
    reply = sheet.values_batch_update({"valueInputOption": "RAW", "data": [
        {"range": "Contacts!A2:A6", "values": [[n] for n in names]}]})
    assert reply["totalUpdatedCells"] == 5
    for row, name in enumerate(names, start=2):
        stored = fake_google.cell(key, f"Contacts!A{row}")
        assert stored is not None and stored.value == name and not stored.formula
    shown = sheet.values_get("Contacts!A2:A6", params={"valueRenderOption": "FORMULA"})
    assert [r[0] for r in shown["values"]] == names


def test_user_entered_writes_parse_like_sheets(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    ws = fake_google.client().open_by_key(key).sheet1
    ws.update([["=2*3", "-Bob", "2026-11-03", "TRUE", "'=kept", "1,250", "12%"]], "A1",
              raw=False)
    assert fake_google.values(key, "Sheet1!A1:G1") == [
        [6, "#NAME?", 46329, True, "=kept", 1250, 0.12]]
    assert fake_google.values(key, "Sheet1!C1", "FORMATTED_VALUE") == [["2026-11-03"]]
    assert fake_google.stored(key, "Sheet1!B1") == "=-Bob"


def test_batch_update_adds_sheet_validation_and_protection(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    sh = fake_google.client().open_by_key(key)
    ws = sh.add_worksheet("Contacts", rows=50, cols=5)
    ws.add_validation("B2:B50", ValidationConditionType.one_of_list, ["Mentor", "Peer"],
                      showCustomUi=True, strict=True)
    ws.add_protected_range("E1:E50", warning_only=True, description="computed")
    ws.freeze(rows=1)
    assert fake_google.titles(key) == ["Sheet1", "Contacts"]
    stored = fake_google.sheet(key, "Contacts")
    rule = stored.cells[(1, 1)].validation
    assert rule is not None and rule["condition"]["values"] == [
        {"userEnteredValue": "Mentor"}, {"userEnteredValue": "Peer"}]
    assert (0, 1) not in stored.cells and stored.grid["frozenRowCount"] == 1
    protected = sh.list_protected_ranges(ws.id)
    assert [(p["warningOnly"], p["description"]) for p in protected] == [(True, "computed")]


def test_failed_batch_update_changes_nothing(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    sh = fake_google.client().open_by_key(key)
    with pytest.raises(Exception, match="No grid with id: 999"):
        sh.batch_update({"requests": [
            {"addSheet": {"properties": {"title": "New"}}},
            {"setDataValidation": {"range": {"sheetId": 999}, "rule": None}}]})
    assert fake_google.titles(key) == ["Sheet1"]


def test_writes_past_the_grid_are_refused(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet(rows=3, cols=2)
    sh = fake_google.client().open_by_key(key)
    with pytest.raises(Exception, match="exceeds grid limits"):
        sh.values_update("Sheet1!A3", params={"valueInputOption": "RAW"},
                         body={"values": [["x"], ["y"]]})
    assert fake_google.values(key, "Sheet1") == []


def test_share_and_list_permissions(fake_google: FakeGoogle) -> None:
    sh = fake_google.client().create("Shared")
    sh.share("coach@example.com", perm_type="user", role="writer", notify=False)
    sh.share("hr-team@example.com", perm_type="group", role="reader")
    listed = {(p["type"], p["role"], p.get("emailAddress")) for p in sh.list_permissions()}
    assert listed == {("user", "owner", DEFAULT_CALLER), ("user", "writer", "coach@example.com"),
                      ("group", "reader", "hr-team@example.com")}
    create = [r for r in fake_google.requests if r.endpoint == "drive.permissions.create"]
    assert create[0].query["sendNotificationEmail"] == ["False"]


def test_private_and_missing_spreadsheets(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.make_private(key)
    gc = fake_google.client()
    with pytest.raises(GooglePermissionDenied, match="403"):
        gc.open_by_key(key)
    fake_google.share(key, DEFAULT_CALLER, role="reader")
    sh = gc.open_by_key(key)
    with pytest.raises(GooglePermissionDenied):  # a reader may not write
        sh.sheet1.update([["x"]], "A1")
    with pytest.raises(GoogleNotFound):
        gc.open_by_key("no-such-key")


def test_requests_without_a_token_are_unauthenticated(fake_google: FakeGoogle) -> None:
    answer = requests.get(f"{fake_google.url}/v4/spreadsheets/x", timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"


def test_delete_and_copy_through_drive(fake_google: FakeGoogle) -> None:
    gc = fake_google.client()
    sh = gc.create("Original")
    sh.sheet1.update([["kept"]], "A1")
    copied = gc.copy(sh.id, title="Copy")
    assert copied.sheet1.acell("A1").value == "kept"
    gc.del_spreadsheet(sh.id)
    with pytest.raises(GoogleNotFound):
        gc.open_by_key(sh.id)
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        gc.open("Original")


def test_fault_injection_by_position_and_endpoint(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(500, at=2)
    fake_google.fail(400, endpoint="spreadsheets.batchUpdate", message="bad")
    session = requests.Session()
    session.headers["Authorization"] = "Bearer t"
    url = f"{fake_google.url}/v4/spreadsheets/{key}"
    statuses = [session.get(url, timeout=5).status_code for _ in range(3)]
    bad = session.post(url + ":batchUpdate", json={"requests": [{"addSheet": {}}]}, timeout=5)
    session.close()
    assert statuses == [200, 500, 200]
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "bad"
    assert fake_google.titles(key) == ["Sheet1"]
    assert [r.status for r in fake_google.requests] == [200, 500, 200, 400]
    assert fake_google.count("spreadsheets.get") == 3


def test_structure_requests_are_stored(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet(sheets=("Contacts", "Follow-ups"))
    sh = fake_google.client().open_by_key(key)
    contacts, follow_ups = (w.id for w in sh.worksheets())
    cols = {"sheetId": contacts, "startRowIndex": 0, "endRowIndex": 1}
    replies = sh.batch_update({"requests": [
        {"repeatCell": {"range": cols, "cell": {"userEnteredFormat": {
            "textFormat": {"bold": True}}}, "fields": "userEnteredFormat.textFormat.bold"}},
        {"updateCells": {"start": {"sheetId": contacts, "rowIndex": 0, "columnIndex": 0},
                         "rows": [{"values": [{"note": "Unique name"}]}], "fields": "note"}},
        {"setDataValidation": {"range": {"sheetId": contacts, "startRowIndex": 1,
                                         "startColumnIndex": 1, "endColumnIndex": 2},
                               "rule": {"condition": {"type": "ONE_OF_RANGE", "values": [
                                   {"userEnteredValue": "='Follow-ups'!$A$2:$A"}]}}}},
        {"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [{"sheetId": contacts, "startRowIndex": 1}],
            "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [
                {"userEnteredValue": "=$C2<TODAY()"}]}, "format": {"backgroundColor": {
                    "red": 1}}}}}},
        {"updateDimensionProperties": {"range": {"sheetId": contacts, "dimension": "COLUMNS",
                                                 "startIndex": 0, "endIndex": 2},
                                       "properties": {"pixelSize": 180}, "fields": "pixelSize"}},
        {"appendDimension": {"sheetId": follow_ups, "dimension": "ROWS", "length": 500}},
        {"autoResizeDimensions": {"dimensions": {"sheetId": follow_ups,
                                                 "dimension": "COLUMNS"}}},
        {"mergeCells": {"range": {"sheetId": follow_ups, "startRowIndex": 0, "endRowIndex": 1,
                                  "startColumnIndex": 0, "endColumnIndex": 3},
                        "mergeType": "MERGE_ALL"}},
        {"addChart": {"chart": {"spec": {"title": "Progress"}, "position": {
            "overlayPosition": {"anchorCell": {"sheetId": follow_ups, "rowIndex": 2}}}}}},
        {"updateSheetProperties": {"properties": {"sheetId": follow_ups, "hidden": True,
                                                  "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "hidden,gridProperties.frozenRowCount"}},
    ]})["replies"]
    chart_id = replies[8]["addChart"]["chart"]["chartId"]
    assert [bool(r) for r in replies] == [False] * 8 + [True, False]
    stored = fake_google.sheet(key, "Contacts")
    assert stored.cells[(0, 0)].note == "Unique name"
    assert stored.cells[(0, 0)].fmt == {"textFormat": {"bold": True}}
    assert stored.cells[(999, 1)].validation is not None
    assert stored.col_meta[1] == {"pixelSize": 180}
    meta = sh.fetch_sheet_metadata()["sheets"]
    assert contacts == 0  # so the range echo leaves sheetId out, as Google does
    assert meta[0]["conditionalFormats"][0]["ranges"] == [{"startRowIndex": 1}]
    hidden = meta[1]
    assert hidden["properties"]["hidden"] is True
    assert hidden["properties"]["gridProperties"] == {"rowCount": 1500, "columnCount": 26,
                                                      "frozenRowCount": 1}
    assert len(hidden["merges"]) == 1 and hidden["charts"][0]["chartId"] == chart_id
    undo = sh.batch_update({"requests": [
        {"deleteEmbeddedObject": {"objectId": chart_id}},
        {"deleteConditionalFormatRule": {"sheetId": contacts, "index": 0}},
        {"unmergeCells": {"range": {"sheetId": follow_ups}}}]})["replies"]
    assert undo[1]["deleteConditionalFormatRule"]["rule"]["booleanRule"]
    assert fake_google.sheet(key, "Follow-ups").charts == []


def test_reference_dropdowns_must_name_a_real_sheet(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    sh = fake_google.client().open_by_key(key)
    with pytest.raises(Exception, match="Invalid ConditionValue"):
        sh.batch_update({"requests": [{"setDataValidation": {
            "range": {"sheetId": 0}, "rule": {"condition": {"type": "ONE_OF_RANGE", "values": [
                {"userEnteredValue": "=Goals!$A$2:$A"}]}}}}]})


def test_values_endpoints_round_trip(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet(sheets=("Sheet1", "It's"))
    sh = fake_google.client().open_by_key(key)
    reply = sh.values_update("'It''s'!B2", params={"valueInputOption": "USER_ENTERED",
                                                   "includeValuesInResponse": "true"},
                             body={"values": [["2026-01-05", 3], ["x"]]})
    assert reply["updatedRange"] == "'It''s'!B2:C3"
    assert reply["updatedData"]["values"] == [["2026-01-05", "3"], ["x"]]
    columns = sh.values_get("'It''s'!A1:C3", params={"majorDimension": "COLUMNS",
                                                     "valueRenderOption": "UNFORMATTED_VALUE",
                                                     "dateTimeRenderOption": "FORMATTED_STRING"})
    assert columns["values"] == [[], ["", "2026-01-05", "x"], ["", 3]]
    assert sh.values_clear("'It''s'!C2")["clearedRange"] == "'It''s'!C2"
    cleared = sh.values_batch_clear(body={"ranges": ["'It''s'!B3", "Sheet1"]})
    assert cleared["clearedRanges"] == ["'It''s'!B3", "Sheet1!A1:Z1000"]
    assert fake_google.values(key, "'It''s'") == [[], ["", 46027]]


def test_answer_lost_after_apply_and_dropped_connections(fake_google: FakeGoogle) -> None:
    key = fake_google.create_spreadsheet()
    fake_google.fail(500, endpoint="values.batchUpdate", after_apply=True)
    fake_google.disconnect(endpoint="spreadsheets.get")
    session = requests.Session()
    session.headers["Authorization"] = "Bearer t"
    url = f"{fake_google.url}/v4/spreadsheets/{key}"
    lost = session.post(url + "/values:batchUpdate", timeout=5, json={
        "valueInputOption": "RAW", "data": [{"range": "A1", "values": [["written"]]}]})
    with pytest.raises(requests.ConnectionError):
        session.get(url, timeout=5)
    session.close()
    assert lost.status_code == 500 and fake_google.values(key, "Sheet1") == [["written"]]
