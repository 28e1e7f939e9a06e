"""PDF intake forms and printed notes: the text of every page, read with pypdf.

pypdf was chosen by measurement (benchmarks/pdf_readers.py, on PDFs made like those of the
tests): it keeps two columns in reading order, where pdfplumber interleaves their lines, and it
reads about 12 times faster in a fifth of the memory.

The text is read as the PDF's text layer gives it, page after page. Then:

- A line that ends in a hyphen after a letter, followed by a line that starts with a lower-case
  letter, is one word broken at the line end: ``non-com-`` and ``pliant`` read as
  ``non-compliant`` (and a match can span the two lines).
- A running header or footer (the same line, numbers aside, among the first or last two lines
  of most pages) is linted once, where it first appears; its repeats are left out, so a phrase
  in it is one finding, not one per page. The pages' other lines read as one flowing text, so a
  sentence may run on from one page to the next.
- A page with no text at all, or with only the running header and footer over an image, has
  no text layer (a scan): the document gets a note naming such pages (``no text layer:
  scanned?``), and a PDF of scans only is never a silent pass.

A finding's location is ``page 3, line 12``: the page, and the line on that page counted from its
top as the text layer gives the lines (a running header is line 1; in two columns, the left
column's lines come first). Its line and column relate to the extracted text, every page's lines
one after another: line 40 is the 40th line of the text tilint read, and the column is the
character in that line. An encrypted PDF that needs a password, or a file that is not a readable
PDF, is one error line.
"""

from __future__ import annotations

import logging
import re
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from tilint.formats import Document, Input, Locator, Part
from tilint.sources import SourceError

UNREADABLE = "not a readable PDF"
ENCRYPTED = "an encrypted PDF that needs a password: save a copy without one"
SCANNED = "no text layer: scanned? Nothing in it was linted (it needs text recognition, OCR, first)"
EDGE_LINES = 2  # lines at the top and at the bottom of a page where running headers and footers are looked for
_HYPHENS = ("-", "\u00ad", "\u2010")  # hyphen-minus, soft hyphen, hyphen
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class _Segment:
    """A run of the linted text that is one piece of an extracted line."""

    start: int  # offset in the linted text
    line: int  # line of the extracted text (all pages), 1-based
    column: int  # column in that line of the segment's first character, 1-based
    page: int
    page_line: int  # line on the page, 1-based


class PageLocator(Locator):
    """Offsets of the linted text -> line and column of the extracted text, and page and line."""

    def __init__(self, segments: Sequence[_Segment], lines: Sequence[str]) -> None:
        self.segments, self.lines = segments, lines
        self.starts = [segment.start for segment in segments]

    def _segment(self, offset: int) -> tuple[_Segment, int]:
        segment = self.segments[max(bisect_right(self.starts, offset) - 1, 0)]
        return segment, offset - segment.start

    def line_col(self, offset: int) -> tuple[int, int]:
        segment, inside = self._segment(offset)
        return segment.line, segment.column + inside

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def label(self, offset: int) -> str:
        segment, _ = self._segment(offset)
        return f"page {segment.page}, line {segment.page_line}"


def read_pdf(source: Input) -> Document:
    """Read a PDF (see the module's description of what is read and how it is located)."""
    read = list(_page_lines(source))
    pages = [lines for lines, _ in read]
    firsts, repeats = _running(pages)
    running = repeats | set(firsts)
    # A scan: no text, or (a system stamps its header on attachments) only the running lines over an image.
    blank = [
        number for number, (lines, image) in enumerate(read, 1)
        if not any(line.strip() for line in lines)
        or image and all((number - 1, index) in running for index, line in enumerate(lines) if line.strip())
    ]
    if len(blank) == len(pages):
        return Document(source.display, [], note=SCANNED if pages else None)
    note = None
    if blank:
        which = f"page{'s' if len(blank) > 1 else ''} {', '.join(map(str, blank))}"
        note = f"no text layer on {which}: scanned? {'Those pages were' if len(blank) > 1 else 'That page was'} not linted"
    text, segments, lines, breaks = _linted_text(pages, firsts, repeats)
    part = Part(text, breaks=tuple(breaks), locator=PageLocator(segments, lines))
    return Document(source.display, [part], note)


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's warnings about a damaged file are not the user's to read (nor an error in tests):
    its logger and warnings are silenced while it reads."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _page_lines(source: Input) -> Iterator[tuple[list[str], bool]]:
    """The lines of each page's text layer, and whether the page draws an image; SourceError (one
    line) when the file cannot be read."""
    import pypdf

    if source.text is not None:
        raise SourceError("a PDF is read from its file (or bytes), not from text")
    with source.open() as stream, _quiet():
        try:
            reader = pypdf.PdfReader(stream)
            if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens many
                raise SourceError(ENCRYPTED)
            count = len(reader.pages)
        except SourceError:
            raise
        except pypdf.errors.DependencyError:
            raise SourceError(ENCRYPTED.split(":")[0] + ": reading it needs the cryptography package") from None
        except Exception:  # noqa: BLE001 - truncated, malformed, not a PDF
            raise SourceError(UNREADABLE) from None
        for number in range(count):
            try:
                text = reader.pages[number].extract_text()
            except Exception:  # noqa: BLE001 - a malformed page
                raise SourceError(f"{UNREADABLE}: page {number + 1} cannot be read") from None
            yield text.splitlines(), _draws_image(reader.pages[number])


def _draws_image(page: object) -> bool:
    """Whether the page's resources hold an image (a scan is one)."""
    try:
        objects = page["/Resources"].get_object().get("/XObject") or {}  # type: ignore[index]
        return any(item.get_object().get("/Subtype") == "/Image" for item in objects.get_object().values())
    except Exception:  # noqa: BLE001 - no resources, or malformed ones: not a scan as far as can be told
        return False


def _key(line: str) -> str:
    """A line as compared with other pages' edge lines: numbers (page, date) and spacing aside."""
    return " ".join(_DIGITS.sub("#", line).split()).lower()


def _edges(lines: Sequence[str]) -> list[int]:
    """Indexes of the first and last EDGE_LINES non-empty lines of a page."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running(pages: Sequence[Sequence[str]]) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Running headers and footers: edge lines whose key is an edge line of at least half the pages
    (and of two or more). Returns (page index, line index) of the first of each, and of the repeats."""
    if len(pages) < 2:
        return [], set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[index]) for index in _edges(lines)})
    running = {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    firsts: dict[str, tuple[int, int]] = {}
    repeats: set[tuple[int, int]] = set()
    for page, lines in enumerate(pages):
        for index in _edges(lines):
            key = _key(lines[index])
            if key in firsts:
                repeats.add((page, index))
            elif key in running:
                firsts[key] = (page, index)
    return sorted(firsts.values()), repeats


def _linted_text(
    pages: Sequence[Sequence[str]], firsts: Sequence[tuple[int, int]], repeats: set[tuple[int, int]]
) -> tuple[str, list[_Segment], list[str], list[int]]:
    """The text to lint, its segments, every extracted line (for showing under a finding), and the
    offsets where a separate text starts.

    The pages' lines flow on, broken words joined; the running headers and footers follow, once
    each, as a paragraph of their own. A line that starts with anything but a lower-case letter
    starts a separate text: a heading, a form's label, a table's row (which the text layer
    cannot tell from a wrapped line of prose) is not read as one sentence with the line before."""
    numbers: list[list[int]] = []  # the extracted-text line of each page's lines
    lines: list[str] = []
    for page_lines in pages:
        numbers.append(list(range(len(lines) + 1, len(lines) + len(page_lines) + 1)))
        lines.extend(page_lines)
    pieces: list[str] = []
    segments: list[_Segment] = []
    breaks: list[int] = []
    length = 0

    def add(page: int, index: int, joined: bool) -> None:
        nonlocal length
        line = pages[page][index]
        cut = _hyphen_cut(pieces[-1], line) if pieces and joined else 0
        if cut:
            pieces[-1] = pieces[-1][:-cut]
            length -= cut
            lead = len(line) - len(line.lstrip())
        else:
            lead = 0
            if pieces and not line.lstrip()[:1].islower():
                breaks.append(length)
        segments.append(_Segment(length, numbers[page][index], lead + 1, page + 1, index + 1))
        pieces.append(line[lead:] + "\n")
        length += len(line) - lead + 1

    skipped = repeats | set(firsts)
    for page, page_lines in enumerate(pages):
        for index, line in enumerate(page_lines):
            if line.strip() and (page, index) not in skipped:
                add(page, index, joined=True)
    for number, (page, index) in enumerate(firsts):
        if pieces and number == 0:
            pieces.append("\n")  # a blank line: the headers and footers are a paragraph apart
            length += 1
        add(page, index, joined=False)
    return "".join(pieces), segments, lines, breaks


def _hyphen_cut(before: str, line: str) -> int:
    """How many characters to cut from the end of *before* (a line and its break) because it ends
    with a word broken by a hyphen that *line* finishes (0: none)."""
    end = before.rstrip()
    if len(end) >= 2 and end[-1] in _HYPHENS and end[-2].isalpha() and line.lstrip()[:1].islower():
        return len(before) - len(end) + 1
    return 0
