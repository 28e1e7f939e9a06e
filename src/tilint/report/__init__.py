"""``tilint report``: an audit of a folder or an export for supervisors and QA leads.

The archive is linted with the same rules and configuration as ``tilint check``, and only
counts are kept (``tally``); the tables, charts and files are made from them (``render``).
No note text and no matched words reach any output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tilint.report.tally import Settings, Tally, discover_files, merged, tally_files, tally_target

CHUNK = 16  # files per task handed to a worker process

__all__ = ["Settings", "Tally", "collect", "merged"]


def collect(
    settings: Settings, paths: Sequence[str], jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> Tally:
    """The tally of every file under *paths*, in this process or *jobs* worker processes;
    *progress* is told (files done in this step, files in all) as the work goes. Configuration
    and rule mistakes raise ConfigError or RuleError before any file is read."""
    state, targets, missing = discover_files(settings, paths)
    total = Tally(errors=list(missing))
    if progress:
        progress(0, len(targets))
    if jobs <= 1 or len(targets) < 2 * CHUNK:
        for target in targets:
            total.merge(tally_target(state, target, settings))
            if progress:
                progress(1, len(targets))
        return total
    from concurrent.futures import ProcessPoolExecutor

    from tilint.batch import _process_context
    from tilint.report import tally

    context = _process_context()
    if context.get_start_method() == "fork":  # the workers start with this run's rules loaded
        tally._state_for(settings, state)
    files = [(str(t.path), t.display) for t in targets]
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for chunk, counted in zip(chunks, pool.map(tally_files, chunks, [settings] * len(chunks))):
            total.merge(counted)
            if progress:
                progress(len(chunk), len(targets))
    return total

