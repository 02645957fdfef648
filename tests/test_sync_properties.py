"""Property: over random valid plans, sync never changes a cell the user owns, and a second
sync with the same inputs changes nothing at all."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import build_plan

from netplan_sheets.labels import ActionStatus, Availability, InteractionType, Metric, Relationship
from netplan_sheets.schema import input_schemas
from netplan_sheets.sync import sync_xlsx

AS_OF = date(2026, 11, 3)
days = st.integers(min_value=-120, max_value=30).map(lambda n: AS_OF + timedelta(days=n))
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1,
               max_size=12).filter(lambda s: s.strip() == s and s.strip())
maybe = st.one_of(st.none(), st.just(""))


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(text, min_size=1, max_size=6, unique_by=str.casefold))
    goal_ids = [f"G{i}" for i in range(draw(st.integers(0, 3)))]
    contacts = [
        {"Name": n, "Relationship": draw(st.sampled_from(list(Relationship))).value,
         "Strength": draw(st.one_of(st.none(), st.integers(1, 5))),
         "Availability": draw(st.one_of(st.none(), st.sampled_from(list(Availability)))),
         "Added On": draw(st.one_of(st.none(), days)), "Notes": draw(st.one_of(maybe, text)),
         "My Column": draw(st.one_of(st.none(), text, st.integers(-5, 5)))}
        for n in names
    ]
    for c in contacts:
        if c["Availability"] is not None:
            c["Availability"] = c["Availability"].value
    goals = []
    for gid in goal_ids:
        start = draw(days)
        goals.append({"Goal ID": gid, "Goal": draw(text),
                      "Metric": draw(st.sampled_from(list(Metric))).value,
                      "Target": draw(st.integers(1, 10)), "Start": start,
                      "Due": start + timedelta(days=draw(st.integers(0, 90)))})
    interactions = [
        {"Date": draw(days), "Contact": draw(st.sampled_from(names)),
         "Type": draw(st.sampled_from(list(InteractionType))).value,
         "Summary": draw(st.one_of(st.none(), text)),
         "Follow Up By": draw(st.one_of(st.none(), days)),
         "Goal ID": draw(st.one_of(st.none(), st.sampled_from(goal_ids))) if goal_ids else None}
        for _ in range(draw(st.integers(0, 8)))
    ]
    actions = []
    for _ in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(list(ActionStatus))).value
        actions.append({"Action": draw(text), "Due": draw(days), "Status": status,
                        "Done On": draw(days) if status == "Done" else None})
    return {"Contacts": contacts, "Goals": goals, "Interactions": interactions,
            "Actions": actions, "Reviews": [{"Date": draw(days)}] if draw(st.booleans()) else []}


def snapshot(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    """Every user-owned cell: all cells of input sheets outside computed columns, and
    every cell of the user's own sheets."""
    book = openpyxl.load_workbook(path)
    computed = {s.title: {c.title for c in s.computed_columns} for s in input_schemas()}
    owned = {}
    for ws in book.worksheets:
        if ws.title in ("Dashboard", "Follow-ups", "Mentor Shortlist", "Problems"):
            continue
        headers = {c.column: c.value for c in ws[1]}
        skip = computed.get(ws.title, set())
        owned[ws.title] = {
            key: (cell.value, cell.data_type, cell.number_format)
            for key, cell in ws._cells.items()
            if headers.get(key[1]) not in skip and (cell.value is not None or cell.has_style)
        }
    return owned


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), reverse=st.booleans())
def test_sync_keeps_user_cells_and_is_idempotent(plan: dict[str, Any], reverse: bool) -> None:
    titles = [c.title for c in next(s for s in input_schemas() if s.title == "Contacts").columns
              if not c.read_only] + ["My Column"]
    headers = {"Contacts": list(reversed(titles)) if reverse else titles}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        book = build_plan(plan, headers=headers)
        book.create_sheet("Mine").append(["=1+1", "+x", 3])
        book.save(path)
        before = snapshot(path)
        first = sync_xlsx(path, as_of=AS_OF)
        assert first.output == str(path)
        assert snapshot(path) == before
        written = path.read_bytes()
        second = sync_xlsx(path, as_of=AS_OF)
        assert second.changed_cells == 0 and second.output is None
        assert path.read_bytes() == written
