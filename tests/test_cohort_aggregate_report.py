"""netplan cohort report --aggregate-only: the report to share beyond the coordinators. No
participant's row, small groups hidden, and complementary suppression tested the way a
reader would attack it: by subtracting and adding the rows that are shown."""

from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import AS_OF, make_cohort, people
from hypothesis import given
from hypothesis import strategies as st

from netplan_sheets.cli import cli
from netplan_sheets.cohort import build_aggregate_report, build_report, load_manifest, sync_cohort
from netplan_sheets.cohort.manifest import Manifest
from netplan_sheets.cohort.report import Aggregate
from netplan_sheets.cohort.suppression import hidden_groups

GROUPS = ["North"] * 4 + ["South"] * 3 + ["West"] * 2  # West is under 3


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    folder = tmp_path_factory.mktemp("aggregate") / "cohort"
    manifest = load_manifest(make_cohort(folder, len(GROUPS), GROUPS))
    sync_cohort(manifest, AS_OF)
    return manifest


def vector(record: dict[str, Any]) -> tuple[float, ...]:
    """A row's figures as sums (a mean times its count), as anyone adding or subtracting
    rows would use them. Every participant here has goals, so each mean is over all."""
    count = record["reporting"]
    sums = [record[k] for k in ("reporting", "goals_total", "goals_done", "goals_on_track",
                                "goals_behind", "goals_missed", "goals_not_started",
                                "followups_overdue", "behind_or_missed", "with_shortlist",
                                "with_problems", "not_synced")]
    sums += [record["mean_progress"] * count, record["interactions_30d_mean"] * count]
    return tuple(round(value, 6) for value in sums)


def combinations(rows: list[tuple[float, ...]]) -> dict[tuple[float, ...], tuple[int, ...]]:
    """Every sum of the rows with weights -1, 0 or +1: what a reader can work out."""
    found = {}
    for weights in itertools.product((-1, 0, 1), repeat=len(rows)):
        if any(weights):
            total = tuple(round(sum(w * row[i] for w, row in zip(weights, rows, strict=True)), 6)
                          for i in range(len(rows[0])))
            found[total] = weights
    return found


def secrets(manifest: Manifest, hidden: set[str]) -> dict[str, tuple[float, ...]]:
    """The true figures of each hidden group and of each of their participants, from the
    coordinator's report: what must not be derivable."""
    coordinator = build_report(manifest).to_dict()
    found = {g["group"]: vector(g["aggregate"]) for g in coordinator["groups"]
             if g["group"] in hidden}
    for row in coordinator["participants"]:
        if row["group"] in hidden:
            found[row["name"]] = vector({**row, "reporting": 1,
                                         "behind_or_missed": int(bool(row["goals_behind"]
                                                                      or row["goals_missed"])),
                                         "with_shortlist": int(row["has_shortlist"]),
                                         "with_problems": int(bool(row["problems"])),
                                         "not_synced": 0,
                                         "interactions_30d_mean": row["interactions_30d"]})
    return found


def test_threshold_alone_would_give_a_small_group_away(cohort: Manifest) -> None:
    """The premise: with only the small group hidden, total - others = that group."""
    coordinator = build_report(cohort).to_dict()
    shown = [vector(g["aggregate"]) for g in coordinator["groups"] if g["group"] != "West"]
    derived = combinations([vector(coordinator["overall"]["aggregate"]), *shown])
    assert secrets(cohort, {"West"})["West"] in derived


def test_no_hidden_figure_can_be_worked_out_from_what_is_shown(
        cohort: Manifest, tmp_path: Path) -> None:
    code, out, err = run("cohort", "report", str(cohort.path), "--aggregate-only", "--json")
    assert code == 0, err
    published = json.loads(out)
    rows = [g for g in (*published["groups"], published["overall"]) if g["shown"]]
    hidden = {g["group"] for g in published["groups"] if not g["shown"]}
    assert hidden == {"West", "South"}  # West is small; South, the smallest other, with it
    assert [g["group"] for g in rows] == ["North", "All participants"]
    derived = combinations([vector(g["aggregate"]) for g in rows])
    for name, figures in secrets(cohort, hidden).items():
        assert figures not in derived, f"{name}'s figures follow from {derived[figures]}"
    # what subtracting does give: the hidden groups together, at least 3 participants
    residual = tuple(a - b for a, b in zip(vector(published["overall"]["aggregate"]),
                                           vector(rows[0]["aggregate"]), strict=True))
    assert residual[0] == 5 >= published["threshold"] == 3


def test_no_participant_row_or_name_in_either_output(cohort: Manifest, tmp_path: Path) -> None:
    out = tmp_path / "share.xlsx"
    code, text, err = run("cohort", "report", str(cohort.path), "--aggregate-only", "--out",
                          str(out), "--json")
    assert code == 0, err
    published = json.loads(text)
    assert set(published) == {"report", "program", "threshold", "groups", "overall"}
    with zipfile.ZipFile(out) as archive:
        parts = b"".join(archive.read(name) for name in archive.namelist())
    for name, email, _ in people(len(GROUPS)):
        assert name not in text and email not in text
        assert name.encode() not in parts and email.encode() not in parts
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Groups", "About"]
    rows = list(book["Groups"].iter_rows(values_only=True))
    by_group = {row[0]: row for row in rows[1:5]}
    for name in ("South", "West"):
        assert by_group[name][2].startswith("hidden: groups of fewer than 3")
        assert all(cell is None for cell in by_group[name][3:]), f"{name} leaks a figure"
    assert by_group["North"][2] == 4 and by_group["All participants"][2] == 9
    chart_header = next(i for i, row in enumerate(rows) if i and row[0] == "Group")
    assert [row[0] for row in rows[chart_header + 1:]] == ["North"], "hidden groups uncharted"
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Who may read it"].startswith("Made to be shared beyond")


def test_the_threshold_is_configurable(cohort: Manifest) -> None:
    def shown(threshold: int) -> list[str]:
        report = build_aggregate_report(cohort, threshold)
        return [g.group for g in (*report.groups, report.overall) if g.shown]

    assert shown(2) == ["North", "South", "West", "All participants"]
    assert shown(3) == ["North", "All participants"]
    assert shown(4) == ["North", "All participants"]  # South (3) and West (2): 5 together
    assert shown(5) == ["All participants"]  # North (4) too; all nine together
    assert shown(10) == []  # fewer than 10 in the whole cohort: nothing at all
    code, out, _ = run("cohort", "report", str(cohort.path), "--aggregate-only",
                       "--threshold", "5", "--json")
    assert code == 0 and json.loads(out)["threshold"] == 5


@pytest.mark.parametrize(("args", "message"), [
    (["--threshold", "4"], "--threshold goes with --aggregate-only"),
    (["--aggregate-only", "--threshold", "1"], "--threshold"),
])
def test_threshold_usage_errors(cohort: Manifest, args: list[str], message: str) -> None:
    code, _, err = run("cohort", "report", str(cohort.path), "--json", *args)
    assert code == 2 and message in err


@given(st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=7),
       st.integers(min_value=2, max_value=6))
def test_whatever_the_groups_subtracting_never_isolates_fewer_than_the_threshold(
        sizes: list[int], threshold: int) -> None:
    reporting = {f"G{i}": n for i, n in enumerate(sizes)}
    hidden = hidden_groups(reporting, threshold)
    total = sum(sizes)
    assert {g for g, n in reporting.items() if n < threshold} <= hidden
    if total < threshold:
        assert hidden == set(reporting)  # and the total is hidden as well
    elif hidden:
        # total minus every shown group is the only new figure: it covers enough people
        assert sum(reporting[g] for g in hidden) >= threshold
        assert all(reporting[g] >= threshold for g in set(reporting) - hidden)


def test_aggregates_are_sums_the_attack_model_relies_on(cohort: Manifest) -> None:
    report = build_report(cohort)
    assert report.overall.aggregate is not None
    groups = [g.aggregate for g in report.groups if g.aggregate is not None]
    whole: Aggregate = report.overall.aggregate
    for index, value in enumerate(vector(whole.to_dict())):
        assert value == pytest.approx(sum(vector(g.to_dict())[index] for g in groups))
