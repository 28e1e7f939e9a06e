"""tilint report on a Dask cluster: a real LocalCluster of two worker processes counts a
partitioned export (CSV, JSON lines, Parquet) and notes stored as files exactly as one process does."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli

from tilint.batch import RunOptions
from tilint.report import collect
from tilint.report.tally import Settings, Tally
from tests.report_archive import make_archive

if os.environ.get("CI"):  # the test extra installs Dask: in CI this test runs, never skips
    import distributed
else:
    distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'tilint[dask]'")


def counts(tally: Tally) -> dict[str, object]:
    """Everything a report is made of, as plain values."""
    return {"files": tally.files, "notes": tally.notes, "flagged": tally.flagged, "findings": tally.findings,
            "rules": dict(tally.rules), "categories": dict(tally.categories), "severities": dict(tally.severities),
            "groups": tally.groups, "errors": sorted(tally.errors)}


@pytest.fixture(scope="module")
def cluster() -> object:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster: object) -> object:
    with distributed.Client(cluster) as client:
        yield client


def test_the_cluster_counts_what_one_process_counts(client: object, tmp_path: Path) -> None:
    from tilint.cluster import report_counts

    archive = make_archive(tmp_path / "archive", parts=True)
    (archive / "export" / "part-3.csv").write_bytes(b"\x00binary\x00")
    settings = Settings(RunOptions(paths=(str(archive),), use_config=False, redact=True), key=secrets.token_bytes(32))
    local = collect(settings, [str(archive)], jobs=1)
    told: list[int] = []
    remote = report_counts([str(archive)], client, settings=settings, files_per_partition=2,
                           progress=lambda done, _: told.append(done))
    assert counts(remote) == counts(local)
    assert sum(told) == 9 and told.count(2) >= 3  # every file (the unreadable one too), a partition at a time
    assert local.notes == 12 and local.findings == 9 and local.files == 8
    assert local.errors == [(f"{archive}/export/part-3.csv", "binary file, skipped")]
    assert len(local.groups["worker"]) == 2 and all(name.startswith("worker ") for name in local.groups["worker"])


def test_the_workers_load_the_rules_once(client: object, tmp_path: Path) -> None:
    from tilint.cluster import report_counts

    archive = make_archive(tmp_path / "archive", parts=True)
    settings = Settings(RunOptions(paths=(str(archive),), use_config=False, redact=True))
    report_counts([str(archive)], client, settings=settings, files_per_partition=1)
    report_counts([str(archive)], client, settings=settings, files_per_partition=1)

    def runs() -> int:
        from tilint.report import tally

        return tally.RUNS_MADE

    made = client.run(runs)  # type: ignore[attr-defined]
    # each worker made one Run (rules and configuration) for all the partitions it counted in both
    # reports (and in the test before, with the same options)
    assert len(made) == 2 and set(made.values()) <= {0, 1} and sum(made.values()) >= 1, made


def test_report_dask_gives_the_local_report(cluster: object, tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", parts=True)
    reports = []
    for where, extra in (("local", []), ("dask", ["--dask", cluster.scheduler_address])):  # type: ignore[attr-defined]
        result = CliRunner().invoke(cli, ["report", "--no-config", "--show-names", "--min-count", "1", *extra,
                                          str(archive), "-o", str(tmp_path / where)])
        assert result.exit_code == 0, result.stderr
        reports.append(json.loads((tmp_path / where / "report.json").read_text(encoding="utf-8")))
    local, remote = reports
    assert remote["summary"] == local["summary"] and remote["summary"]["notes"] == 12
    assert remote["tables"] == local["tables"]
