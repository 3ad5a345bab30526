"""Progress bars for long management commands (tqdm), written to the command's own error stream."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm


def progress_bar(command: BaseCommand, *, total: int | None, desc: str, unit: str, verbosity: int) -> tqdm[Any]:
    """A bar on the command's stderr (so stdout stays the command's result); off at --verbosity 0.

    Django's OutputWrapper ends every write with a newline, which would break a bar redrawn with a
    carriage return, so the bar writes to the stream underneath it.
    """
    stream = getattr(command.stderr, "_out", command.stderr)
    return tqdm(total=total, desc=desc, unit=unit, file=stream, disable=verbosity == 0, mininterval=0.5)
