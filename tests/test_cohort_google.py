"""netplan cohort init --google, through the fake Sheets/Drive API: a Google Sheet per
participant, pre-filled, shared with the participant and the coordinators only; re-runs
that make nothing; interrupted runs that resume without a duplicate sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, people, write_program, write_roster
from cohort_google_data import (
    ACCOUNT,
    COORDINATORS,
    SimClock,
    key_file,
    key_of,
    keys,
    live_sheets,
    most_in_a_minute,
    requests_of,
    shared_with,
    sheets_requests,
)
from fake_google import DEFAULT_CALLER, FakeGoogle
from google_plans import backend

from netplan_sheets.backends.google_quota import SheetsQuota
from netplan_sheets.backends.google_sheets import quoted
from netplan_sheets.cli import cli
from netplan_sheets.cohort import init_cohort, load_manifest
from netplan_sheets.cohort.google_workbooks import READY, STATE_KEY, TOKEN_KEY, google_maker
from netplan_sheets.cohort.manifest import GOOGLE, EntryState
from netplan_sheets.errors import GoogleError
from netplan_sheets.validation import validate

REQUESTS_PER_SHEET = 8  # create, metadata, batchUpdate, values, 3 shares, mark ready


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def expected_sharing(owner: str, participant: str) -> set[tuple[str, str, str]]:
    return {("user", owner, "owner"), ("user", participant, "writer"),
            *(("user", email, "writer") for email in COORDINATORS)}


# Google's quota is 60 Sheets writes a minute; making a sheet costs 2. The same property on
# a smaller world: a quota of 6 a minute, which 6 participants (12 writes) must wait for.
PARTICIPANTS = 6
PER_MINUTE = 6


@pytest.mark.slow
def test_participants_get_prefilled_sheets_shared_with_them_and_coordinators(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    roster = write_roster(tmp_path / "roster.csv", people(PARTICIPANTS))
    program = write_program(tmp_path / "program.json")
    clock = SimClock()
    fake_google.quota.per_minute, fake_google.quota.clock = PER_MINUTE, clock.now  # Google's
    client = fake_google.client(throttle=SheetsQuota(PER_MINUTE, burst=1, clock=clock.now,
                                                     sleep=clock.sleep))
    result = init_cohort(roster, program, tmp_path / "cohort", google_maker(client))

    manifest = load_manifest(tmp_path / "cohort")
    assert len(result.created) == PARTICIPANTS and result.participants == PARTICIPANTS
    assert [(e.name, e.email, e.group) for e in manifest.participants] == people(PARTICIPANTS)
    assert {(e.backend, e.state) for e in manifest.participants} == {(GOOGLE,
                                                                      EntryState.CREATED)}
    sheet_keys = keys(manifest)
    assert sorted(sheet_keys) == sorted(live_sheets(fake_google)), "one sheet each, no more"
    assert len(set(sheet_keys)) == PARTICIPANTS
    # The same requests for every participant, none refused: the quota was never hit
    assert {len(requests_of(fake_google, key)) for key in sheet_keys} == {
        REQUESTS_PER_SHEET - 1}  # files.create names no file
    assert fake_google.count() == 1 + PARTICIPANTS * REQUESTS_PER_SHEET  # 1: whose Drive
    assert {r.status for r in fake_google.requests} == {200}
    for write in (True, False):
        assert most_in_a_minute(r.at for r in sheets_requests(fake_google, write)) <= PER_MINUTE
    assert clock.now() > 60, "the writes needed more than a minute: the pacing was tested"
    for entry, key in zip(manifest.participants, sheet_keys, strict=True):
        assert shared_with(fake_google, key) == expected_sharing(DEFAULT_CALLER, entry.email)
        assert fake_google.title(key) == f"{PROGRAM['name']} – {entry.name}"
        assert fake_google.store.files[key].app_properties[STATE_KEY] == READY
    first, last = manifest.participants[0], manifest.participants[-1]
    for entry in (first, last):
        key = key_of(entry.workbook)
        profile = dict(row[:2] for row in fake_google.values(key, "Profile")[1:3])
        assert profile == {"Name": entry.name, "Email": entry.email}
        settings = {row[0]: row[1] for row in fake_google.values(key, "Settings")[1:]
                    if len(row) > 1}
        assert settings == {"Cadence Mentor": 10, "Shortlist Size": 3, "Weight Values": 0}
        goals = fake_google.values(key, quoted("Goals"))
        assert [row[0] for row in goals[1:]] == ["G1", "G2", "G3"]
        assert validate(backend(fake_google, key).read()).problems == []

    # Run again: nothing made, shared or even asked of Google
    before = {key: fake_google.permissions(key) for key in sheet_keys}
    asked = fake_google.count()
    again = init_cohort(roster, program, tmp_path / "cohort", google_maker(client))
    assert again.created == () and again.already_there == PARTICIPANTS
    assert fake_google.count() == asked
    assert {key: fake_google.permissions(key) for key in sheet_keys} == before
    assert sorted(live_sheets(fake_google)) == sorted(sheet_keys)


# Step 1 (Drive made the file, the answer was lost) in the edit loop; every step in CI.
@pytest.mark.parametrize("step", [1, *(pytest.param(step, marks=pytest.mark.slow)
                                       for step in range(2, REQUESTS_PER_SHEET + 1))])
def test_a_run_cut_off_at_any_request_resumes_without_a_duplicate(
        tmp_path: Path, fake_google: FakeGoogle, step: int) -> None:
    """The connection drops right after Google carried out the request at ``step`` of
    making a participant's sheet (the worst moment: done, but never told)."""
    roster = write_roster(tmp_path / "roster.csv", people(1))
    program = write_program(tmp_path / "program.json")
    folder = tmp_path / "cohort"
    maker = google_maker(fake_google.client())
    fake_google.disconnect(at=1 + step, after_apply=True)  # 1: whose Drive it is
    with pytest.raises(GoogleError):
        init_cohort(roster, program, folder, maker)
    cut = load_manifest(folder)
    assert [e.state for e in cut.participants] == [EntryState.PENDING]  # written ahead

    result = init_cohort(roster, program, folder, maker)
    assert [e.email for e in result.created] == ["p00@example.com"]
    manifest = load_manifest(folder)
    assert {e.state for e in manifest.participants} == {EntryState.CREATED}
    sheet_keys = keys(manifest)
    assert sorted(live_sheets(fake_google)) == sorted(sheet_keys), "no duplicate, no orphan"
    for entry, key in zip(manifest.participants, sheet_keys, strict=True):
        assert shared_with(fake_google, key) == expected_sharing(DEFAULT_CALLER, entry.email)
        assert fake_google.store.files[key].app_properties[STATE_KEY] == READY
        assert validate(backend(fake_google, key).read()).problems == []
    # Cut off after its last request, the sheet was whole: it is kept, not made again
    made_again = step < REQUESTS_PER_SHEET
    assert (len(fake_google.store.files) == 2) is made_again  # the half-made one, in the trash


def test_a_create_retried_after_google_made_the_file_leaves_one_sheet(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    # A 500 that came after Google made the file: the retry makes a second one
    roster = write_roster(tmp_path / "roster.csv", people(1))
    fake_google.fail(500, endpoint="drive.files.create", after_apply=True)
    init_cohort(roster, write_program(tmp_path / "program.json"), tmp_path / "cohort",
                google_maker(fake_google.client()))
    assert fake_google.count("drive.files.create") == 2
    manifest = load_manifest(tmp_path / "cohort")
    assert live_sheets(fake_google) == keys(manifest)
    trashed = [f for f in fake_google.store.files.values() if f.trashed]
    assert len(trashed) == 1
    assert trashed[0].app_properties[TOKEN_KEY] == \
        fake_google.store.files[keys(manifest)[0]].app_properties[TOKEN_KEY]


@pytest.mark.slow
def test_cli_makes_sheets_in_a_folder_as_the_service_account(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    folder_id = fake_google.store.create_file("Spring cohort", "application/vnd.google-apps"
                                              ".folder", ACCOUNT).id
    roster = write_roster(tmp_path / "roster.csv", people(2))
    program = write_program(tmp_path / "program.json")
    credentials = key_file(tmp_path)
    args = ("cohort", "init", str(roster), "--program", str(program), "--out",
            str(tmp_path / "cohort"), "--google", "--credentials", str(credentials),
            "--folder", folder_id)
    code, out, err = run(*args, "--json")
    assert code == 0, err
    made = json.loads(out)["created"]
    assert [m["email"] for m in made] == ["p00@example.com", "p01@example.com"]
    for row in made:
        key = key_of(row["workbook"])
        assert fake_google.store.files[key].parents == [folder_id]
        assert shared_with(fake_google, key) == expected_sharing(ACCOUNT, row["email"])
        assert not any(p["type"] in ("anyone", "domain") for p in fake_google.permissions(key))

    code, out, err = run(*args)
    assert code == 0, err
    assert "0 new Google Sheets, 2 participants already there" in out
    # One cohort keeps its workbooks in one place
    code, _, err = run("cohort", "init", str(roster), "--program", str(program), "--out",
                       str(tmp_path / "cohort"))
    assert code == 2 and "workbooks are Google Sheets, not .xlsx files" in err
    code, _, err = run("cohort", "init", str(roster), "--program", str(program), "--out",
                       str(tmp_path / "local"), "--folder", folder_id)
    assert code == 2 and "go with --google" in err


def test_no_credentials_is_one_line_and_makes_nothing(
        tmp_path: Path, fake_google: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSPREAD_CONFIG_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("NETPLAN_GOOGLE_CREDENTIALS", raising=False)
    code, _, err = run("cohort", "init", str(write_roster(tmp_path / "r.csv", people(2))),
                       "--program", str(write_program(tmp_path / "p.json")), "--out",
                       str(tmp_path / "cohort"), "--google")
    assert code == 2 and err.count("\n") == 1 and "no Google credentials found" in err
    assert not (tmp_path / "cohort").exists() and fake_google.count() == 0


def test_each_address_is_shared_once_and_the_owner_not_at_all(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    program = write_program(tmp_path / "program.json", {
        **PROGRAM, "coordinators": ["Programs@Example.com", DEFAULT_CALLER.upper(),
                                    "P00@example.com", "programs@example.com"]})
    init_cohort(write_roster(tmp_path / "roster.csv", people(1)), program,
                tmp_path / "cohort", google_maker(fake_google.client()))
    key = keys(load_manifest(tmp_path / "cohort"))[0]
    assert shared_with(fake_google, key) == {
        ("user", DEFAULT_CALLER, "owner"), ("user", "p00@example.com", "writer"),
        ("user", "Programs@Example.com", "writer")}
    # The fake client's token names no account: Drive was asked whose sheets these are
    assert fake_google.count("drive.about.get") == 1
