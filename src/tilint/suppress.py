"""Inline suppressions, with the reason an agency needs for its audit trail.

In plain text a directive is a line of its own; in Markdown or HTML it sits in a comment:

    tilint: disable=TI101,possessive-girls -- quoting the court order verbatim
    tilint: enable=TI101
    <!-- tilint: disable-next-line=TI402 -- the client's own word -->
    <!-- tilint: disable-file -- training handout that lists phrases to avoid -->

Without ``=RULES`` a directive covers every rule. ``disable`` lasts until a matching
``enable`` or the end of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tilint.document import LineIndex
from tilint.model import Finding

DIRECTIVE = re.compile(
    r"tilint:[ \t]*(?P<kind>disable-file|disable-next-line|disable|enable)\b"
    r"(?:[ \t]*=[ \t]*(?P<rules>[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*))?"
    r"(?P<rest>[^\r\n]*)"
)
COMMENT_END = re.compile(r"\s*(?:-->|\*/)\s*$")


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
    if "tilint:" not in text:
        return result
    line_col = line_col or LineIndex(text).line_col
    last_line = line_col(len(text))[0]
    for match in DIRECTIVE.finditer(text):
        line = line_col(match.start())[0]
        rest = COMMENT_END.sub("", match.group("rest")).strip()
        reason = rest[2:].strip() if rest.startswith("--") else ""
        names = [n.strip() for n in (match.group("rules") or "").split(",") if n.strip()]
        ids: set[str] = set()
        unknown = [n for n in names if not resolve(n)]
        for name in names:
            ids |= resolve(name)
        if unknown:
            result.problems.append(f"line {line}: suppression names no rule: {', '.join(unknown)}")
            continue
        if require_reason and match.group("kind") != "enable" and not reason:
            result.problems.append(f"line {line}: suppression without a reason (add '-- why')")
            continue
        end = match.start() + len(COMMENT_END.sub("", match.group(0)).rstrip())
        item = Suppression(line, match.group("kind"), frozenset(ids) if names else None, reason, match.start(), end)
        result.items.append(item)
    _close_regions(result.items, last_line)
    return result


def _close_regions(items: list[Suppression], last_line: int) -> None:
    for position, item in enumerate(items):
        if item.kind != "disable":
            continue
        item.last_line = last_line
        for later in items[position + 1 :]:
            if later.kind == "enable" and (later.rules is None or (item.rules is not None and item.rules <= later.rules)):
                item.last_line = later.line
                break
