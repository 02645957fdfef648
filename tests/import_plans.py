"""A plan with contacts the sample exports partly know, for the import tests.

Its Contacts sheet has its columns reordered and a column of the user's own ("My Rating")
between two of the tool's; every one of its rows has user-typed cells that an import must
leave exactly as they are.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from plans import write_plan

from netplan_sheets.schema import sheet_schema

SAMPLES = Path(__file__).parent / "import_samples"
AS_OF = date(2026, 11, 3)
ME = "jordan@lake.example"

CONTACT_HEADERS = ["Name", "My Rating", "Relationship", "Email", "Organization", "Role",
                   "LinkedIn", "How Met", "Added On", "Notes"] + [
    c.title for c in sheet_schema("contacts").columns
    if c.title not in ("Name", "Relationship", "Email", "Organization", "Role", "LinkedIn",
                       "How Met", "Added On", "Notes")]

CONTACTS: list[dict[str, Any]] = [
    # matched by email, typed in another case; Organization typed differently
    {"Name": "Dana Lee", "My Rating": "A+", "Relationship": "Mentor",
     "Email": "Dana.Lee@Northwind.example", "Organization": "Northwind",
     "Notes": "Met at RoboConf", "Added On": date(2023, 5, 2)},
    # matched by name (case and spacing folded)
    {"Name": "omar  haddad", "Relationship": "Peer", "Strength": 3},
    # matched by LinkedIn address (http, no www, other case, no trailing slash)
    {"Name": "Priya R.", "Relationship": "Potential mentor",
     "LinkedIn": "http://linkedin.com/in/PriyaRaman", "Role": "Head of Product"},
    # every cell the import could fill is already typed
    {"Name": "Sam Okafor", "My Rating": "B", "Relationship": "Key connection",
     "Email": "sam.o@personal.example", "Organization": "Fabrikam Inc.",
     "Role": "EM", "LinkedIn": "https://www.linkedin.com/in/sam-okafor", "How Met": "School",
     "Added On": date(2020, 1, 1), "Notes": "Call after 6pm"},
]
INTERACTIONS: list[dict[str, Any]] = [
    {"Date": date(2026, 9, 7), "Contact": "Dana Lee", "Type": "meeting",
     "Summary": "Platform mentoring"},
    {"Date": date(2026, 8, 1), "Contact": "Sam Okafor", "Type": "Call", "Summary": "Catch-up"},
]


def write_import_plan(path: Path, contacts: list[dict[str, Any]] | None = None,
                      interactions: list[dict[str, Any]] | None = None,
                      headers: list[str] | None = None) -> Path:
    return write_plan(path, {
        "Profile": {"Name": "Jordan Lake", "Email": ME},
        "Contacts": CONTACTS if contacts is None else contacts,
        "Interactions": INTERACTIONS if interactions is None else interactions,
    }, headers={"Contacts": headers or CONTACT_HEADERS})
