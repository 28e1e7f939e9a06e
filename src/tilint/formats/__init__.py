"""Format adapters: each turns a file's bytes into the texts to lint, with the way back from
every offset to a place in the source that a person can find. The engine knows none of this.

An adapter is a function ``(source: Input) -> Document``. It is chosen by the file's extension,
by ``--stdin-filename`` for standard input, or by a configuration's ``formats``. Adapters for
Word, HTML, YAML/JSON, CSV, Excel and PDF are imported only when a file of theirs is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any

from tilint.document import LineIndex
from tilint.sources import SourceError, decode, open_regular, read_bytes


class Locator:
    """Where an offset of a part's text is in the source file. The default counts lines of the
    text itself; adapters whose text is not the file's own (Word, CSV) supply their own."""

    def __init__(self, text: str) -> None:
        self.index = LineIndex(text)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the source file."""
        return self.index.line_col(offset)

    def line_text(self, line: int) -> str:
        """The source line to show under a finding."""
        return self.index.line_text(line)

    def label(self, offset: int) -> str:
        """A place a person can find (``table 1, row 2, cell 3``), or '' where line and column suffice."""
        return ""


@dataclass(frozen=True)
class Part:
    """One text to lint, with what to leave out of it and how to find its offsets in the source."""

    text: str
    skip: tuple[tuple[int, int], ...] = ()  # ranges that are not prose (markup, code, keys)
    quoted: tuple[tuple[int, int], ...] = ()  # ranges that are someone else's words
    breaks: tuple[int, ...] = ()  # offsets where one separate text ends and the next begins
    locator: Locator | None = None

    def locate(self) -> Locator:
        """This part's locator (the default one when the adapter gave none)."""
        return self.locator if self.locator is not None else Locator(self.text)


@dataclass
class Document:
    """A file read by an adapter."""

    display: str
    parts: Iterable[Part]
    note: str | None = None
    text: str = ""  # the decoded source for text formats (front matter, suppressions); '' otherwise
    encoding: str = ""
    bom: bytes = b""
    fixable: bool = False  # whether --fix may rewrite the file's text
    scriptable: bool = True  # whether it can be an intake script (a CSV export of notes cannot)
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Input:
    """A file (or standard input) handed to an adapter, with the run's format options
    (for example ``csv_columns``)."""

    display: str
    path: Path | None = None
    data: bytes | None = None  # standard input, or text given directly
    options: Mapping[str, Any] = field(default_factory=dict)
    text: str | None = None  # already decoded text (the Python API), read as it is

    def decoded(self) -> tuple[str, str, bytes, str | None]:
        """(text, encoding, bom, note): the given text, or the bytes decoded."""
        if self.text is not None:
            return self.text, "utf-8", b"", None
        return decode(self.read_bytes())

    def read_bytes(self) -> bytes:
        """All the bytes (raises SourceError with one line when the file cannot be read)."""
        if self.data is not None:
            return self.data
        if self.text is not None:
            return self.text.encode("utf-8")
        assert self.path is not None
        return read_bytes(self.path)

    def open(self) -> IO[bytes]:
        """A binary stream, for adapters that read large files piece by piece."""
        import io

        if self.data is not None or self.path is None:
            return io.BytesIO(self.data or b"")
        return open_regular(self.path)  # one-line SourceError, as a whole read would raise


Adapter = Callable[[Input], Document]


def read_text(source: Input) -> Document:
    """Plain text: the whole file is prose."""
    text, encoding, bom, note = source.decoded()
    return Document(source.display, [Part(text)], note, text, encoding, bom, fixable=True)


def read_markdown(source: Input) -> Document:
    """Markdown: code, front matter, link targets, HTML comments and tags are left out;
    blockquotes are someone else's words."""
    from tilint.markdown import markdown_regions

    text, encoding, bom, note = source.decoded()
    regions = markdown_regions(text)
    part = Part(text, regions.skip, regions.quoted)
    return Document(source.display, [part], note, text, encoding, bom, fixable=True)


def _lazy(module: str, function: str) -> Adapter:
    """An adapter whose module (and its libraries) load only when a file of its kind is read."""

    def adapter(source: Input) -> Document:
        read: Adapter = getattr(importlib.import_module(module), function)
        return read(source)

    adapter.__name__ = function
    return adapter


ADAPTERS: dict[str, Adapter] = {"text": read_text, "markdown": read_markdown}
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mkdn": "markdown",
}


def register(name: str, adapter: Adapter, extensions: Iterable[str]) -> None:
    """Make *adapter* available by *name* and for files with these *extensions*."""
    ADAPTERS[name] = adapter
    for extension in extensions:
        EXTENSIONS[extension] = name


def adapter_name(display: str, chosen: str | None = None) -> str:
    """The adapter for a file: the one *chosen* (configuration), else by extension, else text."""
    if chosen:
        return chosen
    return EXTENSIONS.get(PurePath(display).suffix.lower(), "text")


def read_document(source: Input, chosen: str | None = None) -> Document:
    """Read *source* with the adapter for its name; unreadable content raises SourceError."""
    name = adapter_name(source.display, chosen)
    if name not in ADAPTERS:
        raise SourceError(f"no reader for format {name!r}")
    return ADAPTERS[name](source)


class Unsupported(SourceError):
    """A document tilint does not read (a PDF, a scan, a legacy Word file)."""


NOT_READ = {
    ".doc": "legacy Word file (.doc); save it as .docx", ".rtf": "RTF file",
    ".odt": "OpenDocument file", ".pages": "Pages file", ".xls": "legacy Excel file (.xls); save it as .xlsx",
    ".ppt": "presentation", ".pptx": "presentation", ".png": "image", ".jpg": "image", ".jpeg": "image",
    ".gif": "image", ".tif": "image", ".tiff": "image", ".heic": "image", ".bmp": "image",
}
READS = "text, Markdown, HTML, Word (.docx), YAML, JSON, CSV, Excel (.xlsx, .xlsm) and PDF"


def read_unsupported(source: Input) -> Document:
    """Refuse a document format tilint does not read, saying what it is."""
    what = NOT_READ.get(PurePath(source.display).suffix.lower(), "file of this kind")
    raise Unsupported(f"{what}, skipped (tilint reads {READS})")


register("unsupported", read_unsupported, NOT_READ)
register("html", _lazy("tilint.formats.html", "read_html"), [".html", ".htm", ".xhtml"])
register("yaml", _lazy("tilint.formats.structured", "read_yaml"), [".yaml", ".yml"])
register("json", _lazy("tilint.formats.structured", "read_json"), [".json"])
register("csv", _lazy("tilint.formats.table", "read_csv"), [".csv", ".tsv"])
register("docx", _lazy("tilint.formats.word", "read_docx"), [".docx"])
register("xlsx", _lazy("tilint.formats.workbook", "read_workbook"), [".xlsx", ".xlsm"])
register("pdf", _lazy("tilint.formats.pdf", "read_pdf"), [".pdf"])

__all__ = [
    "ADAPTERS", "EXTENSIONS", "Document", "Input", "Locator", "Part", "SourceError", "Unsupported", "read_document",
    "register",
]
