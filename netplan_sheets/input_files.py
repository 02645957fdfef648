"""Reading the small input files a command is given (a program, a roster, a manifest) with
one clear error per way it can fail, and never more than a bounded number of bytes."""

from __future__ import annotations

from pathlib import Path

from netplan_sheets.errors import BadInput


def read_input(path: Path, noun: str, limit: int | None = None) -> bytes:
    """The bytes of ``path``; ``noun`` ("roster") names what it should have been. A file
    over ``limit`` bytes (when given) is refused before more is read (a FIFO or /dev/zero
    included)."""
    try:
        with path.open("rb") as file:
            data = file.read() if limit is None else file.read(limit + 1)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a {noun}") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror})") from None
    if limit is not None and len(data) > limit:
        raise BadInput(f"{path}: is larger than {_size(limit)}, far more than a {noun} "
                       "holds; is it the right file?")
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
