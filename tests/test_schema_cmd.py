"""netplan schema: the column reference, generated from the schemas."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from netplan_sheets.cli import cli
from netplan_sheets.column_reference import reference
from netplan_sheets.schema import all_schemas, by_title


def test_lists_every_sheet_and_column() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    for schema in all_schemas():
        assert f"\n{schema.title}\n" in f"\n{result.output}"
        for column in schema.columns:
            assert f"  {column.title} (" in result.output
            assert column.description in result.output


def test_text_shows_type_required_computed_and_choices() -> None:
    output = CliRunner().invoke(cli, ["schema", "goals"]).output
    assert "Goal ID (required): text" in output
    assert "Notes (optional): text" in output
    assert "Actual (computed): number" in output
    assert "Metric (required): one of: New contacts, Interactions, Informational interviews" \
        in output
    assert "Target (required): number, above 0" in output
    assert "Contacts" not in output.splitlines()[0]


@pytest.mark.parametrize("name", ["contacts", "Contacts", "CONTACTS", " contacts "])
def test_json_equals_the_library_result_and_matches_any_case(name: str) -> None:
    result = CliRunner().invoke(cli, ["schema", name, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == reference("contacts")
    assert [s["sheet"] for s in json.loads(result.output)["sheets"]] == ["Contacts"]


def test_reference_columns_come_from_the_schema() -> None:
    sheet = reference("Contacts")["sheets"][0]
    schema = by_title("Contacts")
    assert [c["name"] for c in sheet["columns"]] == list(schema.headers)
    relationship = next(c for c in sheet["columns"] if c["name"] == "Relationship")
    assert relationship["allowed_values"] == list(schema.column("relationship").choices)
    assert relationship["required"] is True and relationship["computed"] is False
    assert next(c for c in sheet["columns"] if c["name"] == "Last Contact")["computed"] is True
    interactions = reference("interactions")["sheets"][0]["columns"]
    assert next(c for c in interactions if c["name"] == "Contact")["refers_to"] == \
        "Contacts.Name"
    settings = reference("settings")["sheets"][0]["columns"]
    assert next(c for c in settings if c["name"] == "Cadence Mentor")["default"] == 14


def test_whole_reference_has_every_sheet_in_order() -> None:
    data = json.loads(CliRunner().invoke(cli, ["schema", "--json"]).output)
    assert data == reference()
    assert [s["sheet"] for s in data["sheets"]] == [s.title for s in all_schemas()]


def test_unknown_sheet_is_a_usage_error_naming_the_sheets() -> None:
    result = CliRunner().invoke(cli, ["schema", "Friends"])
    assert result.exit_code == 2
    assert "no sheet named 'Friends'" in result.output
    for schema in all_schemas():
        assert schema.title in result.output


@pytest.mark.parametrize("command", ["init", "schema"])
def test_help_has_a_summary_and_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: netplan {command} " in result.output
    listing = CliRunner().invoke(cli, ["--help"]).output
    summary = next(line for line in listing.splitlines() if line.strip().startswith(command))
    assert len(summary.split(maxsplit=1)) == 2, f"{command} has no one-line summary"
