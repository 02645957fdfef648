"""When the file system says no: a read-only folder, a read-only place for --output or a
cohort, a full disk, a folder that does not exist; and a Python without fcntl (as on
Windows). Each ends as one line and exit code 2, the original intact, no temporary file
left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from plans import write_plan

from netplan_sheets.cli import cli

ROOT = Path(__file__).parents[1]
PLAN = {"Contacts": [{"Name": "Dana Lee", "Relationship": "Peer",
                      "Added On": date(2026, 10, 5)}]}
POSIX_ONLY = re.compile(r"^\s*(?:import|from)\s+(fcntl|resource|termios|pwd|grp|posix)\b",
                        re.M)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody may create files in, root included (chattr +i when we are root)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("no chattr to make a folder read-only for root")
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if made.returncode != 0:
            pytest.skip("this file system cannot make a folder read-only for root")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = []
    try:
        with contextlib.suppress(OSError):
            (folder / "probe").touch()
            (folder / "probe").unlink()
            pytest.skip("the folder stayed writable")
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            folder.chmod(0o755)


def sync_in_a_process(plan: Path, prelude: str) -> subprocess.CompletedProcess[str]:
    """``netplan sync PLAN`` in a fresh Python that first runs ``prelude``."""
    code = (f"{prelude}\nimport sys\nfrom netplan_sheets.cli import main\n"
            "sys.argv = ['netplan', 'sync', sys.argv[1], '--as-of', '2026-11-03']\nmain()\n")
    return subprocess.run([sys.executable, "-c", code, str(plan)], capture_output=True,
                          text=True, timeout=120)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", "-lock")))


def test_a_read_only_folder_is_one_line_and_the_plan_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = write_plan(folder / "plan.xlsx", PLAN)
    before = plan.read_bytes()
    with read_only(folder):
        code, output = run("sync", str(plan))
    assert code == 2 and output.count("\n") == 1, output
    assert output.startswith(f"Error: {plan}: ") and "read-only" in output
    assert plan.read_bytes() == before and leftovers(folder) == []


def test_output_into_a_read_only_place_is_one_line(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", PLAN)
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only(shelf):
        code, output = run("sync", str(plan), "--output", str(shelf / "copy.xlsx"))
    assert code == 2 and output.count("\n") == 1, output
    assert str(shelf / "copy.xlsx") in output and "read-only" in output
    assert list(shelf.iterdir()) == []


def test_a_cohort_into_a_read_only_place_is_one_line(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "program.json", tmp_path / "program.json")
    shutil.copy(ROOT / "examples" / "roster.csv", tmp_path / "roster.csv")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only(shelf):
        code, output = run("cohort", "init", str(tmp_path / "roster.csv"), "--program",
                           str(tmp_path / "program.json"), "--out", str(shelf / "cohort"))
    assert code == 2 and output.count("\n") == 1, output
    assert str(shelf / "cohort") in output and "read-only" in output


def test_a_folder_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    code, output = run("sync", str(tmp_path / "nowhere" / "plan.xlsx"))
    assert code == 2 and output.count("\n") == 1 and "no such file" in output, output


@pytest.mark.skipif(os.name == "nt", reason="file size limits are POSIX")
def test_a_full_disk_during_the_save_leaves_the_plan_whole(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", PLAN)
    before = plan.read_bytes()
    # The process may not write a file past 4 KB: the save fails as on a full disk.
    done = sync_in_a_process(plan, "import resource, signal\n"
                                   "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                                   "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "the disk is full" in done.stderr
    assert "Traceback" not in done.stderr
    assert plan.read_bytes() == before and leftovers(tmp_path) == []


def test_the_package_syncs_without_fcntl(tmp_path: Path) -> None:
    """As on Windows: no fcntl module. The lock falls back to an exclusive lock file."""
    plan = write_plan(tmp_path / "plan.xlsx", PLAN)
    without_fcntl = ("import sys\n"
                     "sys.modules['fcntl'] = None  # import fcntl now raises ImportError\n"
                     "from netplan_sheets import os_lock\n"
                     "assert not os_lock.AVAILABLE")
    done = sync_in_a_process(plan, without_fcntl)
    assert done.returncode == 0, done.stderr
    assert "synced as of 2026-11-03" in done.stdout
    held = tmp_path / ".~plan.xlsx.netplan-lock"
    held.touch()  # as another sync would hold it
    again = sync_in_a_process(plan, without_fcntl)
    assert again.returncode == 2 and "another netplan sync" in again.stderr
    assert held.name in again.stderr


def test_no_posix_only_module_outside_the_guarded_adapter() -> None:
    found = [f"{path.relative_to(ROOT)}: {match.group(1)}"
             for path in sorted((ROOT / "netplan_sheets").rglob("*.py"))
             for match in POSIX_ONLY.finditer(path.read_text("utf-8"))]
    assert found == []
