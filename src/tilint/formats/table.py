"""CSV and TSV exports of case-management systems: the note column(s) of every row.

The note columns are those the format option ``csv_columns`` names (``--csv-column``; header
names, case-insensitive), else those whose header contains note, narrative, comment, summary or
description. Each row's note cell is linted as a text of its own; rows are read one at a time,
so a file of any length is linted in bounded memory. The encoding is decided on the first 64 KB
(byte-order mark, else UTF-8, else Windows-1252, with a note); later bytes that are not UTF-8
are read as Windows-1252, with a note.

A finding's location is ``row 1841, column notes``: the row is the data row number, 1-based,
header excluded (a spreadsheet shows it as row 1842), counting every record, blank ones too.
Its line and column are those of the matched words in the CSV file itself, inside quoted cells
with line breaks and doubled quotes too (should a record not re-read exactly, the finding points
at the record's first line, column 1; the label stays exact). Records are read strictly: a
malformed quote is an error naming its line. A .tsv file is tab-separated; a .csv file whose
header line holds more semicolons (or tabs) than commas is read with that separator.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import IO, Any

from tilint.document import LineIndex
from tilint.formats import Document, Input, Locator, Part
from tilint.sources import SourceError

NOTE_WORDS = ("note", "narrative", "comment", "summary", "description")  # notes, case_note contain "note"
NO_COLUMN = "no note column found; name one with --csv-column or csv_columns in the configuration"
_CHUNK = 64 * 1024
CELL_LIMIT = 1_048_576  # characters of one cell; a record with a longer one is skipped, with a note
_FALLBACK = "tilint-cp1252-fallback"
_counter = threading.local()


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (one character each), and count them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _counter.value = getattr(_counter, "value", 0) + 1
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


class CellLocator(Locator):
    """Offsets of one cell's text -> line and column in the CSV file; label: row and column."""

    def __init__(self, value: str, record: Sequence[str], first_line: int, field: int, delimiter: str,
                 label: str) -> None:
        self.value, self.record, self.first_line = value, record, first_line
        self.field, self.delimiter, self.where = field, delimiter, label
        self._map: tuple[LineIndex, list[int], list[int]] | None = None

    def _mapping(self) -> tuple[LineIndex, list[int], list[int]]:
        """Where the cell's characters are in its record, worked out on the first finding."""
        if self._map is None:
            raw = "".join(self.record)
            found = field_segments(raw, self.field, self.delimiter)
            exact = found is not None and found[0] == self.value
            segments = found[1] if found is not None and exact else []  # else: the record's first line
            self._map = (LineIndex(raw), [s[0] for s in segments], [s[1] for s in segments])
        return self._map

    def line_col(self, offset: int) -> tuple[int, int]:
        index, values, raws = self._mapping()
        if not values:
            return self.first_line, 1
        segment = max(bisect_right(values, offset) - 1, 0)
        line, column = index.line_col(raws[segment] + offset - values[segment])
        return self.first_line + line - 1, column

    def line_text(self, line: int) -> str:
        number = line - self.first_line
        return self.record[number].rstrip("\r\n") if 0 <= number < len(self.record) else ""

    def label(self, offset: int) -> str:
        return self.where


def field_segments(raw: str, field: int, delimiter: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The value of field number *field* (0-based) of the raw record *raw*, as the csv module reads
    it, and where its characters are: (value offset, raw offset) at the start of each unbroken run."""
    position = 0
    for _ in range(field):
        position = _scan(raw, position, delimiter)[2]
        if position >= len(raw) or raw[position] != delimiter:
            return None
        position += 1
    value, segments, _ = _scan(raw, position, delimiter)
    return value, segments


def _scan(raw: str, start: int, delimiter: str) -> tuple[str, list[tuple[int, int]], int]:
    """Read one field from *start*: its value, its segments and the offset just after it."""
    if not raw.startswith('"', start):
        end = start
        while end < len(raw) and raw[end] not in (delimiter, "\r", "\n"):
            end += 1
        return raw[start:end], [(0, start)], end
    pieces: list[str] = []
    segments = [(0, start + 1)]
    length, position = 0, start + 1
    while (quote := raw.find('"', position)) >= 0:
        pieces.append(raw[position:quote])
        length += quote - position
        if not raw.startswith('""', quote):
            return "".join(pieces), segments, quote + 1
        pieces.append('"')
        length += 1
        position = quote + 2
        segments.append((length, position))
    return "".join(pieces) + raw[position:], segments, len(raw)  # unclosed (the reader refuses it)


class _Records:
    """Records of a CSV stream: (first line, fields, raw lines), with one-line errors."""

    def __init__(self, stream: IO[str], delimiter: str) -> None:
        self.stream, self.delimiter = stream, delimiter
        self.held: list[str] = []  # the lines of the record being read
        self.reader = csv.reader(self, delimiter=delimiter, strict=True)
        self.fallbacks = 0
        self.passed = 0  # lines read past the csv reader: the rest of a record with too long a cell
        self.too_long = False  # whether the last record had a cell longer than CELL_LIMIT (and was skipped)

    def __iter__(self) -> _Records:
        return self

    def __next__(self) -> str:
        """The next line, for the csv reader."""
        line = next(self.stream)
        self.held.append(line)
        return line

    def next(self) -> tuple[int, list[str], list[str]] | None:
        """The next record, or None at the end of the file."""
        first = self.reader.line_num + self.passed + 1
        self.held = []
        self.too_long = False
        before = getattr(_counter, "value", 0)
        limit = csv.field_size_limit(CELL_LIMIT)  # the module's own limit is process-wide: restored below
        try:
            row = next(self.reader)
        except StopIteration:
            return None
        except csv.Error as err:
            if str(err).startswith("field larger than field limit"):
                self._pass_record()
                return first, [], []
            last = self.reader.line_num
            where = f"line {first}" if last <= first else f"lines {first}-{last}"
            raise SourceError(f"malformed CSV at {where}: {err}") from None
        except OSError as err:
            raise SourceError(f"cannot read: {err.strerror or type(err).__name__}") from None
        finally:
            csv.field_size_limit(limit)
            self.fallbacks += getattr(_counter, "value", 0) - before
        return first, row, self.held

    def _pass_record(self) -> None:
        """Read past the rest of a record whose cell was too long, without keeping it: while an
        odd number of quotes has been read, a quoted cell goes on to the next line."""
        self.too_long = True
        quotes = sum(line.count('"') for line in self.held)
        self.held = []
        while quotes % 2:
            try:
                line = next(self.stream)
            except StopIteration:
                break
            self.passed += 1
            quotes += line.count('"')


def read_csv(source: Input) -> Document:
    """Read a CSV or TSV export: a part for each non-empty note cell, made as rows are read.
    Locations read ``row N, column NAME``, N the data row number (1-based, header excluded)."""
    stream = _rewindable(source.open())
    try:
        records, header, note = open_records(stream, source.display)
        if header is None:  # an empty file
            records.stream.close()
            return Document(source.display, [], note, scriptable=False)
        columns = note_columns(header[1], source.options.get("csv_columns"))
    except BaseException:
        stream.close()
        raise
    document = Document(source.display, [], note, scriptable=False)
    document.parts = _parts(records, columns, document)
    return document


def open_records(stream: IO[bytes], display: str) -> tuple[_Records, tuple[int, list[str], list[str]] | None, str | None]:
    """The records of a CSV or TSV *stream* (seekable; its encoding and separator found from its
    start), its header (the first record with a cell holding text; None in an empty file) and the
    encoding note."""
    encoding, errors, note, head = _encoding(stream.read(_CHUNK))
    stream.seek(0)
    records = _Records(io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline=""), _delimiter(display, head))
    header = records.next()
    while header is not None and not any(cell.strip() for cell in header[1]):
        header = records.next()
    return records, header, note


def _parts(records: _Records, columns: list[tuple[int, str]], document: Document) -> Iterator[Part]:
    """A part for every non-empty note cell, read lazily; a late encoding note is set on *document*
    (the run reads notes after linting)."""
    row = 0
    long_rows: list[int] = []
    try:
        while (record := records.next()) is not None:
            row += 1
            first, fields, lines = record
            if records.too_long:
                long_rows.append(row)
            for index, name in columns:
                if index < len(fields) and fields[index].strip():
                    label = f"row {row}, column {name}"
                    locator = CellLocator(fields[index], lines, first, index, records.delimiter, label)
                    yield Part(fields[index], locator=locator)
        if records.fallbacks and document.note is None:
            document.note = "not valid UTF-8 in places; those bytes were read as Windows-1252"
        if long_rows:
            shown = ", ".join(map(str, long_rows[:5])) + (f" and {len(long_rows) - 5} more" if len(long_rows) > 5 else "")
            skipped = f"row{'s' if len(long_rows) > 1 else ''} {shown} not linted: a cell longer than {CELL_LIMIT:,} characters"
            document.note = skipped if document.note is None else f"{document.note}; {skipped}"
    finally:
        records.stream.close()


def note_columns(header: Sequence[str], chosen: Any) -> list[tuple[int, str]]:
    """(index, header name) of the note columns: those *chosen* (names, case-insensitive) or else
    those whose name holds a note word."""
    names = [name.strip() for name in header]
    if chosen:
        wanted = {str(name).strip().lower() for name in ([chosen] if isinstance(chosen, str) else chosen)}
        found = [(i, name) for i, name in enumerate(names) if name.lower() in wanted]
        if not found:
            raise SourceError(f"no column named {', '.join(sorted(wanted))} in the header")
        return found
    found = [(i, name) for i, name in enumerate(names) if any(word in name.lower() for word in NOTE_WORDS)]
    if not found:
        raise SourceError(NO_COLUMN)
    return found


def _rewindable(stream: IO[bytes]) -> IO[bytes]:
    """The stream itself, or, for a pipe, all its bytes in memory."""
    if stream.seekable():
        return stream
    with stream:
        return io.BytesIO(stream.read())


def _encoding(head: bytes) -> tuple[str, str, str | None, str]:
    """(encoding, error handler, note, decoded text) from the file's first chunk: a byte-order mark,
    else UTF-8 (bytes that are not, further on, read as Windows-1252), else Windows-1252."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SourceError("UTF-32 text is not supported")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _FALLBACK, None, head[3:].decode("utf-8", "replace")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace", None, head.decode("utf-16", "replace")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise SourceError("a spreadsheet file, not CSV text (export it as CSV)")
    wide = _utf16_without_bom(head)
    if wide:
        return wide, "replace", f"no byte-order mark; read as {wide.upper()}", head.decode(wide, "replace")
    if b"\x00" in head:
        raise SourceError("binary file, skipped")
    try:
        return "utf-8", _FALLBACK, None, codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return "cp1252", "replace", "not valid UTF-8; read as Windows-1252", head.decode("cp1252", "replace")


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: mostly ASCII, so every other byte is NUL."""
    even, odd = head[0:8192:2], head[1:8192:2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(zeros) >= 2 and zeros.count(0) >= 0.9 * len(zeros) and others.count(0) == 0:
            return codec
    return None


def _delimiter(display: str, head: str) -> str:
    if PurePath(display).suffix.lower() == ".tsv":
        return "\t"
    first = (head.splitlines() or [""])[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","
