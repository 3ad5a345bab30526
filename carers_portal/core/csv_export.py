"""CSV helpers shared by every export: formula-injection escaping and Excel-friendly streaming."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

# OWASP CSV injection: a cell that starts (after leading spaces) with one of these
# is prefixed with a single quote so spreadsheet software treats it as text. A cell that
# already starts with quotes before such a start gets one more, so that csv_unescape can
# take exactly one off and an import gets back what was exported.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_FIRST_CHARS = frozenset(" '" + "".join(_FORMULA_STARTS))
EXCEL_BOM = "\ufeff"


def _escaped(text: str) -> bool:
    return text.lstrip("'").lstrip(" ").startswith(_FORMULA_STARTS)


def csv_safe(value: Any) -> str:
    """The text of one cell, escaped against formula injection. None becomes blank."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    # Fast path (exports call this millions of times): most cells cannot start a formula.
    if not text or text[0] not in _FIRST_CHARS:
        return text
    return "'" + text if _escaped(text) else text


def csv_unescape(text: str) -> str:
    """The cell csv_safe was given, from the text it wrote (an import of our own export)."""
    return text[1:] if text[:1] == "'" and _escaped(text) else text


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Iterable[Any]], *, excel: bool = True) -> Iterator[str]:
    """Yield CSV text one row at a time: constant memory whatever the number of rows.

    `excel=True` gives "CSV for Excel": a UTF-8 byte order mark, CRLF line ends and
    every field quoted. `excel=False` gives plain UTF-8 CSV with LF line ends.
    """
    writer = csv.writer(
        _Echo(),
        lineterminator="\r\n" if excel else "\n",
        quoting=csv.QUOTE_ALL if excel else csv.QUOTE_MINIMAL,
    )
    if excel:
        yield EXCEL_BOM
    first = _FIRST_CHARS
    for row in rows:
        # The common case inline (a str that cannot start a formula): exports write millions of cells.
        yield writer.writerow(
            [cell if cell.__class__ is str and (not cell or cell[0] not in first) else csv_safe(cell) for cell in row]
        )


def csv_response(rows: Iterable[Iterable[Any]], *, filename: str, excel: bool = True) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(rows, excel=excel), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
