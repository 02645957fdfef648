"""Validate time on a large plan ÷ the time to read the same file with openpyxl's
read-only iteration (the floor for any validator built on openpyxl). Target: <= 0.35.

Run: python benchmarks/validate_large.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
from large_plan import build

from netplan_sheets.workbooks import validate_source


def read_only_iteration(path: Path) -> None:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    book.close()


def best_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(runs: int = 3) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "large.xlsx")
        report = validate_source(str(path))
        assert report.valid, [p.one_line() for p in report.problems[:5]]
        baseline = best_of(runs, lambda: read_only_iteration(path))
        ours = best_of(runs, lambda: validate_source(str(path)))
    ratio = ours / baseline
    print(f"openpyxl read-only iteration: {baseline:.2f} s (median of {runs})")
    print(f"netplan validate:             {ours:.2f} s (median of {runs})")
    print(f"ratio: {ratio:.2f} (target <= 0.35)")
    return ratio


if __name__ == "__main__":
    main()
