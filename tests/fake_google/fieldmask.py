"""Field masks (``fields``) of batchUpdate requests: ``a,b.c,d(e,f)``, ``a/b`` or ``*``."""

from __future__ import annotations

import copy
from typing import Any

from fake_google.errors import bad_request


def parse_fields(mask: str | None, where: str) -> list[list[str]]:
    if not mask or not mask.strip():
        raise bad_request(f"Invalid {where}: At least one field must be specified in 'fields'")
    paths: list[list[str]] = []
    _parse_into(mask.replace("/", ".").replace(" ", ""), [], paths, where)
    return paths


def _parse_into(text: str, prefix: list[str], out: list[list[str]], where: str) -> None:
    depth, start = 0, 0
    for i, ch in enumerate(text + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            _one(text[start:i], prefix, out, where)
            start = i + 1
    if depth != 0:
        raise bad_request(f"Invalid {where}: unbalanced parentheses in field mask {text!r}")


def _one(item: str, prefix: list[str], out: list[list[str]], where: str) -> None:
    if not item:
        return
    if "(" in item:
        head, _, inner = item.partition("(")
        _parse_into(inner[:-1], prefix + head.split("."), out, where)
    else:
        out.append(prefix + item.split("."))


def get_path(source: dict[str, Any], path: list[str]) -> tuple[bool, Any]:
    node: Any = source
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False, None
        node = node[key]
    return True, node


def set_path(target: dict[str, Any], path: list[str], source: dict[str, Any]) -> None:
    """Copy ``path`` from ``source`` into ``target``, or delete it there when ``source`` lacks
    it: what a field mask means."""
    if path == ["*"]:
        target.clear()
        target.update(copy.deepcopy(source))
        return
    found, value = get_path(source, path)
    node = target
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            if not found:
                return
            node[key] = {}
        node = node[key]
    if found and value is not None:
        node[path[-1]] = copy.deepcopy(value)
    else:
        node.pop(path[-1], None)
