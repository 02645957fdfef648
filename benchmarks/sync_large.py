"""Sync time and peak memory on a large plan, each ÷ a bare openpyxl load_workbook + save
of the same file, measured in the same run. Targets: time <= 1.2, memory <= 2.0.

Each measurement runs in a fresh Python process so that peak memory (max RSS) is its own;
the figures are medians of runs that alternate between the two.
Run: python benchmarks/sync_large.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large_plan import AS_OF, build

_BARE = """
import json, resource, sys, time
import openpyxl
start = time.perf_counter()
book = openpyxl.load_workbook(sys.argv[1])
book.save(sys.argv[1])
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_SYNC = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from netplan_sheets.sync import sync_xlsx
start = time.perf_counter()
result = sync_xlsx(Path(sys.argv[1]), as_of=date.fromisoformat(sys.argv[2]))
elapsed = time.perf_counter() - start
assert result.output, "the first sync of a fresh copy must write"
print(json.dumps({"seconds": elapsed,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(script: str, original: Path, folder: Path, *args: str) -> dict[str, float]:
    copy = folder / "work.xlsx"
    shutil.copyfile(original, copy)
    out = subprocess.run([sys.executable, "-c", script, str(copy), *args], check=True,
                         capture_output=True, text=True)
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main(runs: int = 3) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        original = build(folder / "large.xlsx")
        bare: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        # Alternated, so that a change in the machine's load affects both alike.
        for _ in range(runs):
            bare.append(measure(_BARE, original, folder))
            ours.append(measure(_SYNC, original, folder, AS_OF.isoformat()))
    bare_time = statistics.median(m["seconds"] for m in bare)
    sync_time = statistics.median(m["seconds"] for m in ours)
    bare_mem = statistics.median(m["max_rss_kb"] for m in bare)
    sync_mem = statistics.median(m["max_rss_kb"] for m in ours)
    time_ratio = sync_time / bare_time
    mem_ratio = sync_mem / bare_mem
    print(f"bare openpyxl load+save: {bare_time:.2f} s, peak {bare_mem / 1024:.0f} MB")
    print(f"netplan sync:            {sync_time:.2f} s, peak {sync_mem / 1024:.0f} MB")
    print(f"time ratio:   {time_ratio:.2f} (target <= 1.2)")
    print(f"memory ratio: {mem_ratio:.2f} (target <= 2.0)")
    return time_ratio, mem_ratio


if __name__ == "__main__":
    main()
