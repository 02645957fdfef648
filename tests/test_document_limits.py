"""Hostile program and manifest files: numbers JSON has not got, numbers no plan holds,
100,000-deep nesting, a YAML "billion laughs", files far too large. Each is exit 2 with one
line naming the file, in well under a second and a few megabytes."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cohort_data import PROGRAM, make_cohort, people, write_roster

from netplan_sheets.cli import cli
from netplan_sheets.cohort import load_manifest, load_program
from netplan_sheets.errors import BadInput

SECONDS = 1.0
PEAK_BYTES = 32 * 2**20
PROGRAM_JSON = json.dumps(PROGRAM)


def with_setting(value: str) -> str:
    """The program as JSON text, its Cadence Mentor written as ``value``."""
    return PROGRAM_JSON.replace('"Cadence Mentor": 10', f'"Cadence Mentor": {value}')


def laughs() -> str:
    """Nine levels of nine aliases: 387 million "lol"s once expanded."""
    lines = ['name: Spring', 'start: 2026-03-01', 'end: 2026-06-30',
             'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


PROGRAMS: list[tuple[str, str, str]] = [
    ("program.json", with_setting("Infinity"),
     "holds Infinity, which is not a number JSON allows"),
    ("program.json", with_setting("NaN"), "holds NaN, which is not a number JSON allows"),
    ("program.json", with_setting("-Infinity"), "holds -Infinity"),
    ("program.json", with_setting("1e400"), "holds the number 1e400, which is too large"),
    ("program.json", with_setting("9" * 5000), "(5000 digits); numbers of more than 15 "
                                               "digits are not accepted"),
    ("program.json", with_setting("0." + "0" * 5000 + "1"), "which is too large (or too long)"),
    ("program.json", PROGRAM_JSON[:-1] + ', "goals2": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "is larger than 64 KB"),
    ("program.json", PROGRAM_JSON[:-1] + ', "goals2": ' + "[" * 30_000 + "]" * 30_000 + "}",
     "is nested more than 32 levels deep"),
    ("program.json", '{"name": "' + "x" * 70_000 + '"}', "is larger than 64 KB"),
    ("program.yaml", "x: [" + "{a: b}, " * 8000 + "]", "/x: unknown field"),  # at the limit
    ("program.yaml", laughs(), "uses the YAML alias *l0 (line 5); aliases are not accepted"),
    ("program.yaml", "name: " + "[" * 30_000 + "]" * 30_000,
     "is nested more than 32 levels deep"),
    ("program.yaml", "name: " + "{a: " * 10_000 + "}" * 10_000,
     "is nested more than 32 levels deep"),
    ("program.yaml", "".join(f"{' ' * level}k{level}:\n" for level in range(40)) + " " * 40 + "x",
     "is nested more than 32 levels deep"),  # block style: by indentation
    ("program.yaml", "name: x\nstart: 2026-03-01\nend: 2026-06-30\nsettings:\n"
                     "  Cadence Mentor: .inf\n", "holds .inf (line 5)"),
    ("program.yaml", "name: x\nstart: 2026-03-01\nend: 2026-06-30\nsettings:\n"
                     f"  Cadence Mentor: {'9' * 5000}\n",
     "numbers of more than 15 digits are not accepted"),
    ("program.yaml", "name: x\nstart: 2026-03-01\nend: 2026-06-30\nsettings:\n"
                     "  Cadence Mentor: 1.0e+400\n", "holds 1.0e+400 (line 5)"),
]


def bounded(call: Callable[[], Any]) -> BadInput:
    """Run ``call``, which must refuse with BadInput, within the time bound; and again,
    traced (which slows it), within the memory bound."""
    started = time.perf_counter()
    with pytest.raises(BadInput) as caught:
        call()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        with pytest.raises(BadInput):
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"peaked at {peak / 2**20:.0f} MB"
    return caught.value


# Each YAML case again as PyYAML without libyaml reads it; not the one at the size limit,
# which takes that PyYAML over a second to read (about 1.5 s here: still bounded).
CASES = [pytest.param(*case, True, id=f"{case[0]}:{case[2][:40]}") for case in PROGRAMS]
CASES += [pytest.param(*case, False, id=f"{case[0]}:{case[2][:40]}:pure-python")
          for case in PROGRAMS if case[0].endswith(".yaml") and not case[2].startswith("/x")]


@pytest.mark.parametrize(("name", "text", "message", "libyaml"), CASES)
def test_hostile_program_is_refused_fast_in_one_line(
        tmp_path: Path, name: str, text: str, message: str, libyaml: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if name.endswith(".yaml"):
        yaml = pytest.importorskip("yaml")  # the [yaml] extra (the [test] one has it)
        if not libyaml:
            monkeypatch.delattr(yaml, "CSafeLoader")  # as PyYAML built without libyaml
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    refused = bounded(lambda: load_program(path))
    assert str(refused).startswith(f"{path}: ") and message in str(refused)
    assert "\n" not in str(refused)
    roster = write_roster(tmp_path / "roster.csv", people(2))
    result = CliRunner().invoke(cli, ["cohort", "init", str(roster), "--program", str(path),
                                      "--out", str(tmp_path / "cohort")])
    assert result.exit_code == 2 and result.stderr == f"Error: {refused}\n"
    assert not (tmp_path / "cohort").exists()


MANIFESTS: list[tuple[Callable[[str], str], str]] = [
    (lambda text: text.replace('"version": 1', '"version": Infinity'), "holds Infinity"),
    (lambda text: text.replace('"version": 1', '"version": 1e400'), "holds the number 1e400"),
    (lambda text: text.replace('"version": 1', f'"version": {"1" * 5000}'), "(5000 digits)"),
    (lambda text: text[:-2] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "is nested more than 32 levels deep"),
    (lambda text: text[:-2] + ', "x": "' + "x" * (17 * 2**20) + '"}', "is larger than 16 MB"),
]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_cohort(tmp_path_factory.mktemp("hostile") / "cohort", 3)


@pytest.mark.parametrize(("change", "message"), MANIFESTS, ids=[m for _, m in MANIFESTS])
def test_hostile_manifest_is_refused_fast_in_one_line(
        cohort: Path, tmp_path: Path, change: Callable[[str], str], message: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(change(cohort.read_text(encoding="utf-8")), encoding="utf-8")
    refused = bounded(lambda: load_manifest(path))
    assert str(refused).startswith(f"{path}: ") and message in str(refused)
    for command in (["cohort", "sync", str(path)], ["cohort", "report", str(path), "--json"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2 and result.stderr == f"Error: {refused}\n", command


def test_a_hostile_status_file_is_one_line_too(cohort: Path) -> None:
    status = cohort.parent / "cohort-status.json"
    status.write_text('{"format": "netplan-cohort-status", "version": NaN}', encoding="utf-8")
    try:
        result = CliRunner().invoke(cli, ["cohort", "report", str(cohort), "--json"])
        assert result.exit_code == 2
        assert result.stderr == (f"Error: {status}: holds NaN, which is not a number JSON "
                                 "allows; write a number; delete it and run netplan cohort "
                                 "sync again\n")
    finally:
        status.unlink()
