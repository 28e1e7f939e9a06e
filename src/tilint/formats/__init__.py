"""Format adapters: each turns a file's bytes into the texts to lint, with the way back from
every offset to a place in the source that a person can find. The engine knows none of this.

An adapter is a function ``(data: bytes, display: str) -> Document``. It is chosen by the file's
extension, by ``--stdin-filename`` for standard input, or by a configuration's ``formats``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from tilint.document import LineIndex
from tilint.sources import SourceError, decode


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
    extra: dict[str, object] = field(default_factory=dict)


Adapter = Callable[[bytes, str], Document]


def read_text(data: bytes, display: str) -> Document:
    """Plain text: the whole file is prose."""
    text, encoding, bom, note = decode(data)
    return Document(display, [Part(text)], note, text, encoding, bom, fixable=True)


def read_markdown(data: bytes, display: str) -> Document:
    """Markdown: code, front matter, link targets, HTML comments and tags are left out;
    blockquotes are someone else's words."""
    from tilint.markdown import markdown_regions

    text, encoding, bom, note = decode(data)
    regions = markdown_regions(text)
    return Document(display, [Part(text, regions.skip, regions.quoted)], note, text, encoding, bom, fixable=True)


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


def read_document(data: bytes, display: str, chosen: str | None = None) -> Document:
    """Read *data* with the adapter for *display*; unreadable content raises SourceError."""
    name = adapter_name(display, chosen)
    if name not in ADAPTERS:
        raise SourceError(f"no reader for format {name!r}")
    return ADAPTERS[name](data, display)


__all__ = ["ADAPTERS", "EXTENSIONS", "Document", "Locator", "Part", "SourceError", "read_document", "register"]
