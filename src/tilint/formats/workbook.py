"""Excel workbooks (.xlsx, .xlsm) exported by case-management systems: the note column(s) of
every sheet, each note cell linted as a text of its own. Read with python-calamine, a sheet at a
time (6-7 times faster than openpyxl's read-only mode on a 20,000-row export, in about the same
memory: see benchmarks/workbook_readers.py).

Each sheet's note columns are found as the CSV reader finds them: the columns ``csv_columns``
names (``--csv-column``; header names, case-insensitive), else those whose header holds note,
narrative, comment, summary or description. A name written ``Sheet!column`` applies to that
sheet only. The header is the first row of the sheet (among its first 30) that holds a note
column and, unless the column was named, one more filled cell, so the title and filter rows a
report builder puts above it are passed over. A sheet without a note column is left out, with a
note; a workbook where no sheet has one is an error.

What is read is what Excel shows: text cells, and for a formula its last calculated value when
that is text (a workbook saved by a program that never calculated it has none, and the cell reads
as empty); a formula itself is never a note. Numbers, dates and true/false are not notes. A merged
cell's text is read once, in its top-left cell. Empty and chart sheets hold nothing to read.

A finding's location names the sheet, the row as Excel numbers it (the header's row counts) and
the column's header: ``sheet Notes, row 1841, column case_note``, plus ``, line 2`` inside a cell
of several lines. Its column is the character in that line of the cell. Its line counts the lines
of the note cells read in order (sheet by sheet, row by row), so that every finding of a workbook
has a line of its own and the findings sort in reading order; it is not a row number.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from tilint.document import LINE_BREAK, LineIndex
from tilint.formats import Document, Input, Locator, Part
from tilint.formats.table import NO_COLUMN, NOTE_WORDS, note_columns
from tilint.sources import SourceError

HEADER_ROWS = 30  # rows of a sheet looked at for its header (report builders put titles above it)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "an encrypted (password-protected) workbook or an old .xls file: save a copy as .xlsx without a password"
UNREADABLE = "not a readable Excel workbook (.xlsx, .xlsm)"
NO_SHEET_COLUMN = (
    "no sheet has a note column; name one with --csv-column or csv_columns in the configuration "
    "(Sheet!column for one sheet)"
)


class CellLocator(Locator):
    """One note cell: its lines are lines *first*, *first* + 1, ... of the workbook's note text."""

    def __init__(self, text: str, first: int, where: str) -> None:
        self.text, self.first, self.where = text, first, where
        self._index: LineIndex | None = None

    def index(self) -> LineIndex:
        if self._index is None:  # worked out on the cell's first finding
            self._index = LineIndex(self.text)
        return self._index

    def line_col(self, offset: int) -> tuple[int, int]:
        line, column = self.index().line_col(offset)
        return self.first + line - 1, column

    def line_text(self, line: int) -> str:
        number = line - self.first + 1
        return self.index().line_text(number) if 1 <= number <= len(self.index().starts) else ""

    def label(self, offset: int) -> str:
        index = self.index()
        if len(index.starts) == 1:
            return self.where
        return f"{self.where}, line {index.line_col(offset)[0]}"


def line_count(text: str) -> int:
    """How many lines LineIndex counts in *text*."""
    return text.count("\n") + 1 if "\r" not in text else len(LINE_BREAK.findall(text)) + 1


def read_workbook(source: Input) -> Document:
    """Read an .xlsx or .xlsm workbook (see the module's description); its note cells are read as
    the run asks for them, a sheet at a time."""
    book = open_workbook(source)
    document = Document(source.display, [], scriptable=False)
    document.parts = _parts(book, source.options.get("csv_columns"), document)
    return document


def open_workbook(source: Input) -> Any:
    """The workbook (a python_calamine.CalamineWorkbook); one line of SourceError if it cannot be opened."""
    import python_calamine

    if source.text is not None:
        raise SourceError("a workbook is read from its file (or bytes), not from text")
    if source.data is not None:
        head = source.data[:8]
    else:
        with source.open() as stream:
            head = stream.read(8)
    if head.startswith(_OLE_MAGIC):
        raise SourceError(ENCRYPTED)
    try:
        if source.data is not None:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        return python_calamine.CalamineWorkbook.from_path(str(source.path))
    except python_calamine.PasswordError:
        raise SourceError(ENCRYPTED) from None
    except Exception:  # noqa: BLE001 - not a zip, parts missing, malformed XML, not a workbook
        raise SourceError(UNREADABLE) from None


def worksheet(book: Any, name: str) -> Any:
    """The sheet called *name* (read whole by python-calamine); SourceError if it cannot be read."""
    try:
        return book.get_sheet_by_name(name)
    except Exception:  # noqa: BLE001 - a malformed sheet part
        raise SourceError(f"{UNREADABLE}: sheet {name} cannot be read") from None


def sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """(row number as Excel shows it, cell values from the sheet's first used column) of each row
    of *sheet* (see worksheet), empty rows included."""
    start = sheet.start
    if start is None:  # an empty sheet
        return
    rows = sheet.iter_rows()
    first = next(rows, None)
    if first is None:
        return
    # python-calamine yields rows from the sheet's first row (row 1), whatever its first used row;
    # should a version start at the first used row instead, that row is not empty.
    number = 1 if start[0] and not any(value != "" for value in first) else start[0] + 1
    yield number, first
    for number, values in enumerate(rows, number + 1):
        yield number, values


def sheet_columns(chosen: Any, sheet: str) -> list[str]:
    """The names of *chosen* (``csv_columns``) that apply to *sheet*: plain names, and
    ``Sheet!column`` names of this sheet (case-insensitive)."""
    names = [chosen] if isinstance(chosen, str) else list(chosen or ())
    found = []
    for name in map(str, names):
        where, mark, column = name.rpartition("!")
        if not mark:
            found.append(name)
        elif where.strip().strip("'").lower() == sheet.lower():
            found.append(column)
    return found


def find_header(rows: Iterator[tuple[int, list[Any]]], chosen: Sequence[str]) -> list[tuple[int, str]] | None:
    """The note columns (index, header name) of the first row among the first HEADER_ROWS of *rows*
    that holds one (one of the *chosen* names, else a note word beside another filled cell);
    *rows* is left just after that row. None when none does."""
    for _, (_, values) in zip(range(HEADER_ROWS), rows):
        header = [value.strip() if isinstance(value, str) else "" for value in values]
        if chosen:
            try:
                return note_columns(header, chosen)
            except SourceError:
                continue
        if sum(bool(name) for name in header) < 2:  # a title or filter line above the header
            continue
        if any(word in name.lower() for name in header for word in NOTE_WORDS):
            return note_columns(header, None)
    return None


def _parts(book: Any, chosen: Any, document: Document) -> Iterator[Part]:
    """A part for every note cell holding text, sheet by sheet; sheets left out are noted on *document*."""
    line = 1
    read, skipped = 0, []
    try:
        for name, sheet in worksheets(book):
            named = sheet_columns(chosen, name)  # once columns are named, only those are read
            rows = sheet_rows(sheet)
            columns = find_header(rows, named) if named or not chosen else None
            if columns is None:
                skipped.append(name)
                continue
            read += 1
            for number, values in rows:
                for index, column in columns:
                    value = values[index] if index < len(values) else None
                    if isinstance(value, str) and value.strip():
                        where = f"sheet {name}, row {number}, column {column}"
                        yield Part(value, locator=CellLocator(value, line, where))
                        line += line_count(value)
    finally:
        book.close()
    if skipped and not read:
        raise SourceError(NO_SHEET_COLUMN if len(skipped) > 1 else NO_COLUMN)
    if skipped:
        document.note = f"no note column in sheet{'s' if len(skipped) > 1 else ''} {', '.join(skipped)}; not read"


def worksheets(book: Any) -> Iterator[tuple[str, Any]]:
    """Each worksheet of *book* holding cells, with its name (chart and empty sheets left out)."""
    for name in book.sheet_names:
        sheet = worksheet(book, name) if _is_worksheet(book, name) else None
        if sheet is not None and sheet.start is not None:
            yield name, sheet


def _is_worksheet(book: Any, name: str) -> bool:
    """Whether *name* is a worksheet (not a chart sheet, a macro sheet or a dialog)."""
    for meta in book.sheets_metadata:
        if meta.name == name:
            return str(meta.typ).rsplit(".", 1)[-1] == "WorkSheet"
    return True
