"""netplan cohort sync and report for Google Sheets participants, through the fake API: a
private or deleted sheet reported while the others sync, Google's per-user quota kept by
the token bucket, and report figures equal to netplan sync --json on each sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from cohort_data import (
    AS_OF,
    SECRETS,
    figures_of,
    private_plan,
)
from cohort_google_data import (
    SimClock,
    key_file,
    keys,
    most_in_a_minute,
    requests_of,
    sheets_requests,
    upload_cohort,
)
from fake_google import FakeGoogle

from netplan_sheets.backends.google_quota import QUOTA_ENV, SheetsQuota
from netplan_sheets.cli import cli
from netplan_sheets.cohort import build_report, load_status, sync_cohort
from netplan_sheets.cohort.status import SyncStatus

GOOGLE_SAYS = ("The caller does not have permission", "Requested entity was not found",
               "File not found")


@pytest.fixture(autouse=True)
def quick_quota(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands here keep a raised quota, so the tests of what they report need not wait
    a minute of real time; the pacing itself is tested on a simulated clock."""
    monkeypatch.setenv(QUOTA_ENV, "6000")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_private_and_a_deleted_sheet_are_reported_and_the_others_synced(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    # Sheets as cohort init makes them, filled in, without its template requests (quick)
    manifest = upload_cohort(fake_google, tmp_path / "cohort",
                             [private_plan(index) for index in range(5)])
    sheet_keys = keys(manifest)
    fake_google.make_private(sheet_keys[1])  # its owner took netplan's access away: 403
    fake_google.client().del_spreadsheet(sheet_keys[3])  # deleted: 404

    credentials = str(key_file(tmp_path))
    args = ("cohort", "sync", str(manifest.path), "--as-of", AS_OF.isoformat(),
            "--credentials", credentials)
    code, out, err = run(*args, "--json")
    assert code == 1, err
    result = json.loads(out)
    assert [p["status"] for p in result["participants"]] == [
        "synced", "failed", "synced", "failed", "synced"]
    errors = [p["error"] for p in result["participants"]]
    assert "no access to the Google Sheet (403)" in errors[1]
    assert "not found (404)" in errors[3]
    for key in (sheet_keys[0], sheet_keys[2], sheet_keys[4]):
        assert "Follow-ups" in fake_google.titles(key), "synced: results written in the sheet"
    stored = load_status(manifest)
    assert {k: o.status for k, o in stored.items()} == {
        e.key: SyncStatus.FAILED if n in (1, 3) else SyncStatus.SYNCED
        for n, e in enumerate(manifest.participants)}

    code, text, _ = run(*args)
    assert code == 1 and "3 synced, 0 with problems, 2 failed" in text
    code, report, err = run("cohort", "report", str(manifest.path), "--json")
    assert code == 0, err
    assert [p["status"] for p in json.loads(report)["participants"]] == [
        "synced", "failed", "synced", "failed", "synced"]
    outputs = {"sync --json": out, "sync text": text, "report --json": report,
               "cohort-status.json": (manifest.folder / "cohort-status.json").read_text()}
    for name, data in outputs.items():
        for secret in (*SECRETS, *GOOGLE_SAYS):
            assert secret.lower() not in data.lower(), f"{secret} is in {name}"


@pytest.mark.slow
def test_report_figures_equal_netplan_sync_json_on_each_sheet(
        tmp_path: Path, fake_google: FakeGoogle) -> None:
    plans = [private_plan(index) for index in range(6)]
    plans[2]["Interactions"].append({"Date": AS_OF, "Contact": "Nobody", "Type": "Call"})
    manifest = upload_cohort(fake_google, tmp_path / "cohort", plans)
    credentials = str(key_file(tmp_path))
    code, _, err = run("cohort", "sync", str(manifest.path), "--as-of", AS_OF.isoformat(),
                       "--credentials", credentials)
    assert code == 1, err  # participant 3's problem
    code, out, err = run("cohort", "report", str(manifest.path), "--json")
    assert code == 0, err
    rows = json.loads(out)["participants"]
    for entry, row, plan in zip(manifest.participants, rows, plans, strict=True):
        code, sync_out, err = run("sync", entry.workbook, "--as-of", AS_OF.isoformat(),
                                  "--json", "--credentials", credentials)
        assert code in (0, 1), err
        expected = figures_of(json.loads(sync_out))
        mean = expected.pop("mean_progress")
        assert {k: row[k] for k in expected} == expected
        assert row["mean_progress"] == pytest.approx(mean, rel=1e-12)
        interactions = [i for i in plan["Interactions"] if i["Contact"] != "Nobody"]
        recent = [i for i in interactions if 0 <= (AS_OF - i["Date"]).days < 30]
        assert row["interactions_30d"] == len(recent)
        assert row["last_activity"] == max(i["Date"] for i in interactions).isoformat()
    assert [row["status"] for row in rows] == ["synced"] * 2 + ["problems"] + ["synced"] * 3
    assert rows[2]["problems"] == 1


# Google allows 60 reads and 60 writes a minute. The same property on a smaller world: a
# quota of 6 a minute, which 8 first syncs (24 reads, 16 writes) must wait for.
PER_MINUTE = 6
SYNCS = 8


def test_syncs_keep_within_googles_per_minute_quota(tmp_path: Path,
                                                   fake_google: FakeGoogle) -> None:
    manifest = upload_cohort(fake_google, tmp_path / "cohort", [private_plan(1)] * SYNCS)
    clock = SimClock()
    fake_google.quota.per_minute, fake_google.quota.clock = PER_MINUTE, clock.now  # 429s
    fake_google.reset_requests()
    quota = SheetsQuota(PER_MINUTE, burst=1, clock=clock.now, sleep=clock.sleep)
    result = sync_cohort(manifest, AS_OF, google=lambda: fake_google.client(throttle=quota))

    assert result.ok, [row.outcome.error for row in result.rows]
    assert {r.status for r in fake_google.requests} == {200}, "no 429: no retries"
    for write, per_sync in ((True, 2), (False, 3)):
        sent = [r.at for r in sheets_requests(fake_google, write)]
        assert len(sent) == per_sync * SYNCS and most_in_a_minute(sent) <= PER_MINUTE
    assert clock.time > 60, "the syncs were spread over more than a minute"
    # Every participant costs the same requests: 3 reads (the last checks no row moved), 2 writes
    assert {len(requests_of(fake_google, key)) for key in keys(manifest)} == {5}
    report = build_report(manifest)
    assert {str(p.status) for p in report.participants} == {"synced"}


def test_only_google_participants_need_credentials(
        tmp_path: Path, fake_google: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = upload_cohort(fake_google, tmp_path / "cohort", [private_plan(0)])
    monkeypatch.setenv("GSPREAD_CONFIG_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("NETPLAN_GOOGLE_CREDENTIALS", raising=False)
    code, _, err = run("cohort", "sync", str(manifest.path))
    assert code == 2 and err.count("\n") == 1 and "no Google credentials found" in err
    assert fake_google.count() == 0
    assert not (manifest.folder / "cohort-status.json").exists()
