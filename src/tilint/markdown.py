"""Find the parts of a Markdown document that are not prose.

Everything is parsed by markdown-it-py. Block structure comes from ``token.map`` line ranges.
Inline markup is found by markdown-it's own inline parser, run over the source lines of each
inline-bearing block (container markers blanked, so every offset indexes the original text,
``\\r\\n`` line endings, tabs and non-ASCII included); a few of its rules are wrapped to note
where each piece of markup they consume starts and ends. Its inline parser is linear in the
text (it caches link labels and backtick runs), where a home-made scanner was quadratic on
runs of ``_a``, of ``[`` and of backticks. HTML blocks are only scanned for tags, comments,
script and style content; bare URLs are skipped everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common import html_re
from markdown_it import rules_inline as inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from tilint.document import merge_ranges

Range = tuple[int, int]
Line = tuple[int, int, int]  # (start, end of content, start of next line)

_NEWLINE = re.compile(r"\r\n|\r|\n")  # exactly what markdown-it turns into "\n"
_HTML_PARTS = ("open_tag", "close_tag", "comment", "processing", "declaration", "cdata")
_HTML = re.compile("|".join(getattr(html_re, name) for name in _HTML_PARTS))
# What each HTML construct must end with; where none follows, it is not tried (as markdown-it does),
# so that a block of unclosed "<?" or "<!x" is not searched to its end from every "<".
_HTML_ENDS = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<", ">"))
_RAW_TAG = re.compile(r"<(script|style)(?=[\s/>])", re.IGNORECASE)
_BARE_URL = re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\[\]]+", re.IGNORECASE)
_URL_TRAIL = ".,:;!?\"'*_~"
_BULLET = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")
_ATX_OPEN = re.compile(r"#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"(?<=[ \t])#+[ \t]*$")
_LEAVES = set("paragraph_open heading_open table_open fence code_block html_block hr".split())
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n")
_DELIMITED = ("emphasis", "strikethrough")  # rules whose markup is known only after post-processing
_MARKS = "tilint_marks"  # the env key of the _Marks of the block being parsed
_FIRST = {  # the characters each tracked inline rule of markdown-it starts at
    "escape": "\\", "emphasis": "*_", "strikethrough": "~", "link": "[", "image": "!", "backticks": "`",
    "autolink": "<", "html_inline": "<",
}


@dataclass(frozen=True)
class MarkdownRegions:
    skip: tuple[tuple[int, int], ...]  # sorted, merged [start, end) ranges NOT to lint
    quoted: tuple[tuple[int, int], ...]  # sorted, merged [start, end) blockquote content


def markdown_regions(text: str) -> MarkdownRegions:
    """Return the ranges of ``text`` not to lint and the blockquote ranges."""
    lines = _split_lines(text)
    fm = _front_matter(text, lines)
    source = "\n".join("" if i < fm else text[s:e] for i, (s, e, _) in enumerate(lines))
    env: dict[str, Any] = {}
    tokens = _MD.parse(source, env)  # block structure only; inlines below
    doc = _Document(text, lines, env)
    if fm:
        doc.skip.append((0, lines[fm - 1][1]))
    doc.find_markers(tokens)
    doc.scan_leaves(tokens, fm)
    return MarkdownRegions(tuple(merge_ranges(doc.skip)), tuple(merge_ranges(doc.quoted())))


def _split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for m in _NEWLINE.finditer(text):
        lines.append((pos, m.start(), m.end()))
        pos = m.end()
    return [*lines, (pos, len(text), len(text))]


def _front_matter(text: str, lines: list[Line]) -> int:
    """Number of lines of YAML/TOML front matter at the very start, else 0."""
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(text[: lines[0][1]], ())
    for n, (s, e, _) in enumerate(lines[1:] if closers else [], 2):
        if text[s:e] in closers:
            return n
    return 0


class _Document:
    def __init__(self, text: str, lines: list[Line], env: dict[str, Any]) -> None:
        self.text, self.lines, self.env = text, lines, env
        self.skip: list[Range] = []
        self.markers: dict[int, list[Range]] = {}  # line -> block marker ranges
        self.depth = [0] * len(lines)  # blockquote nesting per line
        self.quote_start: dict[int, int] = {}  # line -> offset after its last `>`

    def find_markers(self, tokens: list[Token]) -> None:
        """Locate (and skip) `>` markers, list bullets and ATX `#` sequences."""
        items, atx = [0] * len(self.lines), set[int]()
        for t in tokens:
            if t.map and t.type == "blockquote_open":
                for i in range(*t.map):
                    self.depth[i] += 1
            elif t.map and t.type == "list_item_open":
                items[t.map[0]] += 1
            elif t.map and t.type == "heading_open" and t.markup.startswith("#"):
                atx.add(t.map[0])
        for i, (start, end, _) in enumerate(self.lines):
            if self.depth[i] or items[i] or i in atx:
                self._line_markers(i, self.text[start:end], items[i], i in atx)

    def _line_markers(self, i: int, line: str, items: int, atx: bool) -> None:
        base, quotes, pos = self.lines[i][0], self.depth[i], 0
        marks: list[Range] = []
        while True:
            pos = _skip(line, pos)
            if quotes and line.startswith(">", pos):
                quotes, pos = quotes - 1, pos + 1
                marks.append((pos - 1, pos))
                self.quote_start[i] = base + pos
            elif items and (m := _BULLET.match(line, pos)):
                items, pos = items - 1, m.end()
                marks.append(m.span())
            else:
                break
        if atx and (m := _ATX_OPEN.match(line, pos)):
            marks.append(m.span())
            if close := _ATX_CLOSE.search(line, m.end()):
                marks.append(close.span())
        self.markers[i] = [(base + s, base + e) for s, e in marks]
        self.skip.extend(self.markers[i])

    def scan_leaves(self, tokens: list[Token], first: int) -> None:
        covered, inline = set(range(first)), set[Range]()  # table cells share a row
        for t in tokens:
            if not t.map or (t.type not in _LEAVES and t.type != "inline"):
                continue
            a, b = t.map
            if t.type == "inline":
                inline.add((a, b))
                continue
            covered.update(range(a, b))
            if t.type in ("fence", "code_block", "hr"):
                self._skip_lines(a, b)
            elif t.type == "html_block":
                self._scan(a, b, markdown=False)
            elif t.type == "heading_open" and t.markup in ("=", "-"):
                self._skip_lines(b - 1, b)  # setext underline
            elif t.type == "table_open":
                self._skip_lines(a + 1, a + 2)  # delimiter row
        for a, b in sorted(inline):
            self._scan(a, b, markdown=True)
        for i, (s, e, _) in enumerate(self.lines):
            if i not in covered and self.text[s:e].strip(" \t"):
                self._skip_lines(i, i + 1)  # link reference definitions, empty items

    def _skip_lines(self, a: int, b: int) -> None:
        self.skip.append((self.lines[a][0], self.lines[b - 1][1]))

    def _scan(self, a: int, b: int, markdown: bool) -> None:
        """Skip the markup of lines a to b: inline Markdown, or the tags of an HTML block."""
        start, end = self.lines[a][0], self.lines[b - 1][1]
        chars = list(self.text[start:end])
        for s, e in (m for i in range(a, b) for m in self.markers.get(i, ())):
            chars[s - start : e - start] = " " * (e - s)  # hide container markers
        # markdown-it reads "\n" as the line break; keep each offset where it is
        block = "".join(chars).replace("\r\n", "\n ").replace("\r", "\n")
        found = _inline_markup(block, self.env) if markdown else _html_markup(block)
        found += _bare_urls(block, found)
        self.skip.extend((start + s, start + e) for s, e in found)

    def quoted(self) -> list[Range]:
        out: list[Range] = []
        for i, (start, end, nxt) in enumerate(self.lines):
            if self.depth[i]:
                more = i + 1 < len(self.lines) and self.depth[i + 1]
                out.append((self.quote_start.get(i, start), nxt if more else end))
        return out


def _skip(s: str, k: int, chars: str = " \t\r\n") -> int:
    """Index of the first character at or after ``k`` that is not in ``chars``."""
    while k < len(s) and s[k] in chars:
        k += 1
    return k


class _Marks:
    """The markup that markdown-it's inline rules consume in one block, as block offsets."""

    def __init__(self) -> None:
        self.skip: list[Range] = []
        self.delimiters: list[tuple[Token, int, int]] = []  # kept or used once post-processed
        # Each inline state parsing a piece of the block, with the offset of its text in the
        # block: the block's own, and one for the alt text of each image (parsed apart).
        self.states: list[tuple[StateInline, int]] = []
        self.next_base = 0

    def base(self, state: StateInline) -> int:
        if not self.states or self.states[-1][0] is not state:
            for index, (known, base) in enumerate(self.states):
                if known is state:
                    del self.states[index + 1 :]  # the image parsed apart is done
                    return base
            self.states.append((state, self.next_base))
        return self.states[-1][1]

    def used_delimiters(self) -> Iterator[Range]:
        """Emphasis and strikethrough markers that post-processing paired (it turns their
        tokens into tags or empties them); unpaired ones stay text."""
        for token, start, end in self.delimiters:
            if token.type != "text" or not token.content:
                yield start, end


def _tracked(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """*rule*, noting in the env's _Marks the source range of what it consumes."""

    first = _FIRST[name]

    def run(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        if state.src[state.pos] not in first:  # where the rule would not start (most places): at once
            return False
        marks: _Marks | None = state.env.get(_MARKS)
        if marks is None:
            return rule(state, silent)
        start, count = state.pos, len(state.tokens)
        if name == "image":  # markdown-it parses the alt text apart, as a text of its own
            marks.next_base = marks.base(state) + start + 2
        if not rule(state, silent):
            return False
        end, new, base = state.pos, state.tokens[count:], marks.base(state)
        if name in _DELIMITED:  # the last new tokens hold the markers, in order
            for token in reversed(new):
                if end <= start:
                    break
                marks.delimiters.append((token, base + end - len(token.content), base + end))
                end -= len(token.content)
        elif name == "escape":
            if state.src[start + 1] in _ESCAPABLE:
                marks.skip.append((base + start, base + start + 1))
        elif name in ("link", "image"):
            opener = 1 if name == "link" else 2
            label_end = state.md.helpers.parseLinkLabel(state, start + opener - 1, name == "link")
            marks.skip += [(base + start, base + start + opener), (base + label_end, base + end)]
        elif name != "backticks" or (new and new[-1].type == "code_inline"):
            marks.skip.append((base + start, base + end))
        return True

    return run


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # The inline parse runs block by block from _Document._scan, not as part of MarkdownIt.parse;
    # unpaired markers are not joined to the text around them, so that each stays the token it was.
    md.disable(["inline", "text_join", "fragments_join"])
    rules = {
        "escape": inline.escape, "emphasis": inline.emphasis.tokenize, "strikethrough": inline.strikethrough.tokenize,
        "link": inline.link, "image": inline.image, "backticks": inline.backtick, "autolink": inline.autolink,
        "html_inline": inline.html_inline,
    }
    for name, rule in rules.items():
        md.inline.ruler.at(name, _tracked(name, rule))
    return md


_MD = _parser()


def _inline_markup(block: str, env: dict[str, Any]) -> list[Range]:
    """The markup in one block of Markdown: everything but its text."""
    marks = env[_MARKS] = _Marks()
    try:
        _MD.inline.parse(block, _MD, env, [])
    finally:
        del env[_MARKS]
    return [*marks.skip, *marks.used_delimiters()]


def _html_markup(block: str) -> list[Range]:
    """Tags, comments, and script and style content, in an HTML block."""
    found: list[Range] = []
    last = {end: block.rfind(end) for _, end in _HTML_ENDS}
    i = block.find("<")
    while i >= 0:
        opening = next(end for start, end in _HTML_ENDS if block.startswith(start, i))
        m = _HTML.match(block, i) if last[opening] > i else None
        if m is None:
            if block.startswith("<!--", i):
                found.append((i, len(block)))  # unclosed comment: the HTML block runs to its end
                break
            i = block.find("<", i + 1)
            continue
        end = m.end()
        if raw := _RAW_TAG.match(block, i):
            close = re.compile(rf"</{raw.group(1)}\s*>", re.IGNORECASE).search(block, end)
            end = close.end() if close else len(block)  # script/style content
        found.append((i, end))
        i = block.find("<", end)
    return found


def _bare_urls(block: str, skipped: list[Range]) -> list[Range]:
    """Bare URLs (http://..., www....) outside the markup already found."""
    found: list[Range] = []
    position = 0
    for start, end in [*merge_ranges(skipped), (len(block), len(block))]:
        for m in _BARE_URL.finditer(block, position, max(start, position)):
            found.append((m.start(), m.start() + _url_length(m.group())))
        position = max(position, end)
    return found


def _url_length(url: str) -> int:
    """The length of *url* without trailing punctuation or a closing parenthesis it does not open."""
    length = len(url.rstrip(_URL_TRAIL))
    surplus = url.count(")", 0, length) - url.count("(", 0, length)
    while length and url[length - 1] == ")" and surplus > 0:
        length, surplus = length - 1, surplus - 1
        while length and url[length - 1] in _URL_TRAIL:
            length -= 1
    return max(length, 1)
