"""The cohort reports as .xlsx workbooks. The coordinator's: Participants, Groups (with
native charts), About. The aggregate-only one: Groups and About, no Participants sheet.

Every text cell is written as text (a roster name like ``=cmd|...`` stays a name), and the
file is saved atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from netplan_sheets.backends.xlsx_write import put
from netplan_sheets.cohort.aggregate_report import AggregateReport
from netplan_sheets.cohort.figures import RECENT_DAYS
from netplan_sheets.cohort.report import (
    Aggregate,
    CohortReport,
    GroupLine,
    ParticipantLine,
)
from netplan_sheets.errors import BadInput, NetplanError
from netplan_sheets.file_safety import atomic_write
from netplan_sheets.template.styles import style_output_header_cell

PERCENT = "0%"
DATE = "yyyy-mm-dd"

# (header, value of a participant line, number format)
_PARTICIPANT_COLUMNS: tuple[tuple[str, Callable[[ParticipantLine], Any], str | None], ...] = (
    ("#", lambda p: p.number, None),
    ("Name", lambda p: p.name, None),
    ("Group", lambda p: p.group, None),
    ("Sync Status", lambda p: str(p.status), None),
    ("As Of", lambda p: p.figures.as_of if p.figures else None, DATE),
    ("Goals", lambda p: p.figures.goals.goals_total if p.figures else None, None),
    ("Done", lambda p: p.figures.goals.goals_done if p.figures else None, None),
    ("On Track", lambda p: p.figures.goals.goals_on_track if p.figures else None, None),
    ("Behind", lambda p: p.figures.goals.goals_behind if p.figures else None, None),
    ("Missed", lambda p: p.figures.goals.goals_missed if p.figures else None, None),
    ("Not Started", lambda p: p.figures.goals.goals_not_started if p.figures else None, None),
    ("Mean Progress", lambda p: p.figures.mean_progress if p.figures else None, PERCENT),
    (f"Interactions ({RECENT_DAYS} days)",
     lambda p: p.figures.interactions_30d if p.figures else None, None),
    ("Overdue Follow-ups", lambda p: p.figures.followups_overdue if p.figures else None, None),
    ("Mentor Shortlist",
     lambda p: ("Yes" if p.figures.has_shortlist else "No") if p.figures else None, None),
    ("Last Activity", lambda p: p.figures.last_activity if p.figures else None, DATE),
    ("Problems", lambda p: p.figures.problems if p.figures else None, None),
    ("Last Sync", lambda p: p.synced_at, None),
    ("Note", lambda p: p.error, None),
)

_GROUP_COLUMNS: tuple[tuple[str, Callable[[Aggregate], Any], str | None], ...] = (
    ("Reporting", lambda a: a.reporting, None),
    ("Goals", lambda a: a.goals.goals_total, None),
    ("Done", lambda a: a.goals.goals_done, None),
    ("On Track", lambda a: a.goals.goals_on_track, None),
    ("Behind", lambda a: a.goals.goals_behind, None),
    ("Missed", lambda a: a.goals.goals_missed, None),
    ("Not Started", lambda a: a.goals.goals_not_started, None),
    ("Mean Progress", lambda a: a.mean_progress, PERCENT),
    (f"Interactions ({RECENT_DAYS} days) per Participant", lambda a: a.interactions_30d_mean,
     "0.0"),
    ("Overdue Follow-ups", lambda a: a.followups_overdue, None),
    ("Behind or Missed a Goal", lambda a: a.behind_or_missed, None),
    ("With Mentor Shortlist", lambda a: a.with_shortlist, None),
    ("With Problems", lambda a: a.with_problems, None),
    ("Not Synced", lambda a: a.not_synced, None),
)
_STATUS_SERIES = ("Done", "On Track", "Behind", "Missed", "Not Started")


def write_report_xlsx(report: CohortReport | AggregateReport, path: Path) -> Path:
    """The coordinator's report, or the aggregate-only one (no Participants sheet)."""
    if path.suffix.lower() != ".xlsx":
        raise BadInput(f"{path}: the report's file name must end in .xlsx")
    if not path.parent.is_dir():
        raise BadInput(f"{path}: the folder {path.parent} does not exist")
    book = Workbook()
    book.remove(book.active)
    if isinstance(report, CohortReport):
        _participants(book.create_sheet("Participants"), report.participants)
    _groups(book.create_sheet("Groups"), report.groups, report.overall)
    _about(book.create_sheet("About"), _about_rows(report))
    kind = "Cohort report" if isinstance(report, CohortReport) else "Cohort figures"
    book.properties.title = f"{kind}: {report.program.get('name') or ''}"
    book.properties.creator = "netplan-sheets"
    try:
        atomic_write(path, book.save)
    except OSError as error:
        raise NetplanError(f"{path}: cannot be written ({error.strerror or error})") from None
    return path


def _header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        put(ws, row, column, title)
        style_output_header_cell(ws.cell(row=row, column=column))


def _widths(ws: Worksheet, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(10, min(len(title) + 4, 28))


def _participants(ws: Worksheet, lines: Sequence[ParticipantLine]) -> None:
    titles = [title for title, _, _ in _PARTICIPANT_COLUMNS]
    _header(ws, 1, titles)
    for row, line in enumerate(lines, start=2):
        for column, (_, value, fmt) in enumerate(_PARTICIPANT_COLUMNS, start=1):
            put(ws, row, column, value(line), fmt)
    _widths(ws, titles)
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "C2"
    if lines:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(lines) + 1}"


def _groups(ws: Worksheet, named: Sequence[GroupLine], overall: GroupLine) -> None:
    groups = [*named, overall]
    titles = ["Group", "Participants", *(title for title, _, _ in _GROUP_COLUMNS)]
    _header(ws, 1, titles)
    for row, group in enumerate(groups, start=2):
        put(ws, row, 1, group.group)
        put(ws, row, 2, group.participants)
        if group.aggregate is None:
            put(ws, row, 3, group.note)
            continue
        for column, (_, value, fmt) in enumerate(_GROUP_COLUMNS, start=3):
            put(ws, row, column, value(group.aggregate), fmt)
    _widths(ws, titles)
    ws.column_dimensions["A"].width = 24
    ws.freeze_panes = "B2"
    # Charts plot a block of their own that lists only the groups shown: a hidden group
    # must not appear as a bar of zeros. The whole cohort is charted only when no
    # group can be (its bars would dwarf the groups').
    shown = [g for g in named if g.aggregate is not None] or \
        [g for g in [overall] if g.aggregate is not None]
    if shown:
        _charts(ws, shown, len(groups) + 4)


def _charts(ws: Worksheet, shown: Sequence[GroupLine], top: int) -> None:
    put(ws, top - 1, 1, "Chart data (the groups shown above)")
    _header(ws, top, ["Group", *_STATUS_SERIES, "Mean Progress"])
    by_title = {title: value for title, value, _ in _GROUP_COLUMNS}
    for row, group in enumerate(shown, start=top + 1):
        assert group.aggregate is not None
        put(ws, row, 1, group.group)
        for column, title in enumerate(_STATUS_SERIES, start=2):
            put(ws, row, column, by_title[title](group.aggregate))
        put(ws, row, len(_STATUS_SERIES) + 2, group.aggregate.mean_progress or 0, PERCENT)
    last = top + len(shown)
    categories = Reference(ws, min_col=1, min_row=top + 1, max_row=last)
    height = max(7.0, 0.9 * len(shown) + 4)

    status = BarChart()
    status.type = "bar"
    status.grouping = "stacked"
    status.overlap = 100
    status.title = "Goals by status and group"
    status.add_data(Reference(ws, min_col=2, max_col=len(_STATUS_SERIES) + 1, min_row=top,
                              max_row=last), titles_from_data=True)
    status.set_categories(categories)
    status.height, status.width = height, 18
    ws.add_chart(status, f"A{last + 3}")

    progress = BarChart()
    progress.type = "bar"
    progress.title = "Mean goal progress by group"
    progress.legend = None
    progress.y_axis.number_format = PERCENT
    progress.y_axis.scaling.min = 0  # spreadsheet apps would otherwise zoom in on the bars
    column = len(_STATUS_SERIES) + 2
    progress.add_data(Reference(ws, min_col=column, min_row=top, max_row=last),
                      titles_from_data=True)
    progress.set_categories(categories)
    progress.height, progress.width = height, 18
    below = last + 3 + int(height * 2) + 2  # a row is about half a centimetre
    ws.add_chart(progress, f"A{below}")


def _about_rows(report: CohortReport | AggregateReport) -> list[tuple[str, Any]]:
    if isinstance(report, CohortReport):
        latest = max((p.synced_at for p in report.participants if p.synced_at), default=None)
        count = len(report.participants)
        audience = [
            ("Who may read it", "The program's coordinators only: it lists every "
                                "participant's figures by name. To share figures beyond them "
                                "(sponsors, leadership), make the aggregate-only report: "
                                "netplan cohort report --aggregate-only."),
            ("Privacy", "Built only from the roster (names, groups) and each participant's "
                        "counts and dates; no contact, note, summary or other text from a "
                        "participant's workbook is included."),
        ]
    else:
        latest, count = report.latest_sync, report.participants
        audience = [
            ("Who may read it", "Made to be shared beyond the program's coordinators: no row "
                                "names or describes one participant."),
            ("Hidden groups", f"A group with fewer than {report.threshold} participants who "
                              "synced is hidden, and so are as many other groups as it takes "
                              "that the hidden ones together have at least "
                              f"{report.threshold}: no hidden figure can be worked out by "
                              "subtracting the groups shown from All participants."),
            ("Privacy", "Built only from the groups on the roster and each participant's "
                        "counts and dates; no name, contact, note or other text from a "
                        "participant's workbook is included."),
        ]
    return [
        ("Program", report.program.get("name")),
        ("Start", report.program.get("start")),
        ("End", report.program.get("end")),
        ("Participants", count),
        ("Latest sync", latest or "no participant synced yet (run netplan cohort sync)"),
        *audience,
        ("Mean Progress", "The mean of each goal's Progress (Actual / Target, not capped)."),
        (f"Interactions ({RECENT_DAYS} days)",
         f"Interactions dated in the {RECENT_DAYS} days up to and including As Of."),
        *([("Last Activity", "The latest interaction, contact added, event attended, action "
                             "done or review, up to As Of.")]
          if isinstance(report, CohortReport) else []),
    ]


def _about(ws: Worksheet, rows: list[tuple[str, Any]]) -> None:
    _header(ws, 1, ["Field", "Value"])
    for row, (label, value) in enumerate(rows, start=2):
        put(ws, row, 1, label)
        put(ws, row, 2, value)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
