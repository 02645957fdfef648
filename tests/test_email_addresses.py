"""The email check of every Email column (and the roster's): addresses as people have them
pass; formulas, quotes and spaces dressed up as addresses do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import build_plan

from netplan_sheets.formats import is_email
from netplan_sheets.problems import ProblemType
from netplan_sheets.workbooks import validate_source

NOT_ADDRESSES = ['=HYPERLINK("x")@x.com', '=HYPERLINK("http://evil")@x.com', "=1+1@x.com",
                 "+cmd@x.com", "-x@x.com", "@x@x.com", '"ann"@example.com', "a b@example.com",
                 "a,b@example.com", "ann@example", "ann@exa_mple.com", "ann@-example.com",
                 "a..b@example.com", ".ann@example.com", "ann@example.com.", "ann@example.c"]
ADDRESSES = ["ann@example.com", "ann.lee+cohort@mail.example.co.uk", "o'brien@example.ie",
             "zoë@exämple.de", "a_b@x.io", "x@x.xn--p1ai", "李@例子.中国"]


@pytest.mark.parametrize("address", NOT_ADDRESSES)
def test_not_an_address(address: str) -> None:
    assert not is_email(address)


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address(address: str) -> None:
    assert is_email(address)


def test_a_formula_dressed_as_an_email_is_a_problem_at_its_cell(plan_path: Path) -> None:
    book = build_plan({
        "Profile": {"Email": '=HYPERLINK("x")@x.com'},
        "Contacts": [{"Name": "Dana", "Relationship": "Peer", "Email": "=1+1@x.com"},
                     {"Name": "Sam", "Relationship": "Peer", "Email": "sam@example.com"}],
    })
    for cell in (book["Profile"]["B3"], book["Contacts"]["E2"]):
        cell.data_type = "s"  # typed as text, as Excel keeps '=... and Google sends it
    book.save(plan_path)
    report = validate_source(str(plan_path))
    assert [(p.location, p.type, p.message) for p in report.problems] == [
        ("Profile!B3", ProblemType.CONSTRAINT_ERROR,
         "expected an email address like ann@example.com"),
        ("Contacts!E2", ProblemType.CONSTRAINT_ERROR,
         "expected an email address like ann@example.com"),
    ]
