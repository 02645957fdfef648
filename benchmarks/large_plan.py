"""Builds a large, valid plan for the benchmarks: 2,000 contacts, 20,000 interactions,
200 goals, 1,000 actions (plus events and reviews), with openpyxl's write-only mode."""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from netplan_sheets.labels import ActionStatus, Availability, InteractionType, Metric, Relationship
from netplan_sheets.schema import Layout, input_schemas

AS_OF = date(2026, 11, 3)


def build(path: Path, contacts: int = 2000, interactions: int = 20000, goals: int = 200,
          actions: int = 1000, events: int = 300, reviews: int = 24, seed: int = 7) -> Path:
    rng = random.Random(seed)
    names = [f"Contact {i:05d}" for i in range(contacts)]
    goal_ids = [f"G{i}" for i in range(1, goals + 1)]

    def day(back: int, ahead: int = 0) -> date:
        return AS_OF + timedelta(days=rng.randint(-back, ahead))

    rows: dict[str, list[dict[str, object]]] = {
        "Goals": [
            {"Goal ID": g, "Goal": f"Goal {g}", "Horizon": "Short-term",
             "Metric": rng.choice(list(Metric)).value, "Target": rng.randint(1, 50),
             "Start": (start := day(300)), "Due": start + timedelta(days=rng.randint(0, 400)),
             "Manual Progress": rng.randint(0, 10)}
            for g in goal_ids
        ],
        "Contacts": [
            {"Name": n, "Organization": f"Org {i % 97}", "Role": "Engineer",
             "Industry": rng.choice(["Software", "Finance", "Health"]),
             "Email": f"c{i}@example.com", "Relationship": rng.choice(list(Relationship)).value,
             "Strength": rng.randint(1, 5), "Expertise": "hiring; budgeting; public speaking",
             "Years Experience": rng.randint(0, 30), "Shares Values": rng.randint(1, 5),
             "Availability": rng.choice(list(Availability)).value, "Added On": day(400)}
            for i, n in enumerate(names)
        ],
        "Interactions": [
            {"Date": day(400, 10), "Contact": rng.choice(names),
             "Type": rng.choice(list(InteractionType)).value, "Summary": f"Talked about {i}",
             "Follow Up By": day(30, 30) if i % 7 == 0 else None,
             "Follow Up Done": "No" if i % 14 == 0 else None,
             "Opportunity": "Yes" if i % 11 == 0 else "No",
             "Goal ID": rng.choice(goal_ids) if i % 5 == 0 else None}
            for i in range(interactions)
        ],
        "Actions": [
            {"Action": f"Action {i}", "Goal ID": rng.choice(goal_ids), "Strategy": "Outreach",
             "Due": day(200, 60), "Status": (status := rng.choice(list(ActionStatus)).value),
             "Done On": day(200) if status == "Done" else None}
            for i in range(actions)
        ],
        "Events": [
            {"Event": f"Event {i}", "Date": day(300, 60), "Type": "Meetup",
             "Attended": rng.choice(["Yes", "No", "Planned"]), "New Contacts": rng.randint(0, 5)}
            for i in range(events)
        ],
        "Reviews": [{"Date": day(365), "What Worked": "x"} for _ in range(reviews)],
    }
    book = openpyxl.Workbook(write_only=True)
    for schema in input_schemas():
        sheet = book.create_sheet(schema.title)
        if schema.layout is Layout.FIELDS:
            sheet.append(["Field", "Value"])
            for column in schema.columns:
                value = {"Industry": "Software", "Years Experience": 8,
                         "Skills To Develop": "hiring; budgeting"}.get(column.title)
                if schema.title != "Profile":
                    value = AS_OF if column.title == "As Of" else None
                sheet.append([column.title, value])
            continue
        sheet.append(list(schema.headers))
        for record in rows.get(schema.title, []):
            sheet.append([record.get(title) for title in schema.headers])
    book.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "large_plan.xlsx")
    print(build(target))
