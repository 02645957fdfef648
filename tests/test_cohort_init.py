"""netplan cohort init: one pre-filled workbook per participant, a manifest written as it
goes, re-runs that add only new people, and a killed run that resumes without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, people, write_program, write_roster

from netplan_sheets.cli import cli
from netplan_sheets.cohort import init_cohort, load_manifest
from netplan_sheets.cohort.manifest import EntryState, cohort_lock
from netplan_sheets.cohort.prefill import fill_sheets, fill_xlsx, prefill_for
from netplan_sheets.cohort.program import load_program
from netplan_sheets.cohort.roster import Participant
from netplan_sheets.template import build_template
from netplan_sheets.template.contents import template_sheets
from netplan_sheets.workbooks import validate_source
from netplan_sheets.writeback import trimmed


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def fields(path: Path, sheet: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)
            if row[1] is not None}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


COHORT = 8  # participants: enough for names, groups and a re-run that changes some of them


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    return (write_roster(tmp_path / "roster.csv", people(COHORT)),
            write_program(tmp_path / "program.json"))


def test_each_participant_gets_a_prefilled_valid_workbook(
        tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    roster, program = inputs
    code, out, err = run("cohort", "init", str(roster), "--program", str(program),
                         "--out", str(tmp_path / "cohort"), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert len(result["created"]) == COHORT and result["participants"] == COHORT
    manifest = load_manifest(tmp_path / "cohort" / "manifest.json")
    assert manifest.program_name == PROGRAM["name"]
    assert [(e.name, e.email, e.group) for e in manifest.participants] == people(COHORT)
    assert {e.state for e in manifest.participants} == {EntryState.CREATED}
    files = sorted(p.name for p in (tmp_path / "cohort").glob("*.xlsx"))
    assert files == sorted(e.workbook for e in manifest.participants)
    assert len(set(files)) == COHORT
    for entry in manifest.participants[:3]:
        path = manifest.local_path(entry)
        assert validate_source(str(path)).problems == []
        profile = fields(path, "Profile")
        assert profile["Name"] == entry.name and profile["Email"] == entry.email
        assert fields(path, "Settings") == {"Cadence Mentor": 10, "Shortlist Size": 3,
                                            "Weight Values": 0}
        goals = list(openpyxl.load_workbook(path)["Goals"].iter_rows(min_row=2, max_col=7,
                                                                      values_only=True))
        assert [g[0] for g in goals if g[0]] == ["G1", "G2", "G3"]
        g1 = goals[0]
        # Start and Due left out of a program goal default to the program's dates
        assert (g1[5].date().isoformat(), g1[6].date().isoformat()) == ("2026-03-01",
                                                                        "2026-06-30")


def test_rerun_rewrites_nothing_and_adds_only_new_rows(
        tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    roster, program = inputs
    folder = tmp_path / "cohort"
    init_cohort(roster, program, folder)
    before = snapshot(folder)
    time.sleep(0.02)  # so a rewrite would show in the mtimes
    again = init_cohort(roster, program, folder)
    assert again.created == () and again.already_there == COHORT
    assert snapshot(folder) == before, "a re-run must not rewrite any file"

    # A new person with a name already used, an email now typed in capitals, and a
    # changed Group: only the new person gets a workbook.
    rows = [*people(COHORT), ("Participant 00", "new.person@example.com", "North")]
    rows[1] = (rows[1][0], rows[1][1], "West")
    rows[5] = ("Someone Else", "P05@EXAMPLE.COM", rows[5][2])
    write_roster(roster, rows)
    third = init_cohort(roster, program, folder)
    assert [e.email for e in third.created] == ["new.person@example.com"]
    assert third.created[0].workbook == "participant-00-2.xlsx"
    assert [e.email for e in third.regrouped] == ["p01@example.com"]
    after = snapshot(folder)
    for name, (data, mtime) in before.items():
        if name != "manifest.json":
            assert after[name] == (data, mtime), f"{name} was rewritten"
    manifest = load_manifest(folder)
    assert len(manifest.participants) == COHORT + 1
    assert manifest.participants[1].group == "West"


def test_pending_participants_are_finished_without_remaking_workbooks(
        tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    roster, program = inputs
    folder = tmp_path / "cohort"
    write_roster(roster, people(3))
    init_cohort(roster, program, folder)
    # As a run killed at two moments leaves it: one participant recorded but not made yet,
    # one whose workbook was saved before the manifest said so.
    manifest = load_manifest(folder)
    made, missing = manifest.participants[1], manifest.participants[2]
    made.state = missing.state = EntryState.PENDING
    manifest.save()
    manifest.local_path(missing).unlink()
    kept = manifest.local_path(made).read_bytes()
    (folder / f".{missing.workbook}.abc123.tmp").write_bytes(b"half a workbook")

    result = init_cohort(roster, program, folder)
    assert {e.email for e in result.created} == {made.email, missing.email}
    assert manifest.local_path(made).read_bytes() == kept
    assert validate_source(str(manifest.local_path(missing))).problems == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.json", *(e.workbook for e in manifest.participants)])
    assert {e.state for e in load_manifest(folder).participants} == {EntryState.CREATED}


@pytest.mark.slow
def test_killed_run_resumes_without_duplicates(tmp_path: Path) -> None:
    # 30 participants: enough that the kill lands part-way through the roster
    roster = write_roster(tmp_path / "roster.csv", people(30))
    program = write_program(tmp_path / "program.json")
    folder = tmp_path / "cohort"
    manifest_file = folder / "manifest.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "netplan_sheets", "cohort", "init", str(roster), "--program",
         str(program), "--out", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded = 0
    deadline = time.monotonic() + 60
    try:
        while recorded < 5 and time.monotonic() < deadline and process.poll() is None:
            if manifest_file.exists():  # replaced atomically: always whole
                recorded = len(json.loads(manifest_file.read_text())["participants"])
            time.sleep(0.005)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    at_kill = len(json.loads(manifest_file.read_text())["participants"])
    assert 5 <= at_kill < 30, "the kill must land part-way through the roster"

    code, _, err = run("cohort", "init", str(roster), "--program", str(program),
                       "--out", str(folder))
    assert code == 0, err
    manifest = load_manifest(folder)
    emails = [e.email for e in manifest.participants]
    assert sorted(emails) == sorted(p[1] for p in people(30)), "each participant exactly once"
    assert {e.state for e in manifest.participants} == {EntryState.CREATED}
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.json", *(e.workbook for e in manifest.participants)]), \
        "no orphaned workbook, temporary file or lock left"
    for entry in manifest.participants:
        assert fields(manifest.local_path(entry), "Profile")["Email"] == entry.email


def test_names_become_safe_unique_file_names(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv", [
        ("Zoë O'Brien", "zoe@example.com", None),
        ("../../etc/passwd", "x@example.com", None),
        ("ZOË  o brien", "zoe2@example.com", None),
        ("李小龙", "li@example.com", None),
        ("con", "con@example.com", None),
        ("=HYPERLINK(\"http://evil\")", "evil@example.com", None),
    ])
    result = init_cohort(roster, write_program(tmp_path / "p.json"), tmp_path / "c")
    names = [e.workbook for e in result.created]
    assert names == ["zoe-o-brien.xlsx", "etc-passwd.xlsx", "zoe-o-brien-2.xlsx",
                     "participant.xlsx", "con-plan.xlsx", "hyperlink-http-evil.xlsx"]
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == sorted(
        [*names, "manifest.json"])
    ws = openpyxl.load_workbook(tmp_path / "c" / names[-1])["Profile"]
    name_cell = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "Name")
    assert name_cell.data_type == "s", "a roster name is written as text, never a formula"


def test_another_program_or_a_busy_cohort_is_refused(
        tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    roster, program = inputs
    folder = tmp_path / "cohort"
    write_roster(roster, people(2))
    init_cohort(roster, program, folder)
    other = write_program(tmp_path / "other.json", {**PROGRAM, "name": "Autumn"})
    code, _, err = run("cohort", "init", str(roster), "--program", str(other),
                       "--out", str(folder))
    assert code == 2 and "belongs to the program 'Spring 2026 cohort'" in err
    with cohort_lock(folder / "manifest.json"):
        code, _, err = run("cohort", "init", str(roster), "--program", str(program),
                           "--out", str(folder))
    assert code == 2 and "another netplan cohort command" in err
    assert err.count("\n") == 1


def test_bad_roster_creates_nothing(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    roster, program = inputs
    write_roster(roster, [*people(3), ("", "nobody@example.com", None)])
    code, _, err = run("cohort", "init", str(roster), "--program", str(program),
                       "--out", str(tmp_path / "cohort"))
    assert code == 2
    assert "line 5: Name is missing" in err and "nothing was created" in err
    assert not (tmp_path / "cohort").exists()


def test_google_prefill_puts_the_same_values_as_the_xlsx_prefill(tmp_path: Path) -> None:
    """A Google Sheet is filled from the backend-neutral template, a file by fill_xlsx:
    both put the same values in the same cells."""
    program = load_program(write_program(tmp_path / "program.json"))
    prefill = prefill_for(program, Participant("Ann Lee", "ann@example.com", None, 2))
    book = build_template("plan.xlsx")
    fill_xlsx(book, prefill)
    sheets = fill_sheets(template_sheets("plan.xlsx"), prefill)
    for sheet in sheets:
        on_file = trimmed([list(row) for row in book[sheet.title].iter_rows(values_only=True)])
        assert trimmed([list(row) for row in sheet.rows]) == on_file, sheet.title
    goals = next(s for s in sheets if s.title == "Goals")
    assert [row[0] for row in goals.rows[1:]] == ["G1", "G2", "G3"]
