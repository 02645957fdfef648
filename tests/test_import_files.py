"""Reading files to import: each kind recognised from its content, and the awkward parts of
real exports (LinkedIn's notes, Google's ::: lists, Outlook's Windows-1252, folded and
quoted-printable vCards, PHOTO blocks) read right, with the file's own line numbers."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from netplan_sheets.errors import ImportFileUnreadable
from netplan_sheets.imports.files import EXPECTED, detect_kind, read_import_file, read_text
from netplan_sheets.imports.ical import Window
from netplan_sheets.imports.records import FileKind, ImportProblemType, Person
from netplan_sheets.input_edits import MAX_CELL_TEXT

SAMPLES = Path(__file__).parent / "import_samples"
WINDOW = Window(date(2025, 11, 3), date(2026, 11, 3))


def people(name: str) -> dict[str, Person]:
    parsed = read_import_file(SAMPLES / name, WINDOW)
    return {p.name or p.email or "": p for p in parsed.people}


@pytest.mark.parametrize(("sample", "kind"), [
    ("Connections.csv", FileKind.LINKEDIN),
    ("google_contacts.csv", FileKind.GOOGLE),
    ("google_contacts_legacy.csv", FileKind.GOOGLE),
    ("outlook_contacts.csv", FileKind.OUTLOOK),
    ("apple.vcf", FileKind.VCARD),
    ("google.vcf", FileKind.VCARD),
    ("outlook.vcf", FileKind.VCARD),
    ("contacts-v4.vcf", FileKind.VCARD),
    ("google_calendar.ics", FileKind.ICALENDAR),
    ("outlook_calendar.ics", FileKind.ICALENDAR),
])
def test_each_kind_is_recognised_by_its_content_not_its_name(tmp_path: Path, sample: str,
                                                              kind: FileKind) -> None:
    renamed = tmp_path / "export.txt"
    shutil.copyfile(SAMPLES / sample, renamed)
    assert detect_kind(read_text(renamed)) is kind
    assert read_import_file(renamed, WINDOW).kind is kind


def test_linkedin_notes_quotes_unicode_and_line_numbers() -> None:
    parsed = read_import_file(SAMPLES / "Connections.csv", WINDOW)
    found = {p.name: p for p in parsed.people}
    dana = found["Dana Lee"]
    assert (dana.line, dana.organization, dana.role, dana.emails, dana.connected_on) == (
        5, "Northwind Robotics", "Director, Platform Engineering", (), date(2024, 3, 15))
    assert dana.linkedin == "https://www.linkedin.com/in/dana-lee-4b2a91"
    assert found["Omar Haddad"].emails == ("omar.haddad@globex.example",)
    assert found["Zoë Nuñez-Østergaard"].organization == "Initech ApS"
    assert found["李 娜"].organization == "Huaxin Capital, Ltd."
    assert found['=HYPERLINK("http://evil.example","x")'].line == 12
    assert found["+1 Ann"].role == 'Designer; "UX" lead'
    assert [(p.line, p.type, p.value) for p in parsed.problems] == [
        (9, ImportProblemType.NO_NAME_OR_EMAIL, None),
        (10, ImportProblemType.BAD_DATE, "31 Feb 2025"),
    ]
    assert "Priya Raman" not in found  # the row with the bad date is not imported


def test_google_contacts_current_export() -> None:
    parsed = read_import_file(SAMPLES / "google_contacts.csv", WINDOW)
    found = {p.name or p.email: p for p in parsed.people}
    dana = found["Dana Lee"]
    assert dana.emails == ("dana.lee@northwind.example", "dana@lee-family.example")
    assert (dana.organization, dana.role) == ("Northwind Robotics", "Director of Platform")
    assert dana.linkedin == "https://www.linkedin.com/in/dana-lee-4b2a91"
    marcus = found["Marcus J. Whitfield"]
    assert marcus.line == 4  # Dana's notes span two lines
    assert marcus.emails == ("marcus@tailwind.example", "m.whitfield@alumni.example")
    assert found["helen.cho@fourthcoffee.example"].name is None
    assert [(p.line, p.type) for p in parsed.problems] == [
        (5, ImportProblemType.NO_NAME_OR_EMAIL)]  # a company with a phone number only


def test_google_contacts_older_export() -> None:
    found = people("google_contacts_legacy.csv")
    grace = found["Grace Adeyemi"]
    assert (grace.emails, grace.organization, grace.role, grace.linkedin) == (
        ("grace@woodgrove.example",), "Woodgrove Bank", "Head of Risk",
        "http://linkedin.com/in/grace-adeyemi")
    assert found["Tomás Ruiz"].organization == "Lucerne Publishing"


def test_outlook_export_in_windows_1252() -> None:
    found = people("outlook_contacts.csv")
    rene = found["René Lefèvre"]
    assert (rene.role, rene.organization) == ("Account Director", "Litware")
    assert rene.linkedin == "https://www.linkedin.com/in/rene-lefevre"
    assert found["Beatriz Souza"].emails == ("b.souza@adatum.example",)
    assert found["Kenji Watanabe"].emails == ("KENJI.W@PROSEWARE.EXAMPLE",)


def test_apple_vcard_folded_lines_groups_photo_and_preferred_email() -> None:
    parsed = read_import_file(SAMPLES / "apple.vcf", WINDOW)
    assert not parsed.problems
    dana, agnieszka = parsed.people
    assert dana.role == "Director of Platform Engineering"  # folded across two lines
    assert dana.emails[0] == "dana.lee@northwind.example"  # type=pref comes first
    assert dana.linkedin == "https://www.linkedin.com/in/dana-lee-4b2a91/"  # item1.URL
    assert dana.organization == "Northwind Robotics"
    assert agnieszka.line == 27  # after Dana's PHOTO block
    assert agnieszka.linkedin == "http://www.linkedin.com/in/akowalska"  # X-SOCIALPROFILE


def test_google_vcard_escaped_url_and_nameless_cards() -> None:
    parsed = read_import_file(SAMPLES / "google.vcf", WINDOW)
    omar, nameless = parsed.people
    assert omar.linkedin == "https://www.linkedin.com/in/omarhaddad"  # "https\://" unescaped
    assert (nameless.name, nameless.emails) == (None, ("noreply-list@lists.example",))
    assert [(p.line, p.type) for p in parsed.problems] == [
        (21, ImportProblemType.NO_NAME_OR_EMAIL)]


def test_outlook_vcard_quoted_printable_with_soft_line_breaks() -> None:
    (jurgen,) = read_import_file(SAMPLES / "outlook.vcf", WINDOW).people
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.organization == "Köln Stadtwerke AG"
    assert jurgen.role == "Leiter Geschäftsentwicklung Nordrhein-Westfalen"
    assert jurgen.emails == ("juergen.mueller@stadtwerke-koeln.example", "jm@privat.example")


def test_vcard_4_preference() -> None:
    (priya,) = read_import_file(SAMPLES / "contacts-v4.vcf", WINDOW).people
    assert priya.emails == ("priya.raman@contoso.example", "priya@raman.example")
    assert priya.linkedin == "https://linkedin.com/in/priyaraman?originalSubdomain=uk"


def test_a_broken_vcard_is_a_problem_at_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    text = (SAMPLES / "contacts-v4.vcf").read_text("utf-8")
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\nthis line has no colon\r\n"\
             "END:VCARD\r\n"
    path = tmp_path / "mixed.vcf"
    path.write_text(broken + text, "utf-8")
    parsed = read_import_file(path, WINDOW)
    assert [p.name for p in parsed.people] == ["Priya Raman"]
    assert parsed.people[0].line == 6
    (problem,) = parsed.problems
    assert (problem.line, problem.type) == (1, ImportProblemType.BAD_RECORD)
    assert problem.one_line().startswith(f"{path}, line 1: this vCard cannot be read")


@pytest.mark.parametrize("bad", ["Ann\x07Bell", "A" * (MAX_CELL_TEXT + 1)])
def test_text_a_cell_cannot_hold_is_a_problem_for_that_row(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    f"{bad},,,,,,\nDana,Lee,,,,,\n", "utf-8")
    parsed = read_import_file(path, WINDOW)
    assert [p.name for p in parsed.people] == ["Dana Lee"]
    assert [(p.line, p.type) for p in parsed.problems] == [(2, ImportProblemType.BAD_TEXT)]


def test_utf16_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes((SAMPLES / "google_contacts_legacy.csv").read_text("utf-8")
                     .encode("utf-16"))
    assert [p.name for p in read_import_file(path, WINDOW).people] == [
        "Grace Adeyemi", "Tomás Ruiz"]


def test_format_forces_the_kind_and_says_what_it_expected(tmp_path: Path) -> None:
    with pytest.raises(ImportFileUnreadable) as raised:
        read_import_file(SAMPLES / "Connections.csv", WINDOW, forced=FileKind.OUTLOOK)
    assert str(raised.value) == (f"{SAMPLES / 'Connections.csv'}: is not an Outlook contacts "
                                 "CSV export (a header row with First Name, E-mail Address "
                                 "and Company or Job Title)")
    with pytest.raises(ImportFileUnreadable, match="is not an iCalendar file"):
        read_import_file(SAMPLES / "apple.vcf", WINDOW, forced=FileKind.ICALENDAR)
    forced = read_import_file(SAMPLES / "google_contacts.csv", WINDOW, forced=FileKind.GOOGLE)
    assert forced.kind is FileKind.GOOGLE and len(forced.people) == 3


def test_a_file_that_is_nothing_we_import(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Name,Phone\nDana,555\n", "utf-8")
    binary = tmp_path / "plan.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))
    for path in (notes, binary):
        with pytest.raises(ImportFileUnreadable) as raised:
            read_import_file(path, WINDOW)
        assert str(raised.value).startswith(f"{path}: ")
        assert EXPECTED in str(raised.value) and "\n" not in str(raised.value)
    with pytest.raises(ImportFileUnreadable, match="no such file"):
        read_import_file(tmp_path / "missing.csv", WINDOW)
    with pytest.raises(ImportFileUnreadable, match="is a folder"):
        read_import_file(tmp_path, WINDOW)
