"""The surgical engine writes what the openpyxl engine writes: the same plans synced
through both give the same value in every cell of every sheet.

Floats are compared to 15 significant digits: openpyxl writes them with ``%.16g`` and the
surgical engine with ``repr`` (the exact double), so 2/11 differs in its last digit.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
import tempfile
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from plans import build_plan
from test_sync_properties import plans

from netplan_sheets.backends.xlsx_openpyxl import open_with_openpyxl
from netplan_sheets.demo import write_demo
from netplan_sheets.schema import sheet_schema
from netplan_sheets.sync import sync_plan, sync_xlsx

AS_OF = date(2026, 11, 3)
ESCAPE_LOOKALIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))


def all_cells(path: Path) -> dict[str, dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                       if c.value is not None and c.value != ""}
            for ws in book.worksheets}


def differing(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[str]:
    found = [f"sheet {t}" for t in set(a) ^ set(b)]
    for title in set(a) & set(b):
        for ref in set(a[title]) | set(b[title]):
            x, y = a[title].get(ref), b[title].get(ref)
            if isinstance(x, float) or isinstance(y, float):
                if (isinstance(x, int | float) and isinstance(y, int | float)
                        and math.isclose(x, y, rel_tol=1e-15)):
                    continue
            elif x == y:
                continue
            found.append(f"{title}!{ref}: {x!r} != {y!r}")
    return found


def both_engines(source: Path, folder: Path) -> tuple[Path, Path]:
    surgical, reference = folder / "surgical.xlsx", folder / "openpyxl.xlsx"
    shutil.copyfile(source, surgical)
    shutil.copyfile(source, reference)
    sync_xlsx(surgical, as_of=AS_OF)
    with open_with_openpyxl(reference) as backend:
        sync_plan(backend, as_of=AS_OF)
    return surgical, reference


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), reverse=st.booleans())
def test_random_plans_give_the_same_cells_through_both_engines(plan: dict[str, Any],
                                                               reverse: bool) -> None:
    # openpyxl writes text like "_x0009_" as it is, which every reader but openpyxl itself
    # (Excel, calamine) takes for an escaped tab: the two engines then read different plans.
    assume(not ESCAPE_LOOKALIKE.search(json.dumps(plan, default=str)))
    titles = [c.title for c in sheet_schema("contacts").columns] + ["My Column"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "plan.xlsx"
        book = build_plan(plan, headers={"Contacts": titles[::-1] if reverse else titles})
        book.create_sheet("Mine").append(["=1+1", "+x", 3])
        book.save(source)
        surgical, reference = both_engines(source, folder)
        assert differing(all_cells(surgical), all_cells(reference)) == []


def _demo(folder: Path) -> Path:
    return write_demo(folder / "demo", AS_OF)


def _large(folder: Path) -> Path:
    from large_plan import build

    return build(folder / "large.xlsx", contacts=300, interactions=3000, goals=40, actions=150)


def _invalid(folder: Path) -> Path:
    path = folder / "invalid.xlsx"
    build_plan({"Goals": [{"Goal ID": "G1", "Goal": "x", "Metric": "Nope", "Target": 0}],
                "Contacts": [{"Name": "A", "Relationship": "Peer", "Strength": 9},
                             {"Name": "A", "Relationship": "Boss"}]}).save(path)
    return path


@pytest.mark.parametrize("make", [_demo, pytest.param(_large, marks=pytest.mark.slow),
                                  _invalid], ids=["demo", "large", "invalid"])
def test_fixture_plans_give_the_same_cells_through_both_engines(make: Any,
                                                                 tmp_path: Path) -> None:
    surgical, reference = both_engines(make(tmp_path), tmp_path)
    cells = all_cells(surgical)
    assert sum(len(sheet) for sheet in cells.values()) > 50
    assert differing(cells, all_cells(reference)) == []
