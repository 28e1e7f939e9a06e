"""``tilint report`` past one machine: the files of a partitioned export counted on a Dask cluster.

An archive of tens of millions of notes is usually exported as a folder of partitions (CSV,
Parquet or JSON-lines files, or a folder of notes). ``report_counts`` makes a ``dask.bag`` of
those files, counts each partition on the workers (``map_partitions``), and adds the counts up
here. Each worker process loads the rules and configuration once, on its first partition, and
keeps them. Only counts come back (see ``tilint.report.tally``): never note text or matched
words, and, unless names are shown, only keyed hashes of folder and worker names.

The workers read the files themselves, so the paths must be reachable from them at the same
names (a shared or network file system, or the same checkout on every machine).

Dask is an optional extra (``pip install "tilint[dask]"``); this module is imported only when
asked for (``tilint report --dask ADDRESS``, or by a program).

    >>> from distributed import Client
    >>> from tilint.cluster import report_counts
    >>> tally = report_counts(["archive/"], Client("tcp://scheduler:8786"))
    >>> tally.notes, tally.flagged, tally.rules.most_common(3)
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Any

import dask.bag as db

from tilint.report.tally import Settings, Tally, discover_files, merged, tally_files

FILES_PER_PARTITION = 16  # a partition of notes-as-files; an export's partition files are usually far larger


def report_counts(
    paths: Sequence[str], client: Any, settings: Settings | None = None, files_per_partition: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Tally:
    """The report's counts for every file under *paths*, computed on the Dask *client*'s cluster.

    *settings* carries the lint options (rules, configuration, --select), the export's columns
    and the key that hashes names (default: the built-in rules, columns found by name, and a
    key drawn now, so names are hashed). Files that cannot be read are listed in the tally's
    ``errors``. *progress* is told (files done, files in all) as partitions finish.
    Configuration and rule mistakes raise ConfigError or RuleError here, before anything is
    sent to the cluster."""
    from distributed import as_completed

    settings = settings or Settings(key=secrets.token_bytes(32))
    _, targets, missing, settings = discover_files(settings, paths)
    files = [(str(t.path), t.display) for t in targets]
    total = Tally()
    if progress:
        progress(0, len(files))
    if files:
        per = files_per_partition or _per_partition(files)
        bag = db.from_sequence(files, partition_size=per)
        futures = client.compute(bag.map_partitions(_count_partition, settings).to_delayed())
        for future in as_completed(futures):  # added up as they come: nothing else is kept
            counted = merged(future.result())
            future.release()
            total.merge(counted)
            if progress:
                progress(counted.files + len(counted.errors) + len(counted.skipped), len(files))
    total.errors.sort()
    total.skipped.sort()
    total.errors[:0] = missing
    return total


def _per_partition(files: Sequence[tuple[str, str]]) -> int:
    """One export file per partition; notes stored as files go FILES_PER_PARTITION at a time."""
    from tilint.report.rows import TABLE_SUFFIXES

    exports = sum(path.lower().endswith(tuple(TABLE_SUFFIXES)) for path, _ in files)
    return 1 if exports * 2 >= len(files) else FILES_PER_PARTITION


def _count_partition(files: Sequence[tuple[str, str]], settings: Settings) -> list[Tally]:
    """On a worker: one tally for a partition's files (its rules loaded once per process)."""
    return [tally_files(files, settings)]
