"""Rosters and program text as they come from real exports and careless edits: control
characters, UTF-16 without a byte order mark, Excel's "sep=;" line, a quote left open,
addresses that are formulas. Each is one line naming the file and line, exit 2, nothing
created; and once the roster is fixed, a re-run works."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, people, write_program, write_roster

from netplan_sheets.cli import cli
from netplan_sheets.cohort import load_manifest, read_roster
from netplan_sheets.cohort.manifest import Entry, EntryState
from netplan_sheets.cohort.roster import RosterError
from netplan_sheets.workbooks import validate_source


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def init(roster: Path, program: Path, folder: Path) -> tuple[int, str, str]:
    return run("cohort", "init", str(roster), "--program", str(program), "--out", str(folder))


def as_tuples(path: Path) -> list[tuple[str, str, str | None, int]]:
    return [(p.name, p.email, p.group, p.line) for p in read_roster(path)]


def test_control_characters_are_reported_by_line_and_nothing_is_made(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"Name,Email,Group\nAnn Lee,ann@example.com,A\n"
                       b"Bo\x07b,bob@example.com,A\n"  # 3: BEL
                       b"Ca\x00rl,carl@example.com,B\n"  # 4: NUL
                       b"Dana,dana@example.com,\x1b[31mB\n")  # 5: ESC in the group
    program = write_program(tmp_path / "program.json")
    folder = tmp_path / "cohort"
    code, out, err = init(roster, program, folder)
    assert code == 2 and out == ""
    assert err.count("\n") == 1, err
    assert "3 bad rows, so nothing was created" in err
    for line, where, char in ((3, "Name", "0007"), (4, "Name", "0000"), (5, "Group", "001B")):
        assert f"line {line}: {where} holds a control character (U+{char})" in err
    assert not folder.exists(), "nothing is created, not even a pending manifest entry"

    roster.write_bytes(b"Name,Email,Group\nAnn Lee,ann@example.com,A\n"
                       b"Bob,bob@example.com,A\nCarl,carl@example.com,B\n"
                       b"Dana,dana@example.com,B\n")
    code, out, err = init(roster, program, folder)
    assert code == 0, err
    manifest = load_manifest(folder)
    assert [e.name for e in manifest.participants] == ["Ann Lee", "Bob", "Carl", "Dana"]
    assert all(validate_source(str(manifest.local_path(e))).valid
               for e in manifest.participants)


def test_a_pending_entry_an_older_run_left_with_a_bel_is_cleared(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv", people(2))
    program = write_program(tmp_path / "program.json")
    folder = tmp_path / "cohort"
    assert init(roster, program, folder)[0] == 0
    # what the crash used to leave: the row recorded as pending, its workbook never made
    manifest = load_manifest(folder)
    manifest.participants.append(Entry("Bo\x07b", "bob@example.com", None, "xlsx",
                                       "bo-b.xlsx", EntryState.PENDING))
    manifest.save()
    write_roster(roster, [*people(2), ("Bob", "bob@example.com", None)])  # fixed
    code, out, err = init(roster, program, folder)
    assert code == 0, err
    assert "'Bo\ufffdb': left out" in out
    entries = load_manifest(folder).participants
    assert [(e.name, e.state) for e in entries][-1] == ("Bob", EntryState.CREATED)
    assert all("\x07" not in e.name for e in entries) and len(entries) == 3
    bob = openpyxl.load_workbook(folder / entries[-1].workbook)["Profile"]
    assert [r[1] for r in bob.iter_rows(values_only=True) if r[0] == "Name"] == ["Bob"]
    assert not (folder / "bo-b.xlsx").exists()


@pytest.mark.parametrize(("goal", "where", "message"), [
    ({"Goal": "Meet\x1bpeople"}, "/goals/0/Goal", "holds a control character (U+001B)"),
    ({"Notes": "x" * 40_000}, "/goals/0/Notes",
     "is 40,000 characters long; a spreadsheet cell holds at most 32,767"),
    ({"Goal ID": "G\x001"}, "/goals/0/Goal ID", "holds a control character (U+0000)"),
])
def test_program_text_a_cell_cannot_hold_is_refused(
        tmp_path: Path, goal: dict[str, str], where: str, message: str) -> None:
    program = write_program(tmp_path / "program.json",
                            {**PROGRAM, "goals": [{**PROGRAM["goals"][0], **goal}]})
    roster = write_roster(tmp_path / "roster.csv", people(2))
    code, _, err = init(roster, program, tmp_path / "cohort")
    assert code == 2
    assert err.startswith(f"Error: {program}: {where}: {message}") and err.count("\n") == 1
    assert not (tmp_path / "cohort").exists()


def test_a_program_name_with_a_control_character_is_refused(tmp_path: Path) -> None:
    program = write_program(tmp_path / "program.json", {**PROGRAM, "name": "Spring\x07"})
    code, _, err = init(write_roster(tmp_path / "r.csv", people(1)), program, tmp_path / "c")
    assert code == 2 and f"{program}: /name: holds a control character (U+0007)" in err


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("Name,Email,Group\nZoë,zoe@example.com,Nord\n".encode(encoding))
    assert as_tuples(path) == [("Zoë", "zoe@example.com", "Nord", 2)]


def test_excel_sep_line_names_the_separator(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"sep=;\r\nName;Email;Group\r\nAnn, Jr.;ann@example.com;A\r\n"
                     b";nobody@example.com;B\r\n")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert caught.value.problems == [(4, "Name is missing")]  # lines as the file numbers them
    path.write_bytes(b"sep=;\r\nName;Email;Group\r\nAnn, Jr.;ann@example.com;A\r\n")
    assert as_tuples(path) == [("Ann, Jr.", "ann@example.com", "A", 3)]


def test_a_quote_left_open_does_not_swallow_rows_silently(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('Name,Email,Group\nAnn,ann@example.com,"Engineering\n'
                    "Bob,bob@example.com,Sales\nCarl,carl@example.com,Sales\n",
                    encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert caught.value.problems == [
        (2, 'a quoted value runs on to line 4; is a closing " missing?')]


def test_a_quote_left_open_in_a_long_roster_names_its_line(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text('Name,Email\nAnn,"ann@example.com\n' + "Bob,bob@example.com\n" * 20_000,
                      encoding="utf-8")
    code, _, err = init(roster, write_program(tmp_path / "p.json"), tmp_path / "c")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"Error: {roster}: line 2: cannot be read as CSV (")
    assert err.endswith('is a closing " missing?\n')


def test_every_roster_error_is_one_line(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    bad = [(f"P{i}", f"not-an-address-{i}", None) for i in range(30)]
    write_roster(roster, [*people(2), *bad])
    code, _, err = init(roster, write_program(tmp_path / "p.json"), tmp_path / "c")
    assert code == 2 and err.count("\n") == 1
    assert "30 bad rows, so nothing was created: line 4: 'not-an-address-0'" in err
    assert err.rstrip().endswith("; and 10 more")


@pytest.mark.parametrize("address", ['=HYPERLINK("x")@x.com', "=x@example.com",
                                     "+1@example.com", "a b@example.com", "ann@example"])
def test_formula_like_addresses_are_not_emails(tmp_path: Path, address: str) -> None:
    path = write_roster(tmp_path / "r.csv", [("Ann", address, None)])
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert caught.value.problems == [
        (2, f"{address!r} is not an email address like ann@example.com")]


def test_json_lists_what_init_left_out(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv", people(1))
    program = write_program(tmp_path / "program.json")
    code, out, err = run("cohort", "init", str(roster), "--program", str(program), "--out",
                         str(tmp_path / "c"), "--json")
    assert code == 0, err
    assert json.loads(out)["dropped"] == []
