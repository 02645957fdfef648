"""The import graph of netplan_sheets/, read from the source with ``ast``: no cycles, and
no module imports one from a higher layer.

Every import counts: at the top of a module, inside a function (imported late for a quick
start, still a dependency) and under ``TYPE_CHECKING`` (a dependency of the types).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "netplan_sheets"

# Low to high. A name is a module, or a package with everything in it. Every module must
# be placed: a new top-level module fails the test until it is given a layer here.
# ``ooxml`` (the xlsx zip/XML engine), ``imports`` and ``calendar_export`` are placed ahead
# of being written.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("labels, errors, formats", frozenset({
        "netplan_sheets", "labels", "errors", "formats", "problems", "wording", "filetype",
        "input_files", "file_safety", "os_lock", "write_targets", "a1", "cell_text",
        "sheet_urls",
        "document_files"})),
    ("schema, rows", frozenset({"schema", "rows", "sheet_titles"})),
    ("model, cells, layout", frozenset({"model", "cells", "layout"})),
    ("validation", frozenset({"validation", "row_checks", "sheet_checks",
                              "cross_sheet_checks", "renamed_columns"})),
    ("compute", frozenset({"compute"})),
    ("writeback, dashboard", frozenset({"writeback", "input_edits", "dashboard", "template",
                                        "column_reference"})),
    ("backends", frozenset({"backends", "ooxml", "package", "preservation"})),
    ("sync, cohort", frozenset({"sync", "workbooks", "demo", "cohort", "imports",
                                "calendar_export"})),
    ("commands", frozenset({"commands"})),
    ("cli", frozenset({"cli", "cli_reference", "__main__"})),
)


def modules() -> dict[str, Path]:
    """Every module by dotted name; a package by its own name (its ``__init__.py``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """The netplan_sheets modules ``name`` imports, with the line of each import."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "netplan_sheets":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[:len(here) - node.level + 1]
                base = ".".join([*here, base] if base else here)
            if base.split(".")[0] != "netplan_sheets":
                continue
            for alias in node.names:
                # ``from package import module`` depends on the module, not the package
                full = f"{base}.{alias.name}"
                yield (full if full in known else base), node.lineno


def graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {name: {target: line for target, line in imports_of(name, path, known)
                   if target != name}
            for name, path in known.items()}


def layer_of(module: str) -> int | None:
    """The index of the module's layer: its own name's, else its nearest package's."""
    parts = module.split(".")
    # the root package by its own name only: it holds no module's layer for it
    candidates = [".".join(parts[1:length]) for length in range(len(parts), 1, -1)]
    for short in candidates or ["netplan_sheets"]:
        for index, (_, names) in enumerate(LAYERS):
            if short in names:
                return index
    return None


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in modules() if layer_of(name) is None]
    assert unplaced == [], f"give these modules a layer in LAYERS: {unplaced}"


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = []
    for name, targets in graph().items():
        mine = layer_of(name)
        for target, line in targets.items():
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{name} ({LAYERS[mine][0]}) imports {target} "
                              f"({LAYERS[theirs][0]}) on line {line}")
    assert upward == []


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_checks_catch_what_they_are_for() -> None:
    """The cycle finder and the layer lookup on made-up graphs and names."""
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [
        ["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []
    assert layer_of("netplan_sheets.compute.progress") == layer_of("netplan_sheets.compute")
    assert layer_of("netplan_sheets.cli") == len(LAYERS) - 1
    assert layer_of("netplan_sheets.somewhere_new") is None


COMMANDS = sorted(path for path in (PACKAGE / "commands").glob("*_cmd.py"))


def top_level_imports(path: Path) -> list[str]:
    """The modules imported by statements at the top of ``path`` (not in a function, not
    under ``if TYPE_CHECKING``)."""
    names = []
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def standard_library_only(module: str) -> bool:
    """True for a module of ours that imports nothing but the standard library (a module
    of label enums, whose values a command offers as choices)."""
    path = modules().get(module)
    return path is not None and all(
        name.split(".")[0] in sys.stdlib_module_names or name == "__future__"
        for name in top_level_imports(path))


@pytest.mark.parametrize("path", COMMANDS, ids=[p.stem for p in COMMANDS])
def test_command_modules_import_only_click_and_the_common_module_up_front(path: Path) -> None:
    """The library is imported inside each command's function, so that ``netplan --help``
    does not load it (types for annotations come under ``TYPE_CHECKING``); a module of
    ours that needs only the standard library may come up front for its choices."""
    allowed = {"click", "netplan_sheets.commands.common", "__future__"}
    found = [name for name in top_level_imports(path)
             if name not in allowed and name.split(".")[0] not in sys.stdlib_module_names
             and not standard_library_only(name)]
    assert found == [], f"{path.name} imports {found} at the top"


def test_the_readme_names_only_modules_that_exist() -> None:
    readme = (PACKAGE.parent / "README.md").read_text("utf-8")
    section = readme[readme.index("## Development"):readme.index("## CLI reference")]
    named = re.findall(r"`([a-z_/]+(?:\.py|/))`", section)
    assert named, "the README's development section names the modules"
    missing = [n for n in named
               if not (PACKAGE / n).exists() and not (PACKAGE.parent / n).exists()]
    assert missing == []
