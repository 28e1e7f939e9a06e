"""The rows of an export, one note each: CSV and TSV, JSON lines, Parquet and Excel workbooks.

Each row gives the texts of its note columns (found as the CSV reader finds them: the
``csv_columns`` setting, else header names holding note, narrative, comment, ...), and, where
the export has them, who wrote it (the author column) and the month it was written (the date
column). Nothing else of a row is kept. A date of birth is never taken for the date column.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tilint.formats.table import NO_COLUMN, note_columns, open_records
from tilint.sources import SourceError

# Header names (lower case, runs of spaces, dashes and dots as one underscore) that name who
# wrote a note, and when. Exact names only: "date of birth" or "dob" must never be read as a
# note's date.
AUTHOR_NAMES = (
    "author", "worker", "caseworker", "case_worker", "case_manager", "casemanager", "staff", "staff_name",
    "staff_member", "created_by", "createdby", "entered_by", "written_by", "note_author", "counselor", "advocate_name",
    "owner", "user", "username",
)
DATE_NAMES = (
    "date", "note_date", "created", "created_at", "created_on", "created_date", "createddate", "entry_date",
    "entered_on", "service_date", "date_of_service", "contact_date", "session_date", "visit_date", "timestamp",
)
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".xlsm"})
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Columns:
    """What the report asks of an export's rows."""

    notes: Sequence[str] = ()  # the note columns (--csv-column / csv_columns); empty: by name
    author: str | None = None  # --author-column; None: by name
    date: str | None = None  # --date-column; None: by name
    day_first: bool = False  # 03/04/2024 is 3 April, not 4 March


@dataclass(frozen=True)
class Row:
    """One note of an export: where it is, its note cells, its author and month."""

    where: str  # "row 12" or "sheet Notes, row 12"
    cells: tuple[tuple[str, str], ...]  # (column name, text) of the non-empty note cells
    author: str | None
    month: str | None  # "2024-03", "unknown", or None when the export has no date column


def _key(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().lower())


def _find(header: Sequence[str], chosen: str | None, names: Sequence[str], what: str) -> int | None:
    """The index of the *chosen* column (an error when missing), else of the first known name."""
    keys = [_key(str(h)) for h in header]
    if chosen:
        if _key(chosen) not in keys:
            raise SourceError(f"no {what} column named {chosen!r} in the header")
        return keys.index(_key(chosen))
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


class Layout:
    """Which columns of a header are notes, author and date."""

    def __init__(self, header: Sequence[Any], columns: Columns, notes: list[tuple[int, str]] | None = None) -> None:
        self.header = [("" if h is None else str(h)).strip() for h in header]
        self.author = _find(self.header, columns.author, AUTHOR_NAMES, "author")
        self.date = _find(self.header, columns.date, DATE_NAMES, "date")
        self.notes = notes if notes is not None else note_columns(self.header, list(columns.notes) or None)
        if not columns.notes:  # "note_date" names a date, not a note
            self.notes = [(i, name) for i, name in self.notes if i not in (self.author, self.date)]
            if not self.notes:
                raise SourceError(NO_COLUMN)
        self.day_first = columns.day_first
        self._months: dict[str, str] = {}

    def row(self, where: str, values: Sequence[Any]) -> Row | None:
        """The note of one row, or None when its note cells are all empty."""
        cells = tuple(  # a note is text: a number or a date in a note column is not one
            (name, text) for index, name in self.notes
            if index < len(values) and isinstance(text := values[index], str) and text.strip()
        )
        if not cells:
            return None
        author = None
        if self.author is not None:
            author = _text(values[self.author]).strip() if self.author < len(values) else ""
            author = author or UNKNOWN
        month = None if self.date is None else self.month(values[self.date] if self.date < len(values) else None)
        return Row(where, cells, author, month)

    def month(self, value: Any) -> str:
        """'YYYY-MM' of a date cell (a date, or text in any common form), else 'unknown'."""
        if isinstance(value, (datetime, date)):
            return f"{value.year:04d}-{value.month:02d}"
        text = _text(value).strip()
        if text not in self._months:  # the same dates recur on many rows: parsed once each
            self._months[text] = _parse_month(text, self.day_first)
        return self._months[text]


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _parse_month(text: str, day_first: bool) -> str:
    if not text:
        return UNKNOWN
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser  # matplotlib's own dependency

        try:
            found = parser.parse(text, dayfirst=day_first)
        except (ValueError, OverflowError):
            return UNKNOWN
    return f"{found.year:04d}-{found.month:02d}" if 1900 <= found.year <= 2200 else UNKNOWN


def read_rows(path: Path, display: str, columns: Columns) -> Iterator[Row]:
    """The notes of the export at *path*; a file that cannot be read raises SourceError."""
    suffix = path.suffix.lower()
    reader = {".jsonl": _json_lines, ".ndjson": _json_lines, ".parquet": _parquet, ".xlsx": _workbook,
              ".xlsm": _workbook}.get(suffix, _csv)
    try:
        yield from reader(path, display, columns)
    except SourceError:
        raise
    except OSError as err:
        raise SourceError(f"cannot read: {err.strerror or type(err).__name__}") from None
    except Exception as err:  # noqa: BLE001 - a malformed export is that file's error, not the run's end
        # by its kind only: a library's message can quote the file's text
        raise SourceError(f"cannot read this export ({type(err).__name__})") from None


def _csv(path: Path, display: str, columns: Columns) -> Iterator[Row]:
    """CSV and TSV, with the encodings and separators the CSV reader accepts."""
    with path.open("rb") as stream:
        records, header, _ = open_records(stream, display)
        if header is None:
            return
        layout = Layout(header[1], columns)
        number = 0
        while (record := records.next()) is not None:
            number += 1
            if (row := layout.row(f"row {number}", record[1])) is not None:
                yield row


def _json_lines(path: Path, display: str, columns: Columns) -> Iterator[Row]:
    """JSON lines: one object per line, its keys the header (those of the first object)."""
    layout: Layout | None = None
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(codecs.decode(raw, "utf-8-sig" if number == 1 else "utf-8"))
            except ValueError:  # UnicodeDecodeError too; its message is left out, as it can quote the line
                raise SourceError(f"line {number} is not JSON") from None
            if not isinstance(record, Mapping):
                raise SourceError(f"line {number} is not a JSON object")
            if layout is None:
                layout = Layout(list(record), columns)
            if (row := layout.row(f"row {number}", [record.get(name) for name in layout.header])) is not None:
                yield row


def _parquet(path: Path, display: str, columns: Columns) -> Iterator[Row]:
    """Parquet, read a batch of rows at a time, only the columns the report needs."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError('reading Parquet needs pyarrow: pip install "tilint[parquet]"') from None
    file = pq.ParquetFile(path)
    layout = Layout(file.schema_arrow.names, columns)
    wanted = sorted({i for i, _ in layout.notes} | {i for i in (layout.author, layout.date) if i is not None})
    names = [layout.header[i] for i in wanted]
    number = 0
    for batch in file.iter_batches(batch_size=8192, columns=names):
        data = [batch.column(i).to_pylist() for i in range(len(names))]
        for values in zip(*data):
            number += 1
            full: list[Any] = [None] * len(layout.header)
            for index, value in zip(wanted, values):
                full[index] = value
            if (row := layout.row(f"row {number}", full)) is not None:
                yield row


def _workbook(path: Path, display: str, columns: Columns) -> Iterator[Row]:
    """Excel, read as the workbook reader reads it (tilint.formats.workbook): the same sheets,
    header rows and note cells, rows numbered as Excel numbers them."""
    from tilint.formats import Input
    from tilint.formats.workbook import find_header, open_workbook, sheet_columns, sheet_rows, worksheets

    book = open_workbook(Input(display, path))
    read = False
    try:
        for name, sheet in worksheets(book):
            named = sheet_columns(list(columns.notes), name)
            rows = _Remembering(sheet_rows(sheet))
            notes = find_header(rows, named) if named or not columns.notes else None
            if notes is None:  # a sheet without a note column is left out, as the reader leaves it
                continue
            read = True
            layout = Layout(rows.last, columns, notes)
            for number, values in rows:
                if (row := layout.row(f"sheet {name}, row {number}", values)) is not None:
                    yield row
    finally:
        book.close()
    if not read:
        raise SourceError(NO_COLUMN)


class _Remembering:
    """An iterator of (number, values) rows that remembers the values of the last one taken."""

    def __init__(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.rows, self.last = rows, []

    def __iter__(self) -> _Remembering:
        return self

    def __next__(self) -> tuple[int, list[Any]]:
        number, self.last = next(self.rows)
        return number, self.last
