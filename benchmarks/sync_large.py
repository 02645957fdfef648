"""Sync time and peak memory on the large plan and on five times it, each ÷ a bare
openpyxl load_workbook + save of the same file, measured in the same run.

Targets (issue: the surgical xlsx engine): sync time <= 0.3, sync peak memory <= 0.8,
``sync --dry-run`` time <= 0.25. Each measurement runs in a fresh Python process so that
peak memory (max RSS) is its own; figures are medians of runs that alternate between the
kinds, so a change in the machine's load affects all alike.

Run: python benchmarks/sync_large.py [--runs N] [--scales 1,5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large_plan import AS_OF, build

# Peak memory of the measuring process: resource on POSIX, psutil where it is installed
# (Windows); None where neither is.
_PEAK = """
def peak_kb():
    try:
        import resource
    except ImportError:
        try:
            import psutil
        except ImportError:
            return None
        return psutil.Process().memory_info().peak_wset // 1024
    import sys
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss
"""

_BARE = _PEAK + """
import json, sys, time
start = time.perf_counter()
import openpyxl
book = openpyxl.load_workbook(sys.argv[1])
book.save(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "peak_kb": peak_kb()}))
"""

_SYNC = _PEAK + """
import json, sys, time
start = time.perf_counter()
from datetime import date
from pathlib import Path
from netplan_sheets.sync import sync_xlsx
dry = sys.argv[3] == "dry"
result = sync_xlsx(Path(sys.argv[1]), as_of=date.fromisoformat(sys.argv[2]), dry_run=dry)
assert dry or result.output, "the first sync of a fresh copy must write"
print(json.dumps({"seconds": time.perf_counter() - start, "peak_kb": peak_kb()}))
"""

SCALES = {1: {}, 5: {"contacts": 10_000, "interactions": 100_000, "goals": 1_000,
                     "actions": 5_000, "events": 1_500, "reviews": 120}}


def measure(script: str, original: Path, folder: Path, *args: str) -> dict[str, float]:
    copy = folder / "work.xlsx"
    shutil.copyfile(original, copy)
    out = subprocess.run([sys.executable, "-c", script, str(copy), *args], check=True,
                         capture_output=True, text=True)
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def median(runs: list[dict[str, float]], key: str) -> float:
    values = [r[key] for r in runs if r[key] is not None]
    return statistics.median(values) if values else float("nan")


def run_scale(scale: int, runs: int, folder: Path) -> dict[str, float]:
    original = build(folder / f"large-x{scale}.xlsx", **SCALES[scale])  # type: ignore[arg-type]
    found: dict[str, list[dict[str, float]]] = {"bare": [], "sync": [], "dry": []}
    for _ in range(runs):
        found["bare"].append(measure(_BARE, original, folder))
        found["sync"].append(measure(_SYNC, original, folder, AS_OF.isoformat(), "write"))
        found["dry"].append(measure(_SYNC, original, folder, AS_OF.isoformat(), "dry"))
    bare_time, bare_mem = median(found["bare"], "seconds"), median(found["bare"], "peak_kb")
    figures = {
        "bare_seconds": bare_time,
        "bare_peak_mb": bare_mem / 1024,
        "sync_seconds": median(found["sync"], "seconds"),
        "sync_peak_mb": median(found["sync"], "peak_kb") / 1024,
        "dry_seconds": median(found["dry"], "seconds"),
    }
    figures["sync_time_ratio"] = figures["sync_seconds"] / bare_time
    figures["sync_memory_ratio"] = figures["sync_peak_mb"] * 1024 / bare_mem
    figures["dry_time_ratio"] = figures["dry_seconds"] / bare_time
    return figures


def main(runs: int = 3, scales: tuple[int, ...] = (1, 5)) -> dict[int, dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory() as name:
        for scale in scales:
            f = results[scale] = run_scale(scale, runs, Path(name))
            print(f"large plan x{scale} (medians of {runs}):")
            print(f"  bare openpyxl load+save: {f['bare_seconds']:.2f} s, "
                  f"peak {f['bare_peak_mb']:.0f} MB")
            print(f"  netplan sync:            {f['sync_seconds']:.2f} s, "
                  f"peak {f['sync_peak_mb']:.0f} MB")
            print(f"  netplan sync --dry-run:  {f['dry_seconds']:.2f} s")
            print(f"  sync time ratio:    {f['sync_time_ratio']:.2f} (target <= 0.3)")
            print(f"  sync memory ratio:  {f['sync_memory_ratio']:.2f} (target <= 0.8)")
            print(f"  dry-run time ratio: {f['dry_time_ratio']:.2f} (target <= 0.25)")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,5")
    options = parser.parse_args()
    main(options.runs, tuple(int(s) for s in options.scales.split(",")))
