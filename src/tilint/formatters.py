"""Turn a finished run into text for people or JSON for tools. Pure functions: no printing here."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import click

from tilint import __version__
from tilint.model import FileError, Finding, Rule, Severity

SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

# Characters that must never reach a terminal or a CI log raw from a file name or a message:
# C0 and C1 controls and DEL (a line break in a name forges a GitHub annotation or a
# '::stop-commands::'; ESC drives the terminal), bidi controls (they reorder what the reader
# sees), line and paragraph separators, and the surrogates that stand for the bytes of a name
# that is not UTF-8. JSON escapes C0 itself, so json_safe needs only the rest.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """*text* safe to print on one line of a terminal or a CI log: control, bidi and
    separator characters written as escapes (``\\n``, ``\\x1b``, ``\\u202e``); a byte of a
    name that is not UTF-8 as ``\\xff``."""
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


_JSON_UNSAFE = re.compile(f"[{_BEYOND_C0}]")


def json_safe(text: str) -> str:
    """JSON text with the characters that JSON leaves raw (C1 controls, bidi controls,
    separators, the surrogates of a name that is not UTF-8) written as ``\\uXXXX``: the same
    values for a JSON reader, safe on a terminal and valid UTF-8. (JSON escapes C0 itself.)"""
    if (text.isascii() and "\x7f" not in text) or not _JSON_UNSAFE.search(text):  # DEL is the one ASCII character
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class SuppressionRecord:
    """A suppression directive as the audit trail shows it."""

    path: str
    line: int
    directive: str
    reason: str
    used: bool


@dataclass
class Report:
    """Everything a run found, in report order."""

    findings: list[Finding]
    errors: list[FileError]
    notes: list[FileError] = field(default_factory=list)
    files: int = 0
    lines: dict[tuple[str, int], str] = field(default_factory=dict)  # (path, line) -> source line
    redact: bool = False
    suppressions: list[SuppressionRecord] = field(default_factory=list)
    report_unused: bool = False
    fingerprint_key: bytes | None = None  # the owner's key: fingerprints in SARIF are keyed with it

    streamed: Counter[Severity] | None = None  # findings written as they were found, by severity

    def severity_counts(self) -> Counter[Severity]:
        """How many findings of each severity the run reported."""
        return Counter(self.streamed) if self.streamed is not None else Counter(f.severity for f in self.findings)

    def unused(self) -> list[SuppressionRecord]:
        """Suppressions that silenced nothing, when the run asked to hear about them."""
        return [s for s in self.suppressions if not s.used] if self.report_unused else []


def json_item(f: Finding, redact: bool) -> dict[str, object]:
    """One finding as the JSON contract gives it."""
    return f.to_dict(redact)


def indented_json(value: object, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, each line after the first preceded by
    *indent*. The same text, made faster for findings: Python's JSON module writes indented
    output in pure Python, so here each string and number goes through its C encoder alone."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(key, str) for key in value):
            return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
        inner = indent + "  "
        fields = (f"{inner}{_encode(key)}: {indented_json(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(fields) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + indented_json(item, inner) for item in value) + "\n" + indent + "]"
    return _encode(value)


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json_rest(report: Report, findings: int) -> dict[str, object]:
    return {
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "notes": [{"path": n.path, "message": n.message} for n in report.notes],
        "suppressions": [_json_suppression(s, report.redact) for s in report.suppressions],
        "summary": {"files": report.files, "findings": findings, "errors": len(report.errors)},
    }


def _json_suppression(s: SuppressionRecord, redact: bool) -> dict[str, object]:
    """One suppression for the audit trail; its reason is left out under --redact (a reason
    may quote the note: "-- she said 'my pimp' herself")."""
    item: dict[str, object] = {"path": s.path, "line": s.line, "directive": s.directive}
    if not redact:
        item["reason"] = s.reason
    item["used"] = s.used
    return item


def json_object(report: Report) -> dict[str, object]:
    """The JSON contract of DESIGN.md as plain values: what ``--format json`` prints and what
    ``tilint.Results.to_dict`` gives (the streamed output writes the same keys, piece by piece)."""
    findings = [json_item(f, report.redact) for f in report.findings]
    return {"tilint": __version__, "findings": findings, **_json_rest(report, len(findings))}


def format_json(report: Report, colour: bool = False) -> str:
    """The JSON contract of DESIGN.md: one object with findings, errors and a summary."""
    return json_safe(indented_json(json_object(report))) + "\n"


def text_block(f: Finding, source_line: str | None, redact: bool, colour: bool = False) -> str:
    """One finding for people: where, what to consider, the line itself, what to write instead."""

    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if colour else text  # type: ignore[arg-type]

    where = f" ({printable(f.location)})" if f.location else ""
    head = (
        f"{style(f'{printable(f.path)}:{f.line}:{f.column}', bold=True)}{where}: "
        f"{style(f.severity.label, fg=SEVERITY_COLOURS[f.severity], bold=True)} "
        f"{f.rule} {style(f.name, dim=True)}"
    )
    lines = [head, *_wrap(f.message, "  ")]
    positioned = (f.end_line, f.end_column) > (f.line, f.column)  # document findings have no span
    if source_line is not None and positioned and not redact:
        lines.extend(_excerpt(f, source_line, style))
    if f.suggestions:
        options = "; ".join(f'"{s}"' for s in f.suggestions)
        wrapped = _wrap(f"Instead, consider: {options}", "  ")
        wrapped[0] = wrapped[0].replace("Instead, consider:", style("Instead, consider:", fg="green"), 1)
        lines.extend([wrapped[0], *("  " + line for line in wrapped[1:])])
    return "\n".join(lines)


def _text_tail(report: Report) -> list[str]:
    unused = [f"{printable(s.path)}:{s.line}: unused suppression: {printable(s.directive)}" for s in report.unused()]
    return ["\n".join(unused)] * bool(unused) + [summary_line(report)]


def format_text(report: Report, colour: bool = False) -> str:
    """A report a case manager can read: where, what to consider, the line itself, what to write instead."""
    blocks = [text_block(f, report.lines.get((f.path, f.line)), report.redact, colour) for f in report.findings]
    return "\n\n".join([*blocks, *_text_tail(report)]) + "\n"


def summary_line(report: Report) -> str:
    """One closing line: how many findings of each severity in how many files."""
    counts = report.severity_counts()
    total = sum(counts.values())
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if not total:
        text = f"No findings in {files}."
    else:
        parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity) if counts[s]]
        text = f"{total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}."
    if report.errors:
        count = len(report.errors)
        text += f" {count} problem{'s' if count != 1 else ''} with the input, listed on standard error."
    return text


def _wrap(text: str, indent: str, width: int = 88) -> list[str]:
    words, lines, current = text.split(), [], indent
    for word in words:
        if len(current) + len(word) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = indent
        current += word + " "
    lines.append(current.rstrip())
    return lines


def _excerpt(f: Finding, line: str, style: Callable[..., str]) -> list[str]:
    """The source line with the match underlined; tabs and wide characters keep the carets aligned."""
    shown = line.expandtabs(4)
    start = _width(line[: f.column - 1].expandtabs(4))
    end_col = f.end_column if f.end_line == f.line else len(line) + 1
    span = max(_width(line[: end_col - 1].expandtabs(4)) - start, 1)
    gutter = f"{f.line:>4} | "
    return [f"{gutter}{shown}", f"{' ' * (len(gutter) - 2)}| {' ' * start}{style('^' * span, fg='magenta')}"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


FORMAT_NAMES = ("text", "json", "sarif", "github")


def render(name: str, report: Report, colour: bool = False, rules: Sequence[Rule] = (), snippets: bool = False) -> str:
    """Format *report* with the named formatter (one of FORMAT_NAMES)."""
    if name == "json":
        return format_json(report)
    if name == "sarif":
        from tilint.sarif import format_sarif

        return format_sarif(report, rules, snippets=snippets and not report.redact)
    if name == "github":
        from tilint.sarif import format_github

        return format_github(report, snippets=snippets and not report.redact)
    return format_text(report, colour)


STREAMING_FORMATS = ("text", "json", "github")


class StreamWriter:
    """Write a report while the run goes on, one file's findings at a time, so that a run over
    years of notes never holds every finding in memory. The output is byte for byte what the
    formatter gives for the finished report (files are linted in path order)."""

    def __init__(self, name: str, write: Callable[[str], None], redact: bool, colour: bool = False, snippets: bool = False,
                 hide: Callable[[str], str] | None = None) -> None:
        if name not in STREAMING_FORMATS:
            raise ValueError(f"the {name} format cannot be streamed")
        self.name, self.write, self.redact, self.colour, self.snippets = name, write, redact, colour, snippets
        self.hide = hide  # --redact-paths: each file name as it is printed
        self.counts: Counter[Severity] = Counter()
        self.started = False  # nothing is written before the run has something to say

    def _start(self) -> None:
        if not self.started and self.name == "json":
            self.write(f'{{\n  "tilint": {json.dumps(__version__)},\n  "findings": [')
        self.started = True

    def add(self, findings: Sequence[Finding], lines: dict[tuple[str, int], str]) -> None:
        """Write one file's findings (sorted)."""
        pieces = []
        if self.hide is not None:
            hide = self.hide
            findings = [replace(f, path=hide(f.path)) for f in findings]
            lines = {}  # source lines are not shown under --redact
        for f in findings:
            if self.name == "json":
                item = json_safe(indented_json(json_item(f, self.redact), "    "))
                pieces.append(("\n    " if not self.counts else ",\n    ") + item)
            elif self.name == "text":
                pieces.append(text_block(f, lines.get((f.path, f.line)), self.redact, self.colour) + "\n\n")
            else:
                from tilint.sarif import github_line

                pieces.append(github_line(f, self.snippets) + "\n")
            self.counts[f.severity] += 1
            if len(pieces) >= 256:  # a file with thousands of findings is written as it goes
                self._start()
                self.write("".join(pieces))
                pieces.clear()
        if pieces:
            self._start()
            self.write("".join(pieces))

    def close(self, report: Report) -> None:
        """Write what follows the findings: errors, notes, suppressions, the summary."""
        report.streamed = self.counts
        total = sum(self.counts.values())
        if self.hide is not None:
            hide_paths(report, self.hide)
        self._start()
        if self.name == "json":
            rest = json_safe(indented_json(_json_rest(report, total)))
            self.write(("\n  ]" if total else "]") + "," + rest[1:] + "\n")
        elif self.name == "text":
            self.write("\n\n".join(_text_tail(report)) + "\n")
        else:
            from tilint.sarif import github_error_lines

            self.write(github_error_lines(report))


def hide_paths(report: Report, hide: Callable[[str], str]) -> Report:
    """*report* with every file name replaced by ``hide(name)`` (``--redact-paths``)."""
    report.findings = [replace(f, path=hide(f.path)) for f in report.findings]
    report.errors = [replace(e, path=hide(e.path)) for e in report.errors]
    report.notes = [replace(n, path=hide(n.path)) for n in report.notes]
    report.suppressions = [replace(s, path=hide(s.path)) for s in report.suppressions]
    report.lines = {(hide(path), line): text for (path, line), text in report.lines.items()}
    return report


_HUNK = re.compile(r"@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


def changed_lines(body: str) -> list[int]:
    """The lines of the original file that the hunks of a unified diff of one file change."""
    lines: list[int] = []
    old, after_removal = 0, False
    for item in body.splitlines():  # the diff's lines split where difflib split the file's lines
        hunk = _HUNK.match(item)
        if hunk:
            old, after_removal = int(hunk.group(1)), False
        elif item.startswith("-"):
            lines.append(old)
            old, after_removal = old + 1, True
        elif item.startswith("+"):
            if not after_removal and (not lines or lines[-1] != old):
                lines.append(old)  # an insertion before line *old*
        elif item.startswith(" "):
            old, after_removal = old + 1, False
    return lines


def redacted_diff(files: Sequence[str], diffs: Sequence[str], show: Callable[[str], str] = printable) -> str:
    """What ``--diff --redact`` prints: each line a safe fix would change, by place only, and
    a closing count; the words before and after the fix are note text and stay out."""
    out = []
    count = 0
    for display, diff in zip(files, diffs):
        body = diff.split("\n", 2)[-1]  # after the two header lines (unified_diff escapes line breaks in the name)
        for line in changed_lines(body):
            out.append(f"{show(display)}:{line}: a safe fix would change this line")
            count += 1
    files_count = len({d for d, diff in zip(files, diffs) if diff})
    out.append(f"{count} line{'s' if count != 1 else ''} in {files_count} file{'s' if files_count != 1 else ''} "
               "would change; --redact leaves the words of the diff out.")
    return "\n".join(out) + "\n"
