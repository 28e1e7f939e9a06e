"""What ``tilint report`` does, between the command line and the tally: read the options,
count the archive (here, in worker processes, or on a Dask cluster), write the three files."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from tilint.batch import RunOptions
from tilint.report.rows import Columns
from tilint.report.tally import Settings, Tally

OUTPUTS = ("report.html", "report.csv", "report.json")


class ReportError(Exception):
    """A mistake in how the report was asked for: one line, exit status 2."""


@dataclass(frozen=True)
class Request:
    paths: tuple[str, ...]
    out: Path
    options: RunOptions
    columns: Columns
    show_names: bool
    min_count: int
    since: Path | None
    jobs: int
    dask: str | None


class Progress:
    """A progress bar on standard error, only when that is a terminal (never in a CI log)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Reading notes", file=sys.stderr, show_pos=True)
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


def make_report(request: Request) -> int:
    """Count, build and write the report; return the exit status (2 when a file could not be read)."""
    from tilint.report.render import PreviousError, build, load_previous, to_csv, to_html, to_json

    previous = None
    if request.since is not None:
        try:
            previous = load_previous(request.since.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise ReportError(f"cannot read the previous report {request.since}: {getattr(err, 'strerror', None) or err}") from None
        except PreviousError as err:
            raise ReportError(f"{request.since}: {err}") from None
    if request.out.exists() and not request.out.is_dir():
        raise ReportError(f"--out {request.out}: not a folder")
    settings = Settings(request.options, request.columns, None if request.show_names else secrets.token_bytes(32))
    tally = _count(request, settings)
    for path, message in tally.skipped:
        click.echo(f"{path}: note: {message}", err=True)
    for path, message in tally.errors:
        click.echo(f"{path}: error: {message}", err=True)
    if not tally.files and not tally.errors:
        raise ReportError(f"no file to read in {', '.join(request.paths)} (hidden and .gitignored files are skipped)")
    report = build(tally, request.min_count, request.show_names, previous)
    texts = {"report.html": to_html(report), "report.csv": to_csv(report), "report.json": to_json(report)}
    try:
        request.out.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            _write(request.out / name, text)
    except OSError as err:
        raise ReportError(f"cannot write the report to {request.out}: {err.strerror or err}") from None
    share = f" ({report.summary['share_with_findings']:.1%})" if tally.notes else ""
    click.echo(f"Wrote {request.out / 'report.html'}, report.csv and report.json: {tally.notes:,} notes, "
               f"{tally.flagged:,} with a finding{share}, {tally.findings:,} findings.")
    return 2 if tally.errors else 0


def _count(request: Request, settings: Settings) -> Tally:
    if request.dask:
        return _on_dask(request, settings)
    from tilint.report import collect

    progress = Progress()
    try:
        return collect(settings, request.paths, request.jobs, progress)
    finally:
        progress.close()


def _on_dask(request: Request, settings: Settings) -> Tally:
    try:
        from distributed import Client

        from tilint.cluster import report_counts
    except ImportError:
        raise ReportError("--dask needs Dask: pip install \"tilint[dask]\"") from None
    try:
        client = Client(request.dask, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise ReportError(f"cannot reach the Dask scheduler at {request.dask}: {err}") from None
    progress = Progress()
    try:
        return report_counts(request.paths, client, settings=settings, progress=progress)
    finally:
        progress.close()
        client.close()


def _write(path: Path, text: str) -> None:
    """Write *text* to *path* at once: a reader sees the old file or the new one, never half."""
    from tilint.atomic import write_atomically

    write_atomically(path, text.encode("utf-8"), new_mode=0o600)  # a new report is its writer's alone, as before
