"""JSON and YAML documents from files people edit (program, manifest, cohort status),
parsed within bounds: a hostile or broken file is one clear error, fast, in little memory.

Before parsing, a file's size is limited (``input_files.read_input``) and a JSON file's
nesting is measured; while parsing, numbers JSON does not have (``Infinity``, ``NaN``),
numbers too large to be a count or a setting (``1e400``, thousands of digits) and YAML
aliases (``*name``, the "billion laughs") are refused, and YAML nesting is limited, before
anything is built from the parser's events. Each refusal names the file and says what to
change.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from netplan_sheets.errors import BadInput

MAX_DEPTH = 32  # a program nests 4 levels, a manifest 3
MAX_DIGITS = 15  # more than any count, target or setting (and every digit exact in a float)
MAX_NUMBER_TEXT = 40  # characters of one number as written ("0.000...1e-5")

# A JSON string (or an unterminated one, to the end): always matches at a quote, so the
# text is scanned once. Then everything but brackets goes, and innermost pairs are taken
# away once per level of nesting.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_PAIR = re.compile(r"\[\]|\{\}")
_SINGLE_QUOTED = re.compile(r"'(?:[^']|'')*+'?")  # YAML's 'text', '' for a quote


class _Refused(ValueError):
    """Raised from inside a parser: the message says what is wrong, without the path."""


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether the JSON ``text`` nests arrays and objects more than ``limit`` deep."""
    rest = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        if not rest:
            return False
        rest, found = _PAIR.subn("", rest)
        if not found:
            return False  # unbalanced: the parser says where
    return bool(_PAIR.search(rest))


def parse_json(path: Path, text: str,
               object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """The JSON document in ``text`` (read from ``path``); BadInput when it is not one a
    person could mean."""
    if nested_deeper_than(text, MAX_DEPTH):
        raise BadInput(f"{path}: is nested more than {MAX_DEPTH} levels deep; it is not a "
                       "file netplan wrote or a person would")
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook, parse_int=_int,
                          parse_float=_float, parse_constant=_constant)
    except _Refused as refused:
        raise BadInput(f"{path}: {refused}") from None
    except json.JSONDecodeError as error:
        raise BadInput(f"{path}: is not valid JSON (line {error.lineno}, column "
                       f"{error.colno}: {error.msg})") from None
    except RecursionError:  # pragma: no cover - nested_deeper_than stops it first
        raise BadInput(f"{path}: is nested too deeply") from None


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"holds the number {_clip(text)} ({len(text.lstrip('-'))} digits); "
                       f"numbers of more than {MAX_DIGITS} digits are not accepted")
    return int(text)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_TEXT else math.inf
    if not math.isfinite(value):
        raise _Refused(f"holds the number {_clip(text)}, which is too large (or too long) "
                       "for a plan")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number JSON allows; write a number")


def _clip(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:12]}…{text[-4:]}"


def parse_yaml(path: Path, text: str) -> Any:
    """The YAML document in ``text``, read with PyYAML's safe loader, aliases refused."""
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise BadInput(f"{path}: reading YAML needs PyYAML (pip install "
                       "'netplan-sheets[yaml]'); or write it as JSON") from None
    if nested_deeper_than(_SINGLE_QUOTED.sub("", text), MAX_DEPTH):
        # flow collections ([...], {...}) nest like JSON's; libyaml would stop at 1000 levels
        raise BadInput(f"{path}: is nested more than {MAX_DEPTH} levels deep")
    try:
        return _load_yaml(yaml, text)
    except _Refused as refused:
        raise BadInput(f"{path}: {refused}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise BadInput(f"{path}: is not valid YAML ({at}"
                       f"{getattr(error, 'problem', None) or 'cannot be parsed'})") from None


def _load_yaml(yaml: Any, text: str) -> Any:
    """With libyaml (PyYAML's wheels have it): one pass over the parser's events refuses
    aliases and deep nesting, then the C loader builds the document. Without it: the pure
    Python loader, refusing both as it composes."""
    if not hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=_loader(yaml.SafeLoader, checks_nodes=True))
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_ALIAS.format(anchor=event.anchor, line=event.start_mark.line + 1))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=_loader(yaml.CSafeLoader, checks_nodes=False))


_ALIAS = ("uses the YAML alias *{anchor} (line {line}); aliases are not accepted, write each "
          "value out in full")


@cache
def _loader(base: Any, checks_nodes: bool) -> Any:
    """A subclass of PyYAML's safe loader ``base`` whose numbers are bounded, and that (when
    ``checks_nodes``) refuses aliases and nesting deeper than MAX_DEPTH as it composes."""
    import yaml

    class BoundedLoader(base):  # type: ignore[misc]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if not checks_nodes:
                return super().compose_node(parent, index)
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(_ALIAS.format(anchor=event.anchor,
                                             line=event.start_mark.line + 1))
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise _Refused(f"is nested more than {MAX_DEPTH} levels deep")
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    def integer(loader: Any, node: Any) -> Any:
        digits = re.sub(r"[^0-9a-fA-F]", "", node.value)
        if len(digits) > MAX_DIGITS:
            raise _Refused(f"holds the number {_clip(node.value)} (line "
                           f"{node.start_mark.line + 1}); numbers of more than "
                           f"{MAX_DIGITS} digits are not accepted")
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    def number(loader: Any, node: Any) -> Any:
        value = yaml.SafeLoader.construct_yaml_float(loader, node)
        if len(node.value) > MAX_NUMBER_TEXT or not math.isfinite(value):
            raise _Refused(f"holds {_clip(node.value)} (line {node.start_mark.line + 1}), "
                           "which is not a number a plan can hold")
        return value

    BoundedLoader.add_constructor("tag:yaml.org,2002:int", integer)
    BoundedLoader.add_constructor("tag:yaml.org,2002:float", number)
    return BoundedLoader
