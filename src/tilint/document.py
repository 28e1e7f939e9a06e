"""A document as the engine sees it: the text to lint, and the way back to the source.

An adapter (plain text, Markdown, ...) says which ranges of the source are prose. The
engine lints a *view* made of those ranges joined together, and every offset in the view
maps back to an offset in the source, which maps to a 1-based line and column. Positions
are carried as offsets and mapped once; nothing is found again by searching for text.

The view is also *normalised* (see :func:`normalise` and :func:`unshout`), so that Unicode
cannot hide a phrase and shouting matches as ordinary text: format characters (soft hyphen,
zero-width and bidi controls) are dropped, Unicode spaces, hyphens and apostrophes become
their ASCII forms, NFKC turns fullwidth and mathematical letters into plain ones and composes
decomposed accents, and runs of ALL-CAPS words are read in lower case. A character replaced
by none, one or several keeps the way back to its source characters.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice
from typing import Any

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
    # Pieces that stand for source text of another length (a composed accent, a ligature
    # spelled out): piece number -> where its source text ends. Every character of such a
    # piece maps to the whole of that text, so a match never ends inside it.
    replaced: Mapping[int, int] = field(default_factory=dict)

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
        normal = normalise(source)
        if normal.text is not source:  # the view of the normalised text, mapped on to the source
            view = cls._from_skips(normal.text, [normal.span(s, e) for s, e in skips], [normal.at(b) for b in breaks])
            return normal.compose(view, len(source))
        return cls._from_skips(source, skips, breaks)

    @classmethod
    def _from_skips(cls, source: str, skips: Sequence[tuple[int, int]], breaks: Sequence[int] = ()) -> TextView:
        """from_skips of a *source* already normalised (offsets are its own)."""
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
        return cls(unshout(untitle("".join(parts))), array("q", view_starts), array("q", source_starts), len(source))

    def to_source(self, offset: int) -> int:
        """The source offset of view *offset*; a joint maps to the start of the skipped range."""
        if not self.view_starts:
            return 0
        piece = max(bisect_right(self.view_starts, offset) - 1, 0)
        if self.replaced and piece in self.replaced:
            return self.source_starts[piece]
        return min(self.source_starts[piece] + offset - self.view_starts[piece], self.source_length)

    def to_source_end(self, offset: int) -> int:
        """The source offset just after view character ``offset - 1`` (for exclusive span ends)."""
        if offset <= 0:
            return 0
        if self.replaced:
            piece = max(bisect_right(self.view_starts, offset - 1) - 1, 0)
            if piece in self.replaced:
                return self.replaced[piece]
        return self.to_source(offset - 1) + 1


# Normalised matching. Characters written for an apostrophe by keyboards, word processors and
# fonts; hyphens and the minus sign, "-" wherever they stand; the figure and en dashes, "-"
# between two letters only ("non–compliant", but "10–12" and "yes – no" stay).
_APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02bb\u02b9\uff07\u2032\u2035\u00b4"
_HYPHENS = "\u2010\u2011\u2212\ufe63\uff0d"
_WORD_DASHES = "\u2012\u2013"
# Invisible characters that are not format characters (Cf) but are ignored all the same:
# the combining grapheme joiner, Hangul fillers, Khmer vowel inherents, variation selectors.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


class _Actions(dict):  # type: ignore[type-arg]
    """What the view makes of a non-ASCII character: its replacement (empty: dropped), or None
    when that depends on its neighbours (a dash between letters, a combining mark). Filled as
    characters are first met."""

    def __missing__(self, char: str) -> str | None:
        self[char] = action = _action(char)
        return action


def _action(char: str) -> str | None:
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    if char in _WORD_DASHES or unicodedata.combining(char):
        return None
    category = unicodedata.category(char)
    if category == "Cf" or char in _IGNORABLE:
        return ""
    if category == "Zs":  # no-break, thin, ideographic and the other spaces
        return " "
    folded = unicodedata.normalize("NFKC", char)
    # fullwidth, mathematical and circled letters and digits, ligatures ("ﬁ"), fullwidth
    # punctuation; not "…" (three full stops would end no sentence) nor "½" (a fraction slash)
    if folded != char and (
        all(c.isalnum() or unicodedata.combining(c) for c in folded)
        or (len(folded) == 1 and folded.isascii() and folded.isprintable())
    ):
        return folded
    return char


_ACTIONS = _Actions()
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=64)
def _any_of(chars: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(chars) + "]+")


@dataclass(frozen=True)
class Normalised:
    """A text normalised for matching (:func:`normalise`), with the way back: segment k of the
    text starts at ``starts[k]`` and stands for the source from ``source_starts[k]``, character
    for character, unless it is ``replaced``, when the whole segment stands for the source up
    to ``replaced[k]`` (a dropped character is an empty replaced segment)."""

    text: str
    starts: Sequence[int] = ()
    source_starts: Sequence[int] = ()
    replaced: Mapping[int, int] = field(default_factory=dict)

    def at(self, offset: int, end: bool = False) -> int:
        """The offset in the text of source *offset* (of a range's *end*: after what it holds)."""
        if not self.starts:
            return offset
        segment = bisect_right(self.source_starts, offset) - 1
        if segment < 0:
            return offset
        if segment in self.replaced:
            inside = offset > self.source_starts[segment]
            following = self.starts[segment + 1] if segment + 1 < len(self.starts) else len(self.text)
            return following if end and inside else self.starts[segment]
        return self.starts[segment] + offset - self.source_starts[segment]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The range of the text that holds source range (start, end)."""
        return self.at(start), self.at(end, end=True)

    def compose(self, view: TextView, source_length: int) -> TextView:
        """*view* (a view of this text) with its offsets mapped through to the source."""
        if not self.starts:
            return TextView(view.text, view.view_starts, view.source_starts, source_length, view.replaced)
        starts, source_starts, replaced = self.starts, self.source_starts, self.replaced
        count = len(starts)
        view_out: list[int] = []
        source_out: list[int] = []
        replaced_out: dict[int, int] = {}
        total = len(view.text)
        pieces = view.view_starts
        segment = 0
        for index, (at_view, at) in enumerate(zip(pieces, view.source_starts)):
            end = at + (pieces[index + 1] if index + 1 < len(pieces) else total) - at_view
            while segment + 1 < count and starts[segment + 1] <= at:  # pieces come in order
                segment += 1
            here, position = segment, at
            while True:
                bound = starts[here + 1] if here + 1 < count else end
                if bound > position:
                    if here in replaced:
                        replaced_out[len(view_out)] = replaced[here]
                        source_out.append(source_starts[here])
                    else:
                        source_out.append(source_starts[here] + position - starts[here])
                    view_out.append(at_view + position - at)
                if end <= bound:
                    break
                position, here = bound, here + 1
        return TextView(view.text, array("q", view_out), array("q", source_out), source_length, replaced_out)


def normalise(source: str) -> Normalised:
    """*source* as rules match it: format characters dropped, Unicode spaces, hyphens and
    apostrophes made ASCII, dashes between letters made hyphens, NFKC applied to letters and
    digits (and decomposed accents composed), with the way back to the source.

    ASCII text is its own normal form (the same object); so is text whose other characters
    need nothing. One-for-one replacements are made with str.replace or str.translate over the
    whole text; only characters that change the length are handled one by one."""
    if source.isascii():
        return Normalised(source)
    chars = set(_ASCII_RUN.sub("", source))  # the other characters, each once
    actions = {char: _ACTIONS[char] for char in chars}
    swaps = {char: new for char, new in actions.items() if new is not None and len(new) == 1 and new != char}
    special = "".join(sorted(char for char, new in actions.items() if new is None or len(new) != 1))
    if not swaps and not special:
        return Normalised(source)
    text = source
    if len(swaps) > 8:
        text = text.translate(str.maketrans(swaps))
    else:
        for char, new in swaps.items():
            text = text.replace(char, new)
    edits = _edits(text, special, actions) if special else []
    if not edits:
        return Normalised(text)
    parts: list[str] = []
    starts: list[int] = []
    source_starts: list[int] = []
    replaced: dict[int, int] = {}
    position = length = 0
    for start, end, new in [*edits, (len(text), len(text), None)]:
        if start > position:
            starts.append(length)
            source_starts.append(position)
            parts.append(text[position:start])
            length += start - position
        if new is None:
            break
        if len(new) != end - start:
            replaced[len(starts)] = end
        starts.append(length)
        source_starts.append(start)
        parts.append(new)
        length += len(new)
        position = end
    return Normalised("".join(parts), array("q", starts), array("q", source_starts), replaced)


def _edits(text: str, special: str, actions: Mapping[str, str | None]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for the characters of *special* in *text*, in order."""
    edits: list[tuple[int, int, str]] = []
    last = len(text) - 1
    for run in _any_of(special).finditer(text):
        index, stop = run.span()
        while index < stop:
            char = text[index]
            new = actions[char]
            if new is not None:
                edits.append((index, index + 1, new))
            elif char in _WORD_DASHES:
                if 0 < index < last and text[index - 1].isalpha() and text[index + 1].isalpha():
                    edits.append((index, index + 1, "-"))
            else:  # a combining mark: compose it with its base character, if that is not edited
                end = index + 1
                while end < stop and unicodedata.combining(text[end]):
                    end += 1
                base = index - 1
                if base >= 0 and not (edits and edits[-1][1] > base):
                    cluster = text[base:end]
                    composed = unicodedata.normalize("NFKC", cluster)
                    if composed != cluster:
                        edits.append((base, end, composed))
                index = end
                continue
            index += 1
    return edits


def normal_view(text: str) -> TextView:
    """*text* normalised character by character (spaces not folded, case kept), with the way
    back: for reading the words of a match in the source, as a fix does."""
    normal = normalise(text)
    return normal.compose(TextView(normal.text, array("q", [0]), array("q", [0]), len(normal.text)), len(text))


def normal_patterns(patterns: Sequence[Any]) -> list[Any]:
    """A rule's phrases and token patterns with every string normalised as the view is, so that
    a rule written with "didn’t" or "non‑compliant" still matches the view's "didn't" and
    "non-compliant" (case is left alone: rules say themselves where it matters)."""
    return [_normal_strings(pattern) for pattern in patterns]


def _normal_strings(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.isascii() else normalise(value).text
    if isinstance(value, list):
        return [_normal_strings(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_normal_strings(item) for item in value)
    if isinstance(value, dict):
        return {key: _normal_strings(item) for key, item in value.items()}
    return value


# ALL-CAPS words: runs of two or more, on one line or across punctuation, read in lower case.
_CAPS = re.compile(r"[A-Z]{2,}")
_CAPS_GAP = 12  # characters; caps words this far apart (with no letter or digit between) are one run
_SENTENCE_FINAL = ".!?…"
_OPENERS = " \t\n\"'“‘([*_"


_MINOR_WORDS = frozenset(
    "a an the and but or nor for of at by in on to with from as up off out over into onto via vs per so yet".split()
)
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Some of the words that _TITLE_WORD finds starting small, of two letters or more and not minor
# (each starts after a character that cannot be part of a word, so each is one _TITLE_WORD finds;
# a word after an apostrophe is left out): four of them tell a prose line without Python reading
# its words one by one.
_SMALL_WORD = re.compile(
    r"(?<![A-Za-z'’])(?!(?i:" + "|".join(sorted(_MINOR_WORDS, key=len, reverse=True)) + r")(?![A-Za-z'’]))[a-z][A-Za-z'’]+"
)
_SENTENCE_THEN_LOWER = re.compile(r"[.!?]\s+[a-z]")  # two sentences on the line: prose


def untitle(text: str) -> str:
    """*text* with every Title Case line (a headline, a title: five to twenty words that are not
    articles, short prepositions or acronyms, nearly all of them capitalised; seven with a full
    stop at the end) in lower case, the first
    letter of a sentence kept: "Our Kids Opened 46 Presents" reads "Our kids opened 46
    presents", where "Our Kids" would otherwise read as a program's name. Words in capitals
    (acronyms) stay. Only case changes, one character for one, so offsets stay."""
    if "\n" not in text and len(text) > 400:
        return text  # a long paragraph on one line is prose, not a headline
    # A headline has five capitalised words at least, so five capitals A-Z: counted for every
    # line at once in a copy where each capital is "A" and each character one byte (as in
    # _capital_pairs), the line breaks kept, so the copy's lines are the text's lines.
    capitals = text.encode("ascii", "replace").translate(_MARK_CAPITAL_LINES)
    if capitals.count(b"A") < 5:
        return text
    parts: list[str] = []
    changed = False
    title_words = _TITLE_WORD.findall
    small_words = _SMALL_WORD.finditer
    for line, marks in zip(text.split("\n"), capitals.split(b"\n")):
        if marks.count(b"A") < 5 or len(list(islice(small_words(line), 4))) == 4:
            parts.append(line)
            continue
        # Most other lines are told from a headline by the words alone, as strings (no match
        # objects): fewer than five, or more than three (of at most twenty) that start small.
        found = title_words(line)
        if len(found) < 5 or sum(1 for w in found if w[0] >= "a" and len(w) > 1 and w.lower() not in _MINOR_WORDS) > 3:
            parts.append(line)
            continue
        words = [w for w in found if len(w) > 1 and w.lower() not in _MINOR_WORDS and not w.isupper()]  # acronyms ("FBI") left out
        capitalised = [w for w in words if w[0].isupper()]
        least = 7 if line.rstrip().endswith(".") else 5  # a headline seldom ends with a full stop
        if least <= len(words) <= 20 and len(capitalised) >= 0.85 * len(words) and not _SENTENCE_THEN_LOWER.search(line):
            chars = list(line)
            for m in _TITLE_WORD.finditer(line):  # the short words too ("With", "A")
                if m.group()[0].isupper() and not m.group()[1:].isupper() and not _starts_sentence(line, m.start()):
                    chars[m.start()] = chars[m.start()].lower()
            line = "".join(chars)
            changed = True
        parts.append(line)
    return "\n".join(parts) if changed else text


def unshout(text: str) -> str:
    """*text* with every run of two or more ALL-CAPS words (of two letters or more, with only
    spaces and punctuation between) in lower case, the first letter of a sentence kept: "WHY
    DIDN'T YOU LEAVE HIM?" reads "Why didn't you leave him?", which spaCy tokenizes and the rules
    match as usual ("DIDN'T" is one token, "didn't" two). A lone capitalised word stays as it
    is: it is an acronym ("CSEC", "ICE") or an emphasis that lower-case patterns match anyway.
    Only case changes, one character for one, so offsets stay."""
    words = _caps_words(text)
    if len(words) < 2:
        return text
    runs: list[list[tuple[int, int]]] = [[words[0]]]
    for start, end in words[1:]:
        gap = text[runs[-1][-1][1] : start]
        if len(gap) <= _CAPS_GAP and "\n\n" not in gap and not any(c.isalnum() for c in gap.replace(" A ", " ").replace(" I ", " ")):
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
    parts: list[str] = []
    position = 0
    for run in runs:
        if len(run) < 2:
            continue
        for number, (start, end) in enumerate(run):
            gap = text[position:start]
            article = gap.find(" A ") if number else -1  # "SHE IS A RUNAWAY": the article too
            if article >= 0 and not _starts_sentence(text, position + article + 1):
                gap = gap[:article] + " a " + gap[article + 3 :]
            word = text[start:end]
            lower = word.lower()
            if len(lower) != len(word):  # "İ" lower-cases to two characters: keep such letters
                lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
            if _starts_sentence(text, start):
                lower = word[0] + lower[1:]
            parts += [gap, lower]
            position = end
    parts.append(text[position:])
    result = "".join(parts)
    return result if len(result) == len(text) else text


def _caps_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ALL-CAPS word of two letters or more ("DIDN'T" is one word)."""
    found: list[tuple[int, int]] = []
    floor = 0
    length = len(text)
    for start, end in _capital_pairs(text):
        if start < floor:
            continue
        while start > 0 and (text[start - 1].isalpha() or (text[start - 1] == "'" and start > 1 and text[start - 2].isalpha())):
            start -= 1
        while end < length and (text[end].isalpha() or (text[end] == "'" and end + 1 < length and text[end + 1].isalpha())):
            end += 1
        floor = end
        if start >= (found[-1][1] if found else 0) and text[start:end].isupper():
            found.append((start, end))
    return found


_MARK_CAPITALS = bytes(65 if 65 <= c <= 90 else 46 for c in range(256))  # A-Z: "A"; anything else: "."
_MARK_CAPITAL_LINES = bytes(65 if 65 <= c <= 90 else 10 if c == 10 else 46 for c in range(256))  # and "\n" kept


def _capital_pairs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of two or more capitals A-Z, as _CAPS finds them, found by marking
    the capitals with bytes.translate and searching for "AA": several times faster than the
    regex, which must try every character. (Encoded as ASCII with "?" for any other character,
    each character is one byte.)"""
    marks = text.encode("ascii", "replace").translate(_MARK_CAPITALS)
    at = marks.find(b"AA")
    while at >= 0:
        end = at + 2
        while end < len(marks) and marks[end] == 65:
            end += 1
        yield at, end
        at = marks.find(b"AA", end)


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at *at* opens the text, a paragraph or a sentence."""
    index = at - 1
    while index >= 0 and text[index] in _OPENERS:
        if text[index] == "\n" and index > 0 and text[index - 1] == "\n":
            return True
        index -= 1
    return index < 0 or text[index] in _SENTENCE_FINAL


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
