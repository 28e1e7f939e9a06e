"""Helpers shared by the format adapter tests."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

FIXTURES = Path(__file__).parent / "fixtures"
_LINTER: list[Linter] = []


def built_in() -> Linter:
    """The built-in rules, for property tests (a fixture would be printed with every example)."""
    if not _LINTER:
        _LINTER.append(Linter(load_rules([builtin_rules_dir()])))
    return _LINTER[0]


def check(*paths: Path) -> tuple[int, dict]:
    """Exit status and JSON report of `tilint check` on *paths*, ignoring configuration files."""
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *map(str, paths)])
    return result.exit_code, json.loads(result.stdout)


def phrase_findings(report: dict) -> list[tuple[str, int, int, int, int]]:
    """(rule, line, column, end line, end column) of findings on words (not whole-document checks)."""
    return [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in report["findings"] if f["match"]]


def check_output(*args: str, stdin: bytes | None = None) -> tuple[int, dict, str]:
    """Exit status, JSON report and standard error of `tilint check` (no configuration files),
    after checking that it ended without a traceback."""
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


def bad_beside_good(bad: Path, message: str) -> str:
    """`tilint check` on *bad* and a good note beside it: *bad* is one error line, *message*, with
    exit status 2, and the good note is still linted. Returns standard error."""
    good = bad.parent / "good.txt"
    good.write_text("Met two of my victims at court.\n", encoding="utf-8")
    status, report, stderr = check_output(str(bad), str(good))
    assert status == 2
    assert report["errors"] == [{"path": str(bad), "message": message}]
    assert "\n" not in message
    assert [(Path(f["path"]).name, f["rule"]) for f in report["findings"]] == [("good.txt", "TI101")]
    return stderr
