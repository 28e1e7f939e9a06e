"""A document as the engine sees it: the text to lint, and the way back to the source.

An adapter (plain text, Markdown, ...) says which ranges of the source are prose. The
engine lints a *view* made of those ranges joined together, and every offset in the view
maps back to an offset in the source, which maps to a 1-based line and column. Positions
are carried as offsets and mapped once; nothing is found again by searching for text.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OTHER_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines also breaks
BLANK_LINE = re.compile(r"(?:[ \t]*(?:\r\n|\r(?!\n)|\n)){2,}")
# Whitespace a tokenizer would keep as a token of its own: runs, tabs, line breaks, no-break spaces.
# The view turns each into one space (or a paragraph break), so "my\n  victims" reads "my victims".
SOFT_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2028\u2029]{2,}|[\t\r\n\f\v\u00a0\u2028\u2029]")


class LineIndex:
    """Map a character offset in a text to a 1-based (line, column); columns count code points."""

    def __init__(self, text: str) -> None:
        # a compact array: a 50 MB export has about a million lines
        if any(mark in text for mark in _OTHER_LINE_BREAKS):
            self.starts = array("q", [0, *(m.end() for m in LINE_BREAK.finditer(text))])
        else:  # str.splitlines breaks at exactly LINE_BREAK's breaks: add up the lines' lengths
            starts = array("q", accumulate(map(len, text.splitlines(keepends=True)), initial=0))
            if starts[-1] and text[-1] not in "\r\n":
                starts.pop()  # the end of a last line without a break starts no line
            self.starts = starts
        self.text = text

    def line_col(self, offset: int) -> tuple[int, int]:
        """Line and column of the character at *offset* (an offset at a line end is on that line)."""
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


@dataclass(frozen=True)
class TextView:
    """Prose pieces of a source joined into one text, with the map back to source offsets."""

    text: str
    view_starts: Sequence[int]  # where each piece starts in the view (an array of int64)
    source_starts: Sequence[int]  # and in the source
    source_length: int

    @classmethod
    def whole(cls, source: str) -> TextView:
        """A view of the entire source."""
        return cls.from_skips(source, ())

    @classmethod
    def from_skips(
        cls, source: str, skips: Sequence[tuple[int, int]], breaks: Sequence[int] = ()
    ) -> TextView:
        """A view of *source* without the *skips* ranges, with whitespace made plain.

        Where a skipped range held a blank line, or a *breaks* offset falls (the end of one of
        several separate texts, such as two form fields), the view keeps a paragraph break; where
        it held other whitespace, or sat between two words, one space; otherwise nothing, so that
        ``my **victims**`` and a line wrapped after ``my`` both read as ``my victims``.
        """
        hard = sorted(set(breaks))
        soft = soft_spaces(source)  # in order, apart and never empty: as merge_ranges would leave them
        skips = merge_ranges([*skips, *soft]) if skips else soft  # plain text: no copy of a huge file's list
        if hard:
            skips = sorted([*skips, *((b, b) for b in hard)])
        # Every character other than the plain space that SOFT_SPACE knows is skipped, so the
        # pieces are cut from a copy where each is a space: a lone line break (or tab) between
        # two words is then kept in place, as the space it reads as, and the piece goes on.
        spaced = source.translate(_AS_SPACE)
        size = len(source)
        parts: list[str] = []
        view_starts: list[int] = []
        source_starts: list[int] = []
        length = 0
        position = 0
        gap_start = 0
        for start, end in [*skips, (size, size)]:
            start = max(start, position)
            if (
                end - start == 1 and position < start and end < size and source[start] in _LONE
                and not source[start - 1].isspace() and not source[end].isspace()
                and not (hard and bisect_right(hard, end) > bisect_left(hard, start))
            ):
                continue  # what _joint would make of it: one space, where it stands
            if start > position:
                piece = spaced[position:start]
                if parts:
                    forced = bisect_right(hard, position) > bisect_left(hard, gap_start)
                    joint = "\n\n" if forced else _joint(parts[-1], source[gap_start:position], piece)
                    if joint:
                        parts.append(joint)
                        view_starts.append(length)
                        source_starts.append(gap_start)
                        length += len(joint)
                parts.append(piece)
                view_starts.append(length)
                source_starts.append(position)
                length += len(piece)
                gap_start = start
            position = max(position, end)
        return cls("".join(parts), array("q", view_starts), array("q", source_starts), len(source))

    def to_source(self, offset: int) -> int:
        """The source offset of view *offset*; a joint maps to the start of the skipped range."""
        if not self.view_starts:
            return 0
        piece = max(bisect_right(self.view_starts, offset) - 1, 0)
        return min(self.source_starts[piece] + offset - self.view_starts[piece], self.source_length)

    def to_source_end(self, offset: int) -> int:
        """The source offset just after view character ``offset - 1`` (for exclusive span ends)."""
        return self.to_source(offset - 1) + 1 if offset > 0 else 0


_SOFT = frozenset(" \t\r\n\f\v\u00a0\u2028\u2029")  # the characters SOFT_SPACE is made of
_LONE = _SOFT - {" "}  # those SOFT_SPACE takes even alone
_AS_SPACE = str.maketrans(dict.fromkeys(_LONE, " "))


_HARD_SPACE = re.compile(r"[\t\r\n\f\v\u00a0\u2028\u2029]+")  # whitespace other than the plain space


def soft_spaces(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every match of SOFT_SPACE in *text*. Without two spaces in a row, each
    match holds a character other than a plain space, which a regex finds far faster than
    SOFT_SPACE (that regex must try every space)."""
    if "  " in text:
        return [m.span() for m in SOFT_SPACE.finditer(text)]
    found: list[tuple[int, int]] = []
    floor, length = 0, len(text)
    for match in _HARD_SPACE.finditer(text):
        start, end = match.span()
        if start < floor:
            continue  # inside the run just found
        if start > floor and text[start - 1] == " ":
            start -= 1
        while end < length and text[end] in _SOFT:
            end += 1
        found.append((start, end))
        floor = end
    return found


def _joint(before: str, skipped: str, after: str) -> str:
    if len(skipped) < 3 and skipped.count("\n") + skipped.count("\r") < 2:  # most gaps: no blank line
        if before[-1:].isspace() or after[:1].isspace():
            return ""
        if any(c in _SOFT for c in skipped):
            return " "
        return " " if before[-1:].isalnum() and after[:1].isalnum() else ""
    if BLANK_LINE.search(skipped) or "\n\n" in skipped or "\r\r" in skipped:
        return "\n\n"
    if before[-1:].isspace() or after[:1].isspace():
        return ""
    if SOFT_SPACE.search(skipped) or " " in skipped:
        return " "
    return " " if before[-1:].isalnum() and after[:1].isalnum() else ""


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """*ranges* (start, end) sorted, with overlapping or touching ones joined and empty ones left out."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


MAX_PARAGRAPH = 20_000  # characters; longer paragraphs are analysed in pieces cut at sentence ends
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def paragraphs(text: str, limit: int = MAX_PARAGRAPH) -> list[tuple[int, int]]:
    """Split *text* at blank lines into (start, end) ranges that hold some non-space text.

    A paragraph longer than *limit* (a 50 MB file on one line, say) is cut at the last sentence
    end before the limit, or failing that at a space, so no piece is too long to analyse."""
    ranges: list[tuple[int, int]] = []
    position = 0
    for blank_start, blank_end in [*blank_lines(text), (len(text), len(text))]:
        if text[position:blank_start].strip():
            ranges.extend(_pieces(text, position, blank_start, limit))
        position = blank_end
    return ranges


# A blank line, found from its first line break (a regex that starts with a fixed character is
# searched far faster than BLANK_LINE, which may start at any space).
_BREAK_THEN_BLANK = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[ \t]*(?:\r\n|\r(?!\n)|\n))+")


def blank_lines(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every match of BLANK_LINE in *text*, in order."""
    found = []
    floor = 0
    for match in _BREAK_THEN_BLANK.finditer(text):
        start = match.start()
        while start > floor and text[start - 1] in " \t":  # the spaces that end the line before
            start -= 1
        found.append((start, match.end()))
        floor = match.end()
    return found


def _pieces(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > limit:
        window = text[start : start + limit]
        cuts = [m.end() for m in SENTENCE_END.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > limit // 2 else window.rfind(" ") + 1
        cut = cut if cut > 0 else limit
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]
