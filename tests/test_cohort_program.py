"""The program file: checked against schemas/program.schema.json (which reuses the Goals
and Settings schemas), with one-line errors that name the file and the field."""

from __future__ import annotations

import copy
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, people, write_program, write_roster
from jsonschema import Draft202012Validator

from netplan_sheets.cli import cli
from netplan_sheets.cohort import load_program
from netplan_sheets.errors import BadInput
from netplan_sheets.schema import all_schemas, raw_schema
from netplan_sheets.template import sheet_titles, write_template


def program_with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(PROGRAM)
    data.update(changes)
    return data


def test_program_schema_is_draft_2020_12_and_not_a_sheet(tmp_path: Path) -> None:
    Draft202012Validator.check_schema(raw_schema("program"))
    assert "Program" not in [s.title for s in all_schemas()]
    result = write_template(tmp_path / "plan.xlsx")
    assert result.sheets == sheet_titles() == (
        "Start Here", "Profile", "Settings", "Goals", "Contacts", "Interactions", "Actions",
        "Events", "Reviews", "Dashboard", "Follow-ups", "Mentor Shortlist", "Problems",
        "Lists")


def test_goals_and_settings_by_title_or_key(tmp_path: Path) -> None:
    program = load_program(write_program(tmp_path / "program.json"))
    assert program.name == "Spring 2026 cohort"
    assert (program.start, program.end) == (date(2026, 3, 1), date(2026, 6, 30))
    assert program.coordinators == ("programs@example.com", "lead@example.com")
    assert [g["goal_id"] for g in program.goals] == ["G1", "G2", "G3"]
    assert program.goals[0] == {"goal_id": "G1", "goal": "Meet 10 new people",
                                "metric": "New contacts", "target": 10,
                                "start": date(2026, 3, 1), "due": date(2026, 6, 30)}
    assert program.goals[1]["due"] == date(2026, 5, 31)
    assert program.settings == {"cadence_mentor": 10, "shortlist_size": 3, "weight_values": 0}


BAD = [
    (program_with(colour="blue"), "/colour: unknown field; expected one of: name, start"),
    ({"start": "2026-03-01", "end": "2026-06-30"}, "program.json: name is required"),
    (program_with(start="01/03/2026"), "/start: expected a date like 2026-11-03"),
    (program_with(end="2026-02-01"), "/end: is before start (2026-03-01)"),
    (program_with(coordinators=["not-an-email"]),
     "/coordinators/0: expected an email address like ann@example.com"),
    (program_with(goals=[{"Goal ID": "G1", "Goal": "x", "Metric": "New contacts",
                          "Target": 0}]),
     "/goals/0/Target: expected a number above 0"),
    (program_with(goals=[{"Goal ID": "G1", "Goal": "x", "Metric": "Coffee",
                          "Target": 3}]),
     "/goals/0/Metric: expected one of: New contacts, Interactions"),
    (program_with(goals=[{"Goal ID": "G1", "Goal": "x", "Target": 3}]),
     "/goals/0: Metric is required"),
    (program_with(goals=[{"Goal ID": "G1", "Goal": "x", "Metric": "Manual", "Target": 1,
                          "Start": "2026-05-01", "Due": "2026-04-01"}]),
     "/goals/0/Due: is before Start (2026-05-01)"),
    (program_with(goals=[{"Goal ID": "G1", "Goal": "x", "Metric": "Manual", "Target": 1},
                         {"goal_id": "G1", "goal": "y", "metric": "Manual", "target": 1}]),
     "/goals/1/goal_id: the Goal ID G1 is already used by /goals/0"),
    (program_with(goals=[{"Goal ID": "G1", "Colour": "red"}]),
     "/goals/0/Colour: unknown Goals field; expected one of: Goal ID, Goal, Horizon"),
    (program_with(goals=[{"Goal ID": "G1", "Status": "Done"}]),
     "/goals/0/Status: Status is computed by netplan sync; leave it out"),
    (program_with(goals=[{"Goal ID": "G1", "goal_id": "G2"}]),
     "/goals/0/goal_id: Goal ID is given twice"),
    (program_with(settings={"Cadence Mentor": 0}),
     "/settings/Cadence Mentor: expected a whole number from 1 to 36500"),
    (program_with(settings={"Shortlist Size": "five"}), "/settings/Shortlist Size: expected "
                                                         "a whole number"),
    (program_with(settings={"As Of": "2026-04-01"}),
     "/settings/As Of: a program cannot set As Of"),
    (program_with(settings={f"Weight {w}": 0 for w in ("Field", "Expertise", "Seniority",
                                                        "Values", "Relationship",
                                                        "Availability")}),
     "/settings: every weight is 0"),
    (program_with(goals={"G1": "x"}), "/goals: expected a list"),
    ([1, 2], "program.json: expected an object of fields and values"),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_program_is_one_clear_line(tmp_path: Path, data: Any, message: str) -> None:
    path = tmp_path / "program.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_program(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ('{"name": "x",', "is not valid JSON (line 1, column 14"),
    ('{"name": "x", "name": "y"}', "the field 'name' appears twice"),
    ("", "is not valid JSON"),
])
def test_unreadable_json(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "program.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=re.escape(message)):
        load_program(path)


def test_several_problems_are_counted(tmp_path: Path) -> None:
    path = write_program(tmp_path / "program.json",
                         program_with(start="soon", end="later", coordinators="x"))
    with pytest.raises(BadInput, match=r"\(and 2 more problems\)"):
        load_program(path)


def test_cli_exit_code_2_and_one_line(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv", people(2))
    program = write_program(tmp_path / "program.json", program_with(end="2026-13-01"))
    result = CliRunner().invoke(cli, ["cohort", "init", str(roster), "--program",
                                      str(program), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {program}: /end: expected a date like 2026-11-03\n"
    assert not (tmp_path / "out").exists()


def test_yaml_needs_pyyaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "program.yaml"
    path.write_text("name: Spring\nstart: 2026-03-01\nend: 2026-06-30\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "yaml", None)  # as if PyYAML were not installed
    with pytest.raises(BadInput, match=r"reading YAML needs PyYAML .*netplan-sheets\[yaml\]"):
        load_program(path)


def test_yaml_program(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "program.yml"
    path.write_text("name: Spring\nstart: 2026-03-01\nend: 2026-06-30\ngoals:\n"
                    "  - Goal ID: G1\n    Goal: Meet people\n    Metric: New contacts\n"
                    "    Target: 5\n    Due: 2026-04-30\n", encoding="utf-8")
    program = load_program(path)
    assert program.goals[0]["due"] == date(2026, 4, 30)


def test_other_extensions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "program.txt"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(BadInput, match=r"ends in \.json"):
        load_program(path)
    with pytest.raises(BadInput, match="no such file"):
        load_program(tmp_path / "missing.json")
