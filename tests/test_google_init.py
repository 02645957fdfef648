"""netplan init --google: the template as a Google Sheet, created through the fake API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_google import FakeGoogle, service_account_info
from google_plans import backend

from netplan_sheets.backends.google_sheets import quoted
from netplan_sheets.cli import cli
from netplan_sheets.schema import input_schemas, output_schemas
from netplan_sheets.sync import sync_plan
from netplan_sheets.template import sheet_titles
from netplan_sheets.validation import validate


def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(service_account_info("planner@proj.iam.gserviceaccount.com")))
    return path


def init_google(tmp_path: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["init", "--google", "Plan", "--credentials",
                                      str(key_file(tmp_path)), "--json", *extra])
    assert result.exit_code == 0, result.output
    made: dict[str, object] = json.loads(result.output)
    return made


@dataclass
class Made:
    fake: FakeGoogle
    key: str


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """One Google plan made by netplan init --google, shared with two addresses, for the
    tests that only look at it (making one takes the fake a second or two)."""
    with FakeGoogle() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv("NETPLAN_GOOGLE_API_URL", fake.url)
        answer = init_google(tmp_path_factory.mktemp("init"), "--share", "ann@example.com",
                             "--share", "bo@example.com")
        yield Made(fake, str(answer["key"]))


def test_creates_every_sheet_in_order_with_headers(made: Made) -> None:
    fake_google, key = made.fake, made.key
    expected = [t for t in sheet_titles() if t != "Lists"]
    assert fake_google.titles(key) == expected
    for schema in (*input_schemas(), *output_schemas()):
        values = fake_google.values(key, quoted(schema.title))
        if schema.layout == "fields":
            assert [row[0] for row in values[1:]] == [c.title for c in schema.columns]
        else:
            assert values[0] == list(schema.headers)
    start = fake_google.values(key, "'Start Here'")
    assert any("netplan sync" in str(v) for row in start for v in row)


def test_rules_notes_and_protection(made: Made) -> None:
    fake_google, key = made.fake, made.key
    contacts = fake_google.sheet(key, "Contacts")
    headers = list(next(s for s in input_schemas() if s.title == "Contacts").headers)
    relationship = contacts.get(1, headers.index("Relationship"))
    assert relationship is not None and relationship.validation is not None
    assert [v["userEnteredValue"] for v in
            relationship.validation["condition"]["values"]] == [
        "Key connection", "Potential mentor", "Mentor", "Peer", "Recruiter", "Other"]
    added = contacts.get(1, headers.index("Added On"))
    assert added is not None and added.validation["condition"]["type"] == "DATE_IS_VALID"
    name_header = contacts.get(0, 0)
    assert name_header is not None and "unique" in (name_header.note or "")
    interactions = fake_google.sheet(key, "Interactions")
    contact = interactions.get(5, 1)
    assert contact is not None
    assert contact.validation["condition"] == {
        "type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='Contacts'!$A$2:$A"}]}
    protected = [p["description"] for p in contacts.protected_ranges]
    assert "Last Contact: computed by netplan sync" in protected
    assert all(p["warningOnly"] for p in contacts.protected_ranges)
    assert fake_google.sheet(key, "Follow-ups").protected_ranges


def test_shares_only_with_the_named_addresses(made: Made) -> None:
    shared = {(p.get("emailAddress"), p["role"], p["type"])
              for p in made.fake.permissions(made.key) if p["role"] != "owner"}
    assert shared == {("ann@example.com", "writer", "user"),
                      ("bo@example.com", "writer", "user")}
    assert not any(p["type"] == "anyone" for p in made.fake.permissions(made.key))


@pytest.mark.slow
def test_new_google_plan_validates_and_syncs(tmp_path: Path, fake_google: FakeGoogle) -> None:
    key = str(init_google(tmp_path)["key"])
    assert validate(backend(fake_google, key).read()).valid
    fake_google.set_values(key, "'Contacts'!A2", [["Dana Lee", "", "", "", "", "", "",
                                                   "Potential mentor", 4]])
    result = sync_plan(backend(fake_google, key), as_of=date(2026, 11, 3))
    assert result.valid and result.results.shortlist[0].name == "Dana Lee"


def test_path_or_google_not_both(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p.xlsx"), "--google", "x"])
    assert result.exit_code == 2 and "either PATH" in result.output
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 2


def test_auth_login_without_a_client_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["auth", "login", "--client-secret",
                                      str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "Desktop app" in result.output
    web = tmp_path / "web.json"
    web.write_text('{"web": {"client_id": "x"}}')
    result = CliRunner().invoke(cli, ["auth", "login", "--client-secret", str(web)])
    assert result.exit_code == 2 and "no 'installed' section" in result.output
