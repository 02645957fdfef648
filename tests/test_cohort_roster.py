"""The roster CSV as spreadsheets export it, and bad rows reported by line number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cohort_data import write_roster

from netplan_sheets.cohort import read_roster
from netplan_sheets.cohort.naming import slug, unique_file_name
from netplan_sheets.cohort.roster import RosterError
from netplan_sheets.errors import BadInput


def as_tuples(path: Path) -> list[tuple[str, str, str | None, int]]:
    return [(p.name, p.email, p.group, p.line) for p in read_roster(path)]


def test_bom_crlf_and_reordered_case_insensitive_headers(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv",
                        [("A", "ann@example.com", "Ann Lee", "x"),
                         ("", "bob@example.com", "  Bob   Stone ", "y")],
                        header=("GROUP ", "Email", "  name", "Notes"),
                        bom=True, crlf=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfGROUP ")
    assert b"\r\n" in path.read_bytes()
    assert as_tuples(path) == [("Ann Lee", "ann@example.com", "A", 2),
                               ("Bob Stone", "bob@example.com", None, 3)]


def test_group_is_optional_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Name,Email\nAnn,ann@example.com\n,\n\nBob,bob@example.com\n",
                    encoding="utf-8")
    assert as_tuples(path) == [("Ann", "ann@example.com", None, 2),
                               ("Bob", "bob@example.com", None, 5)]


def test_semicolons_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("Name;Email;Group\r\nZoë Brandão;zoe@example.com;Nord\r\n"
                     .encode("cp1252"))
    assert as_tuples(path) == [("Zoë Brandão", "zoe@example.com", "Nord", 2)]


def test_utf16_export(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("Name\tEmail\nAnn\tann@example.com\n".encode("utf-16"))
    assert as_tuples(path) == [("Ann", "ann@example.com", None, 2)]


def test_every_bad_row_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Name,Email,Group\n"
        "Ann,ann@example.com,A\n"          # 2
        ",nobody@example.com,A\n"          # 3: no name
        "Carl,,B\n"                        # 4: no email
        '"Dana\nLee",dana@example\n'       # 5-6: a value over two lines; a bad email
        "Eve,ANN@Example.com,B\n"          # 7: Ann's email again
        ",,\n"                             # 8: blank, skipped
        "Fay,fay@example.com\n",           # 9: fine
        encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert caught.value.problems == [
        (3, "Name is missing"),
        (4, "Email is missing"),
        (5, 'a quoted value runs on to line 6; is a closing " missing?'),
        (5, "'dana@example' is not an email address like ann@example.com"),
        (7, "the email ANN@Example.com is already on line 2"),
    ]
    assert str(caught.value) == (
        f"{path}: 4 bad rows, so nothing was created: line 3: Name is missing; line 4: "
        'Email is missing; line 5: a quoted value runs on to line 6; is a closing " missing?; '
        "line 5: 'dana@example' is not an email address like ann@example.com; line 7: the "
        "email ANN@Example.com is already on line 2")


@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty; the first line must name the columns Name, Email"),
    ("Name,Group\nAnn,A\n", "line 1 must name the column Email (found: Name, Group)"),
    ("First,Last\n", "line 1 must name the columns Name and Email (found: First, Last)"),
    ("Name,Email,email\n", "line 1: the column Email appears twice"),
    ("Name,Email\n", "lists no participants"),
])
def test_unusable_roster(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=re.escape(message)):
        read_roster(path)


def test_missing_roster(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such file"):
        read_roster(tmp_path / "nope.csv")


@pytest.mark.parametrize(("name", "expected"), [
    ("Zoë O'Brien", "zoe-o-brien"),
    ("../../etc/passwd", "etc-passwd"),
    ("a\\b/c:d", "a-b-c-d"),
    ("李小龙", "participant"),
    ("NUL", "nul-plan"),
    ("x" * 100, "x" * 60),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_unique_names_ignore_case() -> None:
    assert unique_file_name("Ann Lee", ["ANN-LEE.xlsx", "ann-lee-2.xlsx"]) == "ann-lee-3.xlsx"
