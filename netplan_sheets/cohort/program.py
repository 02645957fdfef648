"""The program file: a cohort's name, dates, default goals, settings and coordinators.

``program.json`` (or ``.yaml`` when PyYAML is installed) is checked against
``schemas/program.schema.json``, which reuses the Goals and Settings sheet schemas, so a
goal or setting the file accepts is one the workbook accepts. Goals and settings may name
their fields by column title or by schema key; the names are mapped to keys first, and
every message points at the field as the file spells it (``/goals/1/Target``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from netplan_sheets.cell_text import cell_text_problem
from netplan_sheets.document_files import parse_json, parse_yaml
from netplan_sheets.errors import BadInput
from netplan_sheets.formats import FORMAT_CHECKER, PlanValidator
from netplan_sheets.input_files import read_input
from netplan_sheets.schema import Column, Kind, describe_bounds, raw_schema, sheet_schema
from netplan_sheets.wording import plural

_NOUNS = {"string": "text", "number": "a number", "integer": "a whole number",
          "array": "a list", "object": "an object of fields and values"}
_FORMATS = {"date": "expected a date like 2026-11-03",
            "email": "expected an email address like ann@example.com"}
# A program that fixed As Of would freeze every participant's plan on one day.
_NOT_FROM_PROGRAM = frozenset({"as_of"})


@dataclass(frozen=True)
class Program:
    source: str
    name: str
    start: date
    end: date
    goals: tuple[dict[str, Any], ...]  # input columns by schema key; dates as date
    settings: dict[str, Any]  # Settings values by schema key
    coordinators: tuple[str, ...]

    def summary(self) -> dict[str, Any]:
        """What the manifest keeps of the program."""
        return {"name": self.name, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "coordinators": list(self.coordinators)}


class _Names:
    """Field names as the file spells them, by position in the normalised document."""

    def __init__(self) -> None:
        self.spelled: dict[tuple[str | int, ...], str] = {}
        # (goal index, key) of Start/Due left blank because the program's own date is bad
        self.undefaulted: set[tuple[int, str]] = set()

    def pointer(self, path: tuple[str | int, ...]) -> str:
        parts = [self.spelled.get(path[:i + 1], str(part)) for i, part in enumerate(path)]
        return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def load_program(path: Path) -> Program:
    """Read and check the program file at ``path``; BadInput (exit 2) says what is wrong."""
    document = _read(path)
    names = _Names()
    if isinstance(document, dict):
        _defaults(document, names)
        document = _normalise(path, document, names)
    errors = [e for e in _validator().iter_errors(document) if not _follows_on(e, names)]
    if errors:
        first = errors[0]
        more = f" (and {plural(len(errors) - 1, 'more problem')})" \
            if len(errors) > 1 else ""
        where, what = _describe(first, names)
        raise BadInput(f"{path}: {where}{what}{more}")
    return _program(path, document, names)


MAX_PROGRAM_BYTES = 64 * 2**10  # a program of a hundred goals is some 20 KB


def _read(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise BadInput(f"{path}: a program file ends in .json (or .yaml)")
    try:
        text = read_input(path, "program file", MAX_PROGRAM_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: is not UTF-8 text") from None
    if suffix == ".json":
        try:
            return parse_json(path, text, object_pairs_hook=_no_repeats)
        except _Repeated as repeated:
            raise BadInput(f"{path}: the field {repeated.args[0]!r} appears twice in one "
                           "object") from None
    return _iso_dates(parse_yaml(path, text))


class _Repeated(ValueError):
    pass


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Repeated(key)
        found[key] = value
    return found


def _iso_dates(value: Any) -> Any:
    """YAML reads an unquoted 2026-03-01 as a date; the schema expects ISO text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    return value


def _defaults(document: dict[str, Any], names: _Names) -> None:
    """A goal without Start or Due runs over the whole program."""
    goals = document.get("goals")
    if not isinstance(goals, list):
        return
    for index, goal in enumerate(goals):
        if not isinstance(goal, dict):
            continue
        spelled = {_fold(k) for k in goal}
        for key, title, fallback in (("start", "Start", "start"), ("due", "Due", "end")):
            if spelled & {key, _fold(title)}:
                continue
            if _is_iso_date(document.get(fallback)):
                goal[title] = document[fallback]
            else:
                names.undefaulted.add((index, key))


def _follows_on(error: ValidationError, names: _Names) -> bool:
    """A goal's missing Start or Due that only the program's own bad date left missing."""
    path = tuple(error.absolute_path)
    if error.validator != "required" or len(path) != 2 or path[0] != "goals":
        return False
    missing = [k for k in error.validator_value if k not in error.instance]
    return all((path[1], key) in names.undefaulted for key in missing)


def _is_iso_date(value: Any) -> bool:
    """Only a valid program date is copied into goals: a bad one is reported once."""
    start = raw_schema("program")["properties"]["start"]
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value \
            and start["formatMinimum"] <= value <= start["formatMaximum"]
    except ValueError:
        return False


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _normalise(path: Path, document: dict[str, Any], names: _Names) -> dict[str, Any]:
    result = dict(document)
    goals = document.get("goals")
    if isinstance(goals, list):
        result["goals"] = [
            _keys(path, goal, "goals", ("goals", index), names)
            if isinstance(goal, dict) else goal
            for index, goal in enumerate(goals)
        ]
    settings = document.get("settings")
    if isinstance(settings, dict):
        result["settings"] = _keys(path, settings, "settings", ("settings",), names)
    return result


def _keys(path: Path, record: dict[str, Any], sheet: str, at: tuple[str | int, ...],
          names: _Names) -> dict[str, Any]:
    """The record with its field names mapped to schema keys."""
    schema = sheet_schema(sheet)
    by_name = {}
    for column in schema.columns:
        by_name[_fold(column.key)] = column
        by_name[_fold(column.title)] = column
    found: dict[str, Any] = {}
    for name, value in record.items():
        where = f"{names.pointer(at)}/{name}"
        found_column = by_name.get(_fold(name))
        if found_column is None:
            allowed = ", ".join(c.title for c in schema.input_columns
                                if c.key not in _NOT_FROM_PROGRAM)
            raise BadInput(f"{path}: {where}: unknown {schema.title} field; expected one "
                           f"of: {allowed}")
        column = found_column
        if column.read_only:
            raise BadInput(f"{path}: {where}: {column.title} is computed by netplan sync; "
                           "leave it out")
        if column.key in _NOT_FROM_PROGRAM:
            raise BadInput(f"{path}: {where}: a program cannot set {column.title}; each "
                           "plan is evaluated on its own date (or cohort sync --as-of)")
        if column.key in found:
            raise BadInput(f"{path}: {where}: {column.title} is given twice")
        found[column.key] = value
        names.spelled[(*at, column.key)] = name
    return found


@cache
def _validator() -> Draft202012Validator:
    # Without their "$schema", the shared schemas are checked by PlanValidator too (a
    # "$schema" would pick jsonschema's own Draft 2020-12 class, which ignores the bounds
    # on dates).
    shared = [{k: v for k, v in raw_schema(key).items() if k != "$schema"}
              for key in ("goals", "settings")]
    registry: Registry[Any] = Registry().with_resources(
        (raw["$id"], Resource.from_contents(raw, default_specification=DRAFT202012))
        for raw in shared
    )
    validator: Draft202012Validator = PlanValidator(
        raw_schema("program"), registry=registry, format_checker=FORMAT_CHECKER)
    return validator


def _column(path: tuple[str | int, ...]) -> Column | None:
    """The Goals or Settings column a path inside the program points at, if any."""
    if len(path) >= 3 and path[0] == "goals" and isinstance(path[2], str):
        return _find(sheet_schema("goals").columns, path[2])
    if len(path) >= 2 and path[0] == "settings" and isinstance(path[1], str):
        return _find(sheet_schema("settings").columns, path[1])
    return None


def _find(columns: tuple[Column, ...], key: str) -> Column | None:
    return next((c for c in columns if c.key == key), None)


def _describe(error: ValidationError, names: _Names) -> tuple[str, str]:
    """(where, what) for one schema error: "/goals/0/Target: ", "expected ..."."""
    path = tuple(error.absolute_path)
    where = f"{names.pointer(path)}: " if path else ""
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        column = _column((*path, missing[0])) if missing else None
        label = column.title if column else (missing[0] if missing else "a field")
        return where, f"{label} is required"
    if error.validator == "additionalProperties":
        allowed = list(raw_schema("program")["properties"])
        extra = sorted(set(error.instance) - set(allowed))
        return f"/{extra[0]}: " if extra else where, \
            f"unknown field; expected one of: {', '.join(allowed)}"
    column = _column(path)
    if error.validator == "type":
        return where, f"expected {_NOUNS.get(str(error.validator_value), 'another type')}"
    if error.validator == "enum":
        return where, "expected one of: " + ", ".join(str(v) for v in error.validator_value)
    if error.validator == "format":
        return where, _FORMATS.get(str(error.validator_value), "has the wrong format")
    if error.validator in ("formatMinimum", "formatMaximum"):
        bounds = describe_bounds(column) if column is not None else _program_date_bounds()
        return where, f"expected a date {bounds}"
    if error.validator in ("minimum", "exclusiveMinimum", "maximum") and column is not None:
        noun = "a whole number" if column.kind is Kind.INTEGER else "a number"
        return where, f"expected {noun} {describe_bounds(column)}"
    if error.validator == "minLength":
        return where, "must not be empty"
    if error.validator == "uniqueItems":
        return where, "lists the same value twice"
    return where, error.message


def _cells_can_hold(path: Path, document: dict[str, Any], names: _Names) -> None:
    """Every text the program puts in a workbook (the name in a Google Sheet's title, the
    goals' cells) is one a spreadsheet cell can hold."""
    texts: list[tuple[tuple[str | int, ...], Any]] = [(("name",), document["name"])]
    for index, goal in enumerate(document.get("goals", [])):
        texts.extend((("goals", index, key), value) for key, value in goal.items())
    for where, value in texts:
        problem = cell_text_problem(value) if isinstance(value, str) else None
        if problem is not None:
            raise BadInput(f"{path}: {names.pointer(where)}: {problem}")


def _program_date_bounds() -> str:
    """The bounds of the program's own dates (start, end), in words."""
    start = raw_schema("program")["properties"]["start"]
    return f"from {start['formatMinimum']} to {start['formatMaximum']}"


def _program(path: Path, document: dict[str, Any], names: _Names) -> Program:
    if not document["name"].strip():
        raise BadInput(f"{path}: /name: must not be empty")
    start = date.fromisoformat(document["start"])
    end = date.fromisoformat(document["end"])
    if end < start:
        raise BadInput(f"{path}: /end: is before start ({start.isoformat()})")
    _cells_can_hold(path, document, names)
    goals = []
    seen: dict[str, int] = {}
    for index, goal in enumerate(document.get("goals", [])):
        typed = {key: date.fromisoformat(value) if key in ("start", "due") else value
                 for key, value in goal.items()}
        if typed["due"] < typed["start"]:
            where = names.pointer(("goals", index, "due"))
            raise BadInput(f"{path}: {where}: is before Start ({typed['start'].isoformat()})")
        goal_id = str(typed["goal_id"]).strip()
        if goal_id in seen:
            where = names.pointer(("goals", index, "goal_id"))
            raise BadInput(f"{path}: {where}: the Goal ID {goal_id} is already used by "
                           f"/goals/{seen[goal_id]}")
        seen[goal_id] = index
        goals.append(typed)
    settings = dict(document.get("settings", {}))
    weights = [k for k in settings if k.startswith("weight_")]
    all_weights = [c.key for c in sheet_schema("settings").columns
                   if c.key.startswith("weight_")]
    if sorted(weights) == sorted(all_weights) and not any(settings[k] for k in weights):
        raise BadInput(f"{path}: /settings: every weight is 0; at least one must be above 0")
    return Program(
        source=str(path),
        name=document["name"].strip(),
        start=start,
        end=end,
        goals=tuple(goals),
        settings=settings,
        coordinators=tuple(document.get("coordinators", ())),
    )
