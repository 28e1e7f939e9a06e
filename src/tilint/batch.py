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

from tilint.config import Config, ConfigError, check_selectors, find_config, load_config
from tilint.formats import EXTENSIONS, Document, Input, Unsupported, read_document
from tilint.formatters import Report, SuppressionRecord
from tilint.model import FileError, Finding, Rule
from tilint.rules import RuleError, builtin_rules_dir, load_rules, select_rules
from tilint.runner import Linter, LintResult, Prepared
from tilint.sources import NOTHING_HERE, SourceError, Target, discover

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
    stdin: bytes | None = None  # the text of '-', when the caller has read it (--fix, --diff)
    model: str | None = None  # --model: a trained spaCy pipeline (package or folder); wins over the configuration's


@dataclass
class _Setup:
    """Per configuration file: its settings and a linter for the rules it asks for."""

    config: Config
    linter: Linter
    chosen: frozenset[str]  # rule ids left by --select / --ignore
    rule_folders: tuple[Path, ...] = ()
    _resolved: tuple[str, ...] | None = field(default=None, repr=False)

    def rule_folder_of(self, target: Target) -> str | None:
        """The rule folder this setup loaded that *target* lies in, if any."""
        if self._resolved is None:  # once, not for every file of an archive
            self._resolved = tuple(os.path.normcase(os.path.join(folder.resolve(), "")) for folder in self.rule_folders)
        assert target.path is not None
        real = os.path.normcase(os.path.join(target.real or target.path.resolve(), ""))  # found by discover, mostly
        found = next((i for i, folder in enumerate(self._resolved) if real.startswith(folder)), None)
        return None if found is None else str(self.rule_folders[found])


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
        self._looked_at: dict[Path, Path | None] = {}  # the same, for every folder looked in on the way up
        self._setups: dict[int, _Setup] = {}
        self._linters: dict[tuple[Any, ...], Linter] = {}  # by rule folders and vocabulary settings
        self._no_config = Config()
        self.skipped: list[FileError] = []  # files found and not linted, said as notes
        self.excluded = 0  # files the configuration excludes

    def config_for(self, target: Target) -> Config:
        """The configuration that governs *target* (stdin: the current folder's)."""
        if self.explicit is not None:
            return self.explicit
        if not self.options.use_config:
            return self._no_config  # one for the run: a new one per file would make a new setup per file
        folder = target.path.parent if target.path is not None else Path.cwd()
        if folder not in self._found:
            self._found[folder] = find_config(folder, self._looked_at)
        path = self._found[folder]
        if path not in self._configs:
            self._configs[path] = load_config(path) if path is not None else Config()
        return self._configs[path]

    def setup_for(self, config: Config) -> _Setup:
        """Rules, linter and selection for files under *config*."""
        key = id(config)
        if key not in self._setups:
            folders = rule_folders(config, self.options.no_builtin, self.options.rule_dirs)
            model = self.options.model or config.model
            pack = (folders, config.vocabularies, model)
            if pack not in self._linters:
                options = self.options
                if model:  # named but not installed: one line now, before any file is read
                    from tilint.parse import ModelError, check_model

                    try:
                        check_model(model)
                    except ModelError as err:
                        where = f"{config.path}: key 'model'" if config.model and not options.model else "--model"
                        raise ConfigError(f"{where}: {err}") from None
                rules = load_rules(folders, config.vocabulary_settings())
                self._linters[pack] = Linter(rules, options.redact, options.script_globs, options.use_prefilter, model)
            linter = self._linters[pack]
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
        """The targets to lint, after exclusions; every setup is checked on the way. A file named
        on the command line and excluded, and the files of a rule folder, are said in
        ``skipped`` (one note per rule folder)."""
        planned = []
        as_rules: dict[str, int] = {}
        for target in targets:
            config = self.config_for(target)
            if target.path is not None and config.excludes(target.path):
                self.excluded += 1
                if target.explicit:
                    self.skipped.append(FileError(target.display, f"excluded by {config.path}, not linted"))
                continue
            folder = self.setup_for(config).rule_folder_of(target) if target.path is not None else None
            if folder is not None:  # an agency's rule files are data for tilint, not documents
                as_rules[folder] = as_rules.get(folder, 0) + 1
                continue
            planned.append(target)
        self.skipped.extend(
            FileError(folder, f"{count} file{'s' if count != 1 else ''} in this rule folder read as rules, not linted")
            for folder, count in as_rules.items()
        )
        return planned

    def wanted(self, path: Path) -> bool:
        """Whether a file of an extension tilint does not read by itself is given a format by
        its configuration's ``formats`` (and so is linted where its folder is)."""
        return self.config_for(Target(path, str(path), explicit=False)).format_for(path) is not None

    def lint(self, target: Target, stdin: bytes | None = None, share: tuple[int, int] | None = None,
             text: str | None = None, chosen: str | None = None) -> _Outcome:
        """Lint one file (or its *share*, see Linter.lint_document); an unreadable one becomes an error line.
        The Python API gives *text* (decoded already) or *stdin* bytes, and may choose the format."""
        ready = self.prepare(target, stdin, share, text, chosen)
        return self.finish(ready) if isinstance(ready, _Ready) else ready

    def prepare(self, target: Target, stdin: bytes | None = None, share: tuple[int, int] | None = None,
                text: str | None = None, chosen: str | None = None) -> _Outcome | _Ready:
        """Read and prefilter one file (Linter.prepare): what is left for spaCy, or the outcome
        when the file cannot be read."""
        config = self.config_for(target)
        setup = self.setup_for(config)
        named = target.path is not None or target.display != "-"  # the API names its texts
        display = target.display if named else self.options.stdin_name or "-"
        where = target.path if target.path is not None else Path.cwd() / display
        try:
            formats = {"csv_columns": list(config.csv_columns), **self.options.formats}
            document = _read(Input(display, target.path, stdin, formats, text), chosen or config.format_for(where))
            severities = {k: v for k, v in config.severities(setup.linter.rules, where).items() if k in setup.chosen}
            prepared = setup.linter.prepare(
                document, severities, config.is_script_path(where), self.options.require_reason, share
            )
        except Unsupported as err:  # a PDF beside the notes: said, not an error, unless asked for by name
            return _Outcome(display, error=str(err)) if target.explicit else _Outcome(display, skipped=str(err))
        except SourceError as err:
            return _Outcome(display, error=str(err))
        return _Ready((setup.rule_folders, config.vocabularies, self.options.model or config.model), prepared, document.note)

    def finish(self, ready: _Ready) -> _Outcome:
        """The outcome of a prepared file (Linter.finish: spaCy reads what the prefilter let through)."""
        result = self._linters[ready.folders].finish(ready.prepared)
        if not _SETTLED and ready.prepared.needs_spacy():
            _settle()
        return _Outcome(ready.prepared.display, result=result, note=ready.note)


@dataclass
class _Ready:
    """A file read and prefiltered, and which linter is to finish it."""

    folders: tuple[Any, ...]  # the linter's rule folders and vocabulary settings (Run._linters)
    prepared: Prepared
    note: str | None = None


@dataclass
class _Outcome:
    display: str
    result: LintResult | None = None
    note: str | None = None
    error: str | None = None
    skipped: str | None = None


Emit = Callable[[list[Finding], dict[tuple[str, int], str]], None]


def run(options: RunOptions, emit: Emit | None = None, state: Run | None = None) -> tuple[Report, list[Rule]]:
    """Lint every file named or found under the paths; unreadable inputs become report errors.

    With *emit*, each file's findings (sorted, with their source lines) are handed to it as soon
    as the file and every file before it in report order (by name) are done, and the report
    keeps none of them; otherwise the report holds them all. *state* is a Run made before (the
    Python API's, with its rules loaded), else one is made for *options*."""
    _fewer_collections()
    state = Run(options) if state is None else state
    skipped: list[tuple[str, str]] = []
    targets, missing = discover(options.paths, frozenset(EXTENSIONS), state.wanted, skipped)
    report = Report(findings=[], errors=[FileError(d, m) for d, m in missing], redact=options.redact)
    planned = state.plan(targets)
    report.notes.extend([*(FileError(d, m) for d, m in skipped), *state.skipped])
    stdin: bytes | None = None
    if any(t.path is None for t in planned):
        try:
            stdin = options.stdin if options.stdin is not None else read_stdin()
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
    skipped_rules = {rule.id: rule for linter in state.linters() for rule in linter.skipped}
    if skipped_rules:  # one notice for them all
        report.notes.append(_needs_model_note(list(skipped_rules.values())))
    named_only = bool(targets) and all(t.explicit for t in targets) and not any(m == NOTHING_HERE for _, m in skipped)
    if report.files == 0 and not report.errors and not (named_only and not planned):
        # (files named one by one and all excluded, as pre-commit names them, are notes only)
        why = f": {state.excluded} found, all excluded by the configuration" if state.excluded and not planned else \
            " (the notes say why)" if report.notes else ""
        report.errors.append(FileError(", ".join(options.paths), "no file was linted" + why))
    return report, state.rules()


def _needs_model_note(rules: list[Rule]) -> FileError:
    """The one notice for the rules skipped because they need a trained pipeline."""
    from tilint.parse import OFFICIAL

    files = sorted({rule.file for rule in rules})
    where = files[0] if len(files) == 1 else os.path.commonpath(files)
    named = ", ".join(f"{rule.id} {rule.name}" for rule in rules)
    return FileError(where, f"rule{'s' if len(rules) > 1 else ''} {named} need{'' if len(rules) > 1 else 's'} a trained "
                            f"pipeline (part-of-speech tags or a parse), which the default pipeline does not have; "
                            f"skipped (name one with --model, such as --model {OFFICIAL})")


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
    from concurrent.futures import ProcessPoolExecutor

    # A forked worker starts from this process's memory, so it takes this run's rules, settings
    # and prefilter as they are (and spaCy, when _read_ahead loaded it); any other start method
    # sends the options and loads them again.
    context = _process_context()
    fork = context.get_start_method() == "fork"
    inherited = state if fork else None
    work: list[Work] = list(tasks)
    if fork:
        task_sizes = [size for target, size, count in zip(targets, sizes, counts) if target.path is not None for _ in range(count)]
        ahead = _read_ahead(state, tasks, task_sizes, context)
        work[: len(ahead)] = ahead
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(state.options, inherited)
    ) as pool:
        pending = _in_order(pool, work, jobs)
        for target, count in zip(targets, counts):
            if target.path is None:
                yield state.lint(target, stdin)
                continue
            first = next(pending)
            yield _merge([first, *(next(pending) for _ in range(count - 1))]) if count > 1 else first


def _process_context() -> Any:
    """How to start worker processes: as the program running tilint set it, or else by fork on
    Linux (Python 3.14 made forkserver the default there, whose workers would each load spaCy
    and the rules again), or else the platform's default (spawn on macOS and Windows, where
    forking is unsafe or missing)."""
    import multiprocessing  # only runs with workers pay for importing it

    method = multiprocessing.get_start_method(allow_none=True)
    if method is None and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        method = "fork"
    return multiprocessing.get_context(method)


# Reading ahead. Every process that analyses text pays about half a second to import spaCy and
# build the pipeline. With workers, this process imports spaCy once before they are forked, so
# that they start with it, and meanwhile a forked reader (which never imports spaCy) reads and
# prefilters the first files, the half of the work that needs no spaCy. The workers then finish
# those files and lint the rest whole.
READ_AHEAD_BYTES = 1024 * 1024  # the reader stops before a file this large, or a share of one
READ_AHEAD_CLEAN = 8  # files the reader may find with nothing for spaCy before this process gives up on importing it


def _read_ahead(state: Run, tasks: list[Task], sizes: list[int], context: Any) -> list[Work]:
    """The first *tasks*, read and prefiltered by a forked reader while this process imports
    spaCy: each is a pickled _Ready for a worker to finish, or an _Outcome already complete.

    spaCy is imported only once the reader has found text for it: if the first READ_AHEAD_CLEAN files
    hold nothing for spaCy, the workers import it when they need it, as they would without
    reading ahead (a corpus the prefilter clears never pays for spaCy). *context* starts the
    reader, by fork, as it will the workers."""
    from queue import Empty

    for linter in state.linters():
        linter.prefilter()  # built once, for the reader and the workers alike
    queue: Any = context.Queue()
    stop = context.Event()
    reader = context.Process(target=_prepare_ahead, args=(state, tasks, sizes, queue, stop), daemon=True)
    reader.start()

    def received() -> Iterator[Work]:
        while True:
            try:
                item = queue.get(timeout=0.05)
            except Empty:
                if reader.is_alive():
                    continue
                try:  # the reader has ended: what it sent is in the pipe, or it failed
                    item = queue.get_nowait()
                except Empty:
                    return
            if item is None:
                return
            yield item

    items = received()
    done: list[Work] = []
    try:
        for item in items:
            done.append(item)
            if isinstance(item, bytes):  # a file with text for spaCy: load it for the workers
                for linter in state.linters():
                    linter.compiled()
                _settle()
                break
            if len(done) >= READ_AHEAD_CLEAN:
                break
        stop.set()
        done.extend(items)  # what the reader finished before it saw the stop
    except BaseException:  # Ctrl-C, or a broken rule: the reader's work is not wanted
        reader.terminate()
        raise
    reader.join()
    return done


def _prepare_ahead(state: Run, tasks: list[Task], sizes: list[int], queue: Any, stop: Any) -> None:
    """In the reader: prepare *tasks* in order until *stop* is set, and send each (pickled, so
    that a part that cannot be sent ends the reading here rather than in a queue thread)."""
    import pickle

    _follow_parent()
    _fewer_collections()
    try:
        for (target, share), size in zip(tasks, sizes):
            if stop.is_set() or share is not None or size >= READ_AHEAD_BYTES:
                break
            ready = state.prepare(target, share=share)
            if isinstance(ready, _Outcome):
                queue.put(ready)
            elif not ready.prepared.needs_spacy():
                queue.put(state.finish(ready))  # only suppressions and document rules: no spaCy
            else:
                queue.put(pickle.dumps(ready, pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - whatever is left, the workers lint from the start
        pass
    finally:
        queue.put(None)


MAX_CHUNK = 16  # files per task sent to a worker
AHEAD = 4  # chunks per worker submitted and not yet taken


def _chunks(tasks: list[Work], jobs: int) -> Iterator[list[Work]]:
    """*tasks* in chunks of at most MAX_CHUNK that shrink towards the end (a share of what is
    left), so that the workers finish together rather than one waiting on another's last chunk."""
    start = 0
    while start < len(tasks):
        size = max(min((len(tasks) - start) // (jobs * AHEAD), MAX_CHUNK), 1)
        yield tasks[start : start + size]
        start += size


def _in_order(pool: Any, tasks: list[Work], jobs: int) -> Iterator[_Outcome]:
    """The outcomes of *tasks*, in order, sent to *pool* in chunks with at most AHEAD chunks per
    worker submitted and not yet taken (Executor.map would submit every chunk at once and keep
    the futures of a whole archive in memory). A chunk of outcomes already known stays here."""
    from concurrent.futures import Future

    chunks = _chunks(tasks, jobs)
    ahead = jobs * AHEAD
    window: deque[Any] = deque()  # futures
    for chunk in chunks:
        if all(isinstance(item, _Outcome) for item in chunk):
            window.append(Future())
            window[-1].set_result(chunk)
        else:
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
    wanted = cores if requested <= 0 else min(requested, cores)  # more would only take turns on the cores
    pieces = sum(_shares(t, size, wanted) for t, size in zip(targets, sizes))  # files, and shares of huge ones
    return max(1, min(wanted, pieces, sum(sizes) // BYTES_PER_JOB + 1))


_WORKER: Run | None = None


def _fewer_collections() -> None:
    """Collect reference cycles less often. A run makes many short-lived objects and few cycles,
    and with spaCy's vocabulary alive each full collection is slow: about a tenth of a run's
    time went to the garbage collector at Python's default thresholds."""
    import gc

    gc.set_threshold(50_000, 20, 100)


_SETTLED = False


def _settle() -> None:
    """Once spaCy is loaded, move every object alive to the garbage collector's permanent
    generation: spaCy's vocabulary, pipeline and matchers live to the end of the run, and each
    full collection would look at them all again (in a forked worker it would also copy every
    page they sit on). Once per process."""
    global _SETTLED
    import gc

    gc.freeze()
    _SETTLED = True


def _start_worker(options: RunOptions, inherited: Run | None = None) -> None:
    _follow_parent()
    _fewer_collections()
    global _WORKER
    _WORKER = inherited if inherited is not None else Run(options)


def _follow_parent() -> None:
    """In a worker or the reader: leave stopping to the main process, and end as soon as it
    ends, however it ends (even by SIGKILL), so that no process holding note text outlives the
    run. On Linux the kernel kills this process when its parent dies; everywhere a thread waits
    for the end of the pipe that multiprocessing keeps to the parent, and ends the process then."""
    import signal
    import threading
    from multiprocessing import parent_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited by fork
    parent = parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent.pid:  # the parent died before the line above
            os._exit(1)

    def wait_for_parent() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=wait_for_parent, name="tilint-parent", daemon=True).start()


def stop_workers() -> None:
    """End every worker process and the reader now: the run is being stopped (SIGTERM, Ctrl-C).
    Waiting for them would wait for the files they are linting."""
    multiprocessing = sys.modules.get("multiprocessing")  # never imported by a run without workers
    if multiprocessing is None:
        return
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)


Task = tuple[Target, tuple[int, int] | None]  # a file, and which share of it (None: all)


Work = Task | bytes | _Outcome  # a task, a file the reader prepared (a pickled _Ready), or one it finished


def _lint_chunk_in_worker(work: list[Work]) -> list[_Outcome]:
    assert _WORKER is not None
    return [_do(_WORKER, item) for item in work]


def _do(state: Run, item: Work) -> _Outcome:
    if isinstance(item, _Outcome):
        return item
    if isinstance(item, bytes):
        import pickle

        return state.finish(pickle.loads(item))
    target, share = item
    return state.lint(target, share=share)


def _read(source: Input, chosen: str | None) -> Document:
    """Read a document; an adapter's failure on one file is that file's error, not the run's end."""
    try:
        return read_document(source, chosen)
    except SourceError:
        raise
    except Exception as err:  # noqa: BLE001 - a malformed file must not stop the other files
        # the library's own words can quote the file (a cell, a tag, a value): only the kind of failure
        raise SourceError(f"cannot read this file ({type(err).__name__} while reading it)") from None


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


def read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as err:
        raise SourceError(f"cannot read standard input: {err}") from None
