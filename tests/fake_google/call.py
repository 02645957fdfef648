"""What a handler gets: the state, who is calling, and the parsed request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fake_google.errors import bad_request
from fake_google.model import Store


@dataclass
class Call:
    store: Store
    email: str  # the caller's identity, from its bearer token
    params: dict[str, list[str]]
    body: Any
    args: tuple[str, ...]  # path parameters, percent-decoded

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.params.get(name)
        return values[0] if values else default

    def flag(self, name: str) -> bool:
        return (self.param(name) or "").lower() == "true"

    def choice(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        """A query enum; Google's *_UNSPECIFIED means the default."""
        value = self.param(name) or default
        if value.endswith("_UNSPECIFIED"):
            return default
        if value not in allowed:
            raise bad_request(f"Invalid value at '{_snake(name)}', \"{value}\"")
        return value

    def json(self) -> dict[str, Any]:
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise bad_request("Invalid JSON payload received. Expected an object.")
        return self.body


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)
