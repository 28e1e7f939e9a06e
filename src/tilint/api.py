"""The Python API, for an agency's own pipelines: lint a text, a file or a folder and get the
findings as plain values.

    import tilint

    for finding in tilint.lint_text("Client claims she was paid.", select=["credibility"]):
        print(finding.line, finding.column, finding.rule, finding.message)

    linter = tilint.Linter(config=False, ignore=["TI101"])  # rules loaded once, for many calls
    findings = linter.lint_file("export.xlsx")
    results = linter.lint_paths(["notes/"])  # findings, errors and notes of a whole run
    print(results.to_dict())  # the same object as `tilint check --format json`

A finding is a ``tilint.model.Finding`` (a frozen dataclass); ``finding.to_dict()`` gives the
keys of a finding in ``--format json``. Nothing here writes a file, opens a network connection or
prints: a file that cannot be read raises ``LintError`` (lint_text, lint_file) or is listed in the
results' errors (lint_paths), and a note about how a file was read (a scanned PDF, say) is a
``LintNote`` warning (lint_text, lint_file) or is listed in the results' notes (lint_paths).
spaCy is imported on the first text that needs it, never by ``import tilint``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Union

from tilint.model import FileError, Finding, Rule

PathLike = Union[str, "os.PathLike[str]"]
ConfigArg = Union[None, bool, PathLike, Mapping[str, Any]]


class LintError(Exception):
    """A text or file that cannot be linted, or a configuration or rules mistake; str() is one line."""


class LintNote(UserWarning):
    """How a text or file was read, worth knowing (``no text layer: scanned?``); not an error."""


@dataclass
class Results:
    """What ``Linter.lint_paths`` found: findings in report order, files that could not be read
    (errors) and notes, each a ``FileError(path, message)``, how many files were linted, and the
    suppression comments met (``tilint.formatters.SuppressionRecord``: path, line, directive,
    reason, whether it silenced something)."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    notes: list[FileError] = field(default_factory=list)
    files: int = 0
    redact: bool = False
    suppressions: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The object ``tilint check --format json`` prints for the same files."""
        from tilint.formatters import Report, json_object

        return json_object(Report(self.findings, self.errors, self.notes, self.files, redact=self.redact,
                                  suppressions=self.suppressions))


@dataclass
class Checked:
    """What ``Linter.lint_document`` found in one document: its findings, the problems of its
    suppression comments (``line 3: unknown directive ...``) and a note about how it was read, if any."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    note: str | None = None


class Linter:
    """Rules and configuration loaded once, for linting many texts and files.

    *config*: None looks for ``.tilint.yaml`` or ``pyproject.toml`` as ``tilint check`` does
    (upwards from each file; from the current folder for a text); False uses none; a path uses
    that file; a mapping holds the settings themselves (the keys of ``.tilint.yaml``; relative
    paths in it are taken from the current folder). *select* and *ignore* take rule ids, names or
    categories; *rules* are folders of an agency's own rules; *no_builtin* leaves the built-in rules
    out; *redact* leaves matched words out of findings; *csv_columns* names the note columns of
    CSV exports and workbooks; *scripts* are globs of intake or screening scripts; *model* is a
    trained spaCy pipeline (a package name or a folder, as ``check --model``): its parse decides
    who a sentence is about, and rules that need one run (default: the configuration's, else none).
    Configuration and rules mistakes raise LintError here, before any text is linted."""

    def __init__(
        self,
        *,
        config: ConfigArg = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        rules: Iterable[PathLike] = (),
        no_builtin: bool = False,
        redact: bool = False,
        csv_columns: Iterable[str] = (),
        scripts: Iterable[str] = (),
        model: str | None = None,
    ) -> None:
        from tilint.batch import Run, RunOptions
        from tilint.config import ConfigError, parse_config
        from tilint.rules import RuleError
        from tilint.sources import Target

        columns = [csv_columns] if isinstance(csv_columns, str) else list(csv_columns)
        explicit = isinstance(config, (str, os.PathLike))
        options = RunOptions(
            rule_dirs=tuple(Path(folder) for folder in _strings(rules)), no_builtin=no_builtin,
            select=_strings(select), ignore=_strings(ignore), redact=redact, script_globs=_strings(scripts),
            config=Path(config) if explicit else None, use_config=config is not False, jobs=1, formats={"csv_columns": columns} if columns else {},
            model=model or None,
        )
        try:
            self._run = Run(options)
            if isinstance(config, Mapping):
                self._run.explicit = parse_config(dict(config), Path.cwd() / "configuration given to tilint.Linter")
            self._run.setup_for(self._run.config_for(Target(None, "-")))  # rules read and checked now
        except (ConfigError, RuleError) as err:
            raise LintError(str(err)) from None

    def rules(self) -> list[Rule]:
        """Every rule this Linter has loaded (selected or not), for describing findings."""
        return self._run.rules()

    def lint_text(self, text: str | bytes, *, format: str | None = None, filename: str | None = None) -> list[Finding]:
        """The findings in *text*: a string, or the bytes of a file (a Word document, a workbook,
        a PDF, or text in any encoding tilint reads). *format* is one of ``tilint.formats.ADAPTERS``
        (text, markdown, html, yaml, json, csv, docx, xlsx, pdf); by default the one *filename*'s
        extension names, else text. *filename* is the path findings carry (default ``-``) and
        decides, as a file's name does, whether the text is an intake script."""
        from tilint.formats import ADAPTERS, EXTENSIONS
        from tilint.sources import Target

        if format is not None and format not in ADAPTERS:
            raise ValueError(f"unknown format {format!r}; one of: {', '.join(sorted(set(EXTENSIONS.values()) - {'unsupported'}))}")
        name = filename if filename is not None else "-"
        data = text if isinstance(text, bytes) else None
        outcome = self._run.lint(Target(None, name), data, text=None if data is not None else text, chosen=format)
        return self._findings(outcome)

    def lint_document(
        self, text: str, *, path: PathLike | None = None, name: str | None = None, format: str | None = None,
    ) -> Checked | None:
        """Lint *text*, a document being written (an editor's buffer, saved or not), as ``tilint
        check`` lints the file at *path*: with the configuration found from the path's folder, and
        None where that configuration excludes the path. *name* is the path findings carry when
        there is no *path* (default ``-``); *format* as for lint_text. A mistyped suppression is
        one of the result's problems rather than a warning. A document that cannot be read, or a
        configuration met on the way that is wrong, raises LintError."""
        from tilint.config import ConfigError
        from tilint.rules import RuleError
        from tilint.sources import Target

        target = Target(Path(path), os.fspath(path)) if path is not None else Target(None, name if name is not None else "-")
        try:
            if target.path is not None and self._run.config_for(target).excludes(target.path):
                return None
            outcome = self._run.lint(target, text=text, chosen=format)
        except (ConfigError, RuleError) as err:
            raise LintError(str(err)) from None
        if outcome.error is not None:
            raise LintError(f"{outcome.display}: {outcome.error}")
        result = outcome.result
        return Checked(list(result.findings), [p for s in result.suppressions for p in s.problems], outcome.note)

    def lint_file(self, path: PathLike) -> list[Finding]:
        """The findings in the file at *path* (read as its extension, or the configuration's
        ``formats``, says), whatever the configuration's ``exclude`` says of it."""
        from tilint.sources import Target

        return self._findings(self._run.lint(Target(Path(path), os.fspath(path))))

    def lint_paths(self, paths: Iterable[PathLike], *, jobs: int = 1) -> Results:
        """Lint files and folders as ``tilint check PATHS`` does (folders searched for the formats
        tilint reads; hidden, .gitignored and excluded files left out); *jobs* worker processes
        (0: one per core) for a large archive."""
        from tilint.batch import run

        names = [os.fspath(path) for path in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
        if "-" in names:
            raise ValueError("lint_paths reads files and folders; give text to lint_text")
        state = self._run
        state.options = replace(state.options, paths=tuple(names), jobs=jobs)
        state.skipped, state.excluded = [], 0  # what the last run left out
        try:
            report, _ = run(state.options, state=state)
        except Exception as err:  # a configuration file met on the way (ConfigError, RuleError)
            from tilint.config import ConfigError
            from tilint.rules import RuleError

            if isinstance(err, (ConfigError, RuleError)):
                raise LintError(str(err)) from None
            raise
        return Results(report.findings, report.errors, report.notes, report.files, state.options.redact, report.suppressions)

    @staticmethod
    def _findings(outcome: Any) -> list[Finding]:
        if outcome.error is not None:
            raise LintError(f"{outcome.display}: {outcome.error}")
        if outcome.skipped is not None:  # pragma: no cover - a file named alone is an error, not skipped
            raise LintError(f"{outcome.display}: {outcome.skipped}")
        if outcome.note:
            warnings.warn(f"{outcome.display}: {outcome.note}", LintNote, stacklevel=3)
        for suppressions in outcome.result.suppressions:
            for problem in suppressions.problems:
                warnings.warn(f"{outcome.display}: {problem}", LintNote, stacklevel=3)
        return list(outcome.result.findings)


def _strings(values: Iterable[Any]) -> tuple[str, ...]:
    """Names given one by one or comma-separated, as the command line takes them."""
    if isinstance(values, (str, os.PathLike)):
        values = [values]
    return tuple(part.strip() for value in values for part in os.fspath(value).split(",") if part.strip())


_LINTERS: dict[tuple[Any, ...], Linter] = {}


def _linter(config: ConfigArg, select: Sequence[str], ignore: Sequence[str], rules: Sequence[PathLike]) -> Linter:
    """A Linter for these settings, kept for later calls with the same ones (a mapping config is not kept)."""
    if isinstance(config, Mapping):
        return Linter(config=config, select=select, ignore=ignore, rules=rules)
    key = (config if not isinstance(config, os.PathLike) else os.fspath(config), _strings(select), _strings(ignore),
           tuple(os.fspath(r) for r in ([rules] if isinstance(rules, (str, os.PathLike)) else rules)))
    if key not in _LINTERS:
        while len(_LINTERS) >= 8:
            _LINTERS.pop(next(iter(_LINTERS)))
        _LINTERS[key] = Linter(config=config, select=select, ignore=ignore, rules=rules)
    return _LINTERS[key]


def lint_text(
    text: str | bytes, *, format: str | None = None, filename: str | None = None, config: ConfigArg = None,
    select: Sequence[str] = (), ignore: Sequence[str] = (), rules: Sequence[PathLike] = (),
) -> list[Finding]:
    """The findings in *text* (see Linter and Linter.lint_text); the rules are loaded on the
    first call and kept for later calls with the same settings."""
    return _linter(config, select, ignore, rules).lint_text(text, format=format, filename=filename)


def lint_file(
    path: PathLike, *, config: ConfigArg = None, select: Sequence[str] = (), ignore: Sequence[str] = (),
    rules: Sequence[PathLike] = (),
) -> list[Finding]:
    """The findings in the file at *path* (see Linter and Linter.lint_file)."""
    return _linter(config, select, ignore, rules).lint_file(path)
