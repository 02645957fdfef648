"""The wheel carries schemas/ and templates/ inside the package, for importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_ships_schemas_and_templates(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", str(ROOT), "-w", str(tmp_path)], check=True, timeout=300)
    [wheel] = tmp_path.glob("netplan_sheets-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"netplan_sheets/schemas/{schema.name}" in names
    for template in (ROOT / "templates").glob("*.json"):
        assert f"netplan_sheets/templates/{template.name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_package_finds_its_data() -> None:
    schemas = {p.name for p in (files("netplan_sheets") / "schemas").iterdir()}
    assert {p.name for p in (ROOT / "schemas").glob("*.schema.json")} <= schemas
    assert (files("netplan_sheets") / "templates" / "template.json").is_file()
