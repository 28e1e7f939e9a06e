"""One run over many files: configuration per file, rules per configuration, and the files
spread over worker processes when there is enough text to pay for them.

Setup (configuration, rule files, --select) is checked in the main process first, so a mistake
is one line before any work starts. Results come back in the order the files were found, so
the output does not depend on the number of processes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tilint.config import Config, check_selectors, find_config, load_config
from tilint.formats import EXTENSIONS, Document, Input, Unsupported, read_document
from tilint.formatters import Report, SuppressionRecord
from tilint.model import FileError, Finding, Rule
from tilint.rules import RuleError, builtin_rules_dir, load_rules, select_rules
from tilint.runner import Linter, LintResult
from tilint.sources import SourceError, Target, discover

BYTES_PER_JOB = 512 * 1024  # below this much text per extra process, one process is faster


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
    jobs: int = 1  # worker processes; 0 means one per available core
    formats: Mapping[str, Any] = field(default_factory=dict)  # format options, e.g. csv_columns


@dataclass
class _Setup:
    """Per configuration file: its settings and a linter for the rules it asks for."""

    config: Config
    linter: Linter
    chosen: frozenset[str]  # rule ids left by --select / --ignore
    rule_folders: tuple[Path, ...] = ()
    _resolved: tuple[Path, ...] | None = field(default=None, repr=False)

    def holds_rules(self, path: Path) -> bool:
        """Whether *path* lies in one of the rule folders this setup loaded."""
        if self._resolved is None:  # once, not for every file of an archive
            self._resolved = tuple(folder.resolve() for folder in self.rule_folders)
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder) for folder in self._resolved)


def rule_folders(config: Config, no_builtin: bool, extra: Sequence[Path]) -> tuple[Path, ...]:
    """The rule folders a configuration and the command line ask for (built-in rules first)."""
    builtin = not (no_builtin or config.no_builtin)
    folders = tuple(([builtin_rules_dir()] if builtin else []) + [*config.extra_rules, *extra])
    if not folders:
        raise RuleError("no rules to run: the built-in rules are off and no other rules were given")
    return folders


class Run:
    """Configurations, rules and linters for one run, each loaded once. Setup mistakes raise
    ConfigError or RuleError (one line each)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.explicit = load_config(options.config) if options.config else None
        self._configs: dict[Path | None, Config] = {}
        self._found: dict[Path, Path | None] = {}  # folder -> its configuration file
        self._setups: dict[int, _Setup] = {}
        self._linters: dict[tuple[Path, ...], Linter] = {}

    def config_for(self, target: Target) -> Config:
        """The configuration that governs *target* (stdin: the current folder's)."""
        if self.explicit is not None:
            return self.explicit
        if not self.options.use_config:
            return Config()
        folder = target.path.parent if target.path is not None else Path.cwd()
        if folder not in self._found:
            self._found[folder] = find_config(folder)
        path = self._found[folder]
        if path not in self._configs:
            self._configs[path] = load_config(path) if path is not None else Config()
        return self._configs[path]

    def setup_for(self, config: Config) -> _Setup:
        """Rules, linter and selection for files under *config*."""
        key = id(config)
        if key not in self._setups:
            folders = rule_folders(config, self.options.no_builtin, self.options.rule_dirs)
            if folders not in self._linters:
                options = self.options
                rules = load_rules(folders)
                self._linters[folders] = Linter(rules, options.redact, options.script_globs, options.use_prefilter)
            linter = self._linters[folders]
            check_selectors(config, linter.rules)
            chosen = frozenset(r.id for r in select_rules(linter.rules, self.options.select, self.options.ignore))
            self._setups[key] = _Setup(config, linter, chosen, folders)
        return self._setups[key]

    def linters(self) -> list[Linter]:
        """The linters this run built, one per distinct set of rule folders."""
        return list(self._linters.values())

    def rules(self) -> list[Rule]:
        """Every rule loaded in this run, for output formats that describe them."""
        seen: dict[str, Rule] = {}
        for linter in self._linters.values():
            seen.update((r.id, r) for r in linter.rules)
        return list(seen.values())

    def plan(self, targets: Sequence[Target]) -> list[Target]:
        """The targets to lint, after exclusions; every setup is checked on the way."""
        planned = []
        for target in targets:
            config = self.config_for(target)
            if target.path is not None and config.excludes(target.path):
                continue
            if target.path is not None and self.setup_for(config).holds_rules(target.path):
                continue  # an agency's rule files are data for tilint, not documents
            self.setup_for(config)
            planned.append(target)
        return planned

    def lint(self, target: Target, stdin: bytes | None = None, share: tuple[int, int] | None = None) -> _Outcome:
        """Lint one file (or its *share*, see Linter.lint_document); an unreadable one becomes an error line."""
        config = self.config_for(target)
        setup = self.setup_for(config)
        display = target.display if target.path is not None else self.options.stdin_name or "-"
        where = target.path if target.path is not None else Path.cwd() / display
        try:
            formats = {"csv_columns": list(config.csv_columns), **self.options.formats}
            document = _read(Input(display, target.path, stdin, formats), config.format_for(where))
            severities = {k: v for k, v in config.severities(setup.linter.rules, where).items() if k in setup.chosen}
            result = setup.linter.lint_document(
                document, severities, config.is_script_path(where), self.options.require_reason, share
            )
        except Unsupported as err:  # a PDF beside the notes: said, not an error, unless asked for by name
            return _Outcome(display, error=str(err)) if target.explicit else _Outcome(display, skipped=str(err))
        except SourceError as err:
            return _Outcome(display, error=str(err))
        return _Outcome(display, result=result, note=document.note)


@dataclass
class _Outcome:
    display: str
    result: LintResult | None = None
    note: str | None = None
    error: str | None = None
    skipped: str | None = None


Emit = Callable[[list[Finding], dict[tuple[str, int], str]], None]


def run(options: RunOptions, emit: Emit | None = None) -> tuple[Report, list[Rule]]:
    """Lint every file named or found under the paths; unreadable inputs become report errors.

    With *emit*, each file's findings (sorted, with their source lines) are handed to it as soon
    as the file and every file before it in report order (by name) are done, and the report
    keeps none of them; otherwise the report holds them all."""
    _fewer_collections()
    state = Run(options)
    targets, missing = discover(options.paths, frozenset(EXTENSIONS))
    report = Report(findings=[], errors=[FileError(d, m) for d, m in missing], redact=options.redact)
    planned = state.plan(targets)
    stdin: bytes | None = None
    if any(t.path is None for t in planned):
        try:
            stdin = _read_stdin()
        except SourceError as err:
            report.errors.append(FileError(options.stdin_name or "-", str(err)))
            planned = [t for t in planned if t.path is not None]
    # Findings go out in report order (by file name), whatever order the files are linted in:
    # a file's result waits until every file before it in that order is done.
    ranks = {index: rank for rank, index in enumerate(sorted(range(len(planned)), key=lambda i: planned[i].display))}
    waiting: dict[int, tuple[str, LintResult] | None] = {}
    done = 0
    held: tuple[str, LintResult] | None = None  # the last file's result, until the next has another name

    def release() -> None:
        nonlocal done, held
        while done in waiting:
            ready = waiting.pop(done)
            done += 1
            if ready is None:
                continue
            if held is not None and held[0] == ready[0]:  # one file named twice: one report order
                held[1].findings.extend(ready[1].findings)
                held[1].lines.update(ready[1].lines)
                continue
            if held is not None and emit is not None:
                emit(sorted(held[1].findings), held[1].lines)
            held = ready

    for index, outcome in enumerate(_outcomes(state, planned, stdin)):
        waiting[ranks[index]] = None
        if outcome.error is not None:
            report.errors.append(FileError(outcome.display, outcome.error))
        elif outcome.skipped is not None:
            report.notes.append(FileError(outcome.display, outcome.skipped))
        else:
            report.files += 1
            if outcome.note:
                report.notes.append(FileError(outcome.display, outcome.note))
            assert outcome.result is not None
            _collect(report, outcome.display, outcome.result, keep=emit is None)
            if emit is not None:
                waiting[ranks[index]] = (outcome.display, outcome.result)
        release()
    if held is not None and emit is not None:
        emit(sorted(held[1].findings), held[1].lines)
    report.findings.sort()
    for linter in state.linters():
        report.notes.extend(
            FileError(rule.file, f"rule {rule.id} {rule.name} uses part-of-speech or parse attributes, which "
                                 "the default pipeline does not set; skipped")
            for rule in linter.skipped
        )
    return report, state.rules()


def _outcomes(state: Run, targets: list[Target], stdin: bytes | None) -> Iterator[_Outcome]:
    sizes = [_size(target) for target in targets]  # each file is looked at once
    jobs = _workers(state.options.jobs, targets, sizes)
    if jobs <= 1:
        for target in targets:
            yield state.lint(target, stdin if target.path is None else None)
        return
    # A file much larger than the others is split: each worker lints a share of its paragraphs.
    tasks: list[Task] = []
    counts = [_shares(target, size, jobs) for target, size in zip(targets, sizes)]
    for target, count in zip(targets, counts):
        if target.path is not None:
            tasks += [(target, (k, count)) for k in range(count)] if count > 1 else [(target, None)]
    import multiprocessing  # only runs with workers pay for importing it
    from concurrent.futures import ProcessPoolExecutor

    # A forked worker starts from this process's memory, so it takes this run's rules, settings
    # and prefilter as they are; any other start method sends the options and loads them again.
    inherited = state if multiprocessing.get_start_method() == "fork" else None
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(state.options, inherited)) as pool:
        pending = _in_order(pool, tasks, jobs)
        for target, count in zip(targets, counts):
            if target.path is None:
                yield state.lint(target, stdin)
                continue
            first = next(pending)
            yield _merge([first, *(next(pending) for _ in range(count - 1))]) if count > 1 else first


MAX_CHUNK = 16  # files per task sent to a worker
AHEAD = 4  # chunks per worker submitted and not yet taken


def _chunks(tasks: list[Task], jobs: int) -> Iterator[list[Task]]:
    """*tasks* in chunks of at most MAX_CHUNK that shrink towards the end (a share of what is
    left), so that the workers finish together rather than one waiting on another's last chunk."""
    start = 0
    while start < len(tasks):
        size = max(min((len(tasks) - start) // (jobs * AHEAD), MAX_CHUNK), 1)
        yield tasks[start : start + size]
        start += size


def _in_order(pool: Any, tasks: list[Task], jobs: int) -> Iterator[_Outcome]:
    """The outcomes of *tasks*, in order, sent to *pool* in chunks with at most AHEAD chunks per
    worker submitted and not yet taken (Executor.map would submit every chunk at once and keep
    the futures of a whole archive in memory)."""
    chunks = _chunks(tasks, jobs)
    ahead = jobs * AHEAD
    window: deque[Any] = deque()  # futures
    for chunk in chunks:
        window.append(pool.submit(_lint_chunk_in_worker, chunk))
        if len(window) >= ahead:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


SPLIT_BYTES = 4 * 1024 * 1024  # a text or Markdown file this large is linted in shares, one per worker
SPLIT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".log"})


def _size(target: Target) -> int:
    """The file's size in bytes (0 for standard input or a file that cannot be looked at)."""
    if target.path is None:
        return 0
    try:
        return target.path.stat().st_size
    except OSError:
        return 0


def _shares(target: Target, size: int, jobs: int) -> int:
    """Into how many shares to split a file of *size* bytes: one per worker for a large text or
    Markdown file."""
    if target.path is None or target.path.suffix.lower() not in SPLIT_SUFFIXES:
        return 1
    return min(jobs, size // (SPLIT_BYTES // 2)) if size >= SPLIT_BYTES else 1


def _merge(outcomes: list[_Outcome]) -> _Outcome:
    """One file's outcome from the outcomes of its shares."""
    first = outcomes[0]
    if first.result is None or any(o.result is None for o in outcomes):
        return next((o for o in outcomes if o.error is not None), first)
    findings = [f for o in outcomes for f in o.result.findings]  # type: ignore[union-attr]
    # Fingerprints number repeats of the same words on the same line within a file: count again.
    seen: dict[str, int] = {}
    for index, f in enumerate(findings):
        key = f.fingerprint.rpartition(":")[0] if not f.fingerprint.endswith(":document") else ""
        if key:
            seen[key] = seen.get(key, 0) + 1
            findings[index] = replace(f, fingerprint=f"{key}:{seen[key]}")
    lines: dict[tuple[str, int], str] = {}
    for o in outcomes:
        lines.update(o.result.lines)  # type: ignore[union-attr]
    suppressions = first.result.suppressions
    for other in outcomes[1:]:  # the same directives, read by each share: used if used in any
        for mine, theirs in zip(suppressions, other.result.suppressions):  # type: ignore[union-attr]
            for a, b in zip(mine.items, theirs.items):
                a.used = a.used or b.used
    return _Outcome(first.display, result=LintResult(sorted(findings), suppressions, lines), note=first.note)


def _workers(requested: int, targets: Sequence[Target], sizes: Sequence[int]) -> int:
    """How many processes to use for *targets* of *sizes* bytes (1: lint in this one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = cores if requested <= 0 else requested
    pieces = sum(_shares(t, size, wanted) for t, size in zip(targets, sizes))  # files, and shares of huge ones
    return max(1, min(wanted, pieces, sum(sizes) // BYTES_PER_JOB + 1))


_WORKER: Run | None = None


def _fewer_collections() -> None:
    """Collect reference cycles less often. A run makes many short-lived objects and few cycles,
    and with spaCy's vocabulary alive each full collection is slow: about a tenth of a run's
    time went to the garbage collector at Python's default thresholds."""
    import gc

    gc.set_threshold(50_000, 20, 100)


def _start_worker(options: RunOptions, inherited: Run | None = None) -> None:
    import signal

    _fewer_collections()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    global _WORKER
    _WORKER = inherited if inherited is not None else Run(options)


Task = tuple[Target, tuple[int, int] | None]  # a file, and which share of it (None: all)


def _lint_chunk_in_worker(tasks: list[Task]) -> list[_Outcome]:
    assert _WORKER is not None
    return [_WORKER.lint(target, share=share) for target, share in tasks]


def _read(source: Input, chosen: str | None) -> Document:
    """Read a document; an adapter's failure on one file is that file's error, not the run's end."""
    try:
        return read_document(source, chosen)
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - a malformed file must not stop the other files
        raise SourceError(f"cannot read this file: {type(err).__name__}: {err}") from None


def _collect(report: Report, display: str, result: LintResult, keep: bool = True) -> None:
    if keep:
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
