"""netplan-sheets: a career networking plan kept in a spreadsheet, validated and computed."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("netplan-sheets")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
