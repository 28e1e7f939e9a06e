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
    """The tally of every file under *paths*, in this process or in worker processes (*jobs*:
    at most that many, 0 for one per core; as ``tilint check``, fewer for little text);
    *progress* is told (files done in this step, files in all) as the work goes. Configuration
    and rule mistakes raise ConfigError or RuleError before any file is read."""
    from tilint.batch import _fewer_collections, _size, _workers

    _fewer_collections()
    state, targets, missing, settings = discover_files(settings, paths)
    total = Tally(errors=list(missing))
    if progress:
        progress(0, len(targets))
    workers = _workers(jobs, targets, [_size(t) for t in targets]) if jobs != 1 else 1
    if workers <= 1:
        for target in targets:
            total.merge(tally_target(state, target, settings))
            if progress:
                progress(1, len(targets))
        return total
    from concurrent.futures import ProcessPoolExecutor

    from tilint.batch import _process_context, _settle
    from tilint.report import tally

    context = _process_context()
    if context.get_start_method() == "fork":  # the workers start with this run's rules and spaCy loaded
        for linter in state.linters():
            linter.compiled()
        _settle()
        tally._state_for(settings, state)
    files = [(str(t.path), t.display) for t in targets]
    size = max(1, min(CHUNK, len(files) // (workers * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts) as pool:
        for chunk, counted in zip(chunks, pool.map(tally_files, chunks, [settings] * len(chunks))):
            total.merge(counted)
            if progress:
                progress(len(chunk), len(targets))
    return total


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the main process's to handle, once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
