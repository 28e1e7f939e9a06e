"""Inline suppressions, with the reason an agency needs for its audit trail.

In plain text a directive is a line of its own; in Markdown or HTML it sits in a comment:

    tilint: disable=TI101,possessive-girls -- quoting the court order verbatim
    tilint: enable=TI101
    <!-- tilint: disable-next-line=TI402 -- the client's own word -->
    <!-- tilint: disable-file -- training handout that lists phrases to avoid -->

Without ``=RULES`` a directive covers every rule. ``disable`` lasts until a matching
``enable`` or the end of the file.

Directives are read strictly, because a mistyped one must never silence more than it says: an
unknown directive (``disable-lines``, ``disable TI402``), a malformed rule list, text after the
rules that is not ``-- reason``, or a directive after other text on its line is a problem
naming its line, and silences nothing. Before ``tilint:`` a line may hold only a comment
opener (``<!--``, ``#``, ``//``, ``/*``, ``;``, ``%``, ``--``, ``{#``); the reason follows
``--`` (or the en or em dash a word processor makes of it), and a comment closer (``-->``,
``*/``, ``#}``) may end the line. ``tilint:`` in running prose followed by a word that is no
directive is a mention, not a directive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tilint.document import LineIndex
from tilint.model import Finding, close_match

KINDS = ("disable-file", "disable-next-line", "disable", "enable")
PREFIX = re.compile(r"tilint:", re.IGNORECASE)
_WORD = re.compile(r"[ \t]*(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*)?")
_NAME = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
# What may follow the directive's word on its line: rules, a reason, a comment closer.
_TAIL = re.compile(
    rf"(?:[ \t]*=[ \t]*(?P<rules>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*))?"
    r"(?:[ \t]*(?:--(?!>)|\u2013|\u2014)(?P<reason>[^\r\n]*?))?"
    r"[ \t]*(?P<closer>-->|\*/|#\})?[ \t]*$"
)
# What may stand before ``tilint:`` on its line: indentation and a comment opener.
_OPENER = re.compile(r"[ \t]*(?:<!--|/\*+|\{#|#+|//+|;+|%+|--)?[ \t]*$")
_EOL = re.compile(r"[\r\n]")
_MENTION = "`'\"\u2018\u2019\u201c\u201d"  # ``tilint:`` right after one of these is a mention of the syntax
_LOOKS_LIKE = ("disable", "enable", "ignore", "noqa", "skip", "suppress")
_NOTHING = "; it silences nothing"
_HINTS = {"disable-line": "'disable-next-line', on the line before", "ignore": "'disable'"}


@dataclass
class Suppression:
    """One directive in a document."""

    line: int
    kind: str
    rules: frozenset[str] | None  # rule ids; None means every rule
    reason: str
    start: int  # offsets of the directive text, kept out of linting
    end: int
    used: bool = False
    last_line: int = 0  # the last line a disable region covers

    def covers(self, finding: Finding) -> bool:
        """Whether this directive silences *finding*."""
        if self.kind == "enable" or (self.rules is not None and finding.rule not in self.rules):
            return False
        if self.kind == "disable-file":
            return True
        if self.kind == "disable-next-line":
            return finding.line == self.line + 1
        return self.line <= finding.line <= self.last_line

    def describe(self) -> str:
        """The directive as written, normalized, for reports."""
        rules = "" if self.rules is None else "=" + ",".join(sorted(self.rules))
        return f"tilint: {self.kind}{rules}"


@dataclass
class Suppressions:
    """Every directive of a document and the problems found in them."""

    items: list[Suppression] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def spans(self) -> list[tuple[int, int]]:
        """Source ranges of the directives themselves, which are not prose to lint."""
        return [(s.start, s.end) for s in self.items]

    def apply(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings no directive covers; the directives that covered one are marked used."""
        kept = []
        for finding in findings:
            covering = [s for s in self.items if s.covers(finding)]
            for suppression in covering:
                suppression.used = True
            if not covering:
                kept.append(finding)
        return kept


def parse_suppressions(
    text: str,
    resolve: Callable[[str], set[str]],
    require_reason: bool = False,
    line_col: Callable[[int], tuple[int, int]] | None = None,
) -> Suppressions:
    """Find the directives in *text*; *resolve* turns a rule id, name or category into rule ids,
    and *line_col* places an offset in the source file (default: lines of *text*)."""
    result = Suppressions()
    if "ilint:" not in text and "ILINT:" not in text:  # cheap: no directive, whatever its case
        return result
    line_col = line_col or LineIndex(text).line_col
    last_line = line_col(len(text))[0]
    for match in PREFIX.finditer(text):
        line = line_col(match.start())[0]
        item = _directive(text, match.start(), match.end(), resolve)
        if item is None:
            continue
        if isinstance(item, str):
            result.problems.append(f"line {line}: {item}")
            continue
        if require_reason and item.kind != "enable" and not item.reason:
            result.problems.append(f"line {line}: suppression without a reason (add '-- why')")
            continue
        item.line = line
        result.items.append(item)
    _close_regions(result.items, last_line)
    return result


def _directive(text: str, start: int, end: int, resolve: Callable[[str], set[str]]) -> Suppression | str | None:
    """The directive whose ``tilint:`` spans *start*..*end*: a Suppression, a problem (one
    phrase), or None when the words are a mention in prose rather than a directive."""
    newline = text.rfind("\n", 0, start)
    line_start = max(newline, text.rfind("\r", newline + 1, start)) + 1  # looks back one line only
    eol = _EOL.search(text, end)
    line_end = eol.start() if eol else len(text)
    word_match = _WORD.match(text, end, line_end)
    word = word_match.group("word") or ""
    lowered = word.lower()
    if not (lowered.startswith(_LOOKS_LIKE) or close_match(lowered, KINDS)):
        return None  # "tilint: a linter we use": a mention in prose
    own_line = _OPENER.match(text, line_start, start) is not None
    if not own_line and (text[start - 1 : start] in _MENTION or text.count("`", line_start, start) % 2):
        return None  # "write `tilint: disable` above it", "a trailing `# tilint: ...`": a mention of the syntax
    if lowered not in KINDS:
        hint = _HINTS.get(lowered)
        if hint is None and (near := close_match(lowered, KINDS)):
            hint = f"'{near}'"
        return f"unknown suppression 'tilint: {word}'" + (f" (did you mean {hint}?)" if hint else "") + _NOTHING
    if not own_line:
        return f"'tilint: {lowered}' must stand on a line of its own, before the lines it silences" + _NOTHING
    tail = _TAIL.match(text, word_match.end(), line_end)
    if tail is None:
        after = text[word_match.end() : line_end].lstrip(" \t")
        if after.startswith("="):
            return (f"malformed rule list in 'tilint: {lowered}': name rule ids, rule names or categories, "
                    "separated by commas, then '-- reason'" + _NOTHING)
        return f"unexpected text after 'tilint: {lowered}' (write 'tilint: {lowered}=RULES -- reason')" + _NOTHING
    names = [n.strip() for n in (tail.group("rules") or "").split(",") if n.strip()]
    unknown = [n for n in names if not resolve(n)]
    if unknown:
        return f"suppression names no rule: {', '.join(unknown)}"
    ids: set[str] = set().union(*(resolve(n) for n in names)) if names else set()
    reason = (tail.group("reason") or "").strip()
    stop = tail.start("closer") if tail.group("closer") else tail.end()
    while stop > start and text[stop - 1] in " \t":
        stop -= 1
    return Suppression(0, lowered, frozenset(ids) if names else None, reason, start, stop)


def _close_regions(items: list[Suppression], last_line: int) -> None:
    for position, item in enumerate(items):
        if item.kind != "disable":
            continue
        item.last_line = last_line
        for later in items[position + 1 :]:
            if later.kind == "enable" and (later.rules is None or (item.rules is not None and item.rules <= later.rules)):
                item.last_line = later.line
                break
