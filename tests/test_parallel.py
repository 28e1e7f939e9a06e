"""--jobs spreads files over processes; the report is the same as with one process."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tilint.cli import cli

PARAGRAPHS = [
    "Met with A.R. at the drop-in center. She chose the small room and we reviewed her housing application.",
    "Drove two of my victims to court for the protective order hearing.",
    "Client claims her employer kept her passport; we called the consulate together.",
    "Interpreter joined by phone. We talked through the safety plan and her options for the weekend.",
    "Client refused shelter placement and will stay with her cousin.",
]


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    for n in range(24):
        body = "\n\n".join(PARAGRAPHS[(n + i) % len(PARAGRAPHS)] for i in range(520))
        (tmp_path / f"note-{n:02d}.txt").write_text(body + "\n", encoding="utf-8")
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > 1_000_000, "enough text to start workers"

    def report(jobs: str) -> dict:
        result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", "--jobs", jobs, str(tmp_path)])
        assert result.exit_code == 1, result.output
        return json.loads(result.stdout)

    one, two = report("1"), report("2")
    assert one == two
    assert one["summary"]["files"] == 24
    assert {f["rule"] for f in one["findings"]} >= {"TI101", "TI402", "TI602"}
    paths = [f["path"] for f in one["findings"]]
    assert paths == sorted(paths)


def test_one_huge_file_is_shared_between_workers(tmp_path: Path, monkeypatch) -> None:
    """A file far larger than the others is linted in shares of whole paragraphs, one per worker;
    the findings, their positions, fingerprints and suppressions are those of one process."""
    from tilint import batch

    monkeypatch.setattr(batch, "SPLIT_BYTES", 200_000)
    monkeypatch.setattr(batch, "BYTES_PER_JOB", 1)
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] + f" Visit {i}." for i in range(2400))
    body += "\n\nDrove my victims home. <!-- tilint: disable-line TI101 -- quoting the old form -->\n"
    huge = tmp_path / "export.md"
    huge.write_text("Intro line with\na wrapped sentence about my\nvictims.\n\n" + body, encoding="utf-8")
    assert batch._shares(batch.Target(huge, "export.md", True), huge.stat().st_size, 2) == 2, "the file is split in two"

    def report(jobs: str, fmt: str = "json") -> dict:
        result = CliRunner().invoke(cli, ["check", "--no-config", "--format", fmt, "--jobs", jobs, str(huge)])
        assert result.exit_code == 1, result.output
        return json.loads(result.stdout)

    one, two = report("1"), report("2")
    assert one == two
    assert one["summary"]["findings"] > 1000
    fingerprints = [r["partialFingerprints"] for r in report("2", "sarif")["runs"][0]["results"]]
    assert fingerprints == [r["partialFingerprints"] for r in report("1", "sarif")["runs"][0]["results"]]
    assert [s["used"] for s in one["suppressions"]] == [True], "the directive at the end silenced the last line"
    lines = [f["line"] for f in one["findings"]]
    assert lines[0] == 2 and lines[-1] > 4000, "findings from the first and the last share, on their own lines"


def test_workers_started_without_fork_load_the_run_afresh(tmp_path: Path) -> None:
    """Where workers are spawned (macOS, Windows), they get the options and load rules and
    settings themselves; the report is that of one process."""
    import subprocess
    import sys

    from tilint import batch

    for n in range(8):
        body = "\n\n".join(PARAGRAPHS[(n + i) % len(PARAGRAPHS)] for i in range(1000))
        (tmp_path / f"note-{n}.txt").write_text(body + "\n", encoding="utf-8")
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > batch.BYTES_PER_JOB, "enough text for 2 workers"
    script = (
        "import multiprocessing, sys\n"
        "multiprocessing.set_start_method(sys.argv[1])\n"
        "from tilint.cli import main\n"
        "main(['check', '--no-config', '--format', 'json', '--jobs', sys.argv[2], sys.argv[3]])\n"
    )

    def report(method: str, jobs: str) -> dict:
        done = subprocess.run([sys.executable, "-c", script, method, jobs, str(tmp_path)],
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 1, done.stderr
        return json.loads(done.stdout)

    spawned = report("spawn", "2")
    assert spawned == report("fork", "1")
    assert spawned["summary"]["files"] == 8 and spawned["summary"]["findings"] > 100


def test_chunks_take_every_file_once_in_order_and_shrink_at_the_end() -> None:
    from tilint import batch

    tasks = [(f"file-{i}", None) for i in range(203)]
    chunks = list(batch._chunks(tasks, 2))  # type: ignore[arg-type]
    assert [t for chunk in chunks for t in chunk] == tasks
    sizes = [len(c) for c in chunks]
    assert max(sizes) == batch.MAX_CHUNK and sizes == sorted(sizes, reverse=True)
    assert sizes[-batch.AHEAD * 2 :] == [1] * (batch.AHEAD * 2)  # the last ones one file each
