"""netplan-sheets: a career networking plan kept in a spreadsheet, validated and computed."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``__version__`` on demand: reading package metadata costs more than the rest of
    # ``netplan --help``, and most imports of this package never ask for it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("netplan-sheets")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
