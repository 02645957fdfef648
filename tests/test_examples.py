"""The README's "For programs" walkthrough, run as it is written: its commands, word for
word, in the folder holding the program file and roster of examples/, which must be the
README's own."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from cohort_data import fill_workbook
from cohort_google_data import ACCOUNT, key_file, key_of, shared_with
from fake_google import FakeGoogle

from netplan_sheets.cli import cli

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
FOLDER = "spring-cohort"


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return readme[readme.index("<!-- for-programs:start -->"):
                  readme.index("<!-- for-programs:end -->")]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", walkthrough(), re.S)


def commands() -> list[list[str]]:
    """Every command of the walkthrough's shell blocks, continuation lines joined."""
    lines = "\n".join(blocks("sh")).replace("\\\n", " ").splitlines()
    return [shlex.split(line) for line in lines if line.strip()]


def command(*words: str, aggregate: bool = False) -> list[str]:
    """The walkthrough's command that starts with ``netplan`` and ``words`` (for the
    report, the coordinator's unless ``aggregate``)."""
    found = [c for c in commands() if c[1:1 + len(words)] == list(words)
             and ("--aggregate-only" in c) == aggregate]
    assert len(found) == 1, f"the README shows {len(found)} 'netplan {' '.join(words)}'"
    return found[0]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(argv: list[str]) -> Ran:
    """``argv`` as the netplan command runs it, in the current folder."""
    assert argv[0] == "netplan"
    result = CliRunner().invoke(cli, argv[1:])
    return Ran(result.exit_code, result.stdout, result.stderr)


def test_the_examples_are_the_files_the_readme_shows() -> None:
    assert blocks("json") == [(EXAMPLES / "program.json").read_text("utf-8")]
    assert blocks("csv") == [(EXAMPLES / "roster.csv").read_text("utf-8")]
    assert [c[:3] for c in commands()] == [["netplan", "cohort", "init"]] * 2 + [
        ["netplan", "cohort", "sync"]] + [["netplan", "cohort", "report"]] * 2


@pytest.fixture
def program_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the examples, made the current one, as the commands expect."""
    for name in ("program.json", "roster.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_walkthrough_with_workbooks(program_folder: Path) -> None:
    init = [c for c in commands() if c[:3] == ["netplan", "cohort", "init"]
            and "--google" not in c]
    assert len(init) == 1
    made = run(init[0])
    assert made.returncode == 0, made.stderr
    cohort = program_folder / FOLDER
    for name in ("ann-lee.xlsx", "bob-stone.xlsx", "zoe-o-brien.xlsx", "manifest.json"):
        assert (cohort / name).is_file(), f"the README promises {FOLDER}/{name}"
    profile = openpyxl.load_workbook(cohort / "ann-lee.xlsx")["Profile"]
    assert [profile["B2"].value, profile["B3"].value] == ["Ann Lee", "ann@example.com"]

    # 3. Ann fills in her plan
    fill_workbook(cohort / "ann-lee.xlsx", {
        "Contacts": [{"Name": "Dana Lee", "Relationship": "Potential mentor",
                      "Added On": date(2026, 3, 10)}],
        "Interactions": [{"Date": date(2026, 3, 12), "Contact": "Dana Lee",
                          "Type": "Informational interview"}],
    })

    synced = run(command("cohort", "sync"))
    assert synced.returncode == 0, synced.stderr
    shown = re.search(r"^#  Name .*$", walkthrough(), re.M)  # the README's table header
    assert shown is not None
    assert re.split(r"\s{2,}", synced.stdout.splitlines()[0]) == re.split(r"\s{2,}", shown[0])
    assert ("Spring 2026 mentoring cohort: 3 participants: 3 synced, 0 with problems, "
            "0 failed") in synced.stdout

    reported = run(command("cohort", "report"))
    assert reported.returncode == 0, reported.stderr
    report = openpyxl.load_workbook(program_folder / "spring-report.xlsx")
    assert report.sheetnames[:3] == ["Participants", "Groups", "About"]
    shared = run(command("cohort", "report", aggregate=True))
    assert shared.returncode == 0, shared.stderr
    figures = openpyxl.load_workbook(program_folder / "spring-figures.xlsx")
    assert figures.sheetnames == ["Groups", "About"]


@pytest.mark.slow
def test_the_walkthrough_with_google_sheets(program_folder: Path, fake_google: FakeGoogle,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder_id = fake_google.store.create_file("Spring cohort", "application/vnd.google-apps"
                                              ".folder", ACCOUNT).id
    key_file(program_folder)  # service-account.json, as the command names it
    # A raised quota, so the three sheets are made without waiting for the real clock
    monkeypatch.setenv("NETPLAN_GOOGLE_REQUESTS_PER_MINUTE", "6000")
    init = next(c for c in commands() if "--google" in c)
    made = run([word.replace("FOLDER_ID", folder_id) for word in init])
    assert made.returncode == 0, made.stderr
    links = re.findall(r"https://docs\.google\.com/\S+", made.stdout)
    assert len(links) == 3
    for link, email in zip(links, ("ann@example.com", "bob@example.com", "zoe@example.com"),
                           strict=True):
        key = key_of(link)
        assert fake_google.store.files[key].parents == [folder_id]
        assert shared_with(fake_google, key) == {("user", ACCOUNT, "owner"),
                                                 ("user", email, "writer"),
                                                 ("user", "programs@example.com", "writer")}

    monkeypatch.setenv("NETPLAN_GOOGLE_CREDENTIALS", "service-account.json")
    synced = run(command("cohort", "sync"))
    assert synced.returncode == 0, synced.stderr
    assert "3 participants: 3 synced" in synced.stdout
    reported = run(command("cohort", "report"))
    assert reported.returncode == 0, reported.stderr
    assert (program_folder / "spring-report.xlsx").is_file()
    assert os.environ["NETPLAN_GOOGLE_API_URL"] == fake_google.url
