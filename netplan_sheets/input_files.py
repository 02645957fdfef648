"""Reading the small input files a command is given (a program, a roster) with one clear
error per way it can fail."""

from __future__ import annotations

from pathlib import Path

from netplan_sheets.errors import BadInput


def read_input(path: Path, noun: str) -> bytes:
    """The bytes of ``path``; ``noun`` ("roster") names what it should have been."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a {noun}") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None
