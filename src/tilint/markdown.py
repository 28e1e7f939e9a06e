"""Find the parts of a Markdown document that are not prose.

Block structure comes from markdown-it-py (``token.map`` line ranges). Inline
constructs are located by a small CommonMark-style scanner run over the source
lines of each inline-bearing block, so every offset indexes the original text
(``\\r\\n`` line endings, tabs and non-ASCII included).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common import html_re
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from tilint.document import merge_ranges

Range = tuple[int, int]
Line = tuple[int, int, int]  # (start, end of content, start of next line)

# Only block structure is read from markdown-it; inline markup is found by _Scanner below, so
# the inline parse (the slower half of markdown-it's work) is switched off.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["inline", "text_join"])
_NEWLINE = re.compile(r"\r\n|\r|\n")  # exactly what markdown-it turns into "\n"
_HTML_PARTS = ("open_tag", "close_tag", "comment", "processing", "declaration", "cdata")
_HTML = re.compile("|".join(getattr(html_re, name) for name in _HTML_PARTS))
_RAW_TAG = re.compile(r"<(script|style)(?=[\s/>])", re.IGNORECASE)
_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_AUTOLINK = re.compile(
    rf"<(?:[A-Za-z][A-Za-z0-9+.-]{{1,31}}:[^<>\x00-\x20]*"
    rf"|[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_DOMAIN}(?:\.{_DOMAIN})*)>"
)
_BARE_URL = re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\[\]]+", re.IGNORECASE)
_URL_TRAIL = ".,:;!?\"'*_~"
# Where the inline scanner has something to do: markup characters and the start of a bare URL.
_NOTABLE = re.compile(r"[<\\`*_~\[\]]|!\[|" + _BARE_URL.pattern, re.IGNORECASE)
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\[\s\S]){0,999})\]")
_ANGLE_DEST = re.compile(r"<(?:[^<>\\\r\n]|\\.)*>")
_TITLE = re.compile(r'"(?:[^"\\]|\\[\s\S])*"|\'(?:[^\'\\]|\\[\s\S])*\'|\((?:[^()\\]|\\[\s\S])*\)')
_BULLET = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")
_ATX_OPEN = re.compile(r"#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"(?<=[ \t])#+[ \t]*$")
_LEAVES = set("paragraph_open heading_open table_open fence code_block html_block hr".split())
_PUNCT = frozenset(string.punctuation)


@dataclass(frozen=True)
class MarkdownRegions:
    skip: tuple[tuple[int, int], ...]  # sorted, merged [start, end) ranges NOT to lint
    quoted: tuple[tuple[int, int], ...]  # sorted, merged [start, end) blockquote content


def markdown_regions(text: str) -> MarkdownRegions:
    """Return the ranges of ``text`` not to lint and the blockquote ranges."""
    lines = _split_lines(text)
    fm = _front_matter(text, lines)
    source = "\n".join("" if i < fm else text[s:e] for i, (s, e, _) in enumerate(lines))
    env: dict[str, dict[str, object]] = {}
    tokens = _MD.parse(source, env)
    doc = _Document(text, lines, set(env.get("references", {})))
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
    def __init__(self, text: str, lines: list[Line], refs: set[str]) -> None:
        self.text, self.lines, self.refs = text, lines, refs
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
        for a, b in inline:
            self._scan(a, b, markdown=True)
        for i, (s, e, _) in enumerate(self.lines):
            if i not in covered and self.text[s:e].strip(" \t"):
                self._skip_lines(i, i + 1)  # link reference definitions, empty items

    def _skip_lines(self, a: int, b: int) -> None:
        self.skip.append((self.lines[a][0], self.lines[b - 1][1]))

    def _scan(self, a: int, b: int, markdown: bool) -> None:
        start, end = self.lines[a][0], self.lines[b - 1][1]
        chars = list(self.text[start:end])
        for s, e in (m for i in range(a, b) for m in self.markers.get(i, ())):
            chars[s - start : e - start] = " " * (e - s)  # hide container markers
        found = _Scanner("".join(chars), self.refs, markdown).run()
        self.skip.extend((start + s, start + e) for s, e in found)

    def quoted(self) -> list[Range]:
        out: list[Range] = []
        for i, (start, end, nxt) in enumerate(self.lines):
            if self.depth[i]:
                more = i + 1 < len(self.lines) and self.depth[i + 1]
                out.append((self.quote_start.get(i, start), nxt if more else end))
        return out


def _kind(ch: str) -> str:
    """CommonMark character class for flanking rules: space, punct or other."""
    if ch in "\t\n\x0c\r" or unicodedata.category(ch) == "Zs":
        return "space"
    return "punct" if ch in _PUNCT or unicodedata.category(ch)[0] in "PS" else "other"


def _skip(s: str, k: int, chars: str = " \t\r\n") -> int:
    """Index of the first character at or after ``k`` that is not in ``chars``."""
    while k < len(s) and s[k] in chars:
        k += 1
    return k


def _inline_link_end(s: str, j: int) -> int | None:
    """End of ``(destination "title")`` where ``s[j] == "("``, or None."""
    k = _skip(s, j + 1)
    if s.startswith("<", k):
        if not (m := _ANGLE_DEST.match(s, k)):
            return None
        k = m.end()
    else:
        depth = 0  # unescaped parentheses must balance (nesting capped like markdown-it)
        while k < len(s) and " " < s[k] != "\x7f" and 0 <= depth <= 32:
            depth += {"(": 1, ")": -1}.get(s[k], 0)
            k += 2 if s[k] == "\\" and s[k + 1 : k + 2] in _PUNCT else 1
        if depth == -1:  # stopped just after the ")" that may close the link
            k -= 1
        elif depth:
            return None
    t = _skip(s, k)
    if t > k and (m := _TITLE.match(s, t)):
        t = _skip(s, m.end())
    return t + 1 if s.startswith(")", t) else None


@dataclass
class _Run:  # an emphasis/strikethrough delimiter run
    start: int
    end: int
    can_open: bool
    can_close: bool
    unused: int  # delimiter characters not matched yet


class _Scanner:
    """Inline scanner over one block; ``markdown=False`` handles HTML blocks."""

    def __init__(self, s: str, refs: set[str], markdown: bool) -> None:
        self.s, self.refs, self.md = s, refs, markdown
        self.out: list[Range] = []
        self.runs: list[_Run] = []
        self.brackets: list[Range] = []  # (position, width) of "[" / "![" openers

    def run(self) -> list[Range]:
        i = 0
        while i < len(self.s):
            # jump to the next character _step does more with than step over
            if not (m := _NOTABLE.search(self.s, i)):
                break
            i = self._step(m.start(), self.s[m.start()])
        self._match_runs()
        return self.out

    def _step(self, i: int, c: str) -> int:
        s = self.s
        if c == "<":
            return self._angle(i)
        if c in "hHwW" and (m := _BARE_URL.match(s, i)):
            url = m.group().rstrip(_URL_TRAIL)
            while url.endswith(")") and url.count(")") > url.count("("):
                url = url[:-1].rstrip(_URL_TRAIL)
            self.out.append((i, i + len(url)))
            return i + max(len(url), 1)
        if not self.md:
            return i + 1
        if c == "\\" and s[i + 1 : i + 2] in _PUNCT:
            self.out.append((i, i + 1))
            return i + 2
        if c == "`":
            return self._code_span(i)
        if c in "*_~":
            return self._delimiter_run(i, c)
        if c == "[" or s.startswith("![", i):
            self.brackets.append((i, 1 if c == "[" else 2))
            return i + self.brackets[-1][1]
        return self._close_bracket(i) if c == "]" else i + 1

    def _angle(self, i: int) -> int:
        s = self.s
        m = (_AUTOLINK.match(s, i) if self.md else None) or _HTML.match(s, i)
        if m is None:
            if self.md or not s.startswith("<!--", i):
                return i + 1
            end = len(s)  # unclosed comment: the HTML block runs to its end
        elif not self.md and (raw := _RAW_TAG.match(m.group())):
            close = re.compile(rf"</{raw.group(1)}\s*>", re.IGNORECASE).search(s, m.end())
            end = close.end() if close else len(s)  # script/style content
        else:
            end = m.end()
        self.out.append((i, end))
        return end

    def _code_span(self, i: int) -> int:
        width = _skip(self.s, i, "`") - i
        close = re.compile(rf"(?<!`){'`' * width}(?!`)").search(self.s, i + width)
        if close is None:
            return i + width  # no closing run of the same length: literal backticks
        self.out.append((i, close.end()))
        return close.end()

    def _delimiter_run(self, i: int, c: str) -> int:
        s, e = self.s, _skip(self.s, i, c)
        if c == "~" and e - i < 2:
            return e
        b, a = _kind(s[i - 1] if i else " "), _kind(s[e] if e < len(s) else " ")
        left = a != "space" and (a != "punct" or b != "other")
        right = b != "space" and (b != "punct" or a != "other")
        can_open = left and (c != "_" or not right or b == "punct")
        can_close = right and (c != "_" or not left or a == "punct")
        if can_open or can_close:
            self.runs.append(_Run(i, e, can_open, can_close, e - i))
        return e

    def _match_runs(self) -> None:
        """CommonMark 'process emphasis'; a run used at all is skipped whole."""
        stack: list[_Run] = []
        for cur in self.runs:
            k, char = len(stack) - 1, self.s[cur.start]
            while cur.can_close and cur.unused and k >= 0:
                o = stack[k]
                if self.s[o.start] != char or _rule_of_three(o, cur, char):
                    k -= 1
                    continue
                used = min(o.unused, cur.unused, 2 if char != "~" else cur.unused)
                o.unused, cur.unused = o.unused - used, cur.unused - used
                self.out += [(o.start, o.end), (cur.start, cur.end)]
                del stack[k + (1 if o.unused else 0) :]
                k = len(stack) - 1
            if cur.can_open and cur.unused:
                stack.append(cur)

    def _close_bracket(self, i: int) -> int:
        if not self.brackets:
            return i + 1
        pos, width = self.brackets.pop()
        end = self._link_end(i, self.s[pos + width : i])
        if end is None:
            return i + 1
        self.out += [(pos, pos + width), (i, end)]
        if width == 1:  # links cannot contain links: drop the outer "[" openers
            self.brackets = [b for b in self.brackets if b[1] == 2]
        return end

    def _link_end(self, i: int, text: str) -> int | None:
        if self.s.startswith("(", i + 1) and (end := _inline_link_end(self.s, i + 1)):
            return end
        if label := _LABEL.match(self.s, i + 1):  # full or collapsed reference
            return label.end() if self._defined(label.group(1) or text) else None
        return i + 1 if self._defined(text) else None  # shortcut reference

    def _defined(self, label: str) -> bool:
        return len(label) < 1000 and normalizeReference(label) in self.refs


def _rule_of_three(opener: _Run, closer: _Run, char: str) -> bool:
    """True if CommonMark's 'multiple of 3' rule forbids matching these runs."""
    if char == "~" or not (opener.can_close or closer.can_open):
        return False
    a, b = opener.end - opener.start, closer.end - closer.start
    return (a + b) % 3 == 0 and not (a % 3 == 0 and b % 3 == 0)
