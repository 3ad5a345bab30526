"""CSV helpers shared by every export: formula-injection escaping and Excel-friendly streaming."""

from __future__ import annotations

import contextlib
import csv
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection
from django.http import StreamingHttpResponse
from psycopg2 import sql  # type: ignore[import-untyped]  # no stubs in the lock

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


def csv_safe_sql(expression: sql.Composable) -> sql.Composed:
    """SQL for csv_safe() of a text expression (NULL stays NULL): the same rule, run by PostgreSQL."""
    return sql.SQL("CASE WHEN left(ltrim({e}, ' '), 1) IN ({starts}) THEN {quote} || {e} ELSE {e} END").format(
        e=expression, starts=sql.SQL(", ").join(map(sql.Literal, _FORMULA_STARTS)), quote=sql.Literal("'")
    )


def csv_cell_sql(expression: sql.Composable, *, excel: bool) -> sql.Composed:
    """A COPY column that writes a blank cell as csv_rows() does: "" for Excel (all quoted), nothing if plain.

    PostgreSQL's CSV writes NULL unquoted and an empty string as "", so plain CSV turns blanks into NULL.
    """
    return sql.SQL("COALESCE({}, '')" if excel else "NULLIF({}, '')").format(expression)


def copy_options(*, excel: bool) -> sql.SQL:
    """COPY's options for csv_rows()'s two dialects (copy_csv_chunks changes line ends to CRLF for Excel)."""
    return sql.SQL("(FORMAT csv, FORCE_QUOTE *)" if excel else "(FORMAT csv)")


COPY_CHUNK_BYTES = 256 * 1024
COPY_QUEUE_CHUNKS = 8


class _RowSink:
    """The file psycopg2's copy_expert writes to: one call per row (PostgreSQL sends each row as one message)."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.write = write


def copy_csv_chunks(statement: sql.Composable, *, excel: bool) -> Iterator[bytes]:
    """Stream `statement` (a composed `COPY ... TO STDOUT`) in chunks of about COPY_CHUNK_BYTES, in constant memory.

    psycopg2's copy_expert returns only when the COPY has finished, so it runs in a helper thread on
    this request's own connection (psycopg2 connections may be shared between threads, and this
    thread does not use it meanwhile) and hands chunks over through a short queue, so the COPY waits
    for a slow client. PostgreSQL ends every row with LF; for Excel each row's last byte becomes CRLF
    (line breaks inside a cell are quoted and kept, as csv.writer does). If the client goes away the
    COPY is cancelled and the connection is not reused.
    """
    connection.ensure_connection()
    raw: Any = connection.connection
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=COPY_QUEUE_CHUNKS)
    stopped = threading.Event()

    def produce() -> None:
        buffer: list[bytes] = []
        size = 0

        def write(row: bytes) -> None:
            nonlocal size
            if stopped.is_set():
                return
            if excel:
                row = row[:-1] + b"\r\n"
            buffer.append(row)
            size += len(row)
            if size >= COPY_CHUNK_BYTES:
                chunks.put(b"".join(buffer))
                buffer.clear()
                size = 0

        try:
            with raw.cursor() as cursor:
                cursor.copy_expert(statement.as_string(cursor), _RowSink(write))
            if buffer:
                chunks.put(b"".join(buffer))
            chunks.put(None)
        except BaseException as error:  # noqa: BLE001 (handed over to the reading thread, which raises it)
            chunks.put(error)

    thread = threading.Thread(target=produce, name="csv-copy", daemon=True)
    thread.start()
    finished = False
    try:
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
        finished = True
    finally:
        if thread.is_alive():
            stopped.set()
            raw.cancel()
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    chunks.get(timeout=0.1)
        thread.join()
        if not finished:
            # A cancelled COPY leaves a failed statement, and its cancel request may still be in flight.
            if connection.in_atomic_block:
                connection.set_rollback(True)
            else:
                connection.close()


def csv_streaming_response(chunks: Iterable[str | bytes], *, filename: str) -> StreamingHttpResponse:
    """A CSV download of text already in CSV form (from csv_rows or copy_csv_chunks)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(rows: Iterable[Iterable[Any]], *, filename: str, excel: bool = True) -> StreamingHttpResponse:
    return csv_streaming_response(csv_rows(rows, excel=excel), filename=filename)
