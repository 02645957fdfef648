"""API requests per Google Sheets sync for a small, a medium and a large plan, through real
gspread over HTTP to the test suite's loopback fake of the Sheets/Drive API.

Expected: the same count for every size; 5 for a sync that writes, 2 for one that finds
nothing to change. Run: python benchmarks/google_requests.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from fake_google import FakeGoogle  # noqa: E402
from google_plans import backend, upload_plan  # noqa: E402
from large_plan import AS_OF, build  # noqa: E402

from netplan_sheets.sync import sync_plan  # noqa: E402

SIZES = {"small": (20, 100, 3, 10), "medium": (200, 2000, 20, 100),
         "large": (2000, 20000, 200, 1000)}


def main() -> dict[str, tuple[int, int, int]]:
    counts = {}
    with FakeGoogle() as fake, tempfile.TemporaryDirectory() as folder:
        os.environ["NETPLAN_GOOGLE_API_URL"] = fake.url
        for name, (contacts, interactions, goals, actions) in SIZES.items():
            path = build(Path(folder) / f"{name}.xlsx", contacts=contacts,
                         interactions=interactions, goals=goals, actions=actions)
            key = upload_plan(fake, path)
            found = []
            for day in (AS_OF, AS_OF + timedelta(days=1), AS_OF + timedelta(days=1)):
                fake.reset_requests()
                sync_plan(backend(fake, key), as_of=day)
                found.append(fake.count())
            counts[name] = (found[0], found[1], found[2])
            print(f"{name:>6} plan ({contacts} contacts, {interactions} interactions): "
                  f"first sync {found[0]}, changed sync {found[1]}, "
                  f"unchanged sync {found[2]} API requests")
    return counts


if __name__ == "__main__":
    main()
