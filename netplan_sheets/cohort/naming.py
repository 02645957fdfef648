"""Safe, unique workbook file names made from participants' names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_STEM = 60
# Names Windows will not open as files, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                       *(f"lpt{i}" for i in range(1, 10))})


def slug(name: str) -> str:
    """'Zoë O'Brien / Ops' -> 'zoe-o-brien-ops': ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    stem = stem[:MAX_STEM].rstrip("-") or "participant"
    return f"{stem}-plan" if stem in _RESERVED else stem


def unique_file_name(name: str, taken: Collection[str], suffix: str = ".xlsx") -> str:
    """A file name from ``name`` that is not in ``taken`` (compared ignoring case, since
    macOS and Windows folders do): 'ann-lee.xlsx', then 'ann-lee-2.xlsx', ..."""
    used = {t.casefold() for t in taken}
    stem = slug(name)
    candidate, number = f"{stem}{suffix}", 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate
