"""Counts of an archive: what a report is made of, and all that travels between processes.

A Tally holds numbers keyed by rule, category, severity, month and (hashed, unless names are
asked for) folder and worker. It never holds note text or matched words. Tallies of separate
files or partitions add up (``merge``), so the work can be spread over processes or a Dask
cluster and the report made from the sum.

A note is a file, or a row of an export (CSV, TSV, JSON lines, Parquet, Excel) with a
non-empty note cell.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tilint.batch import Run, RunOptions
from tilint.formats import Document, Locator, Part
from tilint.model import Finding
from tilint.report.rows import TABLE_SUFFIXES, Columns, Row, read_rows
from tilint.sources import SourceError, Target

GROUPS = ("folder", "worker", "month")


@dataclass(frozen=True)
class Settings:
    """Everything a process needs to count files as the report asked: the lint options, the
    export columns, and the key that hashes names (None: names are shown)."""

    options: RunOptions = field(default_factory=RunOptions)
    columns: Columns = field(default_factory=Columns)
    key: bytes | None = None
    # a digest of the rules and configuration files as discover_files found them: a worker that
    # keeps its rules from one report to the next loads them again when they have changed
    stamp: str = ""


@dataclass
class Tally:
    """Counts only. ``groups[g][name]`` is [notes, notes with a finding, findings]."""

    files: int = 0
    notes: int = 0
    flagged: int = 0  # notes with at least one finding
    findings: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    groups: dict[str, dict[str, list[int]]] = field(default_factory=lambda: {g: {} for g in GROUPS})
    rule_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, category)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, one line): printed, never reported
    skipped: list[tuple[str, str]] = field(default_factory=list)  # files of a kind tilint does not read

    def add_note(self, findings: Sequence[Finding], folder: str, worker: str | None, month: str | None) -> None:
        """Count one note and its findings."""
        self.notes += 1
        self.flagged += bool(findings)
        self.findings += len(findings)
        for f in findings:
            self.rules[f.rule] += 1
            self.categories[f.category] += 1
            self.severities[f.severity.label] += 1
            self.rule_names.setdefault(f.rule, (f.name, f.category))
        for group, name in (("folder", folder), ("worker", worker), ("month", month)):
            if name is not None:
                counts = self.groups[group].setdefault(name, [0, 0, 0])
                counts[0] += 1
                counts[1] += bool(findings)
                counts[2] += len(findings)

    def merge(self, other: Tally) -> Tally:
        """Add *other*'s counts to these; returns self."""
        for name in ("files", "notes", "flagged", "findings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rules.update(other.rules)
        self.categories.update(other.categories)
        self.severities.update(other.severities)
        for group, rows in other.groups.items():
            mine = self.groups.setdefault(group, {})
            for name, counts in rows.items():
                mine[name] = [a + b for a, b in zip(mine.get(name, [0, 0, 0]), counts)]
        self.rule_names.update(other.rule_names)
        self.errors += other.errors
        self.skipped += other.skipped
        return self


def merged(tallies: Iterable[Tally]) -> Tally:
    """The sum of *tallies*."""
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def hashed(name: str, key: bytes | None, kind: str) -> str:
    """*name* as the report shows it: itself when names are shown (key None), else a keyed
    BLAKE2 digest: the same name gives the same label within a report, and without the key
    (made for each report and never written down) nobody can test a guessed name against it."""
    if key is None:
        return name
    return f"{kind} {hashlib.blake2b(name.encode('utf-8', 'surrogateescape'), key=key, digest_size=4).hexdigest()}"


class _Cell(Locator):
    """A note cell of an export row: the report needs only which row a finding is in."""

    def __init__(self, text: str, where: str) -> None:
        super().__init__(text)
        self.where = where

    def label(self, offset: int) -> str:
        return self.where


def _folder(display: str) -> str:
    return str(PurePosixPath(display.replace("\\", "/")).parent)


def tally_target(state: Run, target: Target, settings: Settings) -> Tally:
    """Lint one file with the run's rules and configuration and count its notes."""
    tally = Tally()
    assert target.path is not None
    folder = hashed(_folder(target.display), settings.key, "folder")
    if target.path.suffix.lower() not in TABLE_SUFFIXES or state.config_for(target).format_for(target.path):
        outcome = state.lint(target)
        if outcome.error is not None:
            tally.errors.append((target.display, outcome.error))
        elif outcome.skipped is not None:
            tally.skipped.append((target.display, outcome.skipped))
        else:
            assert outcome.result is not None
            tally.files = 1
            tally.add_note(outcome.result.findings, folder, None, None)
        return tally
    try:
        _tally_rows(state, target, settings, tally, folder)
    except SourceError as err:
        return Tally(errors=[(target.display, str(err))])
    tally.files = 1
    return tally


def _tally_rows(state: Run, target: Target, settings: Settings, tally: Tally, folder: str) -> None:
    """Lint each note row of an export as the CSV reader's parts are linted, and count it with
    its author and month."""
    assert target.path is not None
    config = state.config_for(target)
    setup = state.setup_for(config)
    columns = settings.columns
    if not columns.notes and config.csv_columns:
        columns = Columns(config.csv_columns, columns.author, columns.date, columns.day_first)
    rows: dict[str, Row] = {}

    def parts(found: Iterator[Row]) -> Iterator[Part]:
        for row in found:
            rows[row.where] = row
            for name, text in row.cells:
                yield Part(text, locator=_Cell(text, f"{row.where}, column {name}"))

    document = Document(target.display, parts(read_rows(target.path, target.display, columns)), scriptable=False)
    severities = {k: v for k, v in config.severities(setup.linter.rules, target.path).items() if k in setup.chosen}
    linter = setup.linter
    result = linter.finish(linter.prepare(document, severities, False, state.options.require_reason))
    by_row: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_row.setdefault(finding.location.rpartition(", column ")[0], []).append(finding)
    for suppressions in result.suppressions:
        tally.errors.extend((target.display, problem) for problem in suppressions.problems)
    for where, row in rows.items():
        worker = None if row.author is None else hashed(row.author, settings.key, "worker")
        tally.add_note(by_row.get(where, ()), folder, worker, row.month)


def discover_files(settings: Settings, paths: Sequence[str]) -> tuple[Run, list[Target], list[tuple[str, str]], Settings]:
    """The files under *paths* that the report reads (after the configuration's exclusions),
    the paths that are missing, and *settings* stamped with the rules and configuration found.
    Configuration and rule mistakes raise here, before any work."""
    from dataclasses import replace

    from tilint.formats import EXTENSIONS
    from tilint.sources import discover

    state = Run(settings.options)
    targets, missing = discover(paths, frozenset(EXTENSIONS) | TABLE_SUFFIXES)
    if any(t.path is None for t in targets):
        missing.append(("-", "the report reads files and folders, not standard input"))
    planned = state.plan([t for t in targets if t.path is not None])
    found = repr(sorted(state.rules(), key=lambda r: r.id)) + repr(sorted(state._configs.items(), key=str))
    stamp = hashlib.blake2b(found.encode("utf-8", "surrogateescape")).hexdigest()
    return state, planned, missing, replace(settings, stamp=stamp)


# One Run per worker process (or Dask worker), made on first use: rules and configuration are
# loaded once per process, not once per file or partition.
_STATES: dict[bytes, Run] = {}
RUNS_MADE = 0  # how many this process made (a test checks that a worker makes one)


def _state_for(settings: Settings, made: Run | None = None) -> Run:
    """The Run for *settings* in this process: *made* (one already made, for forked workers to
    inherit), or the one made before, or a new one."""
    import pickle
    from dataclasses import replace

    global RUNS_MADE
    token = hashlib.blake2b(pickle.dumps((replace(settings.options, paths=()), settings.stamp))).digest()
    if token not in _STATES or made is not None:
        from tilint.batch import _fewer_collections

        _fewer_collections()  # as in tilint check's processes (a Dask worker's too)
        _STATES.clear()
        _STATES[token] = made or Run(settings.options)
        RUNS_MADE += made is None
    return _STATES[token]


def tally_files(files: Iterable[tuple[str, str]], settings: Settings) -> Tally:
    """The tally of the files (path, display name) given, in this process; rules are loaded
    once per process. For workers (a process pool or Dask)."""
    state = _state_for(settings)
    total = Tally()
    for path, display in files:
        total.merge(tally_target(state, Target(Path(path), display, explicit=False), settings))
    return total
