"""The schemas are the single source of truth: valid Draft 2020-12, shipped in the package,
complete for people (titles, descriptions), and mirrored exactly by the Python that names
their labels, problem types and record fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import MISSING, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from netplan_sheets.labels import SCHEMA_ENUMS
from netplan_sheets.problems import ProblemType
from netplan_sheets.rows import RECORD_TYPES, Settings
from netplan_sheets.schema import all_schemas, input_schemas, raw_schema, sheet_schema

# One schema per sheet: eight input sheets and three tool-owned tables.
SHEET_SCHEMA_FILES = {f"{name}.schema.json" for name in (
    "profile", "settings", "goals", "contacts", "interactions", "actions", "events", "reviews",
    "followups", "shortlist", "problems")}


def packaged() -> dict[str, dict[str, Any]]:
    """Every schema file as the installed package holds it."""
    folder = files("netplan_sheets") / "schemas"
    return {entry.name: json.loads(entry.read_text("utf-8")) for entry in folder.iterdir()
            if entry.name.endswith(".schema.json")}


SCHEMA_FILES = sorted(packaged())


def test_all_sheet_schemas_ship_in_the_package() -> None:
    assert set(packaged()) >= SHEET_SCHEMA_FILES
    assert {f"{s.key}.schema.json" for s in all_schemas()} == SHEET_SCHEMA_FILES
    assert [s.title for s in all_schemas() if s.tool_owned] == [
        "Follow-ups", "Mentor Shortlist", "Problems"]


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = packaged()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("/" + name)


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_a_title_and_a_description(name: str) -> None:
    schema = packaged()[name]
    assert schema["title"] and schema["description"]
    for key, prop in schema["properties"].items():
        assert prop.get("title", "").strip(), f"{name}: {key} has no title"
        assert prop.get("description", "").strip().endswith("."), f"{name}: {key}"
    titles = [prop["title"].casefold() for prop in schema["properties"].values()]
    assert len(titles) == len(set(titles)), f"{name}: two columns share a header"


def test_tool_owned_sheets_are_all_read_only() -> None:
    for schema in all_schemas():
        if schema.tool_owned:
            assert schema.columns and all(c.read_only for c in schema.columns), schema.title
            assert not schema.raw.get("required")


def test_computed_columns_are_read_only() -> None:
    """SPEC lists the computed columns of Goals and Contacts; no other input column is."""
    computed = {
        schema.key: [c.title for c in schema.columns if c.read_only]
        for schema in input_schemas()
    }
    assert computed == {
        "profile": [], "settings": [],
        "goals": ["Actual", "Progress", "Expected", "Status"],
        "contacts": ["Last Contact", "Interaction Count", "Next Follow-up", "Follow-up Status"],
        "interactions": [], "actions": [], "events": [], "reviews": [],
    }
    for schema in input_schemas():
        for column in schema.columns:
            computed_text = column.description.startswith("Computed:")
            assert computed_text == column.read_only, f"{schema.title}.{column.title}"
            assert not (column.read_only and column.required)


# SPEC "The workbook": sheet order, headers, and the required ones (*).
SPEC_SHEETS = {
    "Profile": "Name, Email, Target Role, Industry, Years Experience, Short-term Goal, "
               "Long-term Goal, Elevator Pitch, LinkedIn, Website, Strengths, "
               "Skills To Develop, Values",
    "Settings": "As Of, Cadence Key Connection, Cadence Potential Mentor, Cadence Mentor, "
                "Cadence Peer, Cadence Recruiter, Cadence Other, Thank-You Window, "
                "Review Every, Upcoming Window, Shortlist Size, Weight Field, "
                "Weight Expertise, Weight Seniority, Weight Values, Weight Relationship, "
                "Weight Availability",
    "Goals": "Goal ID*, Goal*, Horizon, Metric*, Target*, Start*, Due*, Manual Progress, "
             "Notes",
    "Contacts": "Name*, Organization, Role, Industry, Email, LinkedIn, How Met, "
                "Relationship*, Strength, Expertise, Years Experience, Shares Values, "
                "Availability, Follow Up Every, Added On, Notes",
    "Interactions": "Date*, Contact*, Type*, Summary, Follow Up By, Follow Up Done, "
                    "Opportunity, Goal ID",
    "Actions": "Action*, Goal ID, Strategy, Contact, Due*, Status*, Done On, Notes",
    "Events": "Event*, Date*, Type, Organization, Attended, New Contacts, Notes",
    "Reviews": "Date*, What Worked, What To Adjust, Feedback From, Next Steps",
}


def test_input_sheets_match_the_spec() -> None:
    assert [s.title for s in input_schemas()] == list(SPEC_SHEETS)
    for schema in input_schemas():
        headers = ", ".join(c.title + ("*" if c.required else "") for c in schema.input_columns)
        assert headers == SPEC_SHEETS[schema.title]


@pytest.mark.parametrize(("enum", "key", "prop"), SCHEMA_ENUMS,
                         ids=[f"{e.__name__}-{k}.{p}" for e, k, p in SCHEMA_ENUMS])
def test_label_enums_equal_the_schema_lists_in_order(enum: Any, key: str, prop: str) -> None:
    assert [member.value for member in enum] == raw_schema(key)["properties"][prop]["enum"]


def test_every_schema_enum_of_the_code_is_mirrored() -> None:
    """The enums the computations name: each has its place in SCHEMA_ENUMS."""
    mirrored = {(key, prop) for _, key, prop in SCHEMA_ENUMS}
    for key, prop in [("contacts", "relationship"), ("goals", "metric"), ("goals", "status"),
                      ("interactions", "type"), ("actions", "status"),
                      ("contacts", "availability"), ("events", "attended"),
                      ("interactions", "follow_up_done"), ("interactions", "opportunity"),
                      ("followups", "reason")]:
        assert (key, prop) in mirrored


def test_problem_types_equal_the_problems_schema() -> None:
    assert [t.value for t in ProblemType] == raw_schema("problems")["properties"]["type"]["enum"]


@pytest.mark.parametrize("key", sorted(RECORD_TYPES))
def test_record_fields_are_the_input_columns(key: str) -> None:
    schema = sheet_schema(key)
    names = {f.name for f in fields(RECORD_TYPES[key])}
    expected = {c.key for c in schema.input_columns}
    if schema.layout.value == "table":
        expected.add("row")
    assert names == expected
    for f in fields(RECORD_TYPES[key]):
        if f.name != "row":  # the required columns are the fields a record cannot lack
            column = schema.column(f.name)
            has_default = f.default is not MISSING or f.default_factory is not MISSING
            assert has_default != column.required, f"{key}.{f.name}"


def test_record_types_cover_every_input_sheet() -> None:
    assert set(RECORD_TYPES) == {s.key for s in input_schemas()}


def test_settings_defaults_equal_the_schema_defaults() -> None:
    schema = sheet_schema("settings")
    for f in fields(Settings):
        default = schema.column(f.name).default
        assert f.default == default, f.name
        if default is not None:
            assert type(f.default) is type(default), f.name  # 3, not 3.0
    assert [c.key for c in schema.columns if c.default is None] == ["as_of"]  # blank: today


def test_schemas_load_from_a_built_wheel(tmp_path: Path) -> None:
    """The wheel carries the schemas inside the package (the repository's schemas/ reaches it
    through a symlink), and the package finds them there, away from this checkout."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d",
                    str(tmp_path / "dist")], cwd=root, check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n.removeprefix("netplan_sheets/schemas/") for n in archive.namelist()
                   if n.startswith("netplan_sheets/schemas/")}
        archive.extractall(tmp_path / "site")
    assert shipped >= SHEET_SCHEMA_FILES
    probe = ("import netplan_sheets, netplan_sheets.schema as s; "
             "print(netplan_sheets.__file__); print(len(s.all_schemas()))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(tmp_path / "site")})
    where, count = result.stdout.split()
    assert Path(where).is_relative_to(tmp_path / "site")
    assert int(count) == len(SHEET_SCHEMA_FILES)
