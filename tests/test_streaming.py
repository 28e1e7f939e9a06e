"""Findings are written as each file is done, in the same order and bytes as a finished report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint import batch
from tilint.batch import RunOptions, run
from tilint.cli import cli
from tilint.formatters import render

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Notes whose walk order is not their name order ('a/b.txt' is walked before 'a-c.txt' but
    sorts after it), with a binary file, a suppression and findings in most files."""
    root = tmp_path / "archive"
    shutil.copytree(ROOT / "examples", root / "examples")
    (root / "a").mkdir()
    (root / "a" / "b.txt").write_text("Met two of my victims at court.\n", encoding="utf-8")
    (root / "a-c.txt").write_text("She claims he took her papers. Why didn't you leave?\n", encoding="utf-8")
    (root / "z.txt").write_text("<!-- tilint: disable-next-line=TI102 -- quoting a flyer -->\nOur girls did well.\n", encoding="utf-8")
    (root / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_streamed_output_is_the_finished_reports_output(archive: Path, fmt: str) -> None:
    report, rules = run(RunOptions(paths=(str(archive),), jobs=1))
    expected = render(fmt, report, rules=rules)
    result = CliRunner().invoke(cli, ["check", "--format", fmt, "--jobs", "1", str(archive)])
    assert result.exit_code == 2, "the binary file is an input error"
    assert result.stdout == expected
    if fmt == "json":
        paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
        assert paths == sorted(paths) and any(p.endswith("a-c.txt") for p in paths)


def test_streaming_with_workers_keeps_the_order(archive: Path) -> None:
    one = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "1", str(archive)])
    two = CliRunner().invoke(cli, ["check", "--format", "json", "--jobs", "2", str(archive)])
    assert one.stdout == two.stdout and json.loads(one.stdout)["summary"]["findings"] > 5


def test_a_file_is_written_before_the_last_file_is_linted(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linted: list[str] = []
    emitted: list[tuple[str, int]] = []
    lint = batch.Run.lint

    def spy(self: batch.Run, target: object, stdin: bytes | None = None) -> object:
        linted.append(target.display)  # type: ignore[attr-defined]
        return lint(self, target, stdin)  # type: ignore[arg-type]

    monkeypatch.setattr(batch.Run, "lint", spy)
    report, _ = run(
        RunOptions(paths=(str(archive),), jobs=1),
        emit=lambda findings, lines: emitted.append((findings[0].path if findings else "", len(linted))),
    )
    assert report.findings == [], "a streaming run keeps no finding"
    assert len(emitted) == report.files
    assert emitted[0][1] < len(linted), "the first file's findings went out while files remained"
    assert [p for p, _ in emitted if p] == sorted(p for p, _ in emitted if p)


def test_the_exit_status_and_baseline_work_when_streaming(archive: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    notes = archive / "a"
    recorded = CliRunner().invoke(cli, ["check", "--write-baseline", str(baseline), str(notes)])
    assert recorded.exit_code == 0, recorded.output
    again = CliRunner().invoke(cli, ["check", "--format", "json", "--baseline", str(baseline), str(notes)])
    assert again.exit_code == 0 and json.loads(again.stdout)["summary"]["findings"] == 0
    (notes / "new.txt").write_text("The prostitute came back.\n", encoding="utf-8")
    later = CliRunner().invoke(cli, ["check", "--format", "text", "--baseline", str(baseline), str(notes)])
    assert later.exit_code == 1 and "new.txt" in later.stdout and "b.txt" not in later.stdout
    assert CliRunner().invoke(cli, ["check", "--fail-on", "never", str(notes)]).exit_code == 0
