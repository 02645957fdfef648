"""netplan cohort report, the coordinator's: per-participant figures equal to netplan
sync's, totals by Group, native charts, and nothing a participant typed. (The report to
share beyond the coordinators is in test_cohort_aggregate_report.)"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import (
    AS_OF,
    SECRETS,
    figures_of,
    fill_workbook,
    make_cohort,
    private_plan,
)
from conftest import Prebuilt
from zipparts import rewrite

from netplan_sheets.cli import cli
from netplan_sheets.cohort import build_report, load_manifest, sync_cohort
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.errors import WorkbookUnreadable
from netplan_sheets.sync import sync_xlsx

SECRET_SHEET = "ZEBRA-SECRET-SHEET"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def corrupt_with_secret_sheet(path: Path) -> None:
    """Add a sheet named with a secret and lose its part: sync's own message quotes it."""
    book = openpyxl.load_workbook(path)
    book.create_sheet(SECRET_SHEET)
    book.save(path)
    part = f"xl/worksheets/sheet{len(book.sheetnames)}.xml"
    broken = path.with_suffix(".broken")
    rewrite(path, broken, drop=[part])
    broken.replace(path)
    with pytest.raises(WorkbookUnreadable, match=SECRET_SHEET):
        sync_xlsx(path)  # proves the secret would leak if cohort kept sync's message


def every_part(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


def build_synced(folder: Path) -> None:
    """Nine participants with private plans, one workbook broken, all synced."""
    manifest = load_manifest(make_cohort(folder / "cohort", 9))
    corrupt_with_secret_sheet(manifest.local_path(manifest.participants[4]))
    sync_cohort(manifest, AS_OF)


@pytest.fixture
def synced(tmp_path: Path, prebuilt: Prebuilt) -> Manifest:
    return load_manifest(prebuilt.copy("synced-cohort", build_synced, tmp_path / "built")
                         / "cohort")


def test_nothing_a_participant_typed_reaches_any_cohort_output(
        synced: Manifest, tmp_path: Path) -> None:
    for entry in synced.participants[:4]:
        text = every_part(synced.local_path(entry))
        assert b"ZEBRA-SECRET-123" in text and b"ZEBRA-CONTACT-NAME" in text  # the test's premise
    out = tmp_path / "report.xlsx"
    code, report_json, err = run("cohort", "report", str(synced.path), "--out", str(out),
                                 "--json")
    assert code == 0, err
    _, sync_json, _ = run("cohort", "sync", str(synced.path), "--as-of", AS_OF.isoformat(),
                          "--json")
    _, sync_text, _ = run("cohort", "sync", str(synced.path), "--as-of", AS_OF.isoformat())
    outputs = {
        "report.xlsx": every_part(out),
        "report --json": report_json.encode(),
        "sync --json": sync_json.encode(),
        "sync text": sync_text.encode(),
        "cohort-status.json": (synced.folder / "cohort-status.json").read_bytes(),
    }
    for secret in (*SECRETS, SECRET_SHEET):
        for name, data in outputs.items():
            assert secret.encode().lower() not in data.lower(), f"{secret} is in {name}"


def test_report_numbers_equal_netplan_sync_json(synced: Manifest) -> None:
    # One participant with problems, so the problem count is more than zero somewhere.
    fill_workbook(synced.local_path(synced.participants[1]),
                  {"Interactions": [{"Date": AS_OF, "Contact": "Nobody", "Type": "Call"}]})
    sync_cohort(synced, AS_OF)
    code, out, err = run("cohort", "report", str(synced.path), "--json")
    assert code == 0, err
    rows = json.loads(out)["participants"]
    compared = 0
    for entry, row in zip(synced.participants, rows, strict=True):
        if row["status"] == "failed":
            continue
        _, sync_out, _ = run("sync", str(synced.local_path(entry)), "--as-of",
                             AS_OF.isoformat(), "--json")
        expected = figures_of(json.loads(sync_out))
        mean = expected.pop("mean_progress")
        assert {k: row[k] for k in expected} == expected
        assert row["mean_progress"] == pytest.approx(mean, rel=1e-12)
        compared += 1
        # Not in sync's JSON: worked out from what the participant typed (participant 2's
        # invalid interaction is left out, as from every computation).
        interactions = private_plan(row["number"] - 1)["Interactions"]
        recent = [i for i in interactions if 0 <= (AS_OF - i["Date"]).days < 30]
        latest = max(i["Date"] for i in interactions)
        assert row["interactions_30d"] == len(recent)
        assert row["last_activity"] == latest.isoformat()
    assert compared == 8
    assert rows[1]["problems"] == 1 and rows[1]["status"] == "problems"


def test_the_coordinators_report_shows_every_group(tmp_path: Path) -> None:
    # North: 4 (one fails: 3 report); South: 3 (one fails: 2 report); West: 2; no group: 1
    groups = ["North", "North", "North", "North", "South", "South", "South", "West", "West",
              None]
    manifest = load_manifest(make_cohort(tmp_path / "cohort", len(groups), groups))
    for index in (0, 4):
        manifest.local_path(manifest.participants[index]).write_bytes(b"garbage")
    sync_cohort(manifest, AS_OF)
    report = build_report(manifest)
    shown = {g.group: g for g in report.groups}
    assert list(shown) == ["North", "South", "West", "(no group)"]
    assert [shown[g].participants for g in shown] == [4, 3, 2, 1]
    # Its reader sees every participant's row: hiding small groups would protect nobody.
    assert all(g.shown for g in report.groups)
    reporting = [g.aggregate.reporting for g in report.groups if g.aggregate]
    assert reporting == [3, 2, 2, 1]
    north = shown["North"].aggregate
    assert north is not None and north.reporting == 3 and north.not_synced == 1
    assert report.overall.aggregate is not None and report.overall.aggregate.reporting == 8
    for name, group in shown.items():  # each group's totals are its participants' sums
        members = [p.figures for p in report.participants
                   if (p.group or "(no group)") == name and p.figures]
        assert group.aggregate is not None
        assert group.aggregate.followups_overdue == sum(f.followups_overdue for f in members)

    out = tmp_path / "report.xlsx"
    code, text, err = run("cohort", "report", str(manifest.path), "--out", str(out))
    assert code == 0, err
    assert "For the program's coordinators only" in text
    book = openpyxl.load_workbook(out)
    rows = list(book["Groups"].iter_rows(values_only=True))
    by_group = {row[0]: row for row in rows[1:6]}
    assert [by_group[g][2] for g in shown] == reporting
    assert by_group["All participants"][2] == 8
    assert len(book["Groups"]._charts) == 2
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Who may read it"].startswith("The program's coordinators only")


def test_report_workbook_layout(synced: Manifest, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    code, out_text, err = run("cohort", "report", str(synced.path), "--out", str(out))
    assert code == 0, err
    assert out_text == (f"Wrote {out}: 9 participants (8 synced, 1 failed); 3 groups. For the "
                        "program's coordinators only (to share beyond them: "
                        "--aggregate-only).\n")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Participants", "Groups", "About"]
    ws = book["Participants"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["#", "Name", "Group", "Sync Status"]
    assert "Email" not in header
    first = dict(zip(header, next(ws.iter_rows(min_row=2, values_only=True)), strict=True))
    assert first["Name"] == "Participant 00" and first["Mentor Shortlist"] in ("Yes", "No")
    assert ws.cell(row=2, column=header.index("Mean Progress") + 1).number_format == "0%"
    failed = dict(zip(header, next(ws.iter_rows(min_row=6, values_only=True)), strict=True))
    assert failed["Sync Status"] == "failed" and failed["Goals"] is None
    assert failed["Note"].startswith("the workbook could not be read")


def test_report_json_is_the_library_result_and_needs_an_output(synced: Manifest) -> None:
    code, out, _ = run("cohort", "report", str(synced.path), "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(build_report(synced).to_dict()))
    code, _, err = run("cohort", "report", str(synced.path))
    assert code == 2 and "--out report.xlsx, or --json" in err


def test_participants_never_synced_are_listed_as_such(tmp_path: Path) -> None:
    manifest = load_manifest(make_cohort(tmp_path / "cohort", 3))
    report = build_report(manifest)
    assert [str(p.status) for p in report.participants] == ["not synced"] * 3
    assert not report.overall.shown and report.overall.note == "no participant has synced yet"
