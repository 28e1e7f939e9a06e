"""Word (.docx) documents, read with python-docx.

What a person sees is linted: the body's paragraphs, every table cell (nested tables too; a
merged cell once), the headers and footers of every section, and, with the format option
``docx_comments: true``, the comments. Footnotes, endnotes, text boxes, shapes, field codes,
deleted tracked changes and document properties are not read.

The document becomes one text: its paragraphs in reading order (body, then each section's
headers and footers, then comments), joined by blank lines, each one a separate text. Soft
line breaks and tabs inside a paragraph read as spaces. A finding's line is the paragraph's
ordinal in that list (1-based) and its column the character in that paragraph; its location
names a place Word users can find: ``paragraph 12`` (the 12th paragraph of the body outside
tables, empty ones counted), ``table 2, row 3, cell 1`` (tables of the body counted alone;
``, paragraph 2`` when the cell holds several), ``header (section 1)``, ``footer (section 1)``,
``comment 3``.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Any

from tilint.formats import Document, Input, Locator, Part
from tilint.sources import SourceError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _T = (_W + name for name in ("p", "tbl", "tr", "tc", "t"))
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"})
_SPACES = frozenset({_W + "tab", _W + "ptab", _W + "br", _W + "cr"})
# Not visible text, or text read separately (or not at all): properties, deleted or moved-away
# runs, text boxes, the fallback copy of drawings, field instructions.
_HIDDEN = frozenset(
    _W + name for name in ("pPr", "rPr", "del", "moveFrom", "txbxContent", "instrText", "delText")
) | {_MC + "Fallback"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNREADABLE = "not a readable Word document (.docx)"
_SOFT = str.maketrans({c: " " for c in "\t\n\r\v\f\u2028\u2029"})

Entry = tuple[str, str, bool]  # paragraph text, location, whether it is a quotation


class ParagraphLocator(Locator):
    """Line = the paragraph's ordinal in the document's list, column = the character in it."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str], starts: Sequence[int]) -> None:
        self.texts, self.labels, self.starts = texts, labels, starts

    def _index(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def line_col(self, offset: int) -> tuple[int, int]:
        index = self._index(offset)
        return index + 1, offset - self.starts[index] + 1

    def line_text(self, line: int) -> str:
        return self.texts[line - 1] if 0 < line <= len(self.texts) else ""

    def label(self, offset: int) -> str:
        return self.labels[self._index(offset)]


def read_docx(source: Input) -> Document:
    """Read a .docx file (see the module's description of what is read and how it is located)."""
    data = source.read_bytes()
    if data.startswith(_OLE_MAGIC):
        raise SourceError("a legacy Word .doc file: only .docx is read (save it as .docx)")
    data, too_large = _bounded(data)
    note = f"not read, larger than {PART_LIMIT // 2**20} MB once uncompressed: {', '.join(too_large)}" if too_large else None
    word = _open(data)
    entries = list(_entries(word.element.body, "", body=True))
    entries.extend(_headers_footers(word))
    if source.options.get("docx_comments"):
        entries.extend(_comments(word))
    if not entries:
        return Document(source.display, [], note)
    texts = [text for text, _, _ in entries]
    starts: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + 2
    quoted = tuple((starts[i], starts[i] + len(texts[i])) for i, entry in enumerate(entries) if entry[2])
    locator = ParagraphLocator(texts, [label for _, label, _ in entries], starts)
    part = Part("\n\n".join(texts), quoted=quoted, breaks=tuple(starts), locator=locator)
    return Document(source.display, [part], note)


PART_LIMIT = 32 * 2**20  # uncompressed bytes of one part of a .docx (a zip bomb's part is gigabytes)
TOTAL_LIMIT = 4 * PART_LIMIT  # of all its parts together
_STUBS = {  # what stands in for a part too large to read: its root element, empty
    "document": b"<w:document xmlns:w='%s'><w:body/></w:document>" % _W[1:-1].encode(),
}


def _bounded(data: bytes) -> tuple[bytes, list[str]]:
    """*data* with every part too large to read (over PART_LIMIT uncompressed, or past
    TOTAL_LIMIT in all, largest first) replaced by an empty stand-in, and the names of those parts."""
    import re
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return data, []  # python-docx says it is unreadable
    total = sum(info.file_size for info in infos)
    large: set[str] = set()
    for info in sorted(infos, key=lambda i: -i.file_size):
        if info.file_size > PART_LIMIT or total > TOTAL_LIMIT:
            large.add(info.filename)
            total -= info.file_size
    if not large:
        return data, []
    copy = io.BytesIO()
    with archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as smaller:
        for info in infos:
            if info.filename not in large:
                smaller.writestr(info, archive.read(info))
                continue
            with archive.open(info) as part:  # the start of the part names its root element
                head = part.read(4096)
            root = re.search(rb"<(\w+):(\w+)[^>]*?xmlns:\1=(['\"])([^'\"]*)\3", head)
            stub = b"" if root is None else _STUBS.get(root.group(2).decode(), b"<%s:%s xmlns:%s='%s'/>" % (
                root.group(1), root.group(2), root.group(1), root.group(4)))
            smaller.writestr(info.filename, stub)
    return copy.getvalue(), sorted(large)


def _open(data: bytes) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not a zip, parts missing, malformed XML, not a Word document
        raise SourceError(_UNREADABLE) from None


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of *container* in order, looking inside content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _entries(container: Any, prefix: str, body: bool = False) -> Iterator[Entry]:
    """The paragraphs of a story (body, cell, header, comment) with their locations."""
    blocks = list(_blocks(container))
    several = sum(block.tag == _P for block in blocks) > 1
    paragraph = table = 0
    for block in blocks:
        if block.tag == _P:
            paragraph += 1
            if body:
                label = f"paragraph {paragraph}"
            else:
                label = f"{prefix}, paragraph {paragraph}" if several else prefix
            yield _text(block), label, _is_quotation(block)
        else:
            table += 1
            yield from _table(block, f"{prefix}, table {table}" if prefix else f"table {table}")


def _table(table: Any, prefix: str) -> Iterator[Entry]:
    """Every cell of a table, row by row; a vertically merged cell is read in its first row."""
    for row_number, row in enumerate(_children(table, _TR), 1):
        for cell_number, cell in enumerate(_children(row, _TC), 1):
            if _continues_merge(cell):
                continue
            yield from _entries(cell, f"{prefix}, row {row_number}, cell {cell_number}")


def _children(element: Any, tag: str) -> Iterator[Any]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _continues_merge(cell: Any) -> bool:
    merge = cell.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(_W + "val", "continue") == "continue"


def _text(paragraph: Any) -> str:
    pieces: list[str] = []
    _collect(paragraph, pieces)
    return "".join(pieces).translate(_SOFT)


def _collect(element: Any, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            pieces.append(child.text or "")
        elif tag in _SPACES:
            pieces.append(" ")
        elif tag == _W + "noBreakHyphen":
            pieces.append("-")
        elif tag not in _HIDDEN and isinstance(tag, str):
            _collect(child, pieces)


def _is_quotation(paragraph: Any) -> bool:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style is not None and "quote" in (style.get(_W + "val") or "").lower()


def _headers_footers(word: Any) -> Iterator[Entry]:
    """Each section's own headers and footers (one linked to the previous section's is read there)."""
    even_pages = word.settings.odd_and_even_pages_header_footer
    for number, section in enumerate(word.sections, 1):
        first_page = section.different_first_page_header_footer
        kinds = (
            ("header", "header", True), ("first_page_header", "first-page header", first_page),
            ("even_page_header", "even-page header", even_pages), ("footer", "footer", True),
            ("first_page_footer", "first-page footer", first_page),
            ("even_page_footer", "even-page footer", even_pages),
        )
        for attribute, name, shown in kinds:
            story = getattr(section, attribute)
            if shown and not story.is_linked_to_previous:
                yield from _entries(story.part.element, f"{name} (section {number})")


def _comments(word: Any) -> Iterator[Entry]:
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        part = word.part.part_related_by(RELATIONSHIP_TYPE.COMMENTS)
    except KeyError:
        return
    for number, comment in enumerate(_children(part.element, _W + "comment"), 1):
        yield from _entries(comment, f"comment {number}")
