"""Cohort test data: program files, rosters, and participants filling in their workbooks.

``fill_workbook`` does what a participant does in Excel: opens the workbook cohort init
made and types rows under the headers (found by header text) and Field | Value pairs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from netplan_sheets.cells import read_text

AS_OF = date(2026, 4, 15)

PROGRAM: dict[str, Any] = {
    "name": "Spring 2026 cohort",
    "start": "2026-03-01",
    "end": "2026-06-30",
    "coordinators": ["programs@example.com", "lead@example.com"],
    "goals": [
        {"Goal ID": "G1", "Goal": "Meet 10 new people", "Metric": "New contacts",
         "Target": 10},
        {"goal_id": "G2", "goal": "Two informational interviews",
         "metric": "Informational interviews", "target": 2, "due": "2026-05-31"},
        {"Goal ID": "G3", "Goal": "Stay in touch", "Metric": "Interactions", "Target": 4,
         "Start": "2026-03-01", "Due": "2026-03-31", "Horizon": "Short-term"},
    ],
    "settings": {"Cadence Mentor": 10, "shortlist_size": 3, "Weight Values": 0},
}


def write_program(path: Path, data: Mapping[str, Any] | None = None) -> Path:
    path.write_text(json.dumps(PROGRAM if data is None else data), encoding="utf-8")
    return path


def people(count: int, groups: Sequence[str | None] = ("North", "South", None)
           ) -> list[tuple[str, str, str | None]]:
    return [(f"Participant {i:02d}", f"p{i:02d}@example.com", groups[i % len(groups)])
            for i in range(count)]


def write_roster(path: Path, rows: Sequence[Sequence[str | None]],
                 header: Sequence[str] = ("Name", "Email", "Group"),
                 bom: bool = False, crlf: bool = False) -> Path:
    end = "\r\n" if crlf else "\n"
    lines = [",".join(header), *(",".join(cell or "" for cell in row) for row in rows)]
    text = end.join(lines) + end
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def fill_workbook(path: Path, sheets: Mapping[str, Any]) -> None:
    """Type rows (lists of {header: value}) and fields ({field: value}) into a workbook."""
    book = openpyxl.load_workbook(path)
    for title, given in sheets.items():
        ws = book[title]
        if isinstance(given, Mapping):
            for row in range(2, ws.max_row + 1):
                field = read_text(ws.cell(row=row, column=1).value)
                if field in given:
                    ws.cell(row=row, column=2, value=given[field])
            continue
        headers = {read_text(c.value): c.column for c in ws[1] if c.value is not None}
        row = 2
        while any(ws.cell(row=row, column=c).value is not None for c in headers.values()):
            row += 1
        for record in given:
            for header, value in record.items():
                ws.cell(row=row, column=headers[header], value=value)
            row += 1
    book.save(path)


SECRETS = (
    "ZEBRA-SECRET-123", "ZEBRA-CONTACT-NAME", "zebra.secret@hidden.example",
    "ZEBRA-NOTE-TEXT", "ZEBRA-SUMMARY-TEXT", "ZEBRA-ORG", "ZEBRA-ACTION",
    "ZEBRA-EVENT", "ZEBRA-REVIEW", "ZEBRA-PITCH", "ZEBRA-GOAL-WORDING",
)


def private_plan(index: int, as_of: date = AS_OF) -> dict[str, Any]:
    """A participant's own entries, full of text that must never reach cohort outputs;
    the numbers vary with ``index`` so participants differ."""
    def day(offset: int) -> date:
        return as_of + timedelta(days=offset)

    contacts = [
        {"Name": f"ZEBRA-CONTACT-NAME {index}-{n}", "Organization": "ZEBRA-ORG",
         "Email": "zebra.secret@hidden.example", "Relationship": relationship,
         "Industry": "Software", "Expertise": "hiring", "Years Experience": 20,
         "Shares Values": 4, "Strength": 3, "Availability": "High",
         "Added On": day(-40 + n), "Notes": f"ZEBRA-NOTE-TEXT ZEBRA-SECRET-123 {n}"}
        for n, relationship in enumerate(["Potential mentor", "Peer", "Mentor"][:1 + index % 3])
    ]
    interactions = [
        {"Date": day(-offset), "Contact": contacts[n % len(contacts)]["Name"],
         "Type": kind, "Summary": "ZEBRA-SUMMARY-TEXT talked at length",
         "Follow Up By": day(-3) if n == 0 else None}
        for n, (offset, kind) in enumerate(
            [(2, "Coffee chat"), (12, "Informational interview"), (35, "Call"),
             (50, "Email")][:1 + index % 4])
    ]
    return {
        "Profile": {"Industry": "Software", "Years Experience": 4,
                    "Skills To Develop": "hiring", "Elevator Pitch": "ZEBRA-PITCH"},
        "Goals": [{"Goal ID": "P1", "Goal": "ZEBRA-GOAL-WORDING", "Metric": "Manual",
                   "Target": 5, "Start": day(-30), "Due": day(30),
                   "Manual Progress": index % 6, "Notes": "ZEBRA-SECRET-123"}],
        "Contacts": contacts,
        "Interactions": interactions,
        "Actions": [{"Action": "ZEBRA-ACTION", "Due": day(-1), "Status": "Done",
                     "Done On": day(-5), "Goal ID": "P1", "Notes": "ZEBRA-NOTE-TEXT"}],
        "Events": [{"Event": "ZEBRA-EVENT", "Date": day(-20), "Attended": "Yes",
                    "Notes": "ZEBRA-NOTE-TEXT"}],
        "Reviews": [{"Date": day(-25), "What Worked": "ZEBRA-REVIEW",
                     "Next Steps": "ZEBRA-SECRET-123"}],
    }


def make_cohort(folder: Path, count: int,
                groups: Sequence[str | None] = ("North", "South", None)) -> Path:
    """A cohort made by cohort init whose participants filled in private plans; the
    manifest's path."""
    from netplan_sheets.cohort import init_cohort, load_manifest

    folder.mkdir(parents=True, exist_ok=True)
    roster = write_roster(folder.parent / f"{folder.name}-roster.csv", people(count, groups))
    program = write_program(folder.parent / f"{folder.name}-program.json")
    result = init_cohort(roster, program, folder)
    manifest = load_manifest(Path(result.manifest))
    for index, entry in enumerate(manifest.participants):
        fill_workbook(manifest.local_path(entry), private_plan(index))
    return Path(result.manifest)


def figures_of(cli_sync: dict[str, Any]) -> dict[str, Any]:
    """The report's figures, worked out from `netplan sync --json` alone."""
    results = cli_sync["results"]
    by_status = results["summary"]["goals_by_status"]
    progress = [goal["progress"] for goal in results["goals"]]
    return {
        "as_of": results["as_of"],
        "goals_total": results["summary"]["goals_total"],
        "goals_done": by_status["Done"],
        "goals_on_track": by_status["On track"],
        "goals_behind": by_status["Behind"],
        "goals_missed": by_status["Missed"],
        "goals_not_started": by_status["Not started"],
        "mean_progress": sum(progress) / len(progress) if progress else None,
        "followups_overdue": results["summary"]["followups_overdue"],
        "has_shortlist": bool(results["shortlist"]),
        "problems": cli_sync["validation"]["error_count"],
    }
