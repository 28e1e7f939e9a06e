"""One lint run: read each input, pick its adapter, run the engine, collect a report.

This layer knows about files and formats; the engine knows only text views. spaCy is
loaded on the first document that has any text to analyse.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from tilint.document import LineIndex, TextView
from tilint.formatters import Report
from tilint.model import FileError, Finding, Rule, fill_message
from tilint.scripts import is_script
from tilint.sources import Source, SourceError, decode, discover, read_source

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


@dataclass
class Linter:
    """Rules compiled on first use, so a run with nothing to read never imports spaCy."""

    rules: Sequence[Rule]
    redact: bool = False
    script_globs: Sequence[str] = ()
    _compiled: object = field(default=None, repr=False)

    def compiled(self) -> object:
        """The compiled matchers for this linter's rules."""
        if self._compiled is None:
            from tilint.compile import compile_rules
            from tilint.nlp import pipeline

            self._compiled = compile_rules(self.rules, pipeline())
        return self._compiled

    def lint_text(self, text: str, display: str = "-") -> list[Finding]:
        """Lint a text as the format its *display* name suggests (Markdown or plain)."""
        from tilint.engine import find_matches, to_findings

        view, quoted = make_view(text, display)
        if not self.rules:
            return []
        script = is_script(display, text, self.script_globs)
        document_rules = [r for r in self.rules if r.kind == "document"] if script else []
        if not view.text.strip() and not document_rules:
            return []
        matches = find_matches(view, self.compiled(), quoted) if view.text.strip() else []  # type: ignore[arg-type]
        present = {m.rule.id for m in matches if m.rule.kind == "document"}
        findings = to_findings(display, text, view, [m for m in matches if m.rule.kind != "document"], self.redact)
        missing = [r for r in document_rules if r.id not in present]
        return sorted([*findings, *(document_finding(display, r) for r in missing)])


def document_finding(display: str, rule: Rule) -> Finding:
    """A document-level finding, placed at the top of the file."""
    return Finding(
        path=display, line=1, column=1, end_line=1, end_column=1, rule=rule.id, name=rule.name,
        category=rule.category, severity=rule.severity, message=fill_message(rule.message, None), match="",
        suggestions=rule.alternatives, message_redacted=fill_message(rule.message, None), fingerprint=f"{rule.id}:document",
    )


def make_view(text: str, display: str) -> tuple[TextView, tuple[tuple[int, int], ...]]:
    """The prose view of *text* and the source ranges that are someone else's words."""
    if PurePath(display).suffix.lower() in MARKDOWN_SUFFIXES:
        from tilint.markdown import markdown_regions

        regions = markdown_regions(text)
        return TextView.from_skips(text, regions.skip), regions.quoted
    return TextView.whole(text), ()


def run(linter: Linter, paths: Sequence[str], stdin_name: str | None = None) -> Report:
    """Lint every file named or found under *paths*; unreadable inputs become report errors."""
    targets, missing = discover(paths)
    report = Report(findings=[], errors=[FileError(d, m) for d, m in missing], redact=linter.redact)
    for target in targets:
        try:
            if target.path is None:
                source = _read_stdin(stdin_name or "-")
            else:
                source = read_source(target.path, target.display)
        except SourceError as err:
            report.errors.append(FileError(target.display, str(err)))
            continue
        report.files += 1
        if source.note:
            report.notes.append(FileError(source.display, source.note))
        findings = linter.lint_text(source.text, source.display)
        report.findings.extend(findings)
        if findings and not linter.redact:
            index = LineIndex(source.text)
            for f in findings:
                report.lines[(f.path, f.line)] = index.line_text(f.line)
    report.findings.sort()
    return report


def _read_stdin(display: str) -> Source:
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError) as err:
        raise SourceError(f"cannot read standard input: {err}") from None
    text, encoding, bom, note = decode(data)
    return Source(display=display, text=text, encoding=encoding, bom=bom, note=note)
