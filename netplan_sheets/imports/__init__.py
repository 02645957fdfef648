"""Bringing a network in: contacts and meetings from LinkedIn, address books and calendars.

Layers: ``files`` recognises a file and reads it into records (``contact_csv``, ``vcards``,
``ical``); ``merge`` plans the edits against the plan as read (pure); ``run`` reads the
plan, merges and writes through the target's ``apply_input_edits``.
"""

from netplan_sheets.imports.files import detect_kind, read_import_file
from netplan_sheets.imports.ical import Window
from netplan_sheets.imports.merge import FileOutcome, ImportPlan, MergeOptions, plan_import
from netplan_sheets.imports.records import (
    FileKind,
    ImportProblem,
    ImportProblemType,
    Meeting,
    ParsedFile,
    Person,
)
from netplan_sheets.imports.run import (
    ImportOptions,
    ImportResult,
    import_files,
    import_into,
    year_before,
)

__all__ = [
    "FileKind",
    "FileOutcome",
    "ImportOptions",
    "ImportPlan",
    "ImportProblem",
    "ImportProblemType",
    "ImportResult",
    "Meeting",
    "MergeOptions",
    "ParsedFile",
    "Person",
    "Window",
    "detect_kind",
    "import_files",
    "import_into",
    "plan_import",
    "read_import_file",
    "year_before",
]
