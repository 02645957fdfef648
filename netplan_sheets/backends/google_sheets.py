"""A Google Sheet as a :class:`~netplan_sheets.backends.base.PlanBackend`.

A fixed number of API requests per sync, whatever the row count: one metadata request and
one ``values:batchGet`` to read; when there is something to write, one more
``values:batchGet`` of the key columns (Goal ID, Name), which stops the sync if a person
sorted or inserted rows meanwhile, then at most one ``spreadsheets:batchUpdate`` (new
sheets, grid sizes, formats, the chart, conditional formats) and one ``values:batchUpdate``
with ``RAW`` input (text is never evaluated as a formula). Values are all written by that
last request, so a failure leaves the values as they were, or all written.
An import reads the same way and writes with one ``spreadsheets:batchUpdate``
(:meth:`GoogleBackend.apply_input_edits`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gspread.http_client import ParamsType

from netplan_sheets.a1 import column_letter
from netplan_sheets.backends import google_requests as req
from netplan_sheets.backends.google_http import NetplanClient, NetplanHTTPClient
from netplan_sheets.cells import EXCEL_EPOCH
from netplan_sheets.dashboard import DashboardSheet
from netplan_sheets.errors import GoogleSheetChanged, UnsafeToOverwrite
from netplan_sheets.input_edits import InputEdits
from netplan_sheets.layout import SheetLayout
from netplan_sheets.model import MergedRange, RawSheet, RawWorkbook
from netplan_sheets.schema import SheetSchema, input_schemas
from netplan_sheets.sheet_titles import (
    clash_message,
    clashing_title,
    find_input_sheet,
    find_tool_sheet,
    tool_sheet_titles,
)
from netplan_sheets.sheet_urls import spreadsheet_url
from netplan_sheets.writeback import ComputedColumns, OutputTable, WriteBack, trimmed

MAX_REQUEST_BYTES = 2_000_000  # Google's practical limit for one request body
# An import's one write may be larger: Google advises 2 MB for speed but refuses only bodies
# over 10 MiB, and one request keeps the import atomic (about 15,000 new contacts fit).
MAX_IMPORT_REQUEST_BYTES = 9_000_000
READ_OPTIONS: ParamsType = {"valueRenderOption": "UNFORMATTED_VALUE",
                            "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"}


def quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def encode(value: Any) -> Any:
    """A value as a RAW write takes it: dates as serial numbers, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, date):
        return req.serial(value)
    return value


def same(old: Any, new: Any) -> bool:
    old = None if old == "" else old
    new = None if new == "" else new
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return bool(old == new)


@dataclass
class SheetInfo:
    sheet_id: int
    title: str
    index: int
    rows: int
    columns: int
    charts: list[int] = field(default_factory=list)
    rules: int = 0  # conditional format rules
    merges: list[dict[str, int]] = field(default_factory=list)


class GoogleBackend:
    def __init__(self, client: NetplanClient, key: str) -> None:
        self.client = client
        self.key = key
        self.source = spreadsheet_url(key)
        self.sheets: dict[str, SheetInfo] = {}  # by title, as the spreadsheet spells it
        self.grids: dict[str, list[list[Any]]] = {}  # by title: the sheets read

    @property
    def http(self) -> NetplanHTTPClient:
        return self.client.http_client

    def find(self, title: str) -> SheetInfo | None:
        """The sheet titled exactly ``title`` (input sheets' titles come from their layout,
        which found them; tool sheets are known by their exact title only)."""
        return self.sheets.get(title)

    def read(self) -> RawWorkbook:
        meta = self.http.fetch_sheet_metadata(self.key, params={"includeGridData": "false"})
        for sheet in meta.get("sheets", []):
            props = sheet["properties"]
            grid = props.get("gridProperties", {})
            info = SheetInfo(props["sheetId"], props["title"], props.get("index", 0),
                             grid.get("rowCount", 0), grid.get("columnCount", 0),
                             [c["chartId"] for c in sheet.get("charts", [])],
                             len(sheet.get("conditionalFormats", [])), sheet.get("merges", []))
            self.sheets[info.title] = info
        inputs = [found for schema in input_schemas()
                  if (found := find_input_sheet(self.sheets, schema.title)) is not None]
        tools = [found for title in sorted(tool_sheet_titles())
                 if (found := find_tool_sheet(self.sheets, title)) is not None]
        present = [self.sheets[title] for title in dict.fromkeys([*inputs, *tools])]
        if present:
            answer = self.http.values_batch_get(
                self.key, [quoted(info.title) for info in present], params=READ_OPTIONS)
            for info, value_range in zip(present, answer.get("valueRanges", []), strict=True):
                self.grids[info.title] = value_range.get("values", [])
        sheets = [
            RawSheet(title, [tuple(row) for row in self.grids.get(title, [])],
                     tuple(_merged(m) for m in self.sheets[title].merges))
            for title in dict.fromkeys(inputs)
        ]
        titles = tuple(info.title for info in sorted(self.sheets.values(), key=lambda i: i.index))
        return RawWorkbook(self.source, sheets, EXCEL_EPOCH, titles)

    def write(self, writeback: WriteBack, layouts: dict[str, SheetLayout],
              dry_run: bool) -> tuple[int, str | None]:
        for title in writeback.output_order:
            theirs = None if self.find(title) else clashing_title(self.sheets, title)
            if theirs is not None:
                raise UnsafeToOverwrite(clash_message(self.source, theirs, title))
        plan = _WritePlan(self)
        for computed in writeback.computed:
            plan.computed_columns(computed, layouts[computed.schema.key])
        for table in writeback.tables:
            plan.table(table)
        plan.dashboard(writeback.dashboard)
        if dry_run or not (plan.requests or plan.data):
            return plan.changed, None
        self._check_rows_in_place(writeback, layouts)
        if plan.requests:
            self.http.batch_update(self.key, {"requests": plan.requests})
        for chunk in _chunks(plan.data):
            self.http.values_batch_update(self.key, {"valueInputOption": "RAW", "data": chunk})
        return plan.changed, self.source

    def apply_input_edits(self, edits: Sequence[InputEdits], layouts: dict[str, SheetLayout],
                          dry_run: bool) -> tuple[int, str | None]:
        """Write imported values (``netplan import``) after :meth:`read`: one
        ``spreadsheets:batchUpdate``, so an import is three requests whatever its size.

        Not ``values:batchUpdate``: it cannot grow a grid, and appended rows may pass the
        sheet's last row. Here the grid grows (``appendDimension``) and the cells are
        written (``updateCells``) in one atomic request; text goes as ``stringValue``, which
        Google never evaluates (the RAW guarantee), dates as dates in the plan's format. Each
        run of cells down one column is its own ``updateCells``, so no cell between them
        (a user's own formula, say) is touched. Returns (cells written, where or None).
        """
        changed = sum(len(e.cells) for e in edits)
        requests: list[req.Request] = []
        for sheet_edits in edits:
            layout = layouts[sheet_edits.sheet_key]
            info = self.find(layout.title)
            if info is None or not sheet_edits.cells:
                continue
            last = max(row for row, _ in sheet_edits.cells)
            if last > info.rows:
                requests.append({"appendDimension": {
                    "sheetId": info.sheet_id, "dimension": "ROWS", "length": last - info.rows}})
            requests.extend(_column_runs(info.sheet_id, sheet_edits, layout))
        if dry_run or not requests:
            return changed, None
        for chunk in _chunks(requests, MAX_IMPORT_REQUEST_BYTES):
            self.http.batch_update(self.key, {"requests": chunk})
        return changed, self.source


    def _check_rows_in_place(self, writeback: WriteBack,
                             layouts: dict[str, SheetLayout]) -> None:
        """The results go to rows by number: if a person sorted, inserted or deleted rows
        since the read, the key column (Goal ID, Name) no longer reads as it did, and
        nothing is written. One request, just before the writes."""
        keys: list[tuple[str, int]] = []
        for computed in writeback.computed:
            layout = layouts[computed.schema.key]
            column = next((c for c in computed.schema.columns if c.unique), None)
            if layout.sheet is None or column is None or column.key not in layout.columns:
                continue
            keys.append((layout.title, layout.columns[column.key]))
        if not keys:
            return
        ranges = [f"{quoted(title)}!{column_letter(index)}:{column_letter(index)}"
                  for title, index in keys]
        answer = self.http.values_batch_get(self.key, ranges,
                                            params={**READ_OPTIONS, "majorDimension": "COLUMNS"})
        for (title, index), found in zip(keys, answer.get("valueRanges", []), strict=True):
            now = found.get("values", [[]])
            was = [row[index - 1] if index <= len(row) else "" for row in self.grids[title]]
            if trimmed([was]) != trimmed([now[0] if now else []]):
                raise GoogleSheetChanged(
                    f"{self.source}: rows of {title} were sorted, inserted or deleted while "
                    "netplan was syncing, so the results could land on the wrong rows; "
                    "nothing was written. Run netplan sync again")


def _column_runs(sheet_id: int, edits: InputEdits, layout: SheetLayout) -> list[req.Request]:
    """One updateCells per run of consecutive rows of one column holding one kind of value."""
    by_column: dict[int, list[tuple[int, Any]]] = {}
    for (row, key), value in edits.cells.items():
        by_column.setdefault(layout.columns[key], []).append((row, value))
    found = []
    for column, cells in sorted(by_column.items()):
        cells.sort(key=lambda cell: cell[0])
        start, values = cells[0][0], [cells[0][1]]
        for row, value in cells[1:]:
            if row == start + len(values) and isinstance(value, date) == isinstance(
                    values[0], date):
                values.append(value)
                continue
            found.append(req.column_values(sheet_id, start - 1, column - 1, values))
            start, values = row, [value]
        found.append(req.column_values(sheet_id, start - 1, column - 1, values))
    return found


def _merged(merge: dict[str, int]) -> MergedRange:
    return MergedRange(merge.get("startRowIndex", 0) + 1, merge.get("startColumnIndex", 0) + 1,
                       merge.get("endRowIndex", 0), merge.get("endColumnIndex", 0))


def _chunks(data: list[dict[str, Any]],
            limit: int = MAX_REQUEST_BYTES) -> list[list[dict[str, Any]]]:
    """One request, unless its body would pass ``limit`` bytes."""
    chunks: list[list[dict[str, Any]]] = [[]]
    size = 0
    for entry in data:
        entry_size = len(json.dumps(entry, default=str))
        if chunks[-1] and size + entry_size > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += entry_size
    return [c for c in chunks if c]


class _WritePlan:
    """The two write requests of a sync, collected sheet by sheet."""

    def __init__(self, backend: GoogleBackend) -> None:
        self.backend = backend
        self.requests: list[req.Request] = []
        self.data: list[dict[str, Any]] = []
        self.changed = 0
        self.next_id = max((s.sheet_id for s in backend.sheets.values()), default=0) + 1
        self.next_index = len(backend.sheets)

    def _fit(self, info: SheetInfo, rows: int, columns: int) -> None:
        if rows > info.rows or columns > info.columns:
            info.rows, info.columns = max(rows, info.rows), max(columns, info.columns)
            self.requests.append(req.resize(info.sheet_id, info.rows, info.columns))

    def _put(self, title: str, top_left: tuple[int, int], rows: list[list[Any]]) -> None:
        row, column = top_left
        width = max((len(r) for r in rows), default=1)
        end = f"{column_letter(column + width - 1)}{row + len(rows) - 1}"
        self.data.append({"range": f"{quoted(title)}!{column_letter(column)}{row}:{end}",
                          "values": rows})

    def computed_columns(self, computed: ComputedColumns, layout: SheetLayout) -> None:
        info = self.backend.find(layout.title)
        if info is None:
            return
        grid = self.backend.grids.get(info.title, [])
        columns = dict(layout.columns)
        next_free = max([layout.width, *columns.values()], default=0) + 1
        added = []
        for column in computed.schema.computed_columns:
            if column.key not in columns:
                columns[column.key] = next_free
                added.append(column)
                next_free += 1
        self._fit(info, computed.last_row, max(columns.values()))
        for column in computed.schema.computed_columns:
            index = columns[column.key]
            new = [encode(computed.values.get(r, {}).get(column.key))
                   for r in range(computed.first_row, computed.last_row + 1)]
            old = [_cell(grid, r, index) for r in range(computed.first_row, computed.last_row + 1)]
            differ = sum(not same(o, n) for o, n in zip(old, new, strict=True))
            if column in added:
                self._put(info.title, (1, index), [[column.title]])
                self.requests.append(req.header_format(info.sheet_id, 0, (index - 1, index),
                                                       "computed_header"))
                fmt = req.column_format(info.sheet_id, index - 1, (1, info.rows), column, True)
                if fmt:
                    self.requests.append(fmt)
                differ += 1
            if differ:
                self.changed += differ
                self._put(info.title, (computed.first_row, index), [[v] for v in new])

    def _sheet(self, title: str, rows: int, columns: int) -> SheetInfo:
        found = self.backend.find(title)
        if found is not None:
            self._fit(found, rows, columns)
            return found
        info = SheetInfo(self.next_id, title, self.next_index, max(rows, 100),
                         max(columns, 26))
        self.next_id += 1
        self.next_index += 1
        self.requests.append(req.add_sheet(info.sheet_id, title, info.index, info.rows,
                                           info.columns, tab="computed_header"))
        self.requests.append(req.protect(info.sheet_id, "Written by netplan sync"))
        self.backend.sheets[title] = info
        return info

    def _replace_values(self, title: str, rows: list[list[Any]]) -> SheetInfo | None:
        """Write ``rows`` over the sheet's old values (blanking what they no longer cover);
        None when the sheet already holds exactly these values."""
        old = self.backend.grids.get(title, [])
        if self.backend.find(title) is not None and trimmed(old) == trimmed(rows):
            return None
        height = max(len(rows), len(old), 1)
        width = max([len(r) for r in rows] + [len(r) for r in old] + [1])
        info = self._sheet(title, height, width)
        padded = [r + [""] * (width - len(r)) for r in rows]
        padded += [[""] * width for _ in range(height - len(rows))]
        self._put(info.title, (1, 1), padded)
        self.changed += 1
        return info

    def table(self, table: OutputTable) -> None:
        rows = [list(table.headers)] + [[encode(v) for v in row] for row in table.rows]
        info = self._replace_values(table.title, rows)
        if info is None:
            return
        width = len(table.headers)
        self.requests.append(req.header_format(info.sheet_id, 0, (0, width), "computed_header"))
        for index, column in enumerate(table.schema.columns):
            fmt = req.column_format(info.sheet_id, index, (1, info.rows), column, True)
            if fmt:
                self.requests.append(fmt)
        if table.schema.key == "followups":
            self._replace_rules(info, _days_column(table.schema), len(rows), width)

    def _replace_rules(self, info: SheetInfo, days_column: int, rows: int, width: int) -> None:
        self.requests.extend({"deleteConditionalFormatRule": {"sheetId": info.sheet_id,
                                                              "index": 0}}
                             for _ in range(info.rules))
        info.rules = 0
        if rows > 1:
            rules = req.overdue_rules(info.sheet_id, rows, width, days_column)
            self.requests.extend(rules)
            info.rules = len(rules)

    def dashboard(self, dashboard: DashboardSheet) -> None:
        rows = [[encode(v) for v in row] for row in dashboard.rows]
        info = self._replace_values(dashboard.title, rows)
        if info is None:
            return
        for r in dashboard.header_rows:
            self.requests.append(req.header_format(info.sheet_id, r - 1,
                                                   (0, len(dashboard.rows[r - 1])),
                                                   "computed_header"))
        for (r, c), pattern in dashboard.number_formats.items():
            self.requests.append(req.cell_number_format(info.sheet_id, r - 1, c - 1, pattern))
        self.requests.extend({"deleteEmbeddedObject": {"objectId": chart}}
                             for chart in info.charts)
        info.charts = []
        spec = dashboard.chart
        if spec is not None:
            self.requests.append(req.bar_chart(
                info.sheet_id, spec.title, spec.category_column - 1, spec.value_column - 1,
                spec.header_row - 1, spec.last_row - 1, (1, 10)))


def _cell(grid: list[list[Any]], row: int, column: int) -> Any:
    if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
        return grid[row - 1][column - 1]
    return None


def _days_column(schema: SheetSchema) -> int:
    return [c.key for c in schema.columns].index("days_overdue")
