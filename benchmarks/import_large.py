"""netplan import of 30,000 LinkedIn connections (LinkedIn's connection cap) into the large
benchmark plan, ÷ a bare openpyxl load_workbook + save of the resulting file, measured in
the same run. Target: <= 0.5.

Each measurement runs in a fresh Python process, alternating between the two; the figures
are medians. The bare load+save is timed on the file the import wrote, so both handle the
same rows.
Run: python benchmarks/import_large.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large_plan import AS_OF, build

CONNECTIONS = 30_000

_BARE = """
import json, sys, time
import openpyxl
start = time.perf_counter()
book = openpyxl.load_workbook(sys.argv[1])
book.save(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

_IMPORT = """
import json, sys, time
from datetime import date
from pathlib import Path
from netplan_sheets.imports.run import ImportOptions, import_files
start = time.perf_counter()
result = import_files(sys.argv[1], [Path(sys.argv[2])],
                      ImportOptions(as_of=date.fromisoformat(sys.argv[3])))
elapsed = time.perf_counter() - start
assert result.files[0].new > 0 and result.output is not None
print(json.dumps({"seconds": elapsed, "cells": result.changed_cells}))
"""


def connections_csv(path: Path, count: int = CONNECTIONS) -> Path:
    """A Connections.csv as LinkedIn writes it: notes, a blank line, then the rows."""
    lines = ["Notes:",
             '"When exporting your connection data, you may notice that some of the email '
             'addresses are missing."', "",
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(count):
        day = AS_OF - timedelta(days=i % 3650)
        email = f"connection{i}@example.org" if i % 9 == 0 else ""
        lines.append(f"Alex,Member {i:05d},https://www.linkedin.com/in/alex-member-{i:05d},"
                     f'{email},"Company {i % 811}, Inc.",Engineer {i % 7},'
                     f"{day.day:02d} {day.strftime('%b')} {day.year}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def run(script: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True,
                         capture_output=True, text=True)
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main(runs: int = 3) -> float:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        original = build(folder / "large.xlsx")
        export = connections_csv(folder / "Connections.csv")
        work = folder / "work.xlsx"
        bare: list[float] = []
        ours: list[float] = []
        for _ in range(runs):
            shutil.copyfile(original, work)
            result = run(_IMPORT, str(work), str(export), AS_OF.isoformat())
            ours.append(result["seconds"])
            # the resulting file, as the import left it
            bare.append(run(_BARE, str(work))["seconds"])
        ratio = statistics.median(ours) / statistics.median(bare)
        print(f"bare openpyxl load+save of the result: {statistics.median(bare):.2f} s")
        print(f"netplan import of {CONNECTIONS:,} connections: {statistics.median(ours):.2f} s "
              f"({int(result['cells']):,} cells)")
        print(f"time ratio: {ratio:.2f} (target <= 0.5)")
        return ratio


if __name__ == "__main__":
    main()
