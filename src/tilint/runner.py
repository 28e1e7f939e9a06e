"""One lint run: find each input's configuration, read it, pick its adapter, run the engine.

This layer knows about files, formats and configuration; the engine knows only text views.
spaCy is loaded on the first document that has any text to analyse.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from tilint.config import Config, check_selectors, find_config, load_config
from tilint.document import TextView, paragraphs
from tilint.prefilter import Prefilter, rule_literals, split_words
from tilint.formats import EXTENSIONS, Document, Input, Part, read_document
from tilint.formatters import Report, SuppressionRecord
from tilint.model import FileError, Finding, Rule, Severity, fill_message
from tilint.rules import builtin_rules_dir, load_rules, select_rules
from tilint.scripts import is_script
from tilint.suppress import Suppressions, parse_suppressions
from tilint.sources import SourceError, Target, discover

_COMPILED: dict[str, object] = {}


@dataclass
class Linter:
    """Rules compiled on first use, so a run with nothing to read never imports spaCy."""

    rules: Sequence[Rule]
    redact: bool = False
    script_globs: Sequence[str] = ()
    use_prefilter: bool = True
    _compiled: object = field(default=None, repr=False)
    _prefilter: object = field(default=None, repr=False)

    def compiled(self) -> object:
        """The compiled matchers for this linter's rules (shared by linters with the same rules)."""
        if self._compiled is None:
            from tilint.compile import compile_rules
            from tilint.nlp import pipeline

            key = repr(self.rules)
            if key not in _COMPILED:
                while len(_COMPILED) >= 4:  # a process rarely lints with more than a few packs
                    _COMPILED.pop(next(iter(_COMPILED)))
                _COMPILED[key] = compile_rules(self.rules, pipeline())
            self._compiled = _COMPILED[key]
        return self._compiled

    def prefilter(self) -> Prefilter | None:
        """The literal prefilter for these rules, or None when some rule needs every paragraph.

        Deriving the literals tokenizes phrases with spaCy, so they are cached on disk: a later
        run whose files hold none of them never imports spaCy."""
        if self._prefilter is None:
            literals = _literals(self.rules)
            usable = self.use_prefilter and all(v is not None for v in literals.values())
            self._prefilter = Prefilter(w for words in literals.values() for w in words or ()) if usable else False
        return self._prefilter or None  # type: ignore[return-value]

    def lint_text(
        self,
        text: str,
        display: str = "-",
        severities: Mapping[str, Severity] | None = None,
        script: bool | None = None,
    ) -> list[Finding]:
        """The findings in *text*, read as the format its *display* name suggests."""
        document = read_document(Input(display, data=text.encode("utf-8")))
        return self.lint_document(document, severities, script).findings

    def lint_document(
        self,
        document: Document,
        severities: Mapping[str, Severity] | None = None,
        script: bool | None = None,
        require_reason: bool = False,
    ) -> LintResult:
        """Lint every part of *document*.

        *severities* are the rules that are on, with their severity (default: every rule as
        written); *script* is what the configuration says about the file, if anything."""
        active = dict(severities) if severities is not None else {r.id: r.severity for r in self.rules}
        in_script = is_script(document.display, document.text, self.script_globs, script)
        document_rules = [r for r in self.rules if r.kind == "document" and r.id in active] if in_script else []
        result = LintResult([], [])
        present: set[str] = set()
        for part in document.parts:
            present |= self._lint_part(document.display, part, active, require_reason, result)
        missing = [r for r in document_rules if r.id not in present]
        for rule in missing:
            finding = document_finding(document.display, rule, active[rule.id])
            if all(s.apply([finding]) for s in result.suppressions):
                result.findings.append(finding)
        result.findings.sort()
        return result

    def _lint_part(
        self, display: str, part: Part, active: dict[str, Severity], require_reason: bool, result: LintResult
    ) -> set[str]:
        """Lint one part into *result*; return the ids of document rules whose phrases it holds."""
        from tilint.engine import find_matches, to_findings

        locator = part.locate()
        suppressions = parse_suppressions(part.text, self.resolve, require_reason, locator.line_col)
        result.suppressions.append(suppressions)
        if not active:
            return set()
        view = TextView.from_skips(part.text, [*part.skip, *suppressions.spans()], part.breaks)
        spans = paragraphs(view.text)
        prefilter = self.prefilter()
        if prefilter is not None:
            spans = prefilter.candidates(view.text, spans)
        if not spans:
            return set()
        matches = find_matches(view, self.compiled(), part.quoted, active, spans)  # type: ignore[arg-type]
        found = [m for m in matches if m.rule.kind != "document"]
        findings = to_findings(display, part.text, view, found, active, self.redact, locator)
        result.findings.extend(suppressions.apply(findings))
        if not self.redact:
            result.lines.update(((f.path, f.line), locator.line_text(f.line)) for f in findings)
        return {m.rule.id for m in matches if m.rule.kind == "document"}

    def resolve(self, name: str) -> set[str]:
        """The ids of the rules a suppression's rule id, name or category names."""
        return {r.id for r in self.rules if name.upper() == r.id.upper() or name in (r.name, r.category)}


def _literals(rules: Sequence[Rule]) -> dict[str, list[str] | None]:
    """The prefilter literals of each rule, from the cache or derived (which loads spaCy)."""
    from tilint import cache

    key = cache.cache_key("literals", repr(rules))
    cached = cache.load(key)
    if isinstance(cached, dict) and set(cached) == {r.id for r in rules}:
        return cached
    from spacy.lang.en.stop_words import STOP_WORDS

    from tilint.nlp import pipeline

    from spacy.attrs import ORTH

    nlp = pipeline()

    def tokenize(phrase: str) -> list[tuple[str, str]]:
        return [(t.lower_, t.lemma_) for t in nlp(phrase)]

    common = frozenset(STOP_WORDS)
    splits = split_words(nlp.tokenizer.rules, ORTH)
    derived = {}
    for rule in rules:
        literals = rule_literals(rule, tokenize, common)
        if literals is not None:
            literals = literals.union(*(splits.get(word, ()) for word in literals))
        derived[rule.id] = sorted(literals) if literals is not None else None
    cache.store(key, derived)
    return derived


@dataclass
class LintResult:
    """What linting one document gave: findings, the suppressions it holds, its source lines."""

    findings: list[Finding]
    suppressions: list[Suppressions]
    lines: dict[tuple[str, int], str] = field(default_factory=dict)


def document_finding(display: str, rule: Rule, severity: Severity) -> Finding:
    """A document-level finding, placed at the top of the file."""
    message = fill_message(rule.message, None)
    return Finding(
        path=display, line=1, column=1, end_line=1, end_column=1, rule=rule.id, name=rule.name,
        category=rule.category, severity=severity, message=message, match="", suggestions=rule.alternatives,
        message_redacted=message, fingerprint=f"{rule.id}:document",
    )


@dataclass(frozen=True)
class RunOptions:
    """What the command line asked for."""

    paths: Sequence[str] = (".",)
    stdin_name: str | None = None
    rule_dirs: Sequence[Path] = ()
    no_builtin: bool = False
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    redact: bool = False
    script_globs: Sequence[str] = ()
    config: Path | None = None  # an explicit --config file
    use_config: bool = True
    require_reason: bool = False
    use_prefilter: bool = True
    formats: Mapping[str, Any] = field(default_factory=dict)  # format options, e.g. csv_columns


@dataclass
class _Setup:
    """Per configuration file: its settings and a linter for the rules it asks for."""

    config: Config
    linter: Linter
    chosen: frozenset[str]  # rule ids left by --select / --ignore
    rule_folders: tuple[Path, ...] = ()

    def holds_rules(self, path: Path) -> bool:
        """Whether *path* lies in one of the rule folders this setup loaded."""
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder.resolve()) for folder in self.rule_folders)


class Run:
    """Configurations, rules and linters for one run, each loaded once. Setup mistakes raise
    ConfigError or RuleError (one line each)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.explicit = load_config(options.config) if options.config else None
        self._configs: dict[Path | None, Config] = {}
        self._setups: dict[int, _Setup] = {}
        self._linters: dict[tuple[Path, ...], Linter] = {}

    def config_for(self, target: Target) -> Config:
        """The configuration that governs *target* (stdin: the current folder's)."""
        if self.explicit is not None:
            return self.explicit
        if not self.options.use_config:
            return Config()
        path = find_config(target.path if target.path is not None else Path.cwd())
        if path not in self._configs:
            self._configs[path] = load_config(path) if path is not None else Config()
        return self._configs[path]

    def setup_for(self, config: Config) -> _Setup:
        """Rules, linter and selection for files under *config*."""
        key = id(config)
        if key not in self._setups:
            builtin = not (self.options.no_builtin or config.no_builtin)
            folders = tuple(([builtin_rules_dir()] if builtin else []) + [*config.extra_rules, *self.options.rule_dirs])
            if folders not in self._linters:
                if not folders:
                    from tilint.rules import RuleError

                    raise RuleError("no rules to run: the built-in rules are off and no other rules were given")
                self._linters[folders] = Linter(
                    load_rules(folders), self.options.redact, self.options.script_globs, self.options.use_prefilter
                )
            linter = self._linters[folders]
            check_selectors(config, linter.rules)
            chosen = frozenset(r.id for r in select_rules(linter.rules, self.options.select, self.options.ignore))
            self._setups[key] = _Setup(config, linter, chosen, folders)
        return self._setups[key]

    def rules(self) -> list[Rule]:
        """Every rule loaded in this run, for output formats that describe them."""
        seen: dict[str, Rule] = {}
        for linter in self._linters.values():
            seen.update((r.id, r) for r in linter.rules)
        return list(seen.values())


def run(options: RunOptions) -> tuple[Report, list[Rule]]:
    """Lint every file named or found under the paths; unreadable inputs become report errors."""
    state = Run(options)
    targets, missing = discover(options.paths, frozenset(EXTENSIONS))
    report = Report(findings=[], errors=[FileError(d, m) for d, m in missing], redact=options.redact)
    for target in targets:
        config = state.config_for(target)
        if target.path is not None and config.excludes(target.path):
            continue
        setup = state.setup_for(config)
        if target.path is not None and setup.holds_rules(target.path):
            continue  # an agency's rule files are data for tilint, not documents
        display = target.display if target.path is not None else options.stdin_name or "-"
        try:
            formats = {"csv_columns": list(config.csv_columns), **options.formats}
            source = Input(display, target.path, _read_stdin() if target.path is None else None, formats)
            document = _read(source, config.format_for(target.path or Path(display)))
            where = target.path if target.path is not None else Path.cwd() / display
            severities = {k: v for k, v in config.severities(setup.linter.rules, where).items() if k in setup.chosen}
            result = setup.linter.lint_document(
                document, severities, config.is_script_path(where), options.require_reason
            )
        except SourceError as err:
            report.errors.append(FileError(display, str(err)))
            continue
        report.files += 1
        if document.note:
            report.notes.append(FileError(display, document.note))
        _collect(report, display, result)
    report.findings.sort()
    return report, state.rules()


def _read(source: Input, chosen: str | None) -> Document:
    """Read a document; an adapter's failure on one file is that file's error, not the run's end."""
    try:
        return read_document(source, chosen)
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - a malformed file must not stop the other files
        raise SourceError(f"cannot read this file: {type(err).__name__}: {err}") from None


def _collect(report: Report, display: str, result: LintResult) -> None:
    report.findings.extend(result.findings)
    report.lines.update(result.lines)
    for suppressions in result.suppressions:
        report.errors.extend(FileError(display, problem) for problem in suppressions.problems)
        report.suppressions.extend(
            SuppressionRecord(display, s.line, s.describe(), s.reason, s.used)
            for s in suppressions.items
            if s.kind != "enable"
        )


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as err:
        raise SourceError(f"cannot read standard input: {err}") from None
