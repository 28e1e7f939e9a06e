"""HTML: the text a reader sees, found with the standard library's ``html.parser``.

Tags, comments, declarations and the content of ``<script>``, ``<style>``, ``<template>`` and
``<head>`` (except its ``<title>``, shown in the browser tab) are left out. The values of the
attributes a reader sees or hears (``alt``, ``title``, ``placeholder``, ``aria-label``) are linted,
each as a text of its own. Block elements (paragraphs, list items, table cells, form labels,
``<br>``...) separate texts; inline ones (``<b>``, ``<a>``, ``<span>``) do not. ``<blockquote>``
and ``<q>`` hold someone else's words.

Character references are read as the characters they stand for (``didn&rsquo;t`` is
``didn't``, ``my&nbsp;victims`` is ``my victims``). The part's text is then the source with
each reference replaced, and its locator maps every offset back to the true line and column.
"""

from __future__ import annotations

import html
import html.parser
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from tilint.formats import Document, Input, Locator, Part
from tilint.sources import decode

Range = tuple[int, int]
Edit = tuple[int, int, str]  # source range and the text that stands for it

HIDDEN = frozenset({"script", "style", "template"})
QUOTING = frozenset({"blockquote", "q"})
HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "base", "noscript", "template"})
VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
BLOCKS = frozenset(
    """address article aside blockquote body br button caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe
    input label legend li main menu nav noscript ol optgroup option p pre section select summary
    table tbody td textarea tfoot th thead title tr ul""".split()
)
READ_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label"})
SIBLINGS = frozenset({"p", "li", "option", "dt", "dd", "tr", "td", "th"})  # a new one ends an open one
REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_TAG_NAME = getattr(html.parser, "tagfind_tolerant", None)
_ATTRIBUTE = getattr(html.parser, "attrfind_tolerant", None)


class SplicedLocator(Locator):
    """Offsets of a text made from the source by replacing some ranges (decoded references or
    escapes) map to the source's own lines and columns."""

    def __init__(self, source: str, edits: Sequence[Edit]) -> None:
        super().__init__(source)
        self.source_starts = [s for s, _, _ in edits]
        self.source_ends = [e for _, e, _ in edits]
        self.text_starts: list[int] = []
        self.text_ends: list[int] = []
        shift = 0
        for start, end, replacement in edits:
            self.text_starts.append(start + shift)
            shift += len(replacement) - (end - start)
            self.text_ends.append(end + shift)

    def to_source(self, offset: int) -> int:
        """The source offset of text *offset* (a replaced character maps to its reference's start)."""
        i = bisect_right(self.text_starts, offset) - 1
        if i < 0:
            return offset
        if offset < self.text_ends[i]:
            return self.source_starts[i]
        return self.source_ends[i] + offset - self.text_ends[i]

    def to_text(self, offset: int) -> int:
        """The text offset of source *offset* (one not inside a replaced range)."""
        i = bisect_right(self.source_ends, offset) - 1
        return offset if i < 0 else self.text_ends[i] + offset - self.source_ends[i]

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.index.line_col(self.to_source(offset))


def spliced_part(
    source: str, kept: Sequence[Range], edits: Sequence[Edit], breaks: Sequence[int] = (),
    quoted: Sequence[Range] = (),
) -> Part:
    """A part that lints the *kept* source ranges, with *edits* (inside them) applied, every
    other range skipped, and *breaks* and *quoted* given in source offsets."""
    edits = sorted(edits)
    locator = SplicedLocator(source, edits)
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += [source[position:start], replacement]
        position = end
    text = "".join([*pieces, source[position:]])
    skip: list[Range] = []
    position = 0
    for start, end in sorted(kept):
        if start > position:
            skip.append((locator.to_text(position), locator.to_text(start)))
        position = max(position, end)
    skip.append((locator.to_text(position), len(text)))
    return Part(
        text,
        tuple(skip),
        tuple((locator.to_text(s), locator.to_text(e)) for s, e in quoted),
        tuple(sorted({locator.to_text(b) for b in breaks})),
        locator if edits else None,
    )


def reference_edits(source: str, start: int, end: int) -> list[Edit]:
    """The character references in ``source[start:end]``, each with the text it stands for."""
    edits = []
    for match in REFERENCE.finditer(source, start, end):
        decoded = html.unescape(match.group())
        if decoded != match.group():
            edits.append((match.start(), match.end(), decoded))
    return edits


class _Reader(html.parser.HTMLParser):
    """Collect the ranges of the source a reader sees, from the parser's events in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]  # the parser counts '\n' only
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()
        self.data_start: int | None = None  # where the text not yet placed begins
        self.kept: list[Range] = []
        self.quoted: list[Range] = []
        self.breaks: list[int] = []

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def hidden(self) -> bool:
        return any(self.open[tag] for tag in HIDDEN)

    def visible(self) -> bool:
        return not self.hidden() and (not self.open["head"] or self.open["title"] > 0)

    def place_data(self, end: int) -> None:
        """Text from the last data event up to *end* (where markup starts) is read or left out."""
        start, self.data_start = self.data_start, None
        if start is None or end <= start or self.hidden():
            return
        if self.open["head"] and not self.open["title"] and self.text[start:end].strip():
            self.close_tag("head")  # text ends the head, as in a browser
        if self.visible():
            self.kept.append((start, end))
            if any(self.open[tag] for tag in QUOTING):
                self.quoted.append((start, end))

    def handle_data(self, data: str) -> None:
        if self.data_start is None:
            self.data_start = self.here()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tag(tag, push=tag not in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tag(tag, push=False)

    def start_tag(self, tag: str, push: bool) -> None:
        position = self.here()
        self.place_data(position)
        if self.open["head"] and tag not in HEAD_CONTENT:
            self.close_tag("head")
        if tag in SIBLINGS and self.stack and self.stack[-1] == tag:
            self.close_tag(tag)
        if tag in BLOCKS:
            self.breaks.append(position)
        if self.visible():
            self.read_attributes(position, self.get_starttag_text() or "")
        if push:
            self.stack.append(tag)
            self.open[tag] += 1

    def read_attributes(self, position: int, tag_text: str) -> None:
        """Keep the values of the attributes a reader sees, each a text of its own."""
        name = _TAG_NAME.match(tag_text, 1) if _TAG_NAME and _ATTRIBUTE else None
        k = name.end() if name else len(tag_text)
        while k < len(tag_text):
            match = _ATTRIBUTE.match(tag_text, k) if _ATTRIBUTE else None
            if not match or match.end() == k:
                break
            k = match.end()
            if match.group(1).lower() not in READ_ATTRIBUTES or not match.group(2):
                continue
            start, end = match.span(3)
            if tag_text[start : start + 1] in ("'", '"') and end - start >= 2:
                start, end = start + 1, end - 1
            self.kept.append((position + start, position + end))
            self.breaks += [position + start, position + end]

    def handle_endtag(self, tag: str) -> None:
        position = self.here()
        self.place_data(position)
        if tag in BLOCKS:
            self.breaks.append(position)
        self.close_tag(tag)

    def close_tag(self, tag: str) -> None:
        """End *tag* and the elements left open inside it; an end tag nothing opened is ignored."""
        if not self.open[tag]:
            return
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            if top == tag:
                return

    def markup(self, data: str) -> None:
        """A comment, declaration or processing instruction: left out."""
        self.place_data(self.here())

    handle_comment = handle_decl = handle_pi = unknown_decl = markup

    def read(self) -> None:
        """Parse the whole text. Markup left open at the end (a comment or tag never closed, a
        script never ended) is left out, as a browser does; trailing text is read."""
        self.run(self.text)
        size = -1
        while self.rawdata and len(self.rawdata) != size:
            size = len(self.rawdata)
            self.run("")  # the parser may stop early at an ambiguous '&'; let it go on
        if self.cdata_elem is None and not self.rawdata.startswith("<"):
            self.run(None)
        self.place_data(self.here() if self.rawdata else len(self.text))

    def run(self, data: str | None) -> None:
        """``feed(data)``, or ``close()`` for None, getting past constructs the parser refuses
        (such as an unknown ``<![name[`` section): each is left out up to its ``>``."""
        while True:
            try:
                if data is None:
                    self.close()
                else:
                    self.feed(data)
                return
            except AssertionError:
                start = self.here()
                self.place_data(start)
                end = self.text.find(">", start + 1) + 1 or len(self.text)
                self.rawdata = self.text[end:]
                self.lineno = bisect_right(self.line_starts, end)
                self.offset = end - self.line_starts[self.lineno - 1]
                data = "" if data is not None else None


def read_html(source: Input) -> Document:
    """An HTML file: the text a reader sees, with references decoded and true positions."""
    text, encoding, bom, note = decode(source.read_bytes())
    reader = _Reader(text)
    reader.read()
    edits = [edit for start, end in reader.kept for edit in reference_edits(text, start, end)]
    part = spliced_part(text, reader.kept, edits, reader.breaks, reader.quoted)
    return Document(source.display, [part], note, text, encoding, bom)
